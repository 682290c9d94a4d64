#include "time/series_fit.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace bt = brandpunt::time;

namespace {
constexpr int month(int y, int m) { return y * 12 + m - 1; }
}  // namespace

TEST(SeriesFit, by_default_the_series_covers_the_months_with_data) {
  // Atlanta: ten months of data (2022-01..2022-10).
  bt::SeriesRequest r;
  r.end_month = month(2022, 10);
  r.first_data_month = month(2022, 1);
  r.last_data_month = month(2022, 10);
  const bt::SeriesFit f = bt::fit_series(r);
  EXPECT_EQ(f.months, 10);
  EXPECT_EQ(f.first_month, month(2022, 1));
  EXPECT_EQ(f.steps, 10);
  EXPECT_EQ(f.months_before_data, 0);
  EXPECT_FALSE(f.too_short_for_trends);
  EXPECT_TRUE(f.warnings.empty());
  // Long data: at most 36 months.
  r.first_data_month = month(2015, 1);
  const bt::SeriesFit g = bt::fit_series(r);
  EXPECT_EQ(g.months, 36);
  EXPECT_EQ(bt::month_text(g.first_month), "2019-11");
}

TEST(SeriesFit, a_configured_series_before_the_first_incident_is_kept_with_a_warning) {
  bt::SeriesRequest r;
  r.end_month = month(2022, 10);
  r.configured_months = 36;
  r.first_data_month = month(2022, 1);
  r.last_data_month = month(2022, 10);
  const bt::SeriesFit f = bt::fit_series(r);
  EXPECT_EQ(f.months, 36);
  EXPECT_EQ(bt::month_text(f.first_month), "2019-11");
  EXPECT_EQ(f.months_before_data, 26);
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_NE(f.warnings[0].find("before the first incident (2022-01)"), std::string::npos)
      << f.warnings[0];
  EXPECT_NE(f.warnings[0].find("first 26 months"), std::string::npos) << f.warnings[0];
  r.configured_months = -1;
  EXPECT_THROW(bt::fit_series(r), brandpunt::Error);
}

TEST(SeriesFit, a_series_shorter_than_the_trend_minimum_says_so) {
  bt::SeriesRequest r;
  r.end_month = month(2024, 3);
  r.first_data_month = month(2024, 1);
  r.last_data_month = month(2024, 3);
  r.min_trend_length = 4;
  const bt::SeriesFit f = bt::fit_series(r);
  EXPECT_EQ(f.months, 3);
  EXPECT_TRUE(f.too_short_for_trends);
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_EQ(f.warnings[0], "the series has 3 months, fewer than the trend minimum of 4: no trend is tested");
  // In quarters, 12 months are 4 steps: enough.
  r.first_data_month = month(2023, 4);
  r.step = bt::Step::quarter;
  const bt::SeriesFit q = bt::fit_series(r);
  EXPECT_EQ(q.months, 12);
  EXPECT_EQ(q.steps, 4);
  EXPECT_FALSE(q.too_short_for_trends);
}

TEST(SeriesFit, a_period_is_covered_only_when_all_its_months_have_data) {
  const int first = month(2022, 1), last = month(2022, 10);
  EXPECT_EQ(bt::period_coverage(month(2022, 8), 3, first, last), bt::Coverage::full);
  EXPECT_EQ(bt::period_coverage(month(2021, 8), 3, first, last), bt::Coverage::none);
  EXPECT_EQ(bt::period_coverage(month(2021, 12), 3, first, last), bt::Coverage::partial);
  EXPECT_EQ(bt::period_coverage(month(2022, 10), 3, first, last), bt::Coverage::partial);
  EXPECT_EQ(bt::period_coverage(month(2022, 8), 3, 1, 0), bt::Coverage::none);  // no data
  EXPECT_STREQ(bt::to_string(bt::Coverage::partial), "partial");
  EXPECT_EQ(bt::month_text(month(1999, 12)), "1999-12");
}
