// Distance-band weights on points, as spdep dnearneigh(xy, 0, threshold) and libpysal
// DistanceBand: j is a neighbour of i (i != j) when their Euclidean distance
// d_ij = sqrt(dx² + dy²) satisfies 0 <= d_ij <= threshold (both bounds closed, spdep's default
// bounds = c("GE", "LE")). Coincident points (d = 0) are therefore neighbours. The relation
// is symmetric.
//
// binary = true gives 1 per link (style "B"); binary = false gives inverse-distance weights
// w_ij = d_ij^alpha (libpysal DistanceBand(binary=False, alpha=-1) by default, style "custom").
// An inverse-distance weight with alpha < 0 is undefined for coincident points: that is an
// Error(geometry) naming both points, never an infinite weight.
//
// Areas with no point within the band are islands (Weights::islands()); choose
// threshold >= min_threshold_no_islands(points) to have none.
//
//   double band = min_threshold_no_islands(c);        // largest 1st-neighbour distance
//   Weights w = distance_band(c, std::max(band, 900.0));   // method "dband_900"
//   Weights idw = distance_band(c, 900.0, false, -2.0);    // 1/d², within 900 m
#pragma once

#include <span>

#include "core/geometry.hpp"
#include "weights/weights.hpp"

namespace brandpunt::weights {

// threshold in CRS units (metres in the analysis CRS); must be finite and >= 0.
Weights distance_band(std::span<const XY> points, double threshold, bool binary = true,
                      double alpha = -1.0);

// The largest distance from a point to its nearest other point: the smallest band that
// leaves no island. Needs at least two points (Error(config) otherwise).
double min_threshold_no_islands(std::span<const XY> points);

}  // namespace brandpunt::weights
