#include "time/calendar.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace bt = brandpunt::time;
using bt::Step;
using bt::Window;

namespace {
int64_t day(const char* iso) { return bt::parse_iso_date(iso); }
}  // namespace

TEST(Calendar, leap_years_follow_the_gregorian_rule) {
  EXPECT_TRUE(bt::is_leap_year(2000));
  EXPECT_TRUE(bt::is_leap_year(2024));
  EXPECT_FALSE(bt::is_leap_year(1900));
  EXPECT_FALSE(bt::is_leap_year(2023));
  EXPECT_FALSE(bt::is_leap_year(2100));
  EXPECT_EQ(bt::days_in_month(2024, 2), 29);
  EXPECT_EQ(bt::days_in_month(2023, 2), 28);
  EXPECT_EQ(bt::days_in_month(2000, 2), 29);
  EXPECT_EQ(bt::days_in_month(1900, 2), 28);
}

TEST(Calendar, day_numbers_match_a_day_by_day_walk_from_1900_to_2200) {
  // Brute-force oracle: walk one day at a time from 1900-01-01 (day -25567).
  bt::CivilDate d{1900, 1, 1};
  int64_t n = -25567;
  for (; d.year < 2200; ++n) {
    ASSERT_EQ(bt::days_from_civil(d), n) << d.year << "-" << d.month << "-" << d.day;
    const bt::CivilDate back = bt::civil_from_days(n);
    ASSERT_EQ(back.year, d.year);
    ASSERT_EQ(back.month, d.month);
    ASSERT_EQ(back.day, d.day);
    if (++d.day > bt::days_in_month(d.year, d.month)) {
      d.day = 1;
      if (++d.month > 12) d.month = 1, ++d.year;
    }
  }
  EXPECT_EQ(bt::days_from_civil({2024, 1, 1}), 19723);
}

TEST(Calendar, parses_iso_dates_and_times_and_rejects_invalid_ones) {
  EXPECT_EQ(day("1970-01-01"), 0);
  EXPECT_EQ(day("2024-02-29"), 19782 * 86400LL);
  EXPECT_EQ(day("2024-01-01T12:30:15"), 19723 * 86400LL + 12 * 3600 + 30 * 60 + 15);
  EXPECT_EQ(day("2024-01-01 00:01"), 19723 * 86400LL + 60);
  EXPECT_EQ(day("1969-12-31"), -86400);
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-00-10", "2024-1-1", "2024-01-01x",
                          "2024/01/01", "", "2024-01-01T25:00", "2024-04-31"})
    EXPECT_THROW(bt::parse_iso_date(bad), brandpunt::Error) << bad;
  EXPECT_EQ(bt::format_iso_date(day("2024-02-29") + 3600), "2024-02-29");
  EXPECT_EQ(bt::format_iso_date(-1), "1969-12-31");
}

TEST(Calendar, iso_weeks_belong_to_the_year_of_their_thursday) {
  struct Case {
    const char* date;
    int year, week, weekday;
  };
  // Values from Python's date.isocalendar().
  for (const Case& c : {Case{"2024-01-01", 2024, 1, 1}, Case{"2021-01-01", 2020, 53, 5},
                        Case{"2020-12-31", 2020, 53, 4}, Case{"2019-12-30", 2020, 1, 1},
                        Case{"2024-02-26", 2024, 9, 1}, Case{"2026-01-01", 2026, 1, 4},
                        Case{"2027-01-01", 2026, 53, 5}, Case{"2008-12-29", 2009, 1, 1},
                        Case{"1969-12-29", 1970, 1, 1}}) {
    const int64_t d = bt::days_from_seconds(day(c.date));
    EXPECT_EQ(bt::iso_week(d).year, c.year) << c.date;
    EXPECT_EQ(bt::iso_week(d).week, c.week) << c.date;
    EXPECT_EQ(bt::iso_weekday(d), c.weekday) << c.date;
  }
}

TEST(Window, months_with_a_partial_first_step) {
  const Window w{day("2024-01-15"), day("2025-01-01"), Step::month};
  ASSERT_EQ(bt::step_count(w), 12);
  EXPECT_TRUE(bt::step_is_partial(w, 0));
  for (int i = 1; i < 12; ++i) EXPECT_FALSE(bt::step_is_partial(w, i)) << i;
  EXPECT_EQ(bt::step_label(w, 0), "2024-01");
  EXPECT_EQ(bt::step_label(w, 1), "2024-02");
  EXPECT_EQ(bt::step_label(w, 11), "2024-12");
  EXPECT_DOUBLE_EQ(bt::step_coverage(w, 0), 17.0 / 31.0);
  EXPECT_EQ(bt::step_covered_s(w, 1), 29 * 86400);  // leap February
  EXPECT_EQ(bt::step_index(w, day("2024-01-14") + 86399), -1);
  EXPECT_EQ(bt::step_index(w, day("2024-01-15")), 0);
  EXPECT_EQ(bt::step_index(w, day("2024-02-29") + 86399), 1);
  EXPECT_EQ(bt::step_index(w, day("2024-03-01")), 2);
  EXPECT_EQ(bt::step_index(w, day("2025-01-01") - 1), 11);
  EXPECT_EQ(bt::step_index(w, day("2025-01-01")), -1);
  const std::vector<int64_t> b = bt::step_bounds(w);
  ASSERT_EQ(b.size(), 13u);
  EXPECT_EQ(b[0], w.start_s);
  EXPECT_EQ(b[1], day("2024-02-01"));
  EXPECT_EQ(b[12], w.end_s);
}

TEST(Window, a_window_ending_inside_a_month_flags_the_last_step) {
  const Window w{day("2024-01-01"), day("2024-12-31"), Step::month};
  ASSERT_EQ(bt::step_count(w), 12);
  EXPECT_FALSE(bt::step_is_partial(w, 0));
  EXPECT_TRUE(bt::step_is_partial(w, 11));
  EXPECT_DOUBLE_EQ(bt::step_coverage(w, 11), 30.0 / 31.0);
  // One step, partial at both ends.
  const Window one{day("2024-03-10"), day("2024-03-20"), Step::month};
  ASSERT_EQ(bt::step_count(one), 1);
  EXPECT_TRUE(bt::step_is_partial(one, 0));
  EXPECT_EQ(bt::step_label(one, 0), "2024-03");
}

TEST(Window, quarters_and_their_labels) {
  const Window w{day("2024-02-01"), day("2024-12-01"), Step::quarter};
  ASSERT_EQ(bt::step_count(w), 4);
  EXPECT_EQ(bt::step_label(w, 0), "2024-Q1");
  EXPECT_EQ(bt::step_label(w, 3), "2024-Q4");
  EXPECT_TRUE(bt::step_is_partial(w, 0));
  EXPECT_FALSE(bt::step_is_partial(w, 1));
  EXPECT_TRUE(bt::step_is_partial(w, 3));
  EXPECT_EQ(bt::step_index(w, day("2024-06-30")), 1);
  EXPECT_EQ(bt::step_index(w, day("2024-07-01")), 2);
  const Window years{day("2015-01-01"), day("2025-01-01"), Step::quarter};
  EXPECT_EQ(bt::step_count(years), 40);
}

TEST(Window, iso_weeks_from_monday_to_monday) {
  const Window w{day("2024-01-01"), day("2024-03-04"), Step::week};
  ASSERT_EQ(bt::step_count(w), 9);
  for (int i = 0; i < 9; ++i) EXPECT_FALSE(bt::step_is_partial(w, i)) << i;
  EXPECT_EQ(bt::step_label(w, 0), "2024-W01");
  EXPECT_EQ(bt::step_label(w, 8), "2024-W09");
  // Across a year end with a week 53; a window starting on Wednesday makes step 0 partial.
  const Window x{day("2020-12-30"), day("2021-01-12"), Step::week};
  ASSERT_EQ(bt::step_count(x), 3);
  EXPECT_EQ(bt::step_label(x, 0), "2020-W53");
  EXPECT_EQ(bt::step_label(x, 1), "2021-W01");
  EXPECT_TRUE(bt::step_is_partial(x, 0));
  EXPECT_TRUE(bt::step_is_partial(x, 2));
  EXPECT_EQ(bt::step_index(x, day("2021-01-03")), 0);  // Sunday still in W53
  EXPECT_EQ(bt::step_index(x, day("2021-01-04")), 1);
}

TEST(Window, steps_before_1970_and_empty_windows) {
  const Window w{day("1969-11-01"), day("1970-02-01"), Step::month};
  ASSERT_EQ(bt::step_count(w), 3);
  EXPECT_EQ(bt::step_label(w, 0), "1969-11");
  EXPECT_EQ(bt::step_label(w, 2), "1970-01");
  EXPECT_EQ(bt::step_index(w, day("1969-12-31") + 3600), 1);
  const Window empty{day("2024-01-01"), day("2024-01-01"), Step::month};
  EXPECT_EQ(bt::step_count(empty), 0);
  EXPECT_THROW(bt::validate(empty), brandpunt::Error);
  EXPECT_EQ(bt::parse_step("quarter"), Step::quarter);
  EXPECT_THROW(bt::parse_step("year"), brandpunt::Error);
}
