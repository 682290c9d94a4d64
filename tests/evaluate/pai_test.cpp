// Hit rate, PAI, PEI and RRI of ranked lists: ptools' published case, unequal areas, the
// knapsack bound, and the random-list baseline.
#include "evaluate/pai.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "core/error.hpp"

namespace ev = brandpunt::evaluate;

TEST(Pai, reproduces_ptools_cumulative_pai_and_pei_on_equal_areas) {
  // ptools tests/testthat/test-pai.R: observed (6, 3, 0) ranked by predicted (3, 2, 1).
  const std::vector<double> observed = {6, 3, 0}, size = {1, 1, 1};
  const std::vector<uint32_t> ranked = {0, 1, 2};
  const auto curve = ev::score_ranked_list({observed, {}, size}, ranked);
  ASSERT_EQ(curve.size(), 3u);
  const double pai[3] = {2, 1.5, 1};
  for (size_t k = 0; k < 3; ++k) {
    EXPECT_NEAR(curve[k].pai, pai[k], 1e-15) << k;
    EXPECT_NEAR(curve[k].pei, 1.0, 1e-15) << k;
    EXPECT_EQ(curve[k].k, k + 1);
  }
  EXPECT_NEAR(curve[0].hit_rate, 6.0 / 9, 1e-15);
  EXPECT_NEAR(curve[1].hit_rate, 1.0, 1e-15);
  EXPECT_TRUE(std::isnan(curve[0].rri));  // no T1 counts given
}

TEST(Pai, pei_falls_below_one_when_the_list_misses_the_busiest_area) {
  const std::vector<double> observed = {0, 3, 6}, size = {1, 1, 1};
  const std::vector<uint32_t> ranked = {0, 1, 2};
  const auto curve = ev::score_ranked_list({observed, {}, size}, ranked);
  EXPECT_NEAR(curve[0].pai, 0.0, 1e-15);
  EXPECT_NEAR(curve[0].pai_best, 2.0, 1e-15);  // the busiest single area: (6/9)/(1/3)
  EXPECT_NEAR(curve[0].pei, 0.0, 1e-15);
  EXPECT_NEAR(curve[1].pai, (3.0 / 9) / (2.0 / 3), 1e-15);
  EXPECT_NEAR(curve[1].pei, ((3.0 / 9) / (2.0 / 3)) / 1.5, 1e-15);
  EXPECT_NEAR(curve[2].pei, 1.0, 1e-15);
}

TEST(Pai, best_pai_on_unequal_areas_is_the_fractional_density_bound) {
  // Densities: area 0: 10/2 = 5, area 1: 4/1 = 4, area 2: 1/1 = 1. A = 4, N = 15.
  const std::vector<double> observed = {10, 4, 1}, size = {2, 1, 1};
  const ev::ScoreInput in{observed, {}, size};
  // Size 1: half of area 0 (5 incidents): (5/15)/(1/4).
  EXPECT_NEAR(ev::best_pai(in, 1), (5.0 / 15) / 0.25, 1e-14);
  // Size 3: areas 0 and 1 whole.
  EXPECT_NEAR(ev::best_pai(in, 3), (14.0 / 15) / 0.75, 1e-14);
  // A list that takes area 1 first: PAI (4/15)/(1/4), PAI* at size 1 as above.
  const std::vector<uint32_t> ranked = {1, 0};
  const auto curve = ev::score_ranked_list(in, ranked);
  EXPECT_NEAR(curve[0].pai, (4.0 / 15) / 0.25, 1e-14);
  EXPECT_NEAR(curve[0].pei, 4.0 / 5.0, 1e-14);
  EXPECT_NEAR(curve[1].pei, 1.0, 1e-14);  // areas 0 and 1 are the best three km²
  // PEI never exceeds 1 and PAI* never falls below PAI, on any list order.
  for (const auto& order : {std::vector<uint32_t>{0, 1, 2}, std::vector<uint32_t>{2, 1, 0},
                            std::vector<uint32_t>{1, 2, 0}})
    for (const auto& p : ev::score_ranked_list(in, order)) {
      EXPECT_LE(p.pei, 1.0 + 1e-12);
      EXPECT_GE(p.pai_best, p.pai - 1e-12);
    }
}

TEST(Pai, rri_is_the_ratio_of_out_of_sample_to_in_sample_pai) {
  // T1: the listed areas 0 and 1 held 8 of 10; T2: 6 of 12.
  const std::vector<double> t2 = {4, 2, 3, 3}, t1 = {5, 3, 1, 1}, size = {1, 1, 1, 1};
  const std::vector<uint32_t> ranked = {0, 1};
  const auto curve = ev::score_ranked_list({t2, t1, size}, ranked);
  EXPECT_NEAR(curve[1].pai, (6.0 / 12) / 0.5, 1e-15);
  EXPECT_NEAR(curve[1].pai_before, (8.0 / 10) / 0.5, 1e-15);
  EXPECT_NEAR(curve[1].rri, (6.0 / 12) / (8.0 / 10), 1e-15);  // Levine: (n2/N2)/(n1/N1)
  EXPECT_EQ(curve[1].hits_before, 8);
}

TEST(Pai, no_incidents_in_the_scoring_period_gives_nan_not_a_number) {
  const std::vector<double> t2 = {0, 0}, size = {1, 1};
  const std::vector<uint32_t> ranked = {0};
  const auto curve = ev::score_ranked_list({t2, {}, size}, ranked);
  EXPECT_TRUE(std::isnan(curve[0].pai));
  EXPECT_TRUE(std::isnan(curve[0].pei));
  EXPECT_TRUE(std::isnan(ev::random_list_baseline({t2, {}, size}, 1, 1.0, 10, 1).mean_pai));
}

TEST(Pai, bad_input_is_an_error) {
  const std::vector<double> t2 = {1, 2}, size = {1, 0};
  const std::vector<uint32_t> ranked = {0};
  EXPECT_THROW(ev::score_ranked_list({t2, {}, size}, ranked), brandpunt::Error);
  const std::vector<double> ok_size = {1, 1};
  const std::vector<uint32_t> twice = {0, 0}, outside = {2};
  EXPECT_THROW(ev::score_ranked_list({t2, {}, ok_size}, twice), brandpunt::Error);
  EXPECT_THROW(ev::score_ranked_list({t2, {}, ok_size}, outside), brandpunt::Error);
}

TEST(Pai, random_lists_average_a_pai_near_one_and_a_hotspot_list_beats_them) {
  // 200 equal areas, background 2 each, ten hotspots of 20.
  std::vector<double> t2(200, 2.0), size(200, 1.0);
  for (size_t i = 0; i < 10; ++i) t2[i * 17] = 20;
  std::vector<uint32_t> hot;
  for (uint32_t i = 0; i < 10; ++i) hot.push_back(i * 17);
  const ev::ScoreInput in{t2, {}, size};
  const double pai = ev::score_ranked_list(in, hot).back().pai;
  EXPECT_NEAR(pai, (200.0 / 580) / (10.0 / 200), 1e-12);
  const auto base = ev::random_list_baseline(in, 10, pai, 999, 7);
  EXPECT_NEAR(base.mean_pai, 1.0, 0.05);  // exact expectation for equal areas: 1
  EXPECT_LT(base.p95_pai, pai);
  EXPECT_NEAR(base.p, 1.0 / 1000, 1e-15);  // no random list of 10 does as well
  // Same seed, same numbers; another seed, other draws.
  const auto again = ev::random_list_baseline(in, 10, pai, 999, 7);
  EXPECT_EQ(base.mean_pai, again.mean_pai);
  EXPECT_NE(base.mean_pai, ev::random_list_baseline(in, 10, pai, 999, 8).mean_pai);
  // A random list itself is typical: the p of PAI 1 is large.
  EXPECT_GT(ev::random_list_baseline(in, 10, 1.0, 999, 7).p, 0.2);
}
