#include "aggregate/cube.hpp"

#include <charconv>
#include <cstdio>

#include "core/error.hpp"
#include "core/incidents.hpp"

namespace brandpunt::aggregate {

namespace {
// Howard Hinnant's civil_from_days: proleptic Gregorian calendar, exact for all int64 days.
void civil_from_days(int64_t z, int& year, int& month) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}
}  // namespace

int month_of(int64_t time_s) {
  const int64_t days = time_s >= 0 ? time_s / 86400 : -((-time_s + 86399) / 86400);
  int year = 0, month = 0;
  civil_from_days(days, year, month);
  return month_index(year, month);
}

std::string month_label(int month) {
  const int year = month >= 0 ? month / 12 : -((-month + 11) / 12);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month - year * 12 + 1);
  return buf;
}

int parse_month(const std::string& text) {
  int year = 0, month = 0;
  const char* s = text.data();
  const bool ok = text.size() == 7 && text[4] == '-' &&
                  std::from_chars(s, s + 4, year).ptr == s + 4 &&
                  std::from_chars(s + 5, s + 7, month).ptr == s + 7 && month >= 1 && month <= 12;
  if (!ok) throw Error(ErrorKind::config, "expected a month 'YYYY-MM', got '" + text + "'");
  return month_index(year, month);
}

uint64_t CountCube::sum(size_t area, size_t cat, int from, int len) const {
  uint64_t s = 0;
  for (int m = from; m < from + len; ++m)
    if (months.contains(m)) s += at(area, cat, m);
  return s;
}

uint64_t CountCube::total() const {
  uint64_t s = 0;
  for (uint32_t c : counts) s += c;
  return s;
}

CountCube count_incidents(std::span<const uint32_t> area, std::span<const uint16_t> category,
                          std::span<const int64_t> time_s, size_t n_areas, size_t n_cats,
                          MonthRange months, int64_t* out_of_window) {
  if (area.size() != category.size() || area.size() != time_s.size())
    throw Error(ErrorKind::internal, "count_incidents: column lengths differ");
  CountCube cube;
  cube.n_areas = n_areas;
  cube.n_cats = n_cats;
  cube.months = months;
  const size_t n_months = static_cast<size_t>(months.count);
  cube.counts.assign(n_areas * n_cats * n_months, 0);
  int64_t outside = 0;
  for (size_t i = 0; i < area.size(); ++i) {
    const uint32_t a = area[i];
    if (a == kNoArea) continue;
    const int m = month_of(time_s[i]);
    if (!months.contains(m)) {
      ++outside;
      continue;
    }
    if (a >= n_areas || category[i] >= n_cats)
      throw Error(ErrorKind::internal, "count_incidents: area or category id out of range");
    ++cube.counts[(a * n_cats + category[i]) * n_months + static_cast<size_t>(m - months.first)];
  }
  if (out_of_window) *out_of_window = outside;
  return cube;
}

CountCube roll_up(const CountCube& child, std::span<const uint32_t> parent, size_t n_parents) {
  if (parent.size() != child.n_areas)
    throw Error(ErrorKind::internal, "roll_up: parent map has the wrong length");
  CountCube out;
  out.n_areas = n_parents;
  out.n_cats = child.n_cats;
  out.months = child.months;
  const size_t row = child.n_cats * static_cast<size_t>(child.months.count);
  out.counts.assign(n_parents * row, 0);
  for (size_t a = 0; a < child.n_areas; ++a) {
    if (parent[a] >= n_parents) throw Error(ErrorKind::internal, "roll_up: parent out of range");
    const uint32_t* src = child.counts.data() + a * row;
    uint32_t* dst = out.counts.data() + parent[a] * row;
    for (size_t k = 0; k < row; ++k) dst[k] += src[k];
  }
  return out;
}

CountCube group_categories(const CountCube& cube, std::span<const uint16_t> group_of,
                           size_t n_groups) {
  if (group_of.size() != cube.n_cats)
    throw Error(ErrorKind::internal, "group_categories: group map has the wrong length");
  std::vector<std::vector<uint16_t>> targets(cube.n_cats);
  for (size_t c = 0; c < cube.n_cats; ++c) targets[c] = {group_of[c]};
  return spread_categories(cube, targets, n_groups);
}

CountCube spread_categories(const CountCube& cube, const std::vector<std::vector<uint16_t>>& targets,
                            size_t n_out) {
  if (targets.size() != cube.n_cats)
    throw Error(ErrorKind::internal, "spread_categories: target map has the wrong length");
  for (const auto& t : targets)
    for (uint16_t g : t)
      if (g >= n_out) throw Error(ErrorKind::internal, "spread_categories: target out of range");
  CountCube out;
  out.n_areas = cube.n_areas;
  out.n_cats = n_out;
  out.months = cube.months;
  const size_t nm = static_cast<size_t>(cube.months.count);
  out.counts.assign(cube.n_areas * n_out * nm, 0);
  for (size_t a = 0; a < cube.n_areas; ++a)
    for (size_t c = 0; c < cube.n_cats; ++c) {
      const uint32_t* src = cube.counts.data() + (a * cube.n_cats + c) * nm;
      for (uint16_t g : targets[c]) {
        uint32_t* dst = out.counts.data() + (a * n_out + g) * nm;
        for (size_t m = 0; m < nm; ++m) dst[m] += src[m];
      }
    }
  return out;
}

}  // namespace brandpunt::aggregate
