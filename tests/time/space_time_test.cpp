#include "time/space_time.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "core/error.hpp"

namespace bt = brandpunt::time;
namespace bw = brandpunt::weights;

TEST(SpaceTimeGiStar, one_step_without_lags_is_spdep_gi_star_on_columbus) {
  const std::filesystem::path path =
      std::filesystem::path(BRANDPUNT_SHARED_DIR) / "oracle/out/columbus.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "oracle missing: " << path;
  std::ifstream in(path);
  const nlohmann::json j = nlohmann::json::parse(in);
  const std::vector<double> x = j.at("input").at("x").get<std::vector<double>>();
  for (const char* wname : {"queen", "knn4", "dband_0.9"}) {
    const auto lists =
        j.at("weights").at(wname).at("neighbours").get<std::vector<std::vector<uint32_t>>>();
    const bw::Weights w = bw::from_lists(lists, wname);
    const std::vector<double> z = bt::space_time_gi_star(w, x, x.size(), 1, 0);
    const std::vector<double> want =
        j.at("results").at(wname).at("B").at("Gi_star").at("z").get<std::vector<double>>();
    ASSERT_EQ(z.size(), want.size());
    for (size_t i = 0; i < z.size(); ++i)
      EXPECT_NEAR(z[i], want[i], 1e-10 * std::max(1.0, std::fabs(want[i]))) << wname << " " << i;
    // Lags make no difference with a single step; self in the lists changes nothing.
    EXPECT_EQ(bt::space_time_gi_star(w, x, x.size(), 1, 3), z);
    const std::vector<double> zs = bt::space_time_gi_star(bw::with_self(w), x, x.size(), 1, 0);
    for (size_t i = 0; i < z.size(); ++i) EXPECT_DOUBLE_EQ(zs[i], z[i]);
  }
}

TEST(SpaceTimeGiStar, matches_a_brute_force_neighbourhood_oracle) {
  // 7 locations on a ring with one island, 9 steps, 2 time lags.
  const std::vector<std::vector<uint32_t>> lists = {{1, 5}, {0, 2}, {1, 3}, {2, 4},
                                                    {3, 5}, {4, 0}, {}};
  const bw::Weights w = bw::from_lists(lists);
  const size_t L = 7, T = 9;
  const int lags = 2;
  std::vector<double> x(L * T);
  uint32_t state = 7;  // fixed LCG seed
  for (double& v : x) {
    state = state * 1664525u + 1013904223u;
    v = static_cast<double>((state >> 26) % 9);
  }
  const std::vector<double> z = bt::space_time_gi_star(w, x, L, T, lags);
  // Oracle: the general Ord-Getis Gi* with explicit 0/1 weights over all N bins.
  const double N = static_cast<double>(L * T);
  double sum = 0, sum2 = 0;
  for (double v : x) sum += v, sum2 += v * v;
  const double mean = sum / N, s = std::sqrt(sum2 / N - mean * mean);
  for (size_t i = 0; i < L; ++i) {
    std::set<size_t> space(lists[i].begin(), lists[i].end());
    space.insert(i);
    for (size_t t = 0; t < T; ++t) {
      double lag = 0, W = 0;
      for (size_t j : space)
        for (size_t u = 0; u <= t; ++u)
          if (static_cast<int>(t - u) <= lags) lag += x[j * T + u], W += 1;
      const double want = (lag - W * mean) / (s * std::sqrt((N * W - W * W) / (N - 1)));
      EXPECT_NEAR(z[i * T + t], want, 1e-12) << i << "," << t;
    }
  }
}

TEST(SpaceTimeGiStar, a_cube_of_counts_and_degenerate_inputs) {
  bt::Cube c;
  c.n_locations = 3;
  c.n_steps = 4;
  c.counts = {0, 0, 0, 9, 0, 0, 0, 9, 1, 1, 1, 1};
  const bw::Weights w = bw::from_lists({{1}, {0}, {}});
  const std::vector<double> z = bt::space_time_gi_star(w, c, 1);
  ASSERT_EQ(z.size(), 12u);
  // Bin (0, 3): locations {0, 1} x steps {2, 3} hold 0, 9, 0, 9; mean 22/12 over 12 bins.
  const double mean = 22.0 / 12, s2 = (81.0 + 81 + 4) / 12 - mean * mean;
  EXPECT_NEAR(z[3], (18 - 4 * mean) / std::sqrt(s2 * (12.0 * 4 - 16) / 11), 1e-12);
  EXPECT_NEAR(z[3], 1.93255, 1e-5);
  EXPECT_DOUBLE_EQ(z[3], z[7]);
  EXPECT_LT(z[0], 0);
  const std::vector<double> p = bt::two_sided_p(z);
  EXPECT_LT(p[3], 0.10);  // hot at 90% confidence only
  EXPECT_GT(p[3], 0.05);
  EXPECT_NEAR(p[0], std::erfc(std::fabs(z[0]) / std::sqrt(2.0)), 1e-15);
  // A constant cube has no hot spots.
  c.counts.assign(12, 4);
  for (double v : bt::space_time_gi_star(w, c, 1)) EXPECT_EQ(v, 0.0);
  EXPECT_THROW(bt::space_time_gi_star(w, c, -1), brandpunt::Error);
  const bw::Weights wrong = bw::from_lists({{1}, {0}});
  EXPECT_THROW(bt::space_time_gi_star(wrong, c, 1), brandpunt::Error);
}

