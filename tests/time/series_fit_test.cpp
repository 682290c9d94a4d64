#include "time/series_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>

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

TEST(SeriesFit, data_that_stop_mid_month_make_the_last_month_partial) {
  // 30 incidents a day from 2023-01-01 to 2025-12-15 12:00: December's last 16.5 days are empty,
  // a gap whose chance at that rate is exp(-30 · 16.5), far below 1 in 1,000.
  const int64_t first = bt::parse_iso_date("2023-01-01");
  const int64_t last = bt::parse_iso_date("2025-12-15") + 12 * 3600;
  const int64_t days = (last - first) / bt::kSecondsPerDay + 1;
  const bt::LastMonth lm = bt::check_last_month(first, last, 30 * days);
  EXPECT_EQ(lm.month, 2025 * 12 + 11);
  EXPECT_TRUE(lm.partial);
  EXPECT_DOUBLE_EQ(lm.gap_days, 16.5);
  EXPECT_NEAR(lm.per_day, 30.0 * days / (static_cast<double>(last - first) / bt::kSecondsPerDay + 1), 1e-12);
  EXPECT_NE(lm.warning.find("the data stop on 2025-12-15"), std::string::npos) << lm.warning;
  EXPECT_NE(lm.warning.find("ends with 2025-11"), std::string::npos) << lm.warning;
  // The same data up to 23:00 on the 31st: complete.
  const int64_t full = bt::parse_iso_date("2025-12-31") + 23 * 3600;
  EXPECT_FALSE(bt::check_last_month(first, full, 30 * days).partial);
  // A quiet city (1 incident in 3 days) whose last incident is on the 24th: a 7.5-day gap has a
  // chance of exp(-2.5) = 8 %, not evidence of an incomplete month.
  const bt::LastMonth quiet = bt::check_last_month(first, bt::parse_iso_date("2025-12-24") + 12 * 3600, days / 3);
  EXPECT_FALSE(quiet.partial);
  EXPECT_NEAR(quiet.chance, std::exp(-quiet.per_day * 7.5), 1e-12);
  EXPECT_TRUE(quiet.warning.empty());
}

TEST(DataBulk, one_incident_in_2100_is_an_outlier_and_the_bulk_keeps_its_months) {
  std::vector<std::pair<int, int64_t>> per_month;
  for (int m = 0; m < 15; ++m) per_month.push_back({month(2023, 1) + m, 200});
  per_month.push_back({month(2100, 7), 1});
  const bt::DataBulk b = bt::bulk_of_months(per_month, 3, 0.01);
  EXPECT_EQ(b.first_month, month(2023, 1));
  EXPECT_EQ(b.last_month, month(2024, 3));
  EXPECT_EQ(b.outliers, 1);
  EXPECT_EQ(b.outlier_months, std::vector<int>({month(2100, 7)}));
  EXPECT_TRUE(b.outlying(month(2100, 7)));
  EXPECT_FALSE(b.outlying(month(2023, 6)));
}

TEST(DataBulk, outliers_on_both_sides_count_together_per_side_and_short_gaps_join_the_bulk) {
  std::vector<std::pair<int, int64_t>> per_month = {{month(1900, 1), 2}, {month(2020, 1), 100}, {month(2020, 2), 120},
                                                    // two empty months: still the bulk
                                                    {month(2020, 5), 90}, {month(2031, 1), 1}, {month(2032, 1), 1}};
  const bt::DataBulk b = bt::bulk_of_months(per_month, 3, 0.05);
  EXPECT_EQ(b.first_month, month(2020, 1));
  EXPECT_EQ(b.last_month, month(2020, 5));
  EXPECT_EQ(b.outliers, 4);
  EXPECT_EQ(b.outlier_months, std::vector<int>({month(1900, 1), month(2031, 1), month(2032, 1)}));
}

TEST(DataBulk, a_large_block_beyond_a_gap_is_data_not_an_outlier) {
  // Two years with a year missing between them: the later block holds half the incidents.
  std::vector<std::pair<int, int64_t>> per_month;
  for (int m = 0; m < 12; ++m) per_month.push_back({month(2020, 1) + m, 100});
  for (int m = 0; m < 12; ++m) per_month.push_back({month(2022, 1) + m, 100});
  const bt::DataBulk b = bt::bulk_of_months(per_month, 3, 0.01);
  EXPECT_EQ(b.first_month, month(2020, 1));
  EXPECT_EQ(b.last_month, month(2022, 12));
  EXPECT_EQ(b.outliers, 0);
  EXPECT_TRUE(bt::bulk_of_months({}, 3, 0.01).outlier_months.empty());
}
