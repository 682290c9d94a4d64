// Stage 02: the area levels, and the tiling check of the buurten.
#include <cmath>

#include "assign/tiling.hpp"
#include "pipeline/sanity.hpp"
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

Areas read_areas(const PipelineConfig& cfg, const geom::GeosContext& geos, std::vector<std::string>& warnings) {
  Areas a;
  a.levels = load_levels(cfg, geos, warnings, a.report);
  a.buurt_index = std::make_shared<const index::AreaIndex>(a.levels.buurt.geometry);
  if (auto w = area_of_use_warning(cfg, a.levels)) warnings.push_back(*w);
  const assign::TilingReport tiling = assign::check_tiling(a.levels.buurt.geometry);
  for (const auto& [i, j] : tiling.overlaps)
    warnings.push_back("buurten " + a.levels.buurt.code[i] + " and " + a.levels.buurt.code[j] + " overlap");
  if (tiling.gap_count > 0)
    warnings.push_back(std::to_string(tiling.gap_count) + " gaps between buurten (" +
                       std::to_string(std::llround(tiling.gap_area_m2)) + " m²)");
  a.report["tiling"] = {{"overlapping_pairs", tiling.overlaps.size()},
                        {"overlap_area_m2", tiling.overlap_area_m2},
                        {"gaps", tiling.gap_count},
                        {"gap_area_m2", tiling.gap_area_m2}};
  return a;
}

}  // namespace brandpunt::pipeline
