// Space-time Getis-Ord Gi*: hot and cold spots of a space-time cube, as in ArcGIS's Emerging
// Hot Spot Analysis ("How Emerging Hot Spot Analysis works", pro.arcgis.com
// .../space-time-pattern-mining/learnmoreemerging.htm: each bin is compared with its
// neighbours in space and in time against the global mean of the cube).
//
// The neighbourhood of bin (i, t) is every bin (j, t') with j in N(i) ∪ {i} (the spatial
// weights, self always included) and t - time_lags <= t' <= t (the bin itself and up to
// `time_lags` previous steps; at the start of the series fewer steps exist). Weights are
// binary: w = 1 inside the neighbourhood, whatever `values` w_space carries. The statistic is
// the Ord & Getis (1995) Gi* over all N = n_locations * n_steps bins:
//   x̄ = mean of all bins,  s² = Σ(x - x̄)²/N,  W = |neighbourhood|  (= S1 for binary weights)
//   z = Σ_{nbhd}(x - x̄) / sqrt( s² (N·W - W²)/(N-1) )
// With n_steps = 1 and time_lags = 0 this is exactly spdep's localG on include.self(nb), style B
// (checked against the Columbus oracle). A constant cube (s² = 0) gives z = 0 everywhere.
//
//   Weights w = from_lists(queen_lists);
//   std::vector<double> z = space_time_gi_star(w, cube, 1);   // this month and the previous one
//   double z_bin = z[loc * cube.n_steps + t];
#pragma once

#include <span>
#include <vector>

#include "time/cube.hpp"
#include "weights/weights.hpp"

namespace brandpunt::time {

// z per bin, [loc * n_steps + t]. Throws Error(config) for time_lags < 0 and Error(internal)
// when w_space.n differs from the number of locations. `threads` (0 = all cores) splits the
// locations; every bin's sum is computed the same way, so z is identical at any thread count.
std::vector<double> space_time_gi_star(const weights::Weights& w_space, const Cube& cube,
                                       int time_lags, unsigned threads = 1);
// The same for any values laid out [loc * n_steps + t] (rates, weighted counts).
std::vector<double> space_time_gi_star(const weights::Weights& w_space,
                                       std::span<const double> values, size_t n_locations,
                                       size_t n_steps, int time_lags, unsigned threads = 1);

// Two-sided normal p per z (2(1 - Phi(|z|))), the p that ArcGIS reports per bin.
std::vector<double> two_sided_p(std::span<const double> z, unsigned threads = 1);

}  // namespace brandpunt::time
