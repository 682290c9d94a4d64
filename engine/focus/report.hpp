// Report writers for focus lists and indicators: Markdown for people, CSV for spreadsheets.
//
// They return strings; the pipeline writes them (atomically) wherever it keeps its reports.
// Markdown follows the report language ("nl" | "en": headings, number separators, status
// words); CSV is language-neutral (keys, '.' decimals, shortest round-trip numbers, empty =
// no data) so that a monthly and a quarterly file can be appended and compared by machine.
// Output depends only on the input order of the vectors, which the caller keeps stable.
//
//   std::string md = focus_markdown({rank(buurten, policy, "gemeente")}, signals, "nl");
//   std::string md2 = indicators_markdown(results, "Indicatoren 2025-12 (kwartaal)", "nl");
//   std::string csv = indicators_csv(results);
//
// indicators_csv columns: indicator, level, code, name, measure, period, value, previous,
//   change, direction (lt|le|gt|ge), target, status (met|not_met|no_data).
// focus_csv columns: scope, level, category, listed (1|0), rank (0 = not listed), code, name,
//   stadsdeel, parent_code, score, count (empty when suppressed), c_hotspot, c_rate, c_volume,
//   c_trend, c_emerging, c_change (components in [0,1]), reasons, held_back (joined by "; "),
//   section (listed | near_miss | fading), scope_name, expected, sir (empty when unknown or
//   suppressed), c_excess, c_outlier.
// focus_json: {"lists": [...], "signals": [...]}, each list with its counts and its listed,
//   near_misses and fading rows; every row carries the numbers its reasons are built from
//   (count, expected, sir, n_hot, n_steps, trend_p, sen_slope, change_ly_pct, ...; null when
//   unknown or hidden), so a reader (or a test) can check every sentence against them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "focus/cross_level.hpp"
#include "focus/indicators.hpp"
#include "focus/rank.hpp"

namespace brandpunt::focus {

std::string focus_markdown(const std::vector<FocusList>& lists, const std::vector<Signal>& signals,
                           const std::string& language);
std::string focus_csv(const std::vector<FocusList>& lists);
nlohmann::json focus_json(const std::vector<FocusList>& lists, const std::vector<Signal>& signals);

// Grouped by (indicator, level) in order of first appearance, one table each with a summary
// line ("3 of 10 areas meet the target, 6 do not, 1 without data").
std::string indicators_markdown(const std::vector<IndicatorResult>& results,
                                const std::string& title, const std::string& language);
std::string indicators_csv(const std::vector<IndicatorResult>& results);

// Decimals used for a measure in reports: count 0, per_1000 2, share 1 (percent).
int report_decimals(Measure m);

}  // namespace brandpunt::focus
