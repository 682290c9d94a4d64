// Counts of incidents per area × category × month: the dense cube every figure comes from.
//
// The buurt cube is counted once from the incident columns; wijk, stadsdeel and gemeente are
// exact roll-ups of it (sums over children), and main categories are sums over their subs,
// so "sum over children equals the parent" holds by construction and is tested.
//
//   MonthRange months{month_index(2023, 1), 36};
//   CountCube buurt = count_incidents(area_of, category, time_s, n_buurten, n_subs, months, &late);
//   CountCube wijk  = roll_up(buurt, buurt_to_wijk, n_wijken);
//   CountCube mains = group_categories(wijk, sub_to_main, n_mains);
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace brandpunt::aggregate {

// Months are numbered year*12 + (month-1), so consecutive months are consecutive integers.
constexpr int month_index(int year, int month) { return year * 12 + (month - 1); }
// The month of a civil time in seconds since 1970-01-01 (see core/incidents.hpp).
int month_of(int64_t time_s);
// "2024-03"
std::string month_label(int month);
// Parses "YYYY-MM"; throws Error(config) on anything else.
int parse_month(const std::string& text);

struct MonthRange {
  int first = 0;  // month index of the first month
  int count = 0;  // number of months
  bool contains(int m) const { return m >= first && m < first + count; }
};

struct CountCube {
  size_t n_areas = 0;
  size_t n_cats = 0;
  MonthRange months;
  std::vector<uint32_t> counts;  // [(area * n_cats + cat) * months.count + (month - first)]

  uint32_t at(size_t area, size_t cat, int month) const {
    return counts[(area * n_cats + cat) * static_cast<size_t>(months.count) +
                  static_cast<size_t>(month - months.first)];
  }
  // Sum over the months [from, from+len) that fall in the cube (months outside count 0).
  uint64_t sum(size_t area, size_t cat, int from, int len) const;
  uint64_t total() const;
};

// Counts incidents whose area is not kNoArea; incidents dated outside `months` are not in the
// cube and are counted in *out_of_window (when given) so that nothing is lost silently.
CountCube count_incidents(std::span<const uint32_t> area, std::span<const uint16_t> category,
                          std::span<const int64_t> time_s, size_t n_areas, size_t n_cats,
                          MonthRange months, int64_t* out_of_window = nullptr);

// Sums child areas into their parents (parent[i] = index of child i's parent).
CountCube roll_up(const CountCube& child, std::span<const uint32_t> parent, size_t n_parents);

// Sums categories into groups (group_of[c] = group index of category c).
CountCube group_categories(const CountCube& cube, std::span<const uint16_t> group_of,
                           size_t n_groups);
// Sums each category into every output category listed in targets[c] (a sub category feeds
// totaal, its main and itself): group_categories with several groups per category.
CountCube spread_categories(const CountCube& cube, const std::vector<std::vector<uint16_t>>& targets,
                            size_t n_out);

}  // namespace brandpunt::aggregate
