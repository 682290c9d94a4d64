// Stage 11: Gi*, Local Moran and EB rates on straat, buurt and wijk, and the weights they use.
#include <algorithm>
#include <cmath>

#include <span>

#include "weights/spec.hpp"
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
  // The weights of each level as the config chooses them ([weights.<level>]; default queen
  // with contiguity_snap_m for buurt and wijk, the straat_knn nearest straten).
  const weights::WeightsSpec straat = level_analysis(cfg, "straat").weights;
  r.weights = {weights::build_weights(straat, std::span<const XY>(protection.straat_points)),
               weights::build_weights(level_analysis(cfg, "buurt").weights, lv.buurt.geometry),
               weights::build_weights(level_analysis(cfg, "wijk").weights, lv.wijk.geometry)};
  // Statistics read the unstandardised weights (style applied inside, after Gi*'s self term).
  for (auto& w : r.weights)
    if (w.style == "W") w = weights::binary(w);
  if (!steps.hotspots) return r;
  for (size_t l = 0; l < 3; ++l) {
    const LevelAnalysis& la = level_analysis(cfg, level_name(static_cast<int>(l)));
    HotspotChoices choices;
    choices.gi_star = la.gi_star;
    choices.row_style = la.weights.style == weights::WeightsStyle::row;
    choices.global_stats = true;
    r.levels[l] = level_hotspots(r.weights[l], period_counts(figures.levels[l]), figures.levels[l].n_cats,
                                 info[l].population, cfg.hotspots, threads, choices);
  }
  const Taxonomy taxonomy = taxonomy_of(cfg);
  for (int l = 0; l < 3; ++l) {
    LevelHotspots& hs = r.levels[static_cast<size_t>(l)];
    nlohmann::json islands = nlohmann::json::array();
    for (size_t a = 0; a < hs.n_areas; ++a)
      if (!std::isfinite(hs.z[a * hs.n_groups])) islands.push_back(info[static_cast<size_t>(l)].code[a]);
    hs.report["island_codes"] = islands;
    if (!islands.empty())
      warnings.push_back(std::to_string(islands.size()) + " " + level_name(l) +
                         " areas have no neighbours: their hotspot fields are null");
    const LevelAnalysis& la = level_analysis(cfg, level_name(l));
    hs.report["weights"] = weights::describe(la.weights) + (l == kStraat ? " on representative points" : "");
    if (weights::needs_polygons(la.weights)) hs.report["contiguity_snap_m"] = la.weights.snap_m;
    // Global Moran's I and General G per category: whether clustering exists at all, before the
    // local classes. Functions of the count vector and the weights.
    hs.report["global"] = global_report(hs, category_keys(taxonomy, l != kStraat).keys, cfg.privacy.profile);
    hs.report["global_meaning"] =
        "per category: global Moran's I (spdep moran.test, randomisation and normality, two-sided p; "
        "permutation p when [hotspots] global_permutations > 0) and Getis-Ord General G (spdep globalG.test, "
        "two-sided p), on the analysis-period counts with this level's weights and style";
    r.report[level_name(l)] = hs.report;
  }
  return r;
}

}  // namespace brandpunt::pipeline
