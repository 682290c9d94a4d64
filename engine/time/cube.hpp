// The space-time cube: incident counts per location (area or grid cell) and time step.
//
// Locations are whatever the assignment step produced (straat, buurt, wijk or grid-cell ids,
// 0..n_locations-1); steps come from a calendar Window (calendar.hpp). Every bin exists: a
// month without incidents is a 0, never a gap, so trend tests see the quiet months too.
// Nothing is dropped silently: every input row lands in exactly one of
//   excluded (include[i] false) | before_window | after_window | unassigned (kNoArea) | a bin,
// so   rows = excluded + before_window + after_window + unassigned + sum(counts).
//
//   Window w{parse_iso_date("2015-01-01"), parse_iso_date("2025-01-01"), Step::month};
//   Cube c = build_cube(table_area_ids, table.time_s, layer.size(), w);
//   c.at(buurt, 3);           // incidents in buurt `buurt` in 2015-04
//   Cube q = months_to_quarters(c, w);   // same data by quarter
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "time/calendar.hpp"

namespace brandpunt::time {

struct Cube {
  size_t n_locations = 0;
  size_t n_steps = 0;
  std::vector<uint32_t> counts;  // [loc * n_steps + t]
  int64_t before_window = 0;     // rows dated before window.start_s
  int64_t after_window = 0;      // rows dated at or after window.end_s
  int64_t unassigned = 0;        // rows inside the window whose location is kNoArea
  int64_t excluded = 0;          // rows with include[i] == false (a filter, e.g. a category)

  uint32_t at(size_t loc, size_t t) const { return counts[loc * n_steps + t]; }
  std::span<const uint32_t> series(size_t loc) const {
    return {counts.data() + loc * n_steps, n_steps};
  }
  int64_t total() const;                // sum of all bins
  std::vector<int64_t> step_totals() const;      // per step, over all locations
  std::vector<int64_t> location_totals() const;  // per location, over all steps
};

// One pass over the rows. location[i] is the location id or kNoArea (counted as unassigned
// when inside the window); time_s[i] is civil seconds. `include`, when given, selects rows
// (size must match). Throws Error(internal) for a location id >= n_locations or mismatched
// column sizes, Error(config) for an empty window.
Cube build_cube(std::span<const uint32_t> location, std::span<const int64_t> time_s,
                size_t n_locations, const Window& window,
                const std::vector<bool>* include = nullptr);

// Sums the steps of a monthly cube into quarters. The quarterly window is the same
// [start_s, end_s) with Step::quarter (returned through `quarterly` when not null); a quarter
// the window only partly covers is partial there too.
Cube months_to_quarters(const Cube& monthly, const Window& monthly_window,
                        Window* quarterly = nullptr);

// Sums locations into parents (buurt -> wijk): parent[loc] in 0..n_parents-1, or kNoArea to
// count that location's incidents as unassigned.
Cube roll_up(const Cube& cube, std::span<const uint32_t> parent, size_t n_parents);

}  // namespace brandpunt::time
