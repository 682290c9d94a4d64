#include "density/scale.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "weights/knn.hpp"

namespace brandpunt::density {

namespace {

std::string metres(double v) { return std::to_string(std::llround(v)) + " m"; }

}  // namespace

double mean_kth_neighbour_distance(std::span<const XY> points, unsigned k) {
  const weights::Weights nn = weights::knn(points, k);
  double sum = 0;
  for (size_t i = 0; i < nn.n; ++i) {
    double far = 0;  // the k nearest come sorted by index: the k-th distance is the largest
    for (uint32_t e = nn.offsets[i]; e < nn.offsets[i + 1]; ++e) {
      const XY& q = points[nn.neighbours[e]];
      far = std::max(far, std::hypot(points[i].x - q.x, points[i].y - q.y));
    }
    sum += far;
  }
  return nn.n ? sum / static_cast<double>(nn.n) : 0.0;
}

double standard_distance(std::span<const XY> points) {
  if (points.empty()) return 0;
  double mx = 0, my = 0;
  for (const XY& p : points) mx += p.x, my += p.y;
  const double n = static_cast<double>(points.size());
  mx /= n;
  my /= n;
  double ss = 0;
  for (const XY& p : points) ss += (p.x - mx) * (p.x - mx) + (p.y - my) * (p.y - my);
  return std::sqrt(ss / n);
}

ScaleOfAnalysis scale_of_analysis(std::span<const XY> centres, std::span<const double> values,
                                  const ScaleOptions& o) {
  if (centres.size() < 4)
    throw Error(ErrorKind::config, "scale of analysis: needs at least 4 cells, got " +
                                       std::to_string(centres.size()));
  if (o.max_neighbours < 1 || o.min_k < 1 || o.max_k < o.min_k || !(o.k_share > 0))
    throw Error(ErrorKind::internal, "scale of analysis: invalid options");
  ScaleOfAnalysis s;
  const IsaDefaults d = isa_defaults(centres);
  s.floor_m = d.start_m;
  s.isa = incremental_autocorrelation(centres, values, d.start_m, d.step_m, d.n_steps);
  s.found_peak = s.isa.found_peak;
  s.standard_distance_m = standard_distance(centres);
  const unsigned others = static_cast<unsigned>(centres.size() - 1);
  const auto n = static_cast<double>(centres.size());
  s.k = static_cast<int>(std::clamp<long>(std::lround(o.k_share * n), o.min_k, o.max_k));
  s.k_neighbour_m = mean_kth_neighbour_distance(centres, std::min<unsigned>(others, static_cast<unsigned>(s.k)));
  s.neighbours_cap_m = mean_kth_neighbour_distance(
      centres, std::min<unsigned>(others, static_cast<unsigned>(o.max_neighbours)));
  s.cap_m = std::min(s.neighbours_cap_m, s.standard_distance_m);

  double candidate = 0;
  if (s.found_peak) {
    s.peak_m = s.isa.peak_distance_m;
    candidate = s.peak_m;
    s.rule = "first peak of incremental spatial autocorrelation at " + metres(s.peak_m);
  } else {
    candidate = std::min(s.k_neighbour_m, s.standard_distance_m);
    s.rule = "no peak of incremental spatial autocorrelation: average distance to the " +
             std::to_string(s.k) + "th nearest cell (" + metres(s.k_neighbour_m) + ")";
    if (s.k_neighbour_m > s.standard_distance_m)
      s.rule += ", limited to one standard distance (" + metres(s.standard_distance_m) + ")";
  }
  if (candidate > s.cap_m) {
    s.capped = true;
    candidate = s.cap_m;
    s.rule += s.cap_m == s.neighbours_cap_m
                  ? ", capped at the average distance to the " + std::to_string(o.max_neighbours) +
                        "th nearest cell (" + metres(s.cap_m) + ")"
                  : ", capped at one standard distance of the cells (" + metres(s.cap_m) + ")";
  }
  if (candidate < s.floor_m) {
    candidate = s.floor_m;
    s.rule += ", raised to the distance that gives every cell a neighbour (" + metres(s.floor_m) + ")";
  }
  s.band_m = candidate;
  return s;
}

}  // namespace brandpunt::density
