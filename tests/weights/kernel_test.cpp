// Kernel weights (libpysal Kernel semantics): hand-computed values on three points, the
// kernel table at known z, and a brute-force O(n²) implementation of the same definition
// on random points for every kernel, fixed and adaptive.
#include "weights/kernel.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include "core/error.hpp"

namespace brandpunt::weights {
namespace {

constexpr uint64_t kSeed = 77031;

const std::vector<XY> kLine = {{0, 0}, {1, 0}, {3, 0}};

std::vector<std::pair<uint32_t, double>> row(const Weights& w, size_t i) {
  std::vector<std::pair<uint32_t, double>> out;
  for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k)
    out.emplace_back(w.neighbours[k], w.values[k]);
  return out;
}

TEST(Kernel, table_values) {
  using F = KernelFunction;
  EXPECT_DOUBLE_EQ(kernel_value(F::triangular, 0.25), 0.75);
  EXPECT_DOUBLE_EQ(kernel_value(F::uniform, 0.9), 0.5);
  EXPECT_DOUBLE_EQ(kernel_value(F::quadratic, 0.5), 0.75 * 0.75);
  EXPECT_DOUBLE_EQ(kernel_value(F::quartic, 0.5), 15.0 / 16.0 * 0.5625);
  EXPECT_DOUBLE_EQ(kernel_value(F::gaussian, 0.0), 1 / std::sqrt(2 * std::numbers::pi));
  EXPECT_DOUBLE_EQ(kernel_value(F::gaussian, 1.0),
                   std::exp(-0.5) / std::sqrt(2 * std::numbers::pi));
  EXPECT_DOUBLE_EQ(kernel_value(F::quartic, 1.0), 0.0);
}

TEST(Kernel, fixed_bandwidth_on_three_points) {
  KernelOptions o;
  o.bandwidth_m = 2;
  const Weights w = kernel(kLine, o);
  EXPECT_TRUE(w.self_included);
  EXPECT_EQ(w.method, "kernel_triangular_fixed");
  using R = std::vector<std::pair<uint32_t, double>>;
  EXPECT_EQ(row(w, 0), (R{{0, 1.0}, {1, 0.5}}));
  EXPECT_EQ(row(w, 1), (R{{0, 0.5}, {1, 1.0}, {2, 0.0}}));  // d = h: inside, weight 0
  EXPECT_EQ(row(w, 2), (R{{1, 0.0}, {2, 1.0}}));
  o.unit_diagonal = true;
  o.function = KernelFunction::quadratic;
  const Weights q = kernel(kLine, o);
  EXPECT_EQ(row(q, 0), (R{{0, 1.0}, {1, 0.75 * 0.75}}));
}

TEST(Kernel, derived_and_adaptive_bandwidths_follow_libpysal) {
  const double eps = 1.0000001;
  KernelOptions o;  // fixed, derived from k = 1: h = eps * max nearest distance = 2 eps
  const Weights f = kernel(kLine, o);
  ASSERT_EQ(row(f, 1).size(), 3u);
  EXPECT_DOUBLE_EQ(row(f, 1)[2].second, 1 - 2 / (2 * eps));
  EXPECT_DOUBLE_EQ(row(f, 0)[1].second, 1 - 1 / (2 * eps));

  o.adaptive = true;  // h_i = eps * (distance to i's nearest other point); neighbours = it
  const Weights a = kernel(kLine, o);
  EXPECT_EQ(a.method, "kernel_triangular_adaptive");
  using R = std::vector<std::pair<uint32_t, double>>;
  EXPECT_EQ(row(a, 0), (R{{0, 1.0}, {1, 1 - 1 / eps}}));
  EXPECT_EQ(row(a, 1), (R{{0, 1 - 1 / eps}, {1, 1.0}}));  // 2 is further than 0
  EXPECT_EQ(row(a, 2), (R{{1, 1 - 2 / (2 * eps)}, {2, 1.0}}));
}

TEST(Kernel, options_are_validated) {
  KernelOptions o;
  o.bandwidth_m = -1;
  EXPECT_THROW(kernel(kLine, o), Error);
  o.bandwidth_m = 10;
  o.adaptive = true;
  EXPECT_THROW(kernel(kLine, o), Error);
  o = KernelOptions{};
  o.k = 3;  // only two other points
  EXPECT_THROW(kernel(kLine, o), Error);
  o.k = 1;
  o.eps = 0.5;
  EXPECT_THROW(kernel(kLine, o), Error);
}

// The definition, computed directly.
Weights brute_kernel(const std::vector<XY>& p, const KernelOptions& o) {
  const size_t n = p.size();
  const auto dist = [&](size_t i, size_t j) {
    return std::hypot(p[i].x - p[j].x, p[i].y - p[j].y);
  };
  std::vector<std::vector<uint32_t>> knn(n);
  std::vector<double> h(n);
  for (size_t i = 0; i < n; ++i) {
    std::vector<std::pair<double, uint32_t>> all;
    for (size_t j = 0; j < n; ++j)
      if (j != i) {
        const double dx = p[i].x - p[j].x, dy = p[i].y - p[j].y;
        all.emplace_back(dx * dx + dy * dy, static_cast<uint32_t>(j));
      }
    std::sort(all.begin(), all.end());
    for (unsigned m = 0; m < o.k; ++m) knn[i].push_back(all[m].second);
    h[i] = std::sqrt(all[o.k - 1].first) * o.eps;
  }
  if (!o.adaptive) std::fill(h.begin(), h.end(), *std::max_element(h.begin(), h.end()));
  Weights w;
  w.n = n;
  w.offsets.assign(1, 0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      const bool in = o.adaptive ? (j == i || std::count(knn[i].begin(), knn[i].end(), j) > 0)
                                 : dist(i, j) <= h[i];
      if (!in) continue;
      w.neighbours.push_back(static_cast<uint32_t>(j));
      w.values.push_back(kernel_value(o.function, dist(i, j) / h[i]));
    }
    w.offsets.push_back(static_cast<uint32_t>(w.neighbours.size()));
  }
  return w;
}

TEST(Kernel, matches_brute_force_on_random_points) {
  SCOPED_TRACE("seed " + std::to_string(kSeed));
  std::mt19937_64 rng(kSeed);
  std::uniform_real_distribution<double> u(0, 1000);
  std::vector<XY> pts(200);
  for (auto& p : pts) p = XY{u(rng), u(rng)};
  for (auto f : {KernelFunction::triangular, KernelFunction::uniform, KernelFunction::quadratic,
                 KernelFunction::quartic, KernelFunction::gaussian})
    for (bool adaptive : {false, true}) {
      KernelOptions o;
      o.function = f;
      o.adaptive = adaptive;
      o.k = 5;
      const Weights w = kernel(pts, o), b = brute_kernel(pts, o);
      EXPECT_EQ(w.offsets, b.offsets) << to_string(f) << adaptive;
      EXPECT_EQ(w.neighbours, b.neighbours) << to_string(f) << adaptive;
      ASSERT_EQ(w.values.size(), b.values.size());
      for (size_t k = 0; k < w.values.size(); ++k) EXPECT_NEAR(w.values[k], b.values[k], 1e-15);
    }
}

}  // namespace
}  // namespace brandpunt::weights
