// The scale of analysis of the grid's hot spots: the distance band of its Gi* and space-time
// Gi*, chosen from the city's scale the way ArcGIS's Optimized Hot Spot Analysis does
// ("How Optimized Hot Spot Analysis works", pro.arcgis.com .../spatial-statistics/
// how-optimized-hot-spot-analysis-works.htm: Scale of analysis), with a cap tied to the cell
// size and the study area.
//
//  1. Incremental spatial autocorrelation (incremental.hpp) from the distance that gives every
//     cell a neighbour, in steps of the mean nearest-neighbour distance: its first peak.
//  2. No peak: the average distance at which each cell has K neighbours, K = 5 % of the cells
//     (at least 3, at most 30), but not more than one standard distance of the cells (OHSA).
//  3. The cap (ours): a band never exceeds the average distance at which a cell has
//     `max_neighbours` (30, OHSA's largest K) neighbours — about 3 cells out on a hexagon grid,
//     tied to the cell size — nor one standard distance of the cells (the study area's
//     spread). A peak further out describes the city's density gradient, not a hot spot: on
//     the demo city the first peak lay at 1.6 km (130 neighbours per cell) and the grid called
//     a hot spot "intensifying" years before it began.
//  4. The floor: never below the distance at which every cell has a neighbour.
//
//   ScaleOfAnalysis s = scale_of_analysis(grid.centres, counts, {});
//   s.band_m;   // 785.4
//   s.rule;     // "incremental spatial autocorrelation peak at 1,612 m, capped at ..."
#pragma once

#include <span>
#include <string>

#include "core/geometry.hpp"
#include "density/incremental.hpp"

namespace brandpunt::density {

struct ScaleOptions {
  int max_neighbours = 30;   // the cap: average distance to the max_neighbours-th neighbour
  int min_k = 3, max_k = 30;  // K of the no-peak rule: clamp(round(k_share * cells), 3, 30)
  double k_share = 0.05;
};

struct ScaleOfAnalysis {
  double band_m = 0;
  std::string rule;  // which rule gave band_m, in words
  IsaResult isa;     // the incremental spatial autocorrelation that was run
  bool found_peak = false;
  double peak_m = 0;                 // the first peak (0 when none)
  int k = 0;                         // K of the no-peak rule
  double k_neighbour_m = 0;          // average distance to the K-th neighbour
  double standard_distance_m = 0;    // of the cell centres
  double neighbours_cap_m = 0;       // average distance to the max_neighbours-th neighbour
  double cap_m = 0;                  // min(neighbours_cap_m, standard_distance_m)
  double floor_m = 0;                // every cell has at least one neighbour
  bool capped = false;
};

// Needs at least 4 distinct centres (Error(config) otherwise); values are the cells' counts.
ScaleOfAnalysis scale_of_analysis(std::span<const XY> centres, std::span<const double> values,
                                  const ScaleOptions& options = {});

// Average over points of the distance to their k-th nearest other point (k < points.size()).
double mean_kth_neighbour_distance(std::span<const XY> points, unsigned k);
// ArcGIS Standard Distance (unweighted): sqrt(Σ((x - x̄)² + (y - ȳ)²) / n).
double standard_distance(std::span<const XY> points);

}  // namespace brandpunt::density
