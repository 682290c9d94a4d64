// Stage 16: a review pack per stadsdeel.
#include "pipeline/packs.hpp"
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

void write_review_packs(const PipelineConfig& cfg, const Levels& levels, const Published& published,
                        const SurfaceResult& surfaces, const FocusResult& focus, const Periods& periods,
                        const RunLog& log) {
  const auto files = write_packs(cfg, levels.stadsdeel, published.tables, published.geometry, surfaces.grid, focus,
                                 periods, cfg.output_dir);
  log.files.insert(log.files.end(), files.begin(), files.end());
}

}  // namespace brandpunt::pipeline
