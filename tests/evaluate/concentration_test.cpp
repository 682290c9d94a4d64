// Lorenz curve, Gini and the generalised Gini (Bernasco & Steenbeek 2017's examples), the share
// of areas holding 25 % / 50 % of incidents, and the random-allocation baseline.
#include "evaluate/concentration.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <vector>

namespace ev = brandpunt::evaluate;

namespace {
// Σ_i Σ_j |x_i − x_j| / (2 n² mean), straight from the definition.
double gini_by_pairs(const std::vector<int64_t>& x) {
  double s = 0, total = 0;
  for (int64_t a : x) {
    total += static_cast<double>(a);
    for (int64_t b : x) s += static_cast<double>(std::llabs(a - b));
  }
  const double n = static_cast<double>(x.size());
  return s / (2 * n * n * (total / n));
}
}  // namespace

TEST(Concentration, gini_and_generalised_gini_match_bernasco_and_steenbeek) {
  const std::vector<int64_t> dense = {10, 8, 2, 0, 0, 0, 0, 0, 0, 0};  // N = 20 >= n = 10
  EXPECT_NEAR(ev::gini(dense), 0.78, 1e-15);
  EXPECT_NEAR(ev::generalised_gini(dense), 0.78, 1e-15);
  const std::vector<int64_t> sparse = {5, 2, 1, 0, 0, 0, 0, 0, 0, 0};  // N = 8 < n = 10
  EXPECT_NEAR(ev::gini(sparse), 0.80, 1e-15);
  EXPECT_NEAR(ev::generalised_gini(sparse), 0.75, 1e-15);
}

TEST(Concentration, gini_equals_the_pairwise_definition_and_ignores_order) {
  const std::vector<int64_t> x = {3, 0, 7, 7, 1, 0, 12, 2, 2, 5, 0, 9};
  EXPECT_NEAR(ev::gini(x), gini_by_pairs(x), 1e-14);
  std::vector<int64_t> shuffled = {9, 0, 5, 2, 2, 12, 0, 1, 7, 7, 0, 3};
  EXPECT_EQ(ev::gini(x), ev::gini(shuffled));
  const std::vector<int64_t> even = {4, 4, 4, 4};
  EXPECT_EQ(ev::gini(even), 0.0);
  const std::vector<int64_t> one = {10, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_NEAR(ev::gini(one), 0.9, 1e-15);  // (n−1)/n: the population form
  EXPECT_NEAR(ev::generalised_gini(one), 0.9, 1e-15);
  const std::vector<int64_t> none = {0, 0, 0};
  EXPECT_TRUE(std::isnan(ev::gini(none)));
}

TEST(Concentration, one_incident_each_in_a_sparse_city_is_maximal_equality) {
  // 4 incidents in 10 areas, one each: as equal as 4 incidents can be, so G' = 0.
  const std::vector<int64_t> x = {1, 1, 1, 1, 0, 0, 0, 0, 0, 0};
  EXPECT_NEAR(ev::gini(x), 0.6, 1e-15);
  EXPECT_NEAR(ev::generalised_gini(x), 0.0, 1e-15);
}

TEST(Concentration, lorenz_curve_runs_from_origin_to_one_in_ascending_order) {
  const std::vector<int64_t> x = {10, 8, 2, 0, 0, 0, 0, 0, 0, 0};
  const auto c = ev::lorenz_curve(x);
  ASSERT_EQ(c.area_share.size(), 11u);
  EXPECT_EQ(c.area_share.front(), 0);
  EXPECT_EQ(c.incident_share.front(), 0);
  EXPECT_EQ(c.area_share.back(), 1);
  EXPECT_NEAR(c.incident_share.back(), 1, 1e-15);
  EXPECT_NEAR(c.incident_share[7], 0, 1e-15);  // the seven empty areas
  EXPECT_NEAR(c.incident_share[8], 0.1, 1e-15);
  EXPECT_NEAR(c.incident_share[9], 0.5, 1e-15);
  // Twice the area under the curve is 1 − G (trapezoids).
  double area = 0;
  for (size_t i = 1; i < c.area_share.size(); ++i)
    area += (c.area_share[i] - c.area_share[i - 1]) *
            (c.incident_share[i] + c.incident_share[i - 1]) / 2;
  EXPECT_NEAR(1 - 2 * area, ev::gini(x), 1e-14);
  const std::vector<double> at = {0.85, 1.0};
  const auto read = ev::lorenz_at(c, at);
  EXPECT_NEAR(read[0], 0.3, 1e-14);  // halfway between 0.1 and 0.5
  EXPECT_NEAR(read[1], 1.0, 1e-14);
}

TEST(Concentration, share_of_areas_holding_a_quarter_and_half_of_incidents) {
  const std::vector<int64_t> x = {10, 8, 2, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_NEAR(ev::areas_for_share(x, 0.25), 0.1, 1e-15);  // 10 >= 5
  EXPECT_NEAR(ev::areas_for_share(x, 0.50), 0.1, 1e-15);  // 10 >= 10
  EXPECT_NEAR(ev::areas_for_share(x, 0.51), 0.2, 1e-15);
  EXPECT_NEAR(ev::areas_for_share(x, 1.0), 0.3, 1e-15);
  const auto c = ev::concentration(x, {});
  EXPECT_NEAR(c.observed.areas_for_25pct, 0.1, 1e-15);
  EXPECT_NEAR(c.observed.areas_for_50pct, 0.1, 1e-15);
  EXPECT_EQ(c.incidents, 20);
  EXPECT_EQ(c.areas, 10u);
}

TEST(Concentration, random_allocation_baseline_simulated_and_expected_agree) {
  // 2,000 areas, 1,000 incidents (sparse): chance alone puts half the incidents in a small
  // share of areas. The expected-histogram limit and the simulation agree closely at this size.
  ev::BaselineOptions sim;
  sim.draws = 100;
  sim.seed = 3;
  std::string m1, m2;
  const auto s = ev::random_allocation(2000, 1000, sim, &m1);
  ev::BaselineOptions exp = sim;
  exp.max_simulated_draws = 0;
  const auto e = ev::random_allocation(2000, 1000, exp, &m2);
  EXPECT_EQ(m1, "simulation");
  EXPECT_EQ(m2, "expected");
  EXPECT_NEAR(s.gini, e.gini, 0.005);
  EXPECT_NEAR(s.gini_generalised, e.gini_generalised, 0.01);
  EXPECT_NEAR(s.areas_for_50pct, e.areas_for_50pct, 0.005);
  EXPECT_NEAR(s.areas_for_25pct, e.areas_for_25pct, 0.005);
  // Poisson(0.5) limit: G = E|X−Y| / (2·0.5); 50 % of incidents need about 0.5·N/2/… areas:
  // here ~ 0.197 of areas hold at least one incident of the top half.
  EXPECT_GT(e.gini, 0.6);
  EXPECT_LT(e.areas_for_50pct, 0.25);
  // Dense random allocation is nearly equal.
  const auto dense = ev::random_allocation(50, 100'000, exp);
  EXPECT_LT(dense.gini, 0.02);
  EXPECT_NEAR(dense.areas_for_50pct, 0.5, 0.02);
}

TEST(Concentration, planted_concentration_beats_random_allocation) {
  std::vector<int64_t> x(500, 0);
  for (size_t i = 0; i < 500; ++i) x[i] = (i % 25 == 0) ? 40 : static_cast<int64_t>(i % 3);
  const auto c = ev::concentration(x, {});
  EXPECT_GT(c.observed.gini, c.random.gini);
  EXPECT_LT(c.observed.areas_for_50pct, c.random.areas_for_50pct);
  EXPECT_EQ(c.baseline_method, "simulation");
  // Deterministic for the seed.
  EXPECT_EQ(c.random.gini, ev::concentration(x, {}).random.gini);
}
