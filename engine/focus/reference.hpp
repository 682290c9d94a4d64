// Comparison with reference municipalities: the gemeente's own indicator values next to the
// values other municipalities publish, read from a small CSV.
//
// CSV: a header with the columns gemeente, indicator, value (any order, case-insensitive,
// extra columns ignored), separated by ',' or — when the header has ';' and no ',' — by ';'
// (Dutch spreadsheets), quoted fields per RFC 4180, an optional UTF-8 BOM. `indicator` is the
// `name` of a configured [[indicator]]; `value` is in that indicator's measure and unit, with
// '.' or a decimal ',' (only when ';' separates); an empty value means "no data".
//
//   gemeente,indicator,value
//   Heerlen,Bedreiging per 1.000 inwoners,4.1
//   Venlo,Bedreiging per 1.000 inwoners,3.2
//
//   auto refs = read_reference_csv("referentie.csv");
//   std::string md = reference_markdown(gemeente_results, refs, "nl");
#pragma once

#include <string>
#include <vector>

#include "focus/indicators.hpp"

namespace brandpunt::focus {

struct ReferenceRow {
  std::string gemeente, indicator;
  double value = kNaN;  // NaN = no data
};

// Throws Error(io) when the file cannot be read, Error(format) naming the file, the 1-based
// data row and the field for a missing column, a row with too few fields, an empty gemeente or
// indicator, an unreadable value or a repeated (gemeente, indicator) pair.
std::vector<ReferenceRow> read_reference_csv(const std::string& path);

// One table: a row per gemeente-level indicator of `own` (other levels are skipped), a column
// for the own gemeente and one per reference gemeente (in order of first appearance in the
// CSV), the target, and the own gemeente's place among all that have a value (1 = best in the
// target's direction; ties share the better place). Reference indicators without a configured
// indicator are listed below the table.
std::string reference_markdown(const std::vector<IndicatorResult>& own,
                               const std::vector<ReferenceRow>& references,
                               const std::string& language);

}  // namespace brandpunt::focus
