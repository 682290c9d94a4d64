// The published figures of every level (internal to the pipeline).
//
// Per level the published categories are: 0 = totaal, 1..M = the main categories, and (not
// for straat) M+1.. = the sub categories. Published are the counts for the analysis period,
// the previous period and the same period a year earlier (every category), and the monthly
// series (totaal and mains). They are read from the cubes as they are after the protection
// stage: in the public profile the released cubes (protection.hpp), so every figure is a
// non-negative integer and the tables add up (parent = sum of children, totaal = sum of mains,
// main = sum of subs, period = sum of its months).
//
//   Figures f = count_figures(cubes, n_mains, periods);
//   f.levels[kBuurt].period[f.levels[kBuurt].pi(a, c, kCurrent)];
#pragma once

#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "aggregate/cube.hpp"
#include "pipeline/config.hpp"

namespace brandpunt::pipeline {

enum LevelId { kStraat = 0, kBuurt, kWijk, kStadsdeel, kGemeente, kLevelCount };
const char* level_name(int level);

enum PeriodId { kCurrent = 0, kPrevious = 1, kLastYear = 2 };

// A published statistic rounded to `decimals` (the public profile rounds z, p and slopes so
// that they carry no more than they need); non-finite values pass through.
inline double rounded(double v, int decimals) {
  const double f = std::pow(10.0, decimals);
  return std::isfinite(v) ? std::round(v * f) / f : v;
}

// Areas [begin, end) of a level: the long tables are built and written a block of areas at a
// time, so a national straat table never exists in memory as a whole.
struct AreaRange {
  size_t begin = 0;
  size_t end = SIZE_MAX;
  size_t stop(size_t n) const { return end < n ? end : n; }
};

struct Periods {
  int months = 3;                // length of each period in months
  std::array<int, 3> first{};    // first month index of current, previous, last-year period
  aggregate::MonthRange series;  // published monthly series
  aggregate::MonthRange cube;    // counted months (covers series and all three periods)
  std::string series_rule;       // how the series length was chosen (time/series_fit.hpp)
  int first_data_month = INT32_MAX, last_data_month = INT32_MIN;  // assigned incidents' months
  int partial_month = INT32_MIN;  // an incomplete last month left out of the analysis, or none
  // Assigned incidents dated far from the bulk of the data (time/series_fit.hpp bulk_of_months),
  // kept out of the default period: how many, their months, and their rows (restricted only).
  int64_t outlier_dates = 0;
  std::vector<int> outlier_months;
  std::vector<int64_t> outlier_rows;  // ascending; at most kMaxOutlierRows
  static constexpr size_t kMaxOutlierRows = 1000;
  std::string label(int period) const;  // "2025-10..2025-12"
};

struct LevelFigures {
  size_t n_areas = 0;
  size_t n_cats = 0;    // published categories (totaal, mains, subs)
  size_t n_groups = 0;  // totaal + mains: the categories with a monthly series
  int series_first = 0;
  size_t n_series = 0;
  std::vector<int64_t> period;   // [(a * n_cats + c) * 3 + p]
  std::vector<int64_t> monthly;  // [(a * n_groups + g) * n_series + m]

  size_t pi(size_t a, size_t c, int p) const { return (a * n_cats + c) * 3 + static_cast<size_t>(p); }
  size_t mi(size_t a, size_t g, size_t m) const { return (a * n_groups + g) * n_series + m; }
};

struct Figures {
  std::array<LevelFigures, kLevelCount> levels;
};

// `cubes[l]` counts per area × published category × month for level l (straat: totaal and
// mains only).
Figures count_figures(const std::array<aggregate::CountCube, kLevelCount>& cubes, size_t n_mains,
                      const Periods& periods);

}  // namespace brandpunt::pipeline
