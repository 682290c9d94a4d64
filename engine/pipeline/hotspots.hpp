// Hotspot statistics on the published levels (internal to the pipeline).
//
// For straat, buurt and wijk: Getis-Ord Gi* per category (totaal and mains) on the analysis
// period's exact counts, with conditional-permutation pseudo p-values (spdep localG_perm /
// esda conventions, seeded per area) or analytic p-values, a multiple-testing correction
// (Benjamini-Hochberg by default) and the ArcGIS classes; Local Moran's I on the empirical-Bayes
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
#include "weights/weights.hpp"

namespace brandpunt::pipeline {

struct LevelHotspots {
  size_t n_areas = 0, n_groups = 0;
  // [a * n_groups + g]
  std::vector<double> z, p, p_adj;
  std::vector<std::string> gi_class;
  // Local Moran on the totaal rate (EB smoothed per 1,000) or count.
  std::vector<double> lisa_i, lisa_z, lisa_p, lisa_p_adj, eb_rate;
  std::vector<std::string> lisa_quadrant, lisa_class;
  std::string lisa_variable;  // "eb_rate_totaal" or "n_totaal"
  nlohmann::json report;      // weights summary, islands, parameters, warnings
};

// counts: [a * n_groups + g] exact analysis-period counts.
LevelHotspots level_hotspots(const weights::Weights& w, const std::vector<double>& counts,
                             size_t n_groups, const std::vector<double>& population,
                             const HotspotOptions& options, unsigned threads);

void append_hotspot_columns(output::Table& t, const LevelHotspots& hs,
                            const std::vector<std::string>& group_keys, Profile profile);

}  // namespace brandpunt::pipeline
