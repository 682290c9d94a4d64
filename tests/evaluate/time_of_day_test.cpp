// Hour × weekday cells, aoristic weights over windows, profiles per area and group, roll-up.
#include "evaluate/time_of_day.hpp"

#include <gtest/gtest.h>

#include <array>
#include <numeric>
#include <vector>

#include "core/error.hpp"

namespace ev = brandpunt::evaluate;

namespace {
// Civil seconds of y-m-d h:m (days from Howard Hinnant's days_from_civil, written out).
int64_t civil(int y, int m, int d, int hh, int mm) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (era * 146097 + doe - 719468) * 86400 + hh * 3600 + mm * 60;
}
double sum(std::span<const double> v) { return std::accumulate(v.begin(), v.end(), 0.0); }
}  // namespace

TEST(TimeOfDay, weekday_and_cell_of_known_dates) {
  EXPECT_EQ(ev::weekday_of(civil(1970, 1, 1, 0, 0)), 3);              // Thursday
  EXPECT_EQ(ev::weekday_of(civil(2024, 3, 4, 12, 0)), 0);             // Monday
  EXPECT_EQ(ev::hour_week_cell(civil(2024, 3, 5, 14, 30)), 24 + 14);  // Tuesday 14:30
  EXPECT_EQ(ev::hour_week_cell(civil(2024, 3, 10, 23, 59)), 167);     // Sunday 23:59
  EXPECT_EQ(ev::weekday_of(civil(1969, 12, 31, 23, 0)), 2);           // before 1970: Wednesday
  EXPECT_EQ(ev::hour_week_cell(civil(1969, 12, 31, 23, 0)), 2 * 24 + 23);
}

TEST(TimeOfDay, aoristic_weight_spreads_over_the_window_in_proportion) {
  std::array<double, ev::kWeekCells> c{};
  ev::add_aoristic(c, civil(2024, 3, 5, 13, 30), civil(2024, 3, 5, 15, 30));
  EXPECT_DOUBLE_EQ(c[24 + 13], 0.25);
  EXPECT_DOUBLE_EQ(c[24 + 14], 0.5);
  EXPECT_DOUBLE_EQ(c[24 + 15], 0.25);
  EXPECT_DOUBLE_EQ(sum(c), 1.0);
}

TEST(TimeOfDay, windows_wrap_from_sunday_to_monday_and_whole_weeks_are_uniform) {
  std::array<double, ev::kWeekCells> c{};
  ev::add_aoristic(c, civil(2024, 3, 10, 23, 0), civil(2024, 3, 11, 1, 0));  // Sun 23 – Mon 01
  EXPECT_DOUBLE_EQ(c[167], 0.5);
  EXPECT_DOUBLE_EQ(c[0], 0.5);
  std::array<double, ev::kWeekCells> w{};
  ev::add_aoristic(w, civil(2024, 3, 1, 10, 17), civil(2024, 3, 15, 10, 17));  // two weeks
  for (double v : w) EXPECT_NEAR(v, 1.0 / 168, 1e-15);
  std::array<double, ev::kWeekCells> p{};
  ev::add_aoristic(p, civil(2024, 3, 5, 8, 5), brandpunt::kNoTime);  // a single time
  EXPECT_DOUBLE_EQ(p[24 + 8], 1.0);
  std::array<double, ev::kWeekCells> back{};
  ev::add_aoristic(back, civil(2024, 3, 5, 8, 5), civil(2024, 3, 4, 8, 5));  // end before start
  EXPECT_DOUBLE_EQ(back[24 + 8], 1.0);
  std::array<double, ev::kWeekCells> odd{};  // 9 days 7 h 20 min: one week + remainder
  ev::add_aoristic(odd, civil(2024, 3, 1, 22, 40), civil(2024, 3, 11, 6, 0));
  EXPECT_NEAR(sum(odd), 1.0, 1e-12);
}

TEST(TimeOfDay, profile_adds_every_incident_to_its_groups_and_rolls_up) {
  // Two buurten in one wijk; categories 0 (groups totaal 0 and main 1) and 1 (totaal only).
  const std::vector<uint32_t> area = {0, 0, 1, ev::kNoProfileArea};
  const std::vector<uint16_t> cat = {0, 1, 0, 0};
  const std::vector<int64_t> from = {civil(2024, 3, 5, 14, 0), civil(2024, 3, 5, 14, 30),
                                     civil(2024, 3, 9, 2, 0), civil(2024, 3, 9, 2, 0)};
  const std::vector<int64_t> to = {brandpunt::kNoTime, civil(2024, 3, 5, 15, 30), brandpunt::kNoTime,
                                   brandpunt::kNoTime};
  const std::vector<std::vector<uint16_t>> groups = {{0, 1}, {0}};
  const auto p = ev::hour_week_profile(area, cat, from, to, 2, groups, 2);
  EXPECT_EQ(p.incidents, 3);
  EXPECT_EQ(p.with_window, 1);
  EXPECT_DOUBLE_EQ(p.mean_window_h, 1.0);
  EXPECT_DOUBLE_EQ(p.at(0, 0, 24 + 14), 1.5);
  EXPECT_DOUBLE_EQ(p.at(0, 0, 24 + 15), 0.5);
  EXPECT_DOUBLE_EQ(p.at(0, 1, 24 + 14), 1.0);
  EXPECT_DOUBLE_EQ(p.at(1, 0, 5 * 24 + 2), 1.0);  // Saturday 02:00
  EXPECT_DOUBLE_EQ(sum(p.cells(0, 0)), 2.0);
  const std::vector<uint32_t> parent = {0, 0};
  const auto up = ev::roll_up(p, parent, 1);
  EXPECT_DOUBLE_EQ(sum(up.cells(0, 0)), 3.0);
  EXPECT_DOUBLE_EQ(up.at(0, 0, 5 * 24 + 2), 1.0);
  const std::vector<uint16_t> bad_cat = {0, 2, 0, 0};
  EXPECT_THROW(ev::hour_week_profile(area, bad_cat, from, to, 2, groups, 2), brandpunt::Error);
}
