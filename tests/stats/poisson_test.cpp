// The exact Poisson test against R's poisson.test: p-values and confidence limits of the
// standardised incidence ratio on a table of cases made by R itself
// (tests/stats/data/poisson_reference.R -> poisson_reference.csv).
#include "stats/poisson.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace brandpunt::stats {
namespace {

struct Case {
  int64_t x;
  double mu, p_greater, p_less, p_two, lower, upper, lower_one;
};

std::vector<Case> reference() {
  std::ifstream in(std::string(BRANDPUNT_SOURCE_DIR) + "/tests/stats/data/poisson_reference.csv");
  std::vector<Case> out;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string f;
    std::vector<double> v;
    while (std::getline(ss, f, ',')) v.push_back(std::stod(f));
    if (v.size() != 8) continue;
    out.push_back({static_cast<int64_t>(v[0]), v[1], v[2], v[3], v[4], v[5], v[6], v[7]});
  }
  return out;
}

// Relative difference, absolute below 1e-300 (both tiny).
double rel(double got, double want) {
  if (want == 0) return std::fabs(got);
  return std::fabs(got - want) / std::fabs(want);
}

TEST(PoissonTest, p_values_and_limits_equal_r_poisson_test_to_1e9) {
  const std::vector<Case> cases = reference();
  ASSERT_EQ(cases.size(), 76u) << "reference table missing or changed";
  double worst = 0;
  for (const Case& c : cases) {
    const PoissonTest t = poisson_test(static_cast<double>(c.x), c.mu);
    SCOPED_TRACE("x = " + std::to_string(c.x) + ", mu = " + std::to_string(c.mu));
    for (auto [got, want] : {std::pair{t.p_greater, c.p_greater}, {t.p_less, c.p_less},
                             {t.p_two_sided, c.p_two}, {t.lower, c.lower}, {t.upper, c.upper},
                             {t.lower_one_sided, c.lower_one}}) {
      EXPECT_LT(rel(got, want), 1e-9) << got << " vs R " << want;
      worst = std::max(worst, rel(got, want));
    }
    EXPECT_DOUBLE_EQ(t.sir, static_cast<double>(c.x) / c.mu);
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", worst);
  RecordProperty("worst_relative_difference", buf);
}

TEST(PoissonTest, tails_are_complementary_and_the_pmf_sums_to_one) {
  for (double mu : {0.3, 7.5, 120.0}) {
    double sum = 0;
    for (int64_t k = 0; k < 400; ++k) sum += poisson_pmf(k, mu);
    EXPECT_NEAR(sum, 1.0, 1e-13) << mu;
    for (int64_t x : {0, 3, 7, 8, 119, 120, 121}) {
      EXPECT_NEAR(poisson_lower_tail(x, mu) + poisson_upper_tail(x + 1, mu), 1.0, 1e-14);
      EXPECT_NEAR(poisson_upper_tail(x, mu) - poisson_upper_tail(x + 1, mu), poisson_pmf(x, mu),
                  1e-14);
    }
  }
  // Known closed forms: P(X >= 1) = 1 - e^-mu, P(X = 0) = e^-mu.
  EXPECT_NEAR(poisson_upper_tail(1, 2.5), 1 - std::exp(-2.5), 1e-15);
  EXPECT_DOUBLE_EQ(poisson_pmf(0, 2.5), std::exp(-2.5));
}

TEST(PoissonTest, the_limits_invert_the_tails) {
  for (int64_t x : {1, 4, 45, 900}) {
    const double lo = poisson_mean_lower(x, 0.05);
    EXPECT_NEAR(poisson_upper_tail(x, lo), 0.05, 1e-12) << x;
    const double hi = poisson_mean_upper(x, 0.025);
    EXPECT_NEAR(poisson_lower_tail(x, hi), 0.025, 1e-12) << x;
  }
}

TEST(PoissonTest, noisy_counts_are_rounded_and_bad_input_is_refused) {
  // A published (noisy) count is an integer; a negative one means none.
  EXPECT_EQ(poisson_test(-2, 3).observed, 0);
  EXPECT_EQ(poisson_test(4.4, 3).observed, 4);
  EXPECT_THROW(poisson_test(3, 0), Error);
  EXPECT_THROW(poisson_test(NAN, 3), Error);
  EXPECT_THROW(poisson_test(3, 2, 1.0), Error);
}

}  // namespace
// Binomial probabilities (the conditional test of an area against its neighbours) against R's
// dbinom and pbinom on a table made by R (tests/stats/data/binomial_reference.R).
TEST(BinomialTail, pmf_and_upper_tail_equal_r_dbinom_and_pbinom_to_1e9) {
  std::ifstream in(std::string(BRANDPUNT_SOURCE_DIR) + "/tests/stats/data/binomial_reference.csv");
  std::string line;
  std::getline(in, line);  // header
  int cases = 0;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string f;
    std::vector<double> v;
    while (std::getline(ss, f, ',')) v.push_back(std::stod(f));
    if (v.size() != 5) continue;
    ++cases;
    const auto x = static_cast<int64_t>(v[0]), n = static_cast<int64_t>(v[1]);
    SCOPED_TRACE(line);
    EXPECT_LT(rel(binomial_pmf(x, n, v[2]), v[3]), 1e-9);
    EXPECT_LT(rel(binomial_upper_tail(x, n, v[2]), v[4]), 1e-9);
  }
  EXPECT_EQ(cases, 71) << "reference table missing or changed";
  // Closed forms: P(X >= 8) of Binomial(10, 1/2) = 56 / 1024; the pmf sums to 1.
  EXPECT_NEAR(binomial_upper_tail(8, 10, 0.5), 56.0 / 1024, 1e-15);
  double sum = 0;
  for (int64_t k = 0; k <= 300; ++k) sum += binomial_pmf(k, 300, 0.37);
  EXPECT_NEAR(sum, 1.0, 1e-13);
  EXPECT_EQ(binomial_upper_tail(0, 5, 0.3), 1.0);
  EXPECT_EQ(binomial_upper_tail(6, 5, 0.3), 0.0);
  EXPECT_THROW(binomial_pmf(1, 5, 1.5), Error);
}

}  // namespace brandpunt::stats
