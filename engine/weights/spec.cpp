#include "weights/spec.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cmath>

#include "core/error.hpp"
#include "core/suggest.hpp"
#include "weights/centroids.hpp"
#include "weights/contiguity.hpp"
#include "weights/distance_band.hpp"
#include "weights/knn.hpp"

namespace brandpunt::weights {

namespace {

template <typename E, size_t N>
E parse_named(const std::string& name, const std::array<std::pair<const char*, E>, N>& names,
              const char* what) {
  std::vector<std::string> valid;
  for (const auto& [n, e] : names) {
    if (name == n) return e;
    valid.emplace_back(n);
  }
  throw Error(ErrorKind::config, unknown_name_message(what, name, valid));
}

constexpr std::array<std::pair<const char*, WeightsMethod>, 5> kMethods{{
    {"queen", WeightsMethod::queen},
    {"rook", WeightsMethod::rook},
    {"knn", WeightsMethod::knn},
    {"distance_band", WeightsMethod::distance_band},
    {"kernel", WeightsMethod::kernel},
}};
constexpr std::array<std::pair<const char*, WeightsStyle>, 2> kStyles{{
    {"binary", WeightsStyle::binary},
    {"row", WeightsStyle::row},
}};
constexpr std::array<std::pair<const char*, KernelFunction>, 5> kKernels{{
    {"triangular", KernelFunction::triangular},
    {"uniform", KernelFunction::uniform},
    {"quadratic", KernelFunction::quadratic},
    {"quartic", KernelFunction::quartic},
    {"gaussian", KernelFunction::gaussian},
}};

std::string metres(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return std::string(buf) + "m";
}

std::string method_name(const WeightsSpec& s) {
  switch (s.method) {
    case WeightsMethod::queen: return "queen";
    case WeightsMethod::rook: return "rook";
    case WeightsMethod::knn: return "knn" + std::to_string(s.k);
    case WeightsMethod::distance_band: return s.distance_m > 0 ? "dband_" + metres(s.distance_m) : "dband_min";
    case WeightsMethod::kernel:
      return std::string("kernel_") + to_string(s.kernel) + "_" +
             (s.adaptive ? "adaptive_k" + std::to_string(s.k)
                         : s.bandwidth_m > 0 ? metres(s.bandwidth_m) : "k" + std::to_string(s.k));
  }
  return "?";
}

Weights finish(Weights w, const WeightsSpec& s) {
  if (w.self_included) w = without_self(w);
  w.method = method_name(s);
  if (s.style == WeightsStyle::row) w = row_standardised(w);
  else if (s.method != WeightsMethod::kernel) w.style = "B";
  return w;
}

Weights point_weights(const WeightsSpec& s, std::span<const XY> points) {
  const size_t n = points.size();
  switch (s.method) {
    case WeightsMethod::knn: {
      if (n <= 1) return from_lists(std::vector<std::vector<uint32_t>>(n));
      // Fewer areas than k + 1: every other area is a neighbour.
      return knn(points, static_cast<unsigned>(std::min<size_t>(s.k, n - 1)));
    }
    case WeightsMethod::distance_band: {
      if (n <= 1) return from_lists(std::vector<std::vector<uint32_t>>(n));
      const double band = s.distance_m > 0 ? s.distance_m : min_threshold_no_islands(points);
      return distance_band(points, band);
    }
    case WeightsMethod::kernel: {
      if (n <= 1) return from_lists(std::vector<std::vector<uint32_t>>(n));
      KernelOptions o;
      o.function = s.kernel;
      o.bandwidth_m = s.bandwidth_m;
      o.adaptive = s.adaptive;
      o.k = static_cast<unsigned>(std::min<size_t>(s.k, n - 1));
      return kernel(points, o);
    }
    default:
      throw Error(ErrorKind::config, std::string(to_string(s.method)) +
                                         " weights need polygons; use knn, distance_band or kernel");
  }
}

}  // namespace

const char* to_string(WeightsMethod m) {
  for (const auto& [n, e] : kMethods)
    if (e == m) return n;
  return "?";
}
const char* to_string(WeightsStyle s) { return s == WeightsStyle::row ? "row" : "binary"; }

WeightsMethod parse_weights_method(const std::string& name) { return parse_named(name, kMethods, "weights method"); }
WeightsStyle parse_weights_style(const std::string& name) { return parse_named(name, kStyles, "weights style"); }
KernelFunction parse_kernel_function(const std::string& name) { return parse_named(name, kKernels, "kernel function"); }

bool needs_polygons(const WeightsSpec& s) {
  return s.method == WeightsMethod::queen || s.method == WeightsMethod::rook;
}

std::string describe(const WeightsSpec& s) { return method_name(s) + " " + to_string(s.style); }

void validate(const WeightsSpec& s) {
  if (!(s.snap_m >= 0) || !std::isfinite(s.snap_m))
    throw Error(ErrorKind::config, "snap_m must be >= 0 (metres)");
  if ((s.method == WeightsMethod::knn || s.method == WeightsMethod::kernel) && (s.k < 1 || s.k > 1000))
    throw Error(ErrorKind::config, "k must be 1..1000");
  if (!(s.distance_m >= 0) || !std::isfinite(s.distance_m))
    throw Error(ErrorKind::config, "distance_m must be >= 0 (metres; 0 = the smallest band without islands)");
  if (!(s.bandwidth_m >= 0) || !std::isfinite(s.bandwidth_m))
    throw Error(ErrorKind::config, "bandwidth_m must be >= 0 (metres; 0 = from the k-th neighbour)");
  if (s.adaptive && s.bandwidth_m > 0)
    throw Error(ErrorKind::config, "an adaptive kernel takes its bandwidth from the k-th neighbour: leave bandwidth_m at 0");
}

Weights build_weights(const WeightsSpec& s, const std::vector<MultiPolygon>& areas) {
  validate(s);
  if (needs_polygons(s)) {
    ContiguityOptions o;
    o.rule = s.method == WeightsMethod::rook ? Contiguity::rook : Contiguity::queen;
    o.snap_m = s.snap_m;
    return finish(contiguity(areas, o), s);
  }
  const std::vector<XY> c = areas.empty() ? std::vector<XY>{} : centroids(areas);
  return finish(point_weights(s, c), s);
}

Weights build_weights(const WeightsSpec& s, std::span<const XY> points) {
  validate(s);
  return finish(point_weights(s, points), s);
}

Weights without_self(const Weights& w) {
  Weights o;
  o.n = w.n;
  o.method = w.method;
  o.style = w.style;
  o.offsets.assign(1, 0);
  for (size_t i = 0; i < w.n; ++i) {
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k)
      if (w.neighbours[k] != i) {
        o.neighbours.push_back(w.neighbours[k]);
        o.values.push_back(w.values[k]);
      }
    o.offsets.push_back(static_cast<uint32_t>(o.neighbours.size()));
  }
  return o;
}

}  // namespace brandpunt::weights
