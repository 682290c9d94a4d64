#include "time/change.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/error.hpp"

namespace bt = brandpunt::time;
using bt::Step;
using bt::Window;

namespace {
int64_t day(const char* iso) { return bt::parse_iso_date(iso); }
// Expected p-values below are R's binom.test two-sided rule evaluated in exact rational
// arithmetic (Python fractions); poisson.test(c(x1, x2), c(t1, t2)) = binom.test(x1, x1 + x2,
// t1 / (t1 + t2)).
constexpr double kRel = 1e-12;
}  // namespace

TEST(Change, two_to_four_is_plus_100_percent_but_not_significant) {
  const bt::Change c = bt::compare_periods(4, 2);
  EXPECT_EQ(c.abs_change, 2);
  EXPECT_DOUBLE_EQ(c.pct_change, 100.0);
  EXPECT_NEAR(c.p, 0.6875, 0.6875 * kRel);  // (15 + 6 + 1 + 1 + 6 + 15) / 64
  EXPECT_FALSE(c.significant);
  EXPECT_NEAR(bt::compare_periods(2, 4).p, 0.6875, kRel);  // symmetric
}

TEST(Change, ten_to_forty_is_significant) {
  const bt::Change c = bt::compare_periods(40, 10);
  EXPECT_DOUBLE_EQ(c.pct_change, 300.0);
  EXPECT_NEAR(c.p, 2.3861331676755526e-05, 2.3861331676755526e-05 * 1e-10);
  EXPECT_TRUE(c.significant);
  EXPECT_NEAR(bt::compare_periods(30, 12).p, 0.007915897334896727, 1e-13);
  EXPECT_NEAR(bt::compare_periods(13, 12).p, 1.0, 1e-15);
}

TEST(Change, zero_cases) {
  const bt::Change none = bt::compare_periods(0, 0);
  EXPECT_EQ(none.p, 1.0);
  EXPECT_FALSE(none.significant);
  EXPECT_TRUE(std::isnan(none.pct_change));
  const bt::Change from_zero = bt::compare_periods(3, 0);
  EXPECT_TRUE(std::isnan(from_zero.pct_change));  // no percentage of nothing
  EXPECT_EQ(from_zero.abs_change, 3);
  EXPECT_NEAR(from_zero.p, 0.25, 1e-15);  // 2 * 0.5^3
  EXPECT_NEAR(bt::compare_periods(0, 5).p, 0.0625, 1e-15);
  EXPECT_DOUBLE_EQ(bt::compare_periods(0, 5).pct_change, -100.0);
}

TEST(Change, unequal_exposures_and_asymmetric_binomials) {
  // 10 incidents in 2 units of time vs 2 in 1: rates 5 vs 2.
  const bt::Change c = bt::compare_periods(10, 2, 2, 1);
  EXPECT_NEAR(c.p, 0.35884510227852195, 1e-13);
  EXPECT_DOUBLE_EQ(c.pct_change, 150.0);
  EXPECT_NEAR(bt::binomial_two_sided_p(1, 10, 0.3), 0.2995766785, 1e-12);
  EXPECT_NEAR(bt::binomial_two_sided_p(7, 10, 0.3), 0.0105920784, 1e-12);
  EXPECT_EQ(bt::binomial_two_sided_p(3, 6, 0.5), 1.0);
  EXPECT_TRUE(std::isnan(bt::compare_periods(2.5, 1).p));  // not a count
  EXPECT_THROW(bt::compare_periods(1, 1, 0, 1), brandpunt::Error);
}

TEST(Change, per_location_month_quarter_and_rolling_year) {
  // 2 locations, 25 months from 2023-01 to 2025-01.
  const Window w{day("2023-01-01"), day("2025-02-01"), Step::month};
  bt::Cube c;
  c.n_locations = 2;
  c.n_steps = 25;
  c.counts.assign(50, 0);
  for (size_t t = 0; t < 25; ++t) {
    c.counts[t] = 1;              // location 0: one a month
    c.counts[25 + t] = t < 13 ? 2 : 5;  // location 1: 2 a month, then 5 from 2024-02
  }
  const bt::PeriodChange m = bt::change_vs_previous(c, w, 24);
  ASSERT_TRUE(m.available);
  EXPECT_EQ(m.current_label, "2025-01");
  EXPECT_EQ(m.previous_label, "2024-12");
  EXPECT_FALSE(m.partial);
  EXPECT_EQ(m.per_location[1].current, 5);
  EXPECT_EQ(m.per_location[1].previous, 5);
  EXPECT_EQ(m.total.current, 6);

  const bt::PeriodChange y = bt::change_vs_year_before(c, w, 24);
  ASSERT_TRUE(y.available);
  EXPECT_EQ(y.previous_label, "2024-01");
  EXPECT_EQ(y.per_location[1].previous, 2);
  EXPECT_DOUBLE_EQ(y.per_location[1].pct_change, 150.0);
  EXPECT_FALSE(y.per_location[1].significant);  // 5 vs 2: p = 0.453

  const bt::PeriodChange r = bt::change_rolling_year(c, w, 24);
  ASSERT_TRUE(r.available);
  EXPECT_EQ(r.current_label, "2024-02..2025-01");
  EXPECT_EQ(r.previous_label, "2023-02..2024-01");
  EXPECT_EQ(r.per_location[0].current, 12);
  EXPECT_EQ(r.per_location[0].previous, 12);
  EXPECT_EQ(r.per_location[1].current, 60);
  EXPECT_EQ(r.per_location[1].previous, 24);
  EXPECT_TRUE(r.per_location[1].significant);
  EXPECT_DOUBLE_EQ(r.exposure_current, 12.0);

  // Too few steps for a rolling year ending in 2024-06: said, not guessed.
  const bt::PeriodChange short_r = bt::change_rolling_year(c, w, 17);
  EXPECT_FALSE(short_r.available);
  EXPECT_NE(short_r.reason.find("needs 24 steps"), std::string::npos) << short_r.reason;
  EXPECT_THROW(bt::change_vs_previous(c, w, 25), brandpunt::Error);

  // The same by quarter: 2025-Q1 holds only January, so it is partial and scaled by 31/90.
  Window qw;
  const bt::Cube q = bt::months_to_quarters(c, w, &qw);
  ASSERT_EQ(q.n_steps, 9u);
  const bt::PeriodChange qy = bt::change_vs_year_before(q, qw, 7);
  ASSERT_TRUE(qy.available);
  EXPECT_EQ(qy.current_label, "2024-Q4");
  EXPECT_EQ(qy.previous_label, "2023-Q4");
  EXPECT_FALSE(qy.partial);
  EXPECT_EQ(qy.per_location[1].current, 15);
  EXPECT_EQ(qy.per_location[1].previous, 6);
  const bt::PeriodChange qp = bt::change_vs_previous(q, qw, 8);
  EXPECT_TRUE(qp.partial);
  EXPECT_NEAR(qp.exposure_current, 31.0 / 90.0, 1e-15);
  EXPECT_EQ(qp.per_location[0].current, 1);
  EXPECT_EQ(qp.per_location[0].previous, 3);
  EXPECT_NEAR(qp.per_location[0].pct_change, 100.0 * ((1 / (31.0 / 90)) / 3.0 - 1), 1e-12);
  const bt::PeriodChange qr = bt::change_rolling_year(q, qw, 7);
  EXPECT_EQ(qr.current_label, "2024-Q1..2024-Q4");
  EXPECT_EQ(qr.per_location[1].current, (2 + 5 + 5) + 15 + 15 + 15);  // Jan 2024 = 2, then 5s
}

TEST(Change, a_partial_step_is_flagged_and_scaled) {
  // January from the 16th (16 of 31 days) vs a full February.
  const Window w{day("2024-01-16"), day("2024-03-01"), Step::month};
  bt::Cube c;
  c.n_locations = 1;
  c.n_steps = 2;
  c.counts = {8, 8};
  const bt::PeriodChange m = bt::change_vs_previous(c, w, 1);
  ASSERT_TRUE(m.available);
  EXPECT_TRUE(m.partial);
  EXPECT_DOUBLE_EQ(m.exposure_previous, 16.0 / 31.0);
  // Same count in about half the time: the rate halved, -48.4 %, not +0 %.
  EXPECT_NEAR(m.per_location[0].pct_change, 100.0 * ((8.0 / 1.0) / (8.0 / (16.0 / 31.0)) - 1),
              1e-12);
  EXPECT_EQ(m.per_location[0].abs_change, 0);
}

TEST(Change, binomial_p_equals_the_term_by_term_formula_bit_for_bit) {
  // R's two-sided rule with every probability from its own lgamma terms (the formula before the
  // log-factorials were shared): the shared computation gives the same bits.
  auto reference = [](int64_t x, int64_t n, double prob) {
    std::vector<double> pmf(static_cast<size_t>(n) + 1);
    for (int64_t k = 0; k <= n; ++k) {
      const double kd = static_cast<double>(k), nd = static_cast<double>(n);
      pmf[static_cast<size_t>(k)] = std::exp(std::lgamma(nd + 1) - std::lgamma(kd + 1) - std::lgamma(nd - kd + 1) +
                                             kd * std::log(prob) + (nd - kd) * std::log1p(-prob));
    }
    const double m = static_cast<double>(n) * prob, d = pmf[static_cast<size_t>(x)] * (1 + 1e-7);
    auto sum = [&](int64_t from, int64_t to) {
      double s = 0;
      for (int64_t k = std::max<int64_t>(from, 0); k <= std::min(to, n); ++k) s += pmf[static_cast<size_t>(k)];
      return s;
    };
    int64_t y = 0;
    if (static_cast<double>(x) < m) {
      for (int64_t k = static_cast<int64_t>(std::ceil(m)); k <= n; ++k) y += pmf[static_cast<size_t>(k)] <= d;
      return std::min(1.0, sum(0, x) + sum(n - y + 1, n));
    }
    for (int64_t k = 0; k <= static_cast<int64_t>(std::floor(m)); ++k) y += pmf[static_cast<size_t>(k)] <= d;
    return std::min(1.0, sum(0, y - 1) + sum(x, n));
  };
  int checked = 0;
  for (int64_t n : {1, 2, 7, 30, 151, 999})
    for (double prob : {0.5, 1.0 / 3.0, 0.0833, 0.9})
      for (int64_t x = 0; x <= n; x += 1 + n / 13) {
        if (static_cast<double>(x) == static_cast<double>(n) * prob) continue;
        ASSERT_EQ(bt::binomial_two_sided_p(x, n, prob), reference(x, n, prob)) << x << "/" << n << " p=" << prob;
        ++checked;
      }
  EXPECT_GT(checked, 100);
}
