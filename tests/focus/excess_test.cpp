#include "focus/excess.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.hpp"
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
