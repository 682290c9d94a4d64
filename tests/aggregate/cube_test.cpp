#include "aggregate/cube.hpp"

#include <gtest/gtest.h>

#include <random>

#include "core/error.hpp"
#include "core/incidents.hpp"

using namespace brandpunt;
using namespace brandpunt::aggregate;

namespace {
// Seconds since 1970-01-01 for a civil date, by counting days naively (test oracle).
int64_t civil_seconds(int y, int m, int d, int hh = 0) {
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  auto leap = [](int yy) { return (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0; };
  int64_t days = 0;
  for (int yy = 1970; yy < y; ++yy) days += leap(yy) ? 366 : 365;
  for (int mm = 1; mm < m; ++mm) days += mdays[mm - 1] + (mm == 2 && leap(y) ? 1 : 0);
  days += d - 1;
  return days * 86400 + hh * 3600;
}
}  // namespace

TEST(Month, month_of_matches_a_naive_calendar_including_leap_days) {
  EXPECT_EQ(month_of(0), month_index(1970, 1));
  EXPECT_EQ(month_of(civil_seconds(2024, 2, 29, 23)), month_index(2024, 2));
  EXPECT_EQ(month_of(civil_seconds(2024, 3, 1)), month_index(2024, 3));
  EXPECT_EQ(month_of(civil_seconds(2000, 12, 31, 23) + 3599), month_index(2000, 12));
  EXPECT_EQ(month_of(civil_seconds(2100, 3, 1) - 1), month_index(2100, 2));
  EXPECT_EQ(month_of(-1), month_index(1969, 12));
  for (int y = 1990; y < 2040; ++y)
    for (int m = 1; m <= 12; ++m) {
      ASSERT_EQ(month_of(civil_seconds(y, m, 1)), month_index(y, m)) << y << "-" << m;
      ASSERT_EQ(month_of(civil_seconds(y, m, 1) - 1), month_index(y, m) - 1) << y << "-" << m;
    }
}

TEST(Month, labels_and_parsing_round_trip) {
  EXPECT_EQ(month_label(month_index(2024, 3)), "2024-03");
  EXPECT_EQ(parse_month("2025-12"), month_index(2025, 12));
  EXPECT_THROW(parse_month("2025-13"), Error);
  EXPECT_THROW(parse_month("2025-1"), Error);
  EXPECT_THROW(parse_month("25-01-01"), Error);
}

TEST(CountCube, counts_every_assigned_incident_once_and_reports_the_rest) {
  const std::vector<uint32_t> area = {0, 1, 1, kNoArea, 2, 0};
  const std::vector<uint16_t> cat = {0, 1, 1, 0, 2, 0};
  const std::vector<int64_t> t = {civil_seconds(2024, 1, 5), civil_seconds(2024, 2, 1),
                                  civil_seconds(2024, 2, 29), civil_seconds(2024, 1, 1),
                                  civil_seconds(2023, 12, 31), civil_seconds(2024, 3, 31, 23)};
  int64_t out_of_window = -1;
  const CountCube c =
      count_incidents(area, cat, t, 3, 3, MonthRange{month_index(2024, 1), 3}, &out_of_window);
  EXPECT_EQ(out_of_window, 1);  // the 2023-12-31 incident
  EXPECT_EQ(c.total(), 4u);     // 6 - 1 outside the area - 1 outside the window
  EXPECT_EQ(c.at(0, 0, month_index(2024, 1)), 1u);
  EXPECT_EQ(c.at(0, 0, month_index(2024, 3)), 1u);
  EXPECT_EQ(c.at(1, 1, month_index(2024, 2)), 2u);
  EXPECT_EQ(c.sum(1, 1, month_index(2023, 11), 4), 2u);
}

TEST(CountCube, roll_ups_and_category_groups_preserve_every_sum) {
  std::mt19937_64 rng(20261122);  // fixed seed
  const size_t n = 5000, n_buurt = 40, n_wijk = 7, n_sub = 9;
  std::vector<uint32_t> area(n);
  std::vector<uint16_t> cat(n);
  std::vector<int64_t> t(n);
  for (size_t i = 0; i < n; ++i) {
    area[i] = static_cast<uint32_t>(rng() % (n_buurt + 1));
    if (area[i] == n_buurt) area[i] = kNoArea;
    cat[i] = static_cast<uint16_t>(rng() % n_sub);
    t[i] = civil_seconds(2023, 1, 1) + static_cast<int64_t>(rng() % (86400ull * 800));
  }
  std::vector<uint32_t> parent(n_buurt);
  for (size_t b = 0; b < n_buurt; ++b) parent[b] = static_cast<uint32_t>(b % n_wijk);
  std::vector<uint16_t> group(n_sub);
  for (size_t s = 0; s < n_sub; ++s) group[s] = static_cast<uint16_t>(s / 3);
  const MonthRange months{month_index(2023, 1), 24};
  int64_t late = 0;
  const CountCube b = count_incidents(area, cat, t, n_buurt, n_sub, months, &late);
  const CountCube w = roll_up(b, parent, n_wijk);
  const CountCube g = group_categories(w, group, 3);
  const CountCube gemeente = roll_up(g, std::vector<uint32_t>(n_wijk, 0), 1);
  size_t in_area = 0;
  for (uint32_t a : area) in_area += a != kNoArea;
  EXPECT_EQ(b.total() + static_cast<uint64_t>(late), in_area);
  EXPECT_EQ(w.total(), b.total());
  EXPECT_EQ(g.total(), b.total());
  EXPECT_EQ(gemeente.total(), b.total());
  for (size_t wi = 0; wi < n_wijk; ++wi)
    for (size_t s = 0; s < n_sub; ++s)
      for (int m = months.first; m < months.first + months.count; ++m) {
        uint64_t children = 0;
        for (size_t bi = 0; bi < n_buurt; ++bi)
          if (parent[bi] == wi) children += b.at(bi, s, m);
        ASSERT_EQ(w.at(wi, s, m), children);
      }
  for (size_t wi = 0; wi < n_wijk; ++wi)
    for (int m = months.first; m < months.first + months.count; ++m)
      for (size_t k = 0; k < 3; ++k)
        ASSERT_EQ(g.at(wi, k, m), w.at(wi, 3 * k, m) + w.at(wi, 3 * k + 1, m) + w.at(wi, 3 * k + 2, m));
}

TEST(Aggregate, spread_categories_feeds_each_category_into_every_target) {
  // 2 areas x 3 sub categories x 2 months; subs 0, 1 belong to main 0, sub 2 to main 1.
  CountCube c;
  c.n_areas = 2;
  c.n_cats = 3;
  c.months = MonthRange{month_index(2024, 1), 2};
  c.counts = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  // [totaal, main 0, main 1, sub 0, sub 1, sub 2]
  const CountCube e = spread_categories(c, {{0, 1, 3}, {0, 1, 4}, {0, 2, 5}}, 6);
  const int m0 = c.months.first;
  for (size_t a = 0; a < 2; ++a)
    for (int m = m0; m < m0 + 2; ++m) {
      EXPECT_EQ(e.at(a, 0, m), c.at(a, 0, m) + c.at(a, 1, m) + c.at(a, 2, m));
      EXPECT_EQ(e.at(a, 1, m), c.at(a, 0, m) + c.at(a, 1, m));
      EXPECT_EQ(e.at(a, 2, m), c.at(a, 2, m));
      for (size_t s = 0; s < 3; ++s) EXPECT_EQ(e.at(a, 3 + s, m), c.at(a, s, m));
    }
  EXPECT_EQ(e.total(), 3 * c.total());
  EXPECT_THROW(spread_categories(c, {{0}, {7}, {0}}, 6), brandpunt::Error);
  EXPECT_THROW(spread_categories(c, {{0}, {1}}, 6), brandpunt::Error);
}
