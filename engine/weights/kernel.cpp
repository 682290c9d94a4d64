#include "weights/kernel.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "core/error.hpp"
#include "weights/point_tree.hpp"

namespace brandpunt::weights {

const char* to_string(KernelFunction f) {
  switch (f) {
    case KernelFunction::triangular:
      return "triangular";
    case KernelFunction::uniform:
      return "uniform";
    case KernelFunction::quadratic:
      return "quadratic";
    case KernelFunction::quartic:
      return "quartic";
    case KernelFunction::gaussian:
      return "gaussian";
  }
  return "unknown";
}

double kernel_value(KernelFunction f, double z) {
  switch (f) {
    case KernelFunction::triangular:
      return 1 - z;
    case KernelFunction::uniform:
      return 0.5;
    case KernelFunction::quadratic:
      return 0.75 * (1 - z * z);
    case KernelFunction::quartic: {
      const double u = 1 - z * z;
      return 15.0 / 16.0 * u * u;
    }
    case KernelFunction::gaussian:
      return std::exp(-z * z / 2) / std::sqrt(2 * std::numbers::pi);
  }
  return 0;
}

namespace {

void validate(const KernelOptions& o, size_t n) {
  if (!std::isfinite(o.bandwidth_m) || o.bandwidth_m < 0)
    throw Error(ErrorKind::config, "kernel: bandwidth_m must be finite and >= 0");
  if (o.adaptive && o.bandwidth_m > 0)
    throw Error(ErrorKind::config,
                "kernel: an adaptive bandwidth comes from k; leave bandwidth_m at 0");
  if (!(o.eps >= 1) || !std::isfinite(o.eps))
    throw Error(ErrorKind::config, "kernel: eps must be finite and >= 1");
  const bool derived = o.adaptive || o.bandwidth_m == 0;
  if (derived && (o.k == 0 || o.k >= n))
    throw Error(ErrorKind::config, "kernel: k = " + std::to_string(o.k) +
                                       " must be >= 1 and below the number of points (" +
                                       std::to_string(n) + ")");
}

// The k nearest OTHER points of i, sorted by (d2, index); ties at the k-th by lower index.
void k_nearest_others(const detail::PointTree& tree, std::span<const XY> points, size_t i,
                      unsigned k, std::vector<detail::Hit>& hits, std::vector<detail::Hit>& out) {
  tree.nearest(points[i], k + 1, hits);
  out.clear();
  for (const detail::Hit& h : hits) {
    if (h.index == i) continue;
    out.push_back(h);
    if (out.size() == k) break;
  }
}

}  // namespace

Weights kernel(std::span<const XY> points, const KernelOptions& o) {
  const size_t n = points.size();
  validate(o, n);
  const detail::PointTree tree(points);
  std::vector<detail::Hit> hits, others;

  // Bandwidth per point.
  std::vector<double> h(n, o.bandwidth_m);
  if (o.adaptive || o.bandwidth_m == 0) {
    double widest = 0;
    for (size_t i = 0; i < n; ++i) {
      k_nearest_others(tree, points, i, o.k, hits, others);
      h[i] = std::sqrt(others.back().d2) * o.eps;
      widest = std::max(widest, h[i]);
    }
    if (!o.adaptive) std::fill(h.begin(), h.end(), widest);
  }

  Weights w;
  w.n = n;
  w.method = std::string("kernel_") + to_string(o.function) + (o.adaptive ? "_adaptive" : "_fixed");
  w.style = "custom";
  w.self_included = true;
  w.offsets.assign(1, 0);
  std::vector<std::pair<uint32_t, double>> row;
  for (size_t i = 0; i < n; ++i) {
    row.clear();
    if (o.adaptive) {
      k_nearest_others(tree, points, i, o.k, hits, others);
      others.push_back(detail::Hit{static_cast<uint32_t>(i), 0.0});
    } else {
      tree.within(points[i], h[i] * h[i] * (1 + 1e-12), others);
    }
    for (const detail::Hit& hit : others) {
      const double d = std::sqrt(hit.d2);
      if (d > h[i]) continue;
      double v = 0;
      if (hit.index == i)
        v = o.unit_diagonal ? 1.0 : kernel_value(o.function, 0.0);
      else
        v = h[i] > 0 ? kernel_value(o.function, d / h[i]) : kernel_value(o.function, 0.0);
      row.emplace_back(hit.index, v);
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

}  // namespace brandpunt::weights
