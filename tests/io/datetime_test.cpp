#include "io/datetime.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

using brandpunt::io::DateOrder;
using brandpunt::io::days_from_civil;
using brandpunt::io::parse_date_time;
using brandpunt::io::parse_time_of_day;

namespace {
constexpr int64_t kDay = 86400;
// 2024-03-05 is day 19787 after 1970-01-01 (date -d 2024-03-05 +%s / 86400).
constexpr int64_t k20240305 = 19787 * kDay;
}  // namespace

TEST(DaysFromCivil, matches_known_dates) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(days_from_civil(2000, 3, 1), 11017);
  EXPECT_EQ(days_from_civil(2024, 3, 5), 19787);
  EXPECT_EQ(days_from_civil(1969, 12, 31), -1);
  EXPECT_EQ(days_from_civil(1900, 1, 1), -25567);
}

TEST(ParseDateTime, iso_forms) {
  const auto a = DateOrder::automatic;
  EXPECT_EQ(parse_date_time("2024-03-05", a), k20240305);
  EXPECT_EQ(parse_date_time("2024-03-05T14:30", a), k20240305 + 14 * 3600 + 30 * 60);
  EXPECT_EQ(parse_date_time("2024-03-05 14:30", a), k20240305 + 14 * 3600 + 30 * 60);
  EXPECT_EQ(parse_date_time("2024-03-05T14:30:15", a), k20240305 + 52215);
  EXPECT_EQ(parse_date_time(" 2024-03-05T14:30:15.250+01:00 ", a), k20240305 + 52215);
  EXPECT_EQ(parse_date_time("2024-03-05T14:30:15Z", DateOrder::iso), k20240305 + 52215);
  EXPECT_EQ(parse_date_time("2017-09-20T17:30", a), days_from_civil(2017, 9, 20) * kDay + 63000);
}

TEST(ParseDateTime, dutch_day_month_year) {
  const auto a = DateOrder::automatic;
  EXPECT_EQ(parse_date_time("05-03-2024", a), k20240305);
  EXPECT_EQ(parse_date_time("5-3-2024", a), k20240305);
  EXPECT_EQ(parse_date_time("05-03-2024 14:30", a), k20240305 + 52200);
  EXPECT_EQ(parse_date_time("5/3/2024 9:05", DateOrder::dmy), k20240305 + 9 * 3600 + 300);
  EXPECT_EQ(parse_date_time("05.03.2024", DateOrder::dmy), k20240305);
  EXPECT_EQ(parse_date_time("29-02-2024", a), days_from_civil(2024, 2, 29) * kDay);
}

TEST(ParseDateTime, us_month_day_year_only_when_configured) {
  EXPECT_EQ(parse_date_time("3/5/2024", DateOrder::mdy), k20240305);
  EXPECT_EQ(parse_date_time("7/20/2022", DateOrder::mdy), days_from_civil(2022, 7, 20) * kDay);
  EXPECT_EQ(parse_date_time("07/20/2022 18:30", DateOrder::mdy),
            days_from_civil(2022, 7, 20) * kDay + 66600);
  EXPECT_FALSE(parse_date_time("7/20/2022", DateOrder::automatic));  // month 20 as d-m-y
  EXPECT_FALSE(parse_date_time("7/20/2022", DateOrder::dmy));
}

TEST(ParseDateTime, rejects_invalid_calendar_dates_and_garbage) {
  const auto a = DateOrder::automatic;
  EXPECT_FALSE(parse_date_time("31-02-2024", a));
  EXPECT_FALSE(parse_date_time("29-02-2023", a));
  EXPECT_FALSE(parse_date_time("2023-02-29", a));
  EXPECT_FALSE(parse_date_time("2024-13-01", a));
  EXPECT_FALSE(parse_date_time("2024-04-31", a));
  EXPECT_FALSE(parse_date_time("2024-03-05T24:00", a));
  EXPECT_FALSE(parse_date_time("2024-03-05T12:60", a));
  EXPECT_FALSE(parse_date_time("2024-03-05 noon", a));
  EXPECT_FALSE(parse_date_time("05-03-24", a));  // two-digit years are ambiguous
  EXPECT_FALSE(parse_date_time("2024-03-05x", a));
  EXPECT_FALSE(parse_date_time("05-03/2024", a));
  EXPECT_FALSE(parse_date_time("2024-03-05", DateOrder::dmy));
  EXPECT_FALSE(parse_date_time("05-03-2024", DateOrder::iso));
  EXPECT_FALSE(parse_date_time("NA", a));
  EXPECT_FALSE(parse_date_time("", a));
  EXPECT_EQ(parse_date_time("2000-02-29", a), days_from_civil(2000, 2, 29) * kDay);
  EXPECT_FALSE(parse_date_time("1900-02-29", a));  // not a leap year (divisible by 100)
}

TEST(ParseTimeOfDay, accepts_hh_mm_and_seconds) {
  EXPECT_EQ(parse_time_of_day("18:30"), 66600);
  EXPECT_EQ(parse_time_of_day("8:05"), 29100);
  EXPECT_EQ(parse_time_of_day("23:59:59"), 86399);
  EXPECT_FALSE(parse_time_of_day("24:00"));
  EXPECT_FALSE(parse_time_of_day("NA"));
  EXPECT_FALSE(parse_time_of_day("1830"));
}

TEST(ParseDateOrder, rejects_unknown_format_names) {
  EXPECT_EQ(brandpunt::io::parse_date_order("mdy"), DateOrder::mdy);
  EXPECT_THROW(brandpunt::io::parse_date_order("ymd"), brandpunt::Error);
}

TEST(ParseDateTime, says_when_the_other_day_month_order_reads_another_date) {
  bool ambiguous = false;
  EXPECT_TRUE(parse_date_time("05-03-2024", DateOrder::dmy, &ambiguous));
  EXPECT_TRUE(ambiguous);
  EXPECT_TRUE(parse_date_time("25-03-2024", DateOrder::dmy, &ambiguous));
  EXPECT_FALSE(ambiguous);
  EXPECT_TRUE(parse_date_time("03-03-2024", DateOrder::automatic, &ambiguous));
  EXPECT_FALSE(ambiguous);  // the same date either way
  EXPECT_TRUE(parse_date_time("3/5/2024 14:30", DateOrder::mdy, &ambiguous));
  EXPECT_TRUE(ambiguous);
  EXPECT_TRUE(parse_date_time("2024-03-05", DateOrder::automatic, &ambiguous));
  EXPECT_FALSE(ambiguous);  // ISO is never ambiguous
}
