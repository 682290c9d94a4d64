#include "time/mann_kendall.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

namespace bt = brandpunt::time;

namespace {

// |a - b| <= 1e-9 relative to max(1, |b|), and also 1e-9 relative for tiny p-values.
void expect_close(double got, double want, const std::string& what) {
  const double tol = 1e-9 * std::max(1.0, std::fabs(want));
  EXPECT_NEAR(got, want, tol) << what;
  if (want != 0 && std::fabs(want) < 1) {
    EXPECT_NEAR(got / want, 1.0, 1e-9) << what << " (relative)";
  }
}

}  // namespace

TEST(MannKendall, matches_R_on_every_oracle_series_ties_included) {
  const std::filesystem::path path =
      std::filesystem::path(BRANDPUNT_SHARED_DIR) / "oracle/out/mann_kendall.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "oracle missing: " << path;
  std::ifstream in(path);
  const nlohmann::json j = nlohmann::json::parse(in);
  int checked = 0;
  for (const auto& [name, s] : j.at("series").items()) {
    const std::vector<double> x = s.at("x").get<std::vector<double>>();
    const bt::MannKendall mk = bt::mann_kendall(x);
    EXPECT_EQ(mk.n, s.at("n").get<int>()) << name;
    EXPECT_FALSE(mk.too_short) << name;
    expect_close(mk.S, s.at("S").get<double>(), name + " S");
    expect_close(mk.var_S, s.at("varS").get<double>(), name + " varS");
    expect_close(mk.Z, s.at("Z").get<double>(), name + " Z");
    expect_close(mk.Z_no_continuity, s.at("Z_no_continuity").get<double>(), name + " Z_nc");
    expect_close(mk.p, s.at("p_two_sided").get<double>(), name + " p");
    expect_close(mk.p_no_continuity, s.at("p_two_sided_no_continuity").get<double>(),
                 name + " p_nc");
    expect_close(mk.tau_a, s.at("tau_a").get<double>(), name + " tau_a");
    if (s.at("tau_b").is_null())
      EXPECT_TRUE(std::isnan(mk.tau_b)) << name << ": all tied, tau_b undefined";
    else
      expect_close(mk.tau_b, s.at("tau_b").get<double>(), name + " tau_b");
    ++checked;
  }
  EXPECT_EQ(checked, 9);
}

TEST(MannKendall, all_equal_series_follows_the_oracle_convention) {
  const std::vector<double> x(12, 7.0);
  const bt::MannKendall mk = bt::mann_kendall(x);
  EXPECT_EQ(mk.S, 0);
  EXPECT_EQ(mk.var_S, 0);
  EXPECT_EQ(mk.Z, 0);
  EXPECT_EQ(mk.p, 1);
  EXPECT_TRUE(std::isnan(mk.tau_b));
  EXPECT_EQ(mk.tau_a, 0);
  EXPECT_EQ(mk.sen_slope, 0);
  EXPECT_EQ(mk.sen_intercept, 7);
}

TEST(MannKendall, short_series_report_too_short_instead_of_a_p_value) {
  const std::vector<double> x = {1, 2, 3};
  const bt::MannKendall mk = bt::mann_kendall(x);
  EXPECT_TRUE(mk.too_short);
  EXPECT_EQ(mk.S, 3);  // S and var(S) are still reported
  EXPECT_NEAR(mk.var_S, 3.0 * 2 * 11 / 18, 1e-12);
  EXPECT_TRUE(std::isnan(mk.Z));
  EXPECT_TRUE(std::isnan(mk.p));
  // At the documented minimum (4) a p-value exists; a custom minimum is honoured.
  const std::vector<double> y = {1, 2, 3, 4};
  EXPECT_FALSE(bt::mann_kendall(y).too_short);
  EXPECT_NEAR(bt::mann_kendall(y).p, std::erfc(5.0 / std::sqrt(26.0 / 3.0) / std::sqrt(2.0)),
              1e-15);
  EXPECT_TRUE(bt::mann_kendall(y, 10).too_short);
  EXPECT_TRUE(bt::mann_kendall(std::vector<double>{}).too_short);
}

TEST(MannKendall, sen_slope_is_the_median_pairwise_slope) {
  // Exact line: slope 2, intercept 1.
  std::vector<double> line;
  for (int t = 0; t < 10; ++t) line.push_back(1 + 2 * t);
  EXPECT_DOUBLE_EQ(bt::mann_kendall(line).sen_slope, 2.0);
  EXPECT_DOUBLE_EQ(bt::mann_kendall(line).sen_intercept, 1.0);
  // x = 1, 3, 2, 5: slopes (j>i) 2, 0.5, 4/3, -1, 1, 3 -> sorted -1 .5 1 4/3 2 3 -> median 7/6.
  const std::vector<double> x = {1, 3, 2, 5};
  const bt::MannKendall mk = bt::mann_kendall(x);
  EXPECT_NEAR(mk.sen_slope, (1.0 + 4.0 / 3.0) / 2, 1e-15);
  // intercept = median(x) - slope * median(t) = 2.5 - 7/6 * 1.5
  EXPECT_NEAR(mk.sen_intercept, 2.5 - 7.0 / 6.0 * 1.5, 1e-15);
  // An outlier does not move it much (robustness is why Sen, not least squares).
  std::vector<double> spike = line;
  spike[5] = 1000;
  EXPECT_DOUBLE_EQ(bt::mann_kendall(spike).sen_slope, 2.0);
  // no_slope variant agrees on the test itself.
  EXPECT_EQ(bt::mann_kendall_no_slope(x).S, mk.S);
  EXPECT_EQ(bt::mann_kendall_no_slope(x).p, mk.p);
}

TEST(MannKendall, S_and_variance_match_a_brute_force_count_on_count_series) {
  // Poisson-like integer series with many ties; S by explicit pair enumeration and var(S)
  // by enumerating tie groups with a map.
  std::vector<double> x;
  uint32_t state = 12345;  // fixed LCG seed
  for (int t = 0; t < 120; ++t) {
    state = state * 1664525u + 1013904223u;
    x.push_back(static_cast<double>((state >> 24) % 5 + t / 40));
  }
  long s = 0;
  for (size_t i = 0; i < x.size(); ++i)
    for (size_t j = i + 1; j < x.size(); ++j) s += (x[j] > x[i]) - (x[j] < x[i]);
  std::map<double, long> groups;
  for (double v : x) ++groups[v];
  const long n = 120;
  long ties = 0;
  for (const auto& [v, t] : groups) ties += t * (t - 1) * (2 * t + 5);
  const bt::MannKendall mk = bt::mann_kendall(x);
  EXPECT_EQ(mk.S, static_cast<double>(s));
  EXPECT_DOUBLE_EQ(mk.var_S, static_cast<double>(n * (n - 1) * (2 * n + 5) - ties) / 18.0);
}

TEST(MannKendall, sen_slope_equals_the_sorted_median_bit_for_bit_on_sparse_and_dense_series) {
  // Sparse count series (mostly zeros, where the median slope is 0 without sorting) and dense
  // ones, odd and even pair counts: the slope and intercept equal a full sort's median exactly.
  uint32_t state = 2024;
  auto next = [&] { return state = state * 1664525u + 1013904223u; };
  int zero_medians = 0, other = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const int n = 2 + static_cast<int>(next() >> 27);  // 2..33 steps
    const uint32_t sparsity = 1 + trial % 8;           // 1 in `sparsity` steps has incidents
    std::vector<double> x;
    for (int t = 0; t < n; ++t) x.push_back(next() % sparsity == 0 ? static_cast<double>((next() >> 28) % 6) : 0.0);
    std::vector<double> slopes;
    for (int i = 0; i < n; ++i)
      for (int j = i + 1; j < n; ++j) slopes.push_back((x[j] - x[i]) / (j - i));
    std::sort(slopes.begin(), slopes.end());
    const size_t m = slopes.size();
    const double median = m % 2 ? slopes[m / 2] : 0.5 * (slopes[m / 2 - 1] + slopes[m / 2]);
    std::vector<double> values = x;
    std::sort(values.begin(), values.end());
    const double vmed = n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
    const bt::MannKendall mk = bt::mann_kendall(x);
    ASSERT_EQ(std::signbit(mk.sen_slope), std::signbit(median)) << trial;
    ASSERT_EQ(mk.sen_slope, median) << trial;
    ASSERT_EQ(mk.sen_intercept, vmed - median * 0.5 * (n - 1)) << trial;
    (median == 0 ? zero_medians : other) += 1;
  }
  EXPECT_GT(zero_medians, 50);  // both paths are exercised
  EXPECT_GT(other, 50);
}
