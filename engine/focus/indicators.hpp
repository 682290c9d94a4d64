// Indicators and targets: policy goals from the config ("bedreiging per 1,000 inhabitants
// < 3.5", "vermogen + HIC per 1,000 inhabitants ≤ 44") evaluated for the gemeente, wijken and
// buurten with a status of met / not met / no data.
//
// An indicator names a category or a set of categories (main or sub keys, summed: do not mix a
// main with one of its own subs), a level, a measure, a rolling window ending at the report
// month and a target with a direction. The pipeline computes the windowed counts from its cubes
// and hands plain numbers to evaluate(); missing data is NaN and always reads "no data", never 0.
//
//   measure   count     incidents in the window
//             per_1000  incidents per 1,000 inhabitants  (count · 1000 / population)
//             share     percent of all incidents (totaal) in the window (count · 100 / totaal)
//   period    month | quarter | year: the 1, 3 or 12 months ending at the report month; the
//             previous period is the window just before it (for the change column).
//   status    "met" when value <direction> target holds, "not_met" when not, "no_data" when the
//             value cannot be computed (no count, no population, no incidents at all for a
//             share). A value within 1e-9 (relative) of the target counts as equal to it, so a
//             rate of 3.5 computed as 3.5000000000000004 meets "<= 3.5" and fails "< 3.5".
//
// TOML, one table per indicator:
//
//   [[indicator]]
//   name = "Bedreiging per 1.000 inwoners"   # required; unique per level
//   category = "bedreiging"                  # or categories = ["vermogen", "hic"]
//   level = "gemeente"                       # gemeente | wijk | buurt, or a list of them
//   measure = "per_1000"                     # count | per_1000 | share
//   period = "year"                          # month | quarter | year (default year)
//   target = "< 3.5"                         # "<", "<=", ">", ">=", "≤", "≥"; decimal comma ok
//   # or: target = 3.5 and direction = "lt"  # lt | le | gt | ge (or the symbols above)
//
//   auto inds = parse_indicators(root["indicator"].as_array(), path,
//                                [&](const std::string& k) { return taxonomy_has(k); });
//   IndicatorResult r = evaluate(inds[0], {.code = "GM0935", .name = "Maastricht",
//                                          .level = "gemeente", .count_now = 412,
//                                          .count_prev = 380, .population = 120000});
//   r.status;  // "met": 3.43 < 3.5
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "focus/rank.hpp"  // kNaN

namespace brandpunt::focus {

enum class Measure { count, per_1000, share };
enum class Direction { lt, le, gt, ge };

const char* to_string(Measure m);              // "count" | "per_1000" | "share"
const char* to_string(Direction d);            // "lt" | "le" | "gt" | "ge"
const char* symbol(Direction d);               // "<" | "≤" | ">" | "≥"
int window_months(const std::string& period);  // month 1, quarter 3, year 12; 0 = unknown

struct Indicator {
  std::string name;
  std::vector<std::string> categories;  // main or sub keys, summed
  std::string level;                    // "gemeente" | "wijk" | "buurt"
  Measure measure = Measure::count;
  std::string period = "year";  // "month" | "quarter" | "year"
  Direction direction = Direction::lt;
  double target = 0;
  int64_t config_line = -1;  // line of the [[indicator]] table in the config file
};

// Reads the [[indicator]] array (nullptr -> none). A `level` list gives one Indicator per
// level, in the order written. Throws Error(config) naming `config_file`, the line and the
// field ("indicator[2].category") for: unknown keys, a missing name/category/level/measure/
// target, an unknown category (category_exists returns false), level, measure or period, a
// target without a direction, conflicting directions, or a repeated name on the same level.
std::vector<Indicator> parse_indicators(
    const toml::array* indicator_array, const std::string& config_file,
    const std::function<bool(const std::string&)>& category_exists);

// Numbers for one area (or the gemeente) in the indicator's window and the window before.
// NaN = no data (also for a count the public profile suppresses).
struct IndicatorInput {
  std::string code, name, level;
  double count_now = kNaN, count_prev = kNaN;    // incidents of the indicator's categories
  double totaal_now = kNaN, totaal_prev = kNaN;  // all incidents (measure share)
  double population = kNaN;                      // inhabitants (measure per_1000)
};

struct IndicatorResult {
  std::string indicator;  // Indicator::name
  std::string code, name, level;
  Measure measure = Measure::count;
  std::string period;
  double value = kNaN;     // in the measure's unit; NaN = no data
  double previous = kNaN;  // same, previous window
  double change = kNaN;    // value - previous (NaN when either is missing)
  double target = kNaN;
  Direction direction = Direction::lt;
  std::string direction_text;  // "< 3.5", "≤ 44" (ASCII digits, '.' decimal point)
  std::string status;          // "met" | "not_met" | "no_data"
};

// value <direction> target, with the 1e-9 relative equality band; false for NaN.
bool target_met(Direction direction, double value, double target);

IndicatorResult evaluate(const Indicator& indicator, const IndicatorInput& input);

}  // namespace brandpunt::focus
