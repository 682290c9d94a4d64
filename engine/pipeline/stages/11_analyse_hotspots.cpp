// Stage 11: Gi*, Local Moran and EB rates on straat, buurt and wijk, and the weights they use.
#include <algorithm>
#include <cmath>

#include "weights/contiguity.hpp"
#include "weights/knn.hpp"
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

namespace {

// Every category counted at the level: totaal and mains, and the subs except for straten.
std::vector<double> period_counts(const LevelFigures& f) {
  std::vector<double> c(f.n_areas * f.n_cats);
  for (size_t a = 0; a < f.n_areas; ++a)
    for (size_t g = 0; g < f.n_cats; ++g) c[a * f.n_cats + g] = static_cast<double>(f.period[f.pi(a, g, kCurrent)]);
  return c;
}

}  // namespace

HotspotResults analyse_hotspots(const PipelineConfig& cfg, const Levels& lv, const Protection& protection,
                                const Figures& figures, const std::array<LevelInfo, kLevelCount>& info,
                                unsigned threads, std::vector<std::string>& warnings) {
  HotspotResults r;
  const AnalysisSteps& steps = cfg.analysis;
  if (!steps.hotspots && !steps.trends) return r;
  weights::ContiguityOptions queen;
  queen.rule = weights::Contiguity::queen;
  queen.snap_m = cfg.hotspots.contiguity_snap_m;
  const size_t n_straten = protection.straat_points.size();
  const unsigned k = static_cast<unsigned>(std::min<size_t>(cfg.hotspots.straat_knn, n_straten > 0 ? n_straten - 1 : 0));
  const weights::Weights w_straat = k > 0 ? weights::knn(protection.straat_points, k)
                                          : weights::from_lists(std::vector<std::vector<uint32_t>>(n_straten));
  r.weights = {w_straat, weights::contiguity(lv.buurt.geometry, queen), weights::contiguity(lv.wijk.geometry, queen)};
  if (!steps.hotspots) return r;
  for (size_t l = 0; l < 3; ++l)
    r.levels[l] = level_hotspots(r.weights[l], period_counts(figures.levels[l]), figures.levels[l].n_cats,
                                 info[l].population, cfg.hotspots, threads);
  for (int l = 0; l < 3; ++l) {
    LevelHotspots& hs = r.levels[static_cast<size_t>(l)];
    nlohmann::json islands = nlohmann::json::array();
    for (size_t a = 0; a < hs.n_areas; ++a)
      if (!std::isfinite(hs.z[a * hs.n_groups])) islands.push_back(info[static_cast<size_t>(l)].code[a]);
    hs.report["island_codes"] = islands;
    if (!islands.empty())
      warnings.push_back(std::to_string(islands.size()) + " " + level_name(l) +
                         " areas have no neighbours: their hotspot fields are null");
    r.report[level_name(l)] = hs.report;
  }
  r.report["straat"]["weights"] = "knn" + std::to_string(k) + " on representative points";
  r.report["buurt"]["contiguity_snap_m"] = cfg.hotspots.contiguity_snap_m;
  return r;
}

}  // namespace brandpunt::pipeline
