// Hotspot statistics on the published levels (internal to the pipeline).
//
// For straat, buurt and wijk: Getis-Ord Gi* per category (totaal, mains and, where counted,
// subs) on the analysis period's exact counts, with analytic z and two-sided p, conditional-
// permutation pseudo p-values (spdep localG_perm / esda conventions, seeded per area), a
// multiple-testing correction (Benjamini-Hochberg by default) and the ArcGIS classes. Classes
// use the analytic p by default, as ArcGIS does: with 999 permutations the smallest pseudo p
// is 0.001, which an FDR correction over a few hundred areas can never bring below 0.05;
// `hotspots.inference = "permutation"` uses the pseudo p instead; Local Moran's I on the empirical-Bayes
// smoothed totaal rate (counts where population is unknown) with its quadrant. Weights: queen
// contiguity with a snapping tolerance for polygons; k nearest neighbours for straten (their
// representative points). Statistics use exact counts; the public profile rounds what it
// publishes (z to 2 decimals, p to 4).
//
//   LevelHotspots hs = level_hotspots(w, counts, n_groups, population, opts);
//   append_hotspot_columns(table, hs, group_keys, Profile::public_);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "output/table.hpp"
#include "pipeline/config.hpp"
#include "pipeline/figures.hpp"
#include "stats/general_g.hpp"
#include "stats/global_moran.hpp"
#include "weights/weights.hpp"

namespace brandpunt::pipeline {

// The analysis choices of a level ([weights.<level>]) that the statistics need.
struct HotspotChoices {
  bool gi_star = true;        // Gi* (the area itself included) or Gi (neighbours only)
  bool row_style = false;     // row-standardised weights for Gi/Gi* and the global statistics
  bool global_stats = false;  // global Moran's I and General G per category
};

// Global statistics of one category at a level, from its count vector and the level's weights.
struct GlobalStats {
  stats::GlobalMoran moran;
  stats::GlobalMoranPerm moran_perm;  // permutations = 0 when not configured
  stats::GeneralG general_g;
};

struct LevelHotspots {
  size_t n_areas = 0, n_groups = 0;
  // [a * n_groups + g]; n_groups is the stride: every category computed at this level.
  std::vector<double> z, p, p_sim, p_adj;  // analytic z and two-sided p, pseudo p, adjusted p
  std::vector<std::string> gi_class;
  // Local Moran on the totaal rate (EB smoothed per 1,000) or count.
  std::vector<double> lisa_i, lisa_z, lisa_p, lisa_p_adj, eb_rate;
  std::vector<std::string> lisa_quadrant, lisa_class;
  std::string lisa_variable;  // "eb_rate_totaal" or "n_totaal"
  std::vector<GlobalStats> global;  // per category (empty unless choices.global_stats)
  nlohmann::json report;      // weights summary, islands, parameters, warnings
};

// counts: [a * n_groups + g] analysis-period counts (the statistics are functions of these
// count vectors and the weights only). `w`: the level's weights without self and unstandardised
// (binary links or kernel values); Gi* adds the area itself before any row standardisation,
// as spdep include.self + nb2listw; Local Moran always uses the row-standardised weights.
LevelHotspots level_hotspots(const weights::Weights& w, const std::vector<double>& counts,
                             size_t n_groups, const std::vector<double>& population,
                             const HotspotOptions& options, unsigned threads,
                             const HotspotChoices& choices = {});

// run.json rows of the global statistics: one per category, rounded as the public profile
// rounds published statistics (I and G to 4 decimals, z to 2, p to 4) or exact (restricted).
nlohmann::json global_report(const LevelHotspots& hs, const std::vector<std::string>& category_keys,
                             Profile profile);

// Layer columns for the first group_keys.size() categories.
void append_hotspot_columns(output::Table& t, const LevelHotspots& hs,
                            const std::vector<std::string>& group_keys, Profile profile);

// Long table: one row per area × category (all categories of the level).
output::Table hotspot_table(const std::vector<std::string>& codes, const LevelHotspots& hs,
                            const std::vector<std::string>& category_keys, Profile profile,
                            AreaRange areas = {});

}  // namespace brandpunt::pipeline
