// Stage 15: grid hot spots and the kernel density surface.
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

SurfaceResult make_surfaces(const PipelineConfig& cfg, const Protection& protection, const Levels& levels,
                            const Taxonomy& taxonomy, const Periods& periods, unsigned threads,
                            const RunLog& log, nlohmann::json& run_json) {
  const CategoryKeys keys = category_keys(taxonomy, false);
  const std::vector<std::string> main_keys(keys.keys.begin() + 1, keys.keys.end());
  SurfaceResult surfaces = write_surfaces(cfg, levels.gemeente.geometry.front(), protection.grid.grid,
                                          protection.grid.cube, protection.grid_series, periods, main_keys,
                                          protection.cell_period_variance, threads);
  log.files.insert(log.files.end(), surfaces.files.begin(), surfaces.files.end());
  log.warnings.insert(log.warnings.end(), surfaces.warnings.begin(), surfaces.warnings.end());
  run_json["grid"] = surfaces.grid_report;
  run_json["kde"] = surfaces.kde_report;
  for (auto& [k, v] : surfaces.schema.items()) log.schema[k] = v;
  return surfaces;
}

}  // namespace brandpunt::pipeline
