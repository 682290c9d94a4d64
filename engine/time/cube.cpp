#include "time/cube.hpp"

#include <algorithm>
#include <string>

#include "core/error.hpp"
#include "core/incidents.hpp"

namespace brandpunt::time {

int64_t Cube::total() const {
  int64_t s = 0;
  for (uint32_t c : counts) s += c;
  return s;
}

std::vector<int64_t> Cube::step_totals() const {
  std::vector<int64_t> out(n_steps, 0);
  for (size_t loc = 0; loc < n_locations; ++loc)
    for (size_t t = 0; t < n_steps; ++t) out[t] += counts[loc * n_steps + t];
  return out;
}

std::vector<int64_t> Cube::location_totals() const {
  std::vector<int64_t> out(n_locations, 0);
  for (size_t loc = 0; loc < n_locations; ++loc)
    for (size_t t = 0; t < n_steps; ++t) out[loc] += counts[loc * n_steps + t];
  return out;
}

Cube build_cube(std::span<const uint32_t> location, std::span<const int64_t> time_s,
                size_t n_locations, const Window& window, const std::vector<bool>* include) {
  validate(window);
  if (location.size() != time_s.size() || (include && include->size() != time_s.size()))
    throw Error(ErrorKind::internal, "build_cube: column sizes differ (location " +
                                         std::to_string(location.size()) + ", time " +
                                         std::to_string(time_s.size()) + ")");
  Cube c;
  c.n_locations = n_locations;
  c.n_steps = static_cast<size_t>(step_count(window));
  c.counts.assign(c.n_locations * c.n_steps, 0);
  // Steps are found by binary search in the clipped boundaries: ~7 comparisons for 120
  // months, no calendar arithmetic per row.
  const std::vector<int64_t> bounds = step_bounds(window);
  for (size_t i = 0; i < time_s.size(); ++i) {
    if (include && !(*include)[i]) {
      ++c.excluded;
      continue;
    }
    const int64_t t = time_s[i];
    if (t < window.start_s) {
      ++c.before_window;
      continue;
    }
    if (t >= window.end_s) {
      ++c.after_window;
      continue;
    }
    const uint32_t loc = location[i];
    if (loc == kNoArea) {
      ++c.unassigned;
      continue;
    }
    if (loc >= n_locations)
      throw Error(ErrorKind::internal, "build_cube: location id " + std::to_string(loc) +
                                           " >= n_locations " + std::to_string(n_locations))
          .at_row(static_cast<int64_t>(i) + 1);
    const size_t step =
        static_cast<size_t>(std::upper_bound(bounds.begin() + 1, bounds.end(), t) - bounds.begin()) - 1;
    ++c.counts[static_cast<size_t>(loc) * c.n_steps + step];
  }
  return c;
}

Cube months_to_quarters(const Cube& monthly, const Window& monthly_window, Window* quarterly) {
  if (monthly_window.step != Step::month)
    throw Error(ErrorKind::internal, "months_to_quarters: the window's step is not month");
  if (monthly.n_steps != static_cast<size_t>(step_count(monthly_window)))
    throw Error(ErrorKind::internal, "months_to_quarters: cube and window disagree on steps");
  Window qw = monthly_window;
  qw.step = Step::quarter;
  Cube q;
  q.n_locations = monthly.n_locations;
  q.n_steps = static_cast<size_t>(step_count(qw));
  q.counts.assign(q.n_locations * q.n_steps, 0);
  q.before_window = monthly.before_window;
  q.after_window = monthly.after_window;
  q.unassigned = monthly.unassigned;
  q.excluded = monthly.excluded;
  std::vector<size_t> quarter_of(monthly.n_steps);
  for (size_t m = 0; m < monthly.n_steps; ++m) {
    const int64_t first_s =
        std::max(step_begin_s(monthly_window, static_cast<int>(m)), monthly_window.start_s);
    quarter_of[m] = static_cast<size_t>(step_index(qw, first_s));
  }
  for (size_t loc = 0; loc < monthly.n_locations; ++loc)
    for (size_t m = 0; m < monthly.n_steps; ++m)
      q.counts[loc * q.n_steps + quarter_of[m]] += monthly.counts[loc * monthly.n_steps + m];
  if (quarterly) *quarterly = qw;
  return q;
}

Cube roll_up(const Cube& cube, std::span<const uint32_t> parent, size_t n_parents) {
  if (parent.size() != cube.n_locations)
    throw Error(ErrorKind::internal, "roll_up: parent list size differs from n_locations");
  Cube r;
  r.n_locations = n_parents;
  r.n_steps = cube.n_steps;
  r.counts.assign(n_parents * cube.n_steps, 0);
  r.before_window = cube.before_window;
  r.after_window = cube.after_window;
  r.unassigned = cube.unassigned;
  r.excluded = cube.excluded;
  for (size_t loc = 0; loc < cube.n_locations; ++loc) {
    const uint32_t p = parent[loc];
    if (p == kNoArea) {
      for (size_t t = 0; t < cube.n_steps; ++t) r.unassigned += cube.counts[loc * cube.n_steps + t];
      continue;
    }
    if (p >= n_parents)
      throw Error(ErrorKind::internal, "roll_up: parent id " + std::to_string(p) + " out of range");
    for (size_t t = 0; t < cube.n_steps; ++t)
      r.counts[p * cube.n_steps + t] += cube.counts[loc * cube.n_steps + t];
  }
  return r;
}

}  // namespace brandpunt::time
