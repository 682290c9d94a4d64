// When in the week incidents happen: an hour × weekday profile (168 cells) per area and
// category, with aoristic weighting for incidents whose time is only known to lie in a window.
//
// A burglary found on return from holiday happened "between Friday 18:00 and Monday 08:00";
// putting it at either end biases the profile. Aoristic analysis (Ratcliffe 2002, "Aoristic
// signatures and the spatio-temporal analysis of high volume crime patterns", J. Quant.
// Criminol. 18) spreads each incident's weight of 1 over the hours of its window in proportion
// to the time of the window that falls in each hour: an incident from 13:30 to 15:30 adds 0.25 to
// 13:00, 0.5 to 14:00 and 0.25 to 15:00. A window of whole weeks adds the same to every cell.
// Incidents with one time (no end, or an end not after the start) add 1 to their hour.
//
// Cells are weekday × 24 + hour, weekday 0 = Monday .. 6 = Sunday, in civil local time as the
// export writes it (core/incidents.hpp). Profiles are dense: [(area · groups + group) · 168 +
// cell], and roll up to parent areas by summation like the count cube.
//
//   evaluate::HourWeekProfile p = evaluate::hour_week_profile(
//       area_of, category, t.time_s, time_to, n_buurten, groups_of_sub, n_groups);
//   p.at(b, g, evaluate::hour_week_cell(t.time_s[0]));
//   evaluate::HourWeekProfile wijk = evaluate::roll_up(p, buurt_wijk, n_wijken);
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "core/incidents.hpp"

namespace brandpunt::evaluate {

inline constexpr int kWeekCells = 168;
inline constexpr uint32_t kNoProfileArea = std::numeric_limits<uint32_t>::max();

int weekday_of(int64_t civil_s);      // 0 = Monday (1970-01-01 was a Thursday)
int hour_week_cell(int64_t civil_s);  // weekday · 24 + hour

// Adds `weight` spread over [from_s, to_s) to the 168 cells (to_s <= from_s or kNoTime: all
// at from_s's hour).
void add_aoristic(std::span<double, kWeekCells> cells, int64_t from_s, int64_t to_s,
                  double weight = 1.0);

struct HourWeekProfile {
  size_t areas = 0, groups = 0;
  std::vector<double> weight;  // [(area * groups + group) * 168 + cell]
  int64_t incidents = 0;       // incidents added (area != kNoProfileArea)
  int64_t with_window = 0;     // ... of which spread over a window (aoristic)
  double mean_window_h = 0;    // mean window length of those, hours

  double at(size_t area, size_t group, int cell) const {
    return weight[(area * groups + group) * kWeekCells + static_cast<size_t>(cell)];
  }
  std::span<const double, kWeekCells> cells(size_t area, size_t group) const {
    return std::span<const double, kWeekCells>(weight.data() + (area * groups + group) * kWeekCells,
                                               kWeekCells);
  }
};

// area[i] (kNoProfileArea = skip), category[i] (index into groups_of), from_s[i], to_s[i]
// (empty span = no end times; brandpunt::kNoTime = none for that incident). groups_of[c] lists the
// profile groups category c adds to (e.g. totaal, its main, itself). Throws Error(internal) on
// mismatched spans or out-of-range ids.
HourWeekProfile hour_week_profile(std::span<const uint32_t> area,
                                  std::span<const uint16_t> category,
                                  std::span<const int64_t> from_s, std::span<const int64_t> to_s,
                                  size_t areas, const std::vector<std::vector<uint16_t>>& groups_of,
                                  size_t groups);

// Sums areas into parents (parent[i] = parent of area i).
HourWeekProfile roll_up(const HourWeekProfile& p, std::span<const uint32_t> parent, size_t parents);

}  // namespace brandpunt::evaluate
