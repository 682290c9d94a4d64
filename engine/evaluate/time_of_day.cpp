#include "evaluate/time_of_day.hpp"

#include <algorithm>
#include <string>

#include "core/error.hpp"

namespace brandpunt::evaluate {
namespace {

constexpr int64_t kHour = 3600, kDay = 86400, kWeek = 7 * kDay;

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

int weekday_of(int64_t civil_s) {
  const int64_t days = floor_div(civil_s, kDay);
  return static_cast<int>(((days + 3) % 7 + 7) % 7);  // day 0 (1970-01-01) was a Thursday = 3
}

int hour_week_cell(int64_t civil_s) {
  const int64_t in_day = civil_s - floor_div(civil_s, kDay) * kDay;
  return weekday_of(civil_s) * 24 + static_cast<int>(in_day / kHour);
}

void add_aoristic(std::span<double, kWeekCells> cells, int64_t from_s, int64_t to_s,
                  double weight) {
  if (to_s == kNoTime || to_s <= from_s) {
    cells[static_cast<size_t>(hour_week_cell(from_s))] += weight;
    return;
  }
  const int64_t span = to_s - from_s;
  const double per_s = weight / static_cast<double>(span);
  // Whole weeks cover every cell alike; the remainder (< 1 week) goes hour by hour.
  const int64_t weeks = span / kWeek;
  if (weeks > 0) {
    const double each = per_s * static_cast<double>(weeks * kHour);
    for (double& c : cells) c += each;
  }
  int64_t t = from_s + weeks * kWeek;
  while (t < to_s) {
    const int64_t hour_end = (floor_div(t, kHour) + 1) * kHour;
    const int64_t until = std::min(hour_end, to_s);
    cells[static_cast<size_t>(hour_week_cell(t))] += per_s * static_cast<double>(until - t);
    t = until;
  }
}

HourWeekProfile hour_week_profile(std::span<const uint32_t> area,
                                  std::span<const uint16_t> category,
                                  std::span<const int64_t> from_s, std::span<const int64_t> to_s,
                                  size_t areas, const std::vector<std::vector<uint16_t>>& groups_of,
                                  size_t groups) {
  const size_t n = area.size();
  if (category.size() != n || from_s.size() != n || (!to_s.empty() && to_s.size() != n))
    throw Error(ErrorKind::internal, "hour_week_profile: columns of different lengths");
  for (const auto& g : groups_of)
    for (uint16_t k : g)
      if (k >= groups) throw Error(ErrorKind::internal, "hour_week_profile: group out of range");
  HourWeekProfile p;
  p.areas = areas;
  p.groups = groups;
  p.weight.assign(areas * groups * kWeekCells, 0.0);
  std::array<double, kWeekCells> one{};
  double window_h = 0;
  for (size_t i = 0; i < n; ++i) {
    if (area[i] == kNoProfileArea) continue;
    if (area[i] >= areas || category[i] >= groups_of.size())
      throw Error(ErrorKind::internal, "hour_week_profile: area or category out of range");
    const int64_t to = to_s.empty() ? kNoTime : to_s[i];
    ++p.incidents;
    if (to != kNoTime && to > from_s[i]) {
      ++p.with_window;
      window_h += static_cast<double>(to - from_s[i]) / kHour;
      one.fill(0.0);
      add_aoristic(one, from_s[i], to);
      for (uint16_t g : groups_of[category[i]]) {
        double* cells = p.weight.data() + (area[i] * groups + g) * kWeekCells;
        for (int c = 0; c < kWeekCells; ++c) cells[c] += one[static_cast<size_t>(c)];
      }
    } else {
      const auto cell = static_cast<size_t>(hour_week_cell(from_s[i]));
      for (uint16_t g : groups_of[category[i]])
        p.weight[(area[i] * groups + g) * kWeekCells + cell] += 1.0;
    }
  }
  p.mean_window_h = p.with_window > 0 ? window_h / static_cast<double>(p.with_window) : 0.0;
  return p;
}

HourWeekProfile roll_up(const HourWeekProfile& p, std::span<const uint32_t> parent,
                        size_t parents) {
  if (parent.size() != p.areas)
    throw Error(ErrorKind::internal, "hour_week_profile roll_up: parent list does not match");
  HourWeekProfile up;
  up.areas = parents;
  up.groups = p.groups;
  up.incidents = p.incidents;
  up.with_window = p.with_window;
  up.mean_window_h = p.mean_window_h;
  up.weight.assign(parents * p.groups * kWeekCells, 0.0);
  const size_t row = p.groups * kWeekCells;
  for (size_t a = 0; a < p.areas; ++a) {
    if (parent[a] >= parents)
      throw Error(ErrorKind::internal, "hour_week_profile roll_up: parent of area " +
                                           std::to_string(a) + " out of range");
    const double* src = p.weight.data() + a * row;
    double* dst = up.weight.data() + parent[a] * row;
    for (size_t k = 0; k < row; ++k) dst[k] += src[k];
  }
  return up;
}

}  // namespace brandpunt::evaluate
