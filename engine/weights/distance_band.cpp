#include "weights/distance_band.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "weights/point_tree.hpp"

namespace brandpunt::weights {

namespace {
std::string shortest(double v) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}
}  // namespace

Weights distance_band(std::span<const XY> points, double threshold, bool binary, double alpha) {
  if (!std::isfinite(threshold) || threshold < 0)
    throw Error(ErrorKind::config,
                "distance band: threshold must be finite and >= 0, got " + shortest(threshold));
  if (!binary && !std::isfinite(alpha))
    throw Error(ErrorKind::config, "distance band: alpha must be finite");
  const detail::PointTree tree(points);
  const size_t n = points.size();
  Weights w;
  w.n = n;
  w.method = "dband_" + shortest(threshold);
  w.style = binary ? "B" : "custom";
  w.offsets.assign(1, 0);
  // Search a hair beyond threshold² and decide on d itself, so the test is exactly
  // sqrt(d2) <= threshold whatever the rounding of threshold².
  const double r2 = threshold * threshold * (1 + 1e-12);
  std::vector<detail::Hit> hits;
  std::vector<std::pair<uint32_t, double>> row;
  for (size_t i = 0; i < n; ++i) {
    tree.within(points[i], r2, hits);
    row.clear();
    for (const detail::Hit& h : hits) {
      if (h.index == i) continue;
      const double d = std::sqrt(h.d2);
      if (d > threshold) continue;
      double v = 1.0;
      if (!binary) {
        if (d == 0 && alpha < 0)
          throw Error(ErrorKind::geometry,
                      "distance band: points " + std::to_string(i) + " and " +
                          std::to_string(h.index) +
                          " coincide, so the inverse-distance weight is undefined");
        v = std::pow(d, alpha);
      }
      row.emplace_back(h.index, v);
    }
    std::sort(row.begin(), row.end());
    for (const auto& [j, v] : row) {
      w.neighbours.push_back(j);
      w.values.push_back(v);
    }
    w.offsets.push_back(static_cast<uint32_t>(w.neighbours.size()));
  }
  return w;
}

double min_threshold_no_islands(std::span<const XY> points) {
  if (points.size() < 2)
    throw Error(ErrorKind::config, "min_threshold_no_islands needs at least two points");
  const detail::PointTree tree(points);
  std::vector<detail::Hit> hits;
  double worst = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    tree.nearest(points[i], 2, hits);
    for (const detail::Hit& h : hits) {
      if (h.index == i) continue;
      worst = std::max(worst, std::sqrt(h.d2));
      break;
    }
  }
  return worst;
}

}  // namespace brandpunt::weights
