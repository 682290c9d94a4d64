// Incremental spatial autocorrelation (ArcGIS "Incremental Spatial Autocorrelation"): global
// Moran's I and its z-score for distance bands start, start + step, ..., to choose the
// distance at which clustering is most pronounced as the scale of a hot-spot analysis.
//
// At each distance d_k = start_m + k·step_m (k = 0..n_steps−1) the weights are the distance
// band 0 ≤ d ≤ d_k (weights::distance_band), row-standardised (style "W", ArcGIS's default
// for this tool), and z is the randomisation z of global Moran's I (stats::global_moran,
// spdep moran.test). The FIRST PEAK is the smallest d_k whose z exceeds the z of both
// neighbouring distances; ArcGIS reports it as the distance that "reflects the scale of the
// most pronounced clustering". With no interior peak (z rising or falling throughout),
// found_peak is false and peak_distance_m is the distance of the largest z (the first on a
// tie), which the caller should report as "no peak" rather than as a clustering scale.
//
// Defaults (isa_defaults, as ArcGIS's): start = the smallest band that gives every feature at
// least one neighbour (largest nearest-neighbour distance), step = the mean nearest-neighbour
// distance, 10 steps.
//
//   IsaDefaults d = isa_defaults(grid.centres);
//   IsaResult isa = incremental_autocorrelation(grid.centres, counts, d.start_m, d.step_m,
//                                               d.n_steps);
//   double band_m = isa.peak_distance_m;
#pragma once

#include <span>
#include <vector>

#include "core/geometry.hpp"

namespace brandpunt::density {

struct IsaResult {
  std::vector<double> distances_m;  // d_k
  std::vector<double> z;            // Moran's I randomisation z at d_k
  std::vector<double> moran_i;      // Moran's I at d_k
  double peak_distance_m = 0;       // first peak, or the distance of the largest z
  bool found_peak = false;
};

struct IsaDefaults {
  double start_m = 0;  // largest nearest-neighbour distance
  double step_m = 0;   // mean nearest-neighbour distance
  int n_steps = 10;
};

// Needs at least 2 distinct centres (Error(config) otherwise).
IsaDefaults isa_defaults(std::span<const XY> centres);

// Throws Error(config) for mismatched spans, start_m ≤ 0, step_m ≤ 0 or n_steps < 1.
IsaResult incremental_autocorrelation(std::span<const XY> centres, std::span<const double> values,
                                      double start_m, double step_m, int n_steps);

}  // namespace brandpunt::density
