// One description of "which weights" for an area level, as an analyst would choose them in
// GeoDa or PySAL: the neighbour rule (queen, rook, k nearest, distance band, kernel) and the
// style (binary or row-standardised), validated once and built by one function.
//
// Polygon rules (queen, rook) need the area polygons; the point rules (knn, distance_band,
// kernel) work on one point per area: the GEOS centroid of a polygon area (weights::centroids,
// as spdep/libpysal use) or the representative point of a straat.
//   queen          areas sharing at least one boundary point (snap_m tolerance)
//   rook           areas sharing a boundary stretch
//   knn            the k nearest other points (asymmetric, as spdep knn2nb / libpysal KNN)
//   distance_band  every other point within distance_m (0 = the smallest band that leaves no
//                  island, libpysal min_threshold_distance)
//   kernel         kernel weights (weights/kernel.hpp): function, bandwidth_m (0 = the distance
//                  to the k-th nearest point; adaptive = per point)
// Style: binary (1 per link; kernel weights keep their kernel values) or row (each row sums
// to 1, spdep "W"). Self weights are not part of the result (kernel's diagonal is removed):
// Gi* adds them with weights::with_self, before row standardisation as spdep does.
//
//   WeightsSpec s;  s.method = WeightsMethod::knn;  s.k = 6;
//   Weights w = build_weights(s, buurten.geometry);   // method "knn6", style "B"
//   describe(s);                                       // "knn6 binary"
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/geometry.hpp"
#include "weights/kernel.hpp"
#include "weights/weights.hpp"

namespace brandpunt::weights {

enum class WeightsMethod { queen, rook, knn, distance_band, kernel };
enum class WeightsStyle { binary, row };

const char* to_string(WeightsMethod m);
const char* to_string(WeightsStyle s);
// Throws Error(config) naming the valid names (and the nearest) for an unknown one.
WeightsMethod parse_weights_method(const std::string& name);
WeightsStyle parse_weights_style(const std::string& name);
KernelFunction parse_kernel_function(const std::string& name);

struct WeightsSpec {
  WeightsMethod method = WeightsMethod::queen;
  WeightsStyle style = WeightsStyle::binary;
  double snap_m = 0.5;      // queen/rook: vertex tolerance in CRS units (metres)
  unsigned k = 8;           // knn: neighbours; kernel: the k-th neighbour sets the bandwidth
  double distance_m = 0;    // distance_band: threshold in metres; 0 = smallest without islands
  KernelFunction kernel = KernelFunction::triangular;  // kernel: the function (libpysal default)
  double bandwidth_m = 0;   // kernel: fixed bandwidth in metres; 0 = from the k-th neighbour
  bool adaptive = false;    // kernel: one bandwidth per point (its k-th neighbour distance)
};

bool needs_polygons(const WeightsSpec& s);  // queen and rook
// "queen", "rook", "knn8", "dband_900m", "kernel_quartic_500m", "kernel_triangular_adaptive_k8",
// followed by the style: "queen binary", "knn8 row".
std::string describe(const WeightsSpec& s);

// Throws Error(config) on an option out of range (k = 0, negative distance, ...).
void validate(const WeightsSpec& s);

// Builds the weights of a polygon level: polygon rules on the polygons, point rules on their
// GEOS centroids. Weights::method is set to describe()'s first word.
Weights build_weights(const WeightsSpec& s, const std::vector<MultiPolygon>& areas);
// Builds point-rule weights on given points (straten); Error(config) for queen/rook.
Weights build_weights(const WeightsSpec& s, std::span<const XY> points);

// The weights without their diagonal (kernel weights carry w_ii).
Weights without_self(const Weights& w);

}  // namespace brandpunt::weights
