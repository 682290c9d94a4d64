#include "focus/excess.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "stats/local_moran.hpp"
#include "stats/multiple_testing.hpp"
#include "stats/poisson.hpp"
#include "weights/weights.hpp"

namespace bf = brandpunt::focus;
using brandpunt::Error;

TEST(FocusExcess, population_exposure_is_indirect_standardisation_worked_by_hand) {
  // 60 incidents over 6,000 inhabitants: 10 per 1,000. Area 0 has 1,000 inhabitants and 30
  // incidents: expected 10, SIR 3.
  const std::vector<double> observed = {30, 10, 20};
  const std::vector<double> pop = {1000, 2000, 3000};
  const bf::ExcessResult r = bf::excess_over_expectation(observed, {pop, {}, {}, {}}, {});
  ASSERT_EQ(r.per_area.size(), 3u);
  EXPECT_EQ(r.primary, bf::Exposure::population);
  EXPECT_DOUBLE_EQ(r.per_area[0].expected, 10);
  EXPECT_DOUBLE_EQ(r.per_area[1].expected, 20);
  EXPECT_DOUBLE_EQ(r.per_area[2].expected, 30);
  EXPECT_DOUBLE_EQ(r.per_area[0].sir, 3);
  EXPECT_DOUBLE_EQ(r.per_area[0].p, brandpunt::stats::poisson_upper_tail(30, 10));
  EXPECT_NEAR(r.per_area[0].lower, brandpunt::stats::poisson_mean_lower(30, 0.05) / 10, 1e-15);
  // BH over the three p-values, as R's p.adjust.
  const std::vector<double> p = {r.per_area[0].p, r.per_area[1].p, r.per_area[2].p};
  const std::vector<double> q = brandpunt::stats::p_adjust_bh(p);
  for (size_t i = 0; i < 3; ++i) EXPECT_DOUBLE_EQ(r.per_area[i].q, q[i]);
  EXPECT_TRUE(r.per_area[0].significant);   // p ~ 1e-7
  EXPECT_FALSE(r.per_area[1].significant);  // below expectation
  EXPECT_FALSE(r.per_area[2].significant);
}

TEST(FocusExcess, a_buurt_three_times_its_expectation_is_significant_whatever_its_neighbours) {
  // Ten buurten of equal area; buurt 4 has 45 incidents, its neighbours 3 each, the rest 12:
  // the area exposure expects 15.9 everywhere; 45 is 2.8x that with p ~ 1e-9.
  std::vector<double> observed(10, 12), area(10, 1e6);
  observed[4] = 45;
  observed[3] = observed[5] = 3;
  const bf::ExcessResult r = bf::excess_over_expectation(observed, {{}, area, {}, {}}, {});
  EXPECT_EQ(r.primary, bf::Exposure::area);
  const double expected = (45 + 2 * 3 + 7 * 12) / 10.0;
  EXPECT_DOUBLE_EQ(r.per_area[4].expected, expected);
  EXPECT_TRUE(r.per_area[4].significant);
  EXPECT_GT(r.per_area[4].lower, 2);
  for (size_t i = 0; i < 10; ++i) {
    if (i == 4) continue;
    EXPECT_FALSE(r.per_area[i].significant) << i;
  }
  // Its neighbours (a path graph) are far below their expectation.
  std::vector<std::vector<uint32_t>> lists(10);
  for (uint32_t i = 0; i + 1 < 10; ++i) lists[i].push_back(i + 1), lists[i + 1].push_back(i);
  const auto nb = bf::neighbour_ratio(brandpunt::weights::from_lists(lists), observed, r);
  EXPECT_DOUBLE_EQ(nb[4], 6 / (2 * expected));
  EXPECT_DOUBLE_EQ(nb[0], 12 / expected);
}

// A path of nine buurten of equal area, 12 incidents each except buurt 4 with 40: Local Moran
// cannot call it HL (its neighbours are near the city's level, not significantly low), the
// contrast with its neighbours can. R: poisson.test(c(40, 24), c(E, 2 E), alternative =
// "greater")$p.value = 1.7140488126576805e-06 with E = 136 / 9; poisson.test(24, 2 E,
// alternative = "greater")$p.value = 0.89273222569501109 (the neighbours are not raised).
TEST(FocusExcess, a_hot_buurt_among_average_neighbours_is_a_hot_outlier_that_local_moran_misses) {
  std::vector<double> observed(9, 12), area(9, 1e6);
  observed[4] = 40;
  std::vector<std::vector<uint32_t>> lists(9);
  for (uint32_t i = 0; i + 1 < 9; ++i) lists[i].push_back(i + 1), lists[i + 1].push_back(i);
  const auto w = brandpunt::weights::from_lists(lists);
  const bf::ExcessResult r = bf::excess_over_expectation(observed, {{}, area, {}, {}}, {});
  const auto nc = bf::neighbour_contrast(w, observed, r, {});
  const double E = 136.0 / 9;
  EXPECT_DOUBLE_EQ(r.per_area[4].expected, E);
  EXPECT_TRUE(r.per_area[4].significant);
  EXPECT_DOUBLE_EQ(nc[4].ratio, 24 / (2 * E));
  EXPECT_NEAR(nc[4].p, 1.7140488126576805e-06, 1e-9 * 1.7140488126576805e-06);
  EXPECT_NEAR(nc[4].neighbours_p, 0.89273222569501109, 1e-12);
  std::vector<double> p(9);
  for (size_t i = 0; i < 9; ++i) p[i] = nc[i].p;
  EXPECT_DOUBLE_EQ(nc[4].q, brandpunt::stats::p_adjust_bh(p)[4]);
  EXPECT_TRUE(nc[4].hot_outlier);
  for (size_t i = 0; i < 9; ++i)
    if (i != 4) {
      EXPECT_FALSE(nc[i].hot_outlier) << i;  // below the city: no excess
    }
  // Local Moran (conditional variance, as spdep) does not see it: not significant at 5 %.
  const auto lm = brandpunt::stats::local_moran(w, observed);
  EXPECT_GT(lm.p[4], 0.05);
  EXPECT_EQ(lm.quadrant[4], static_cast<uint8_t>(brandpunt::stats::Quadrant::HL));
}

TEST(FocusExcess, the_core_of_a_cluster_is_no_hot_outlier_its_ring_is_raised) {
  // The same path with the ring of buurt 4 raised to 30: the core is above the city and above
  // its ring, but the ring is significantly above its own expectation: a cluster, not an outlier.
  std::vector<double> observed(9, 12), area(9, 1e6);
  observed[4] = 40;
  observed[3] = observed[5] = 30;
  std::vector<std::vector<uint32_t>> lists(9);
  for (uint32_t i = 0; i + 1 < 9; ++i) lists[i].push_back(i + 1), lists[i + 1].push_back(i);
  const auto w = brandpunt::weights::from_lists(lists);
  const bf::ExcessResult r = bf::excess_over_expectation(observed, {{}, area, {}, {}}, {});
  const auto nc = bf::neighbour_contrast(w, observed, r, {});
  EXPECT_TRUE(r.per_area[4].significant);
  EXPECT_LT(nc[4].neighbours_p, 0.05);
  EXPECT_FALSE(nc[4].hot_outlier);
  // An island has no neighbours to be an outlier against.
  std::vector<std::vector<uint32_t>> none(9);
  const auto alone = bf::neighbour_contrast(brandpunt::weights::from_lists(none), observed, r, {});
  EXPECT_TRUE(std::isnan(alone[4].p));
  EXPECT_FALSE(alone[4].hot_outlier);
  EXPECT_THROW(bf::neighbour_contrast(w, std::vector<double>(3, 1), r, {}), Error);
}

TEST(FocusExcess, missing_population_falls_back_to_the_baseline_share_of_the_city) {
  // Areas 0-2 have inhabitants, area 3 does not: it gets its share of the city in the baseline
  // months (its 10 of 100 incidents, plus the prior 0.5 per area) times the city's 50 now.
  const std::vector<double> observed = {10, 10, 10, 20};
  const std::vector<double> pop = {1000, 1000, 1000, NAN};
  const std::vector<double> baseline = {30, 30, 30, 10};
  const bf::ExcessResult r =
      bf::excess_over_expectation(observed, {pop, {}, {}, baseline}, {});
  EXPECT_EQ(r.per_area[0].exposure, bf::Exposure::population);
  EXPECT_EQ(r.per_area[3].exposure, bf::Exposure::baseline);
  EXPECT_DOUBLE_EQ(r.per_area[0].expected, 10);  // 30 incidents over the 3,000 with population
  EXPECT_DOUBLE_EQ(r.per_area[3].expected, 50 * 10.5 / 102);
  EXPECT_EQ(r.areas_by_exposure[static_cast<size_t>(bf::Exposure::population)], 3);
  EXPECT_EQ(r.areas_by_exposure[static_cast<size_t>(bf::Exposure::baseline)], 1);
  EXPECT_EQ(r.primary, bf::Exposure::population);
}

TEST(FocusExcess, forced_exposures_and_streets_by_length) {
  const std::vector<double> observed = {8, 2};
  const std::vector<double> length = {100, 300};
  const bf::ExcessResult a = bf::excess_over_expectation(observed, {{}, {}, length, {}}, {});
  EXPECT_EQ(a.per_area[0].exposure, bf::Exposure::length);
  EXPECT_DOUBLE_EQ(a.per_area[0].expected, 2.5);
  bf::ExcessOptions o;
  o.exposure = bf::ExposureChoice::baseline;
  const bf::ExcessResult b =
      bf::excess_over_expectation(observed, {{}, {}, length, std::vector<double>{0, 9}}, o);
  EXPECT_EQ(b.per_area[0].exposure, bf::Exposure::baseline);
  EXPECT_DOUBLE_EQ(b.per_area[0].expected, 10 * 0.5 / 10);  // never seen before: the prior
  EXPECT_EQ(bf::parse_exposure_choice("auto"), bf::ExposureChoice::automatic);
  EXPECT_THROW(bf::parse_exposure_choice("people"), Error);
}

TEST(FocusExcess, noisy_counts_are_whole_and_never_negative) {
  // Published counts in the public profile carry noise: -1 counts as 0, 4.6 as 5.
  const std::vector<double> observed = {-1, 4.6, 5};
  const std::vector<double> area = {1, 1, 1};
  const bf::ExcessResult r = bf::excess_over_expectation(observed, {{}, area, {}, {}}, {});
  EXPECT_EQ(r.per_area[0].observed, 0);
  EXPECT_EQ(r.per_area[1].observed, 5);
  EXPECT_DOUBLE_EQ(r.per_area[0].expected, 10.0 / 3);
  EXPECT_EQ(r.per_area[0].p, 1);
  EXPECT_EQ(r.per_area[0].lower, 0);
  EXPECT_THROW(bf::excess_over_expectation(observed, {{}, std::vector<double>{1, 1}, {}, {}}, {}),
               Error);
}
