// k-nearest neighbours and distance bands: exact agreement with spdep knearneigh/dnearneigh
// on the Columbus centroids, and with a brute-force O(n²) oracle on random and on lattice
// points (where distance ties are everywhere and must be broken by index).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "columbus.hpp"
#include "core/error.hpp"
#include "weights/distance_band.hpp"
#include "weights/knn.hpp"
#include "weights/summary.hpp"

namespace brandpunt::weights {
namespace {

constexpr uint64_t kSeed = 20240611;  // logged in every test that draws points

std::vector<XY> random_points(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ux(150000, 160000), uy(460000, 470000);
  std::vector<XY> out(n);
  for (auto& p : out) p = XY{ux(rng), uy(rng)};
  return out;
}

// 30 x 30 lattice with 10 m spacing: every inner point has 4 neighbours at exactly 10 m.
std::vector<XY> lattice_points() {
  std::vector<XY> out;
  for (int r = 0; r < 30; ++r)
    for (int c = 0; c < 30; ++c) out.push_back(XY{1000.0 + 10 * c, 2000.0 + 10 * r});
  return out;
}

double d2(const XY& a, const XY& b) {
  const double dx = a.x - b.x, dy = a.y - b.y;
  return dx * dx + dy * dy;
}

// For every point, its k_max closest others in (squared distance, index) order; the k-NN
// lists for any k <= k_max are prefixes of these.
std::vector<std::vector<uint32_t>> brute_order(const std::vector<XY>& p, unsigned k_max) {
  std::vector<std::vector<uint32_t>> out(p.size());
  std::vector<std::pair<double, uint32_t>> all;
  for (size_t i = 0; i < p.size(); ++i) {
    all.clear();
    for (size_t j = 0; j < p.size(); ++j)
      if (j != i) all.emplace_back(d2(p[i], p[j]), static_cast<uint32_t>(j));
    std::partial_sort(all.begin(), all.begin() + k_max, all.end());
    for (unsigned m = 0; m < k_max; ++m) out[i].push_back(all[m].second);
  }
  return out;
}

std::vector<std::vector<uint32_t>> first_k(const std::vector<std::vector<uint32_t>>& order,
                                           unsigned k) {
  std::vector<std::vector<uint32_t>> out;
  for (const auto& o : order) {
    out.emplace_back(o.begin(), o.begin() + k);
    std::sort(out.back().begin(), out.back().end());
  }
  return out;
}

std::vector<std::vector<uint32_t>> brute_band(const std::vector<XY>& p, double threshold) {
  std::vector<std::vector<uint32_t>> out(p.size());
  for (size_t i = 0; i < p.size(); ++i)
    for (size_t j = 0; j < p.size(); ++j)
      if (j != i && std::sqrt(d2(p[i], p[j])) <= threshold)
        out[i].push_back(static_cast<uint32_t>(j));
  return out;
}

TEST(Knn, k4_and_k8_match_spdep_on_columbus_centroids) {
  BP_LOAD_COLUMBUS(col);
  const Weights w4 = knn(col.centroids, 4);
  EXPECT_EQ(w4.method, "knn4");
  test::expect_same_as_oracle(w4, col.weights["knn4"]);
  const Weights r4 = row_standardised(w4);
  EXPECT_EQ(r4.style, "W");
  for (double v : r4.values) EXPECT_DOUBLE_EQ(v, 0.25);
  test::expect_same_as_oracle(knn(col.centroids, 8), col.weights["knn8"]);
}

TEST(Knn, matches_brute_force_on_random_points) {
  SCOPED_TRACE("seed " + std::to_string(kSeed));
  const auto pts = random_points(2000, kSeed);
  const auto order = brute_order(pts, 17);
  for (unsigned k : {1u, 6u, 17u}) {
    const Weights w = knn(pts, k);
    EXPECT_EQ(to_lists(w), first_k(order, k)) << "k = " << k;
    EXPECT_EQ(summarise(w).min_card, k);
    EXPECT_EQ(summarise(w).max_card, k);
  }
}

TEST(Knn, ties_at_the_kth_neighbour_go_to_the_lower_index) {
  const auto pts = lattice_points();
  const auto order = brute_order(pts, 7);
  for (unsigned k : {2u, 3u, 5u, 7u}) EXPECT_EQ(to_lists(knn(pts, k)), first_k(order, k)) << k;
  // A concrete case: the centre of a plus sign has 4 neighbours at 1 m; k = 2 keeps the two
  // with the lowest indices (south 1 and west 2).
  const std::vector<XY> plus = {{0, 0}, {0, -1}, {-1, 0}, {1, 0}, {0, 1}};
  EXPECT_EQ(to_lists(knn(plus, 2))[0], (std::vector<uint32_t>{1, 2}));
}

TEST(Knn, coincident_points_and_bad_k) {
  const std::vector<XY> pts = {{0, 0}, {0, 0}, {5, 0}, {0, 0}};
  EXPECT_EQ(to_lists(knn(pts, 1)), (std::vector<std::vector<uint32_t>>{{1}, {0}, {0}, {0}}));
  EXPECT_THROW(knn(pts, 0), Error);
  EXPECT_THROW(knn(pts, 4), Error);
  const std::vector<XY> nan_point = {{0, 0}, {NAN, 1}, {2, 2}};
  EXPECT_THROW(knn(nan_point, 1), Error);
}

TEST(DistanceBand, band_0_9_matches_spdep_dnearneigh_on_columbus) {
  BP_LOAD_COLUMBUS(col);
  const Weights w = distance_band(col.centroids, 0.9);
  EXPECT_EQ(w.method, "dband_0.9");
  test::expect_same_as_oracle(w, col.weights["dband_0.9"]);
  EXPECT_NEAR(min_threshold_no_islands(col.centroids),
              col.weights["dband_0.9"]["max_nearest_neighbour_distance"].get<double>(), 1e-15);
}

TEST(DistanceBand, matches_brute_force_on_random_points) {
  SCOPED_TRACE("seed " + std::to_string(kSeed));
  const auto pts = random_points(2000, kSeed);
  for (double t : {0.0, 150.0, 400.0})
    EXPECT_EQ(to_lists(distance_band(pts, t)), brute_band(pts, t)) << t;
  // The smallest band without islands has none; a hair below it has at least one.
  const double t0 = min_threshold_no_islands(pts);
  EXPECT_TRUE(distance_band(pts, t0).islands().empty());
  EXPECT_FALSE(distance_band(pts, std::nextafter(t0, 0.0)).islands().empty());
}

TEST(DistanceBand, closed_at_the_threshold_on_a_lattice) {
  const auto pts = lattice_points();
  // 10 m and 10·√2 m are lattice distances: the band includes points exactly at it.
  EXPECT_EQ(to_lists(distance_band(pts, 10.0)), brute_band(pts, 10.0));
  EXPECT_EQ(summarise(distance_band(pts, 10.0)).max_card, 4u);
  EXPECT_EQ(summarise(distance_band(pts, 10.0)).min_card, 2u);
  EXPECT_EQ(summarise(distance_band(pts, std::sqrt(200.0))).max_card, 8u);
  EXPECT_EQ(to_lists(distance_band(pts, 9.999)), std::vector<std::vector<uint32_t>>(pts.size()));
}

TEST(DistanceBand, inverse_distance_values_and_coincident_points) {
  const std::vector<XY> pts = {{0, 0}, {3, 4}, {0, 2}, {100, 100}};
  const Weights w = distance_band(pts, 5.0, false, -1.0);
  EXPECT_EQ(w.style, "custom");
  EXPECT_EQ(to_lists(w), (std::vector<std::vector<uint32_t>>{{1, 2}, {0, 2}, {0, 1}, {}}));
  EXPECT_DOUBLE_EQ(w.values[0], 1.0 / 5.0);              // 0 -> 1
  EXPECT_DOUBLE_EQ(w.values[1], 1.0 / 2.0);              // 0 -> 2
  EXPECT_DOUBLE_EQ(w.values[3], 1.0 / std::sqrt(13.0));  // 1 -> 2
  EXPECT_EQ(w.islands(), std::vector<uint32_t>{3});
  const Weights w2 = distance_band(pts, 5.0, false, -2.0);
  EXPECT_DOUBLE_EQ(w2.values[0], 1.0 / 25.0);

  const std::vector<XY> twins = {{0, 0}, {0, 0}, {1, 0}};
  EXPECT_EQ(distance_band(twins, 0.5).n_links(), 2u);  // d = 0 is inside [0, 0.5]
  try {
    distance_band(twins, 0.5, false);
    FAIL() << "expected an Error for coincident points";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::geometry);
  }
  EXPECT_THROW(distance_band(twins, -1.0), Error);
  EXPECT_THROW(min_threshold_no_islands(std::vector<XY>{{0, 0}}), Error);
}

}  // namespace
}  // namespace brandpunt::weights
