// Stage 10: the published figures and their protection, and the levels' descriptive columns.
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

namespace {

LevelInfo info_of(const AreaLayer& layer, const std::vector<std::string>& stadsdeel) {
  LevelInfo info;
  info.level = layer.level;
  info.code = layer.code;
  info.name = layer.name;
  info.parent = layer.parent;
  info.stadsdeel = stadsdeel;
  info.population = layer.population;
  for (const auto& g : layer.geometry) info.area_m2.push_back(area_of(g));
  return info;
}

}  // namespace

Figures protect(const PipelineConfig& cfg, Counts& counts, const Levels& lv, const Straten& straten,
                const Periods& periods) {
  const std::array<std::vector<uint32_t>, kLevelCount - 1> parents = {
      straten.buurt, lv.buurt_wijk, lv.wijk_stadsdeel, std::vector<uint32_t>(lv.stadsdeel.size(), 0)};
  Figures figures = count_figures(counts.cubes, counts.n_mains, periods, cfg.privacy.profile);
  // The straat cube (the largest) serves only the straat trends after this: free it early
  // when they are off, before the protection step's peak.
  if (!cfg.analysis.trends) counts.cubes[kStraat] = {};
  protect_figures(figures, parents, counts.sub_main, counts.n_mains, periods, cfg.privacy);
  return figures;
}

std::array<LevelInfo, kLevelCount> describe_levels(const PipelineConfig& cfg, const Levels& lv,
                                                   const Straten& straten) {
  std::vector<std::string> sd_of_buurt, sd_of_wijk, sd_of_sd = lv.stadsdeel.code, sd_of_straat;
  for (size_t w = 0; w < lv.wijk.size(); ++w) sd_of_wijk.push_back(lv.stadsdeel.code[lv.wijk_stadsdeel[w]]);
  for (size_t b = 0; b < lv.buurt.size(); ++b) sd_of_buurt.push_back(sd_of_wijk[lv.buurt_wijk[b]]);
  for (size_t s = 0; s < straten.layer.size(); ++s) sd_of_straat.push_back(sd_of_buurt[straten.buurt[s]]);
  std::array<LevelInfo, kLevelCount> info = {
      info_of(straten.layer, sd_of_straat), info_of(lv.buurt, sd_of_buurt), info_of(lv.wijk, sd_of_wijk),
      info_of(lv.stadsdeel, sd_of_sd), info_of(lv.gemeente, {""})};
  info[kStraat].area_m2.assign(straten.layer.size(), NAN);
  info[kStadsdeel].parent.assign(lv.stadsdeel.size(), cfg.gemeente_code);
  return info;
}

}  // namespace brandpunt::pipeline
