// Locale-independent number and label formatting for the focus texts (reasons, reports).
//
// Reasons are read by people, in Dutch or English, so numbers follow the language: Dutch uses
// a decimal comma and a dot between thousands ("12.345,5"), English the reverse ("12,345.5").
// Everything is built with std::to_chars, never iostreams or printf, so the bytes do not depend
// on the machine's locale (STYLE.md: deterministic output).
//
//   format_number(2.345, 2, "nl")   == "2,35"      (to_chars rounds the binary value)
//   format_count(12345, "en")       == "12,345"
//   format_percent(56.2, "nl")      == "+56 %"
//   format_p(0.0004, "en")          == "< 0.001"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace brandpunt::focus {

// Fixed decimals with the language's separators; "" for NaN/inf; never "-0".
std::string format_number(double v, int decimals, const std::string& language);
// Integer with thousands grouping for values >= 10,000 (Dutch style guides group from five
// digits; we use the same rule in both languages so tables align).
std::string format_count(int64_t n, const std::string& language);
// Signed whole percent: "+56 %", "-20 %", "0 %"; "" for NaN.
std::string format_percent(double pct, const std::string& language);
// A p-value for text: "< 0.001", 3 decimals below 0.01, else 2 decimals ("0,02").
std::string format_p(double p, const std::string& language);
// Reads a decimal number written with '.' or a single decimal ',' ("3.5", "3,5", " 44 ");
// nullopt unless the whole string (spaces trimmed) is one finite number.
std::optional<double> parse_decimal(std::string_view text);

// Shortest round-trip text with a '.' (CSV, machine-readable); "" for NaN/inf.
std::string format_plain(double v);

// A ratio as read in a sentence: 1 decimal below 10 ("3,1"), none from 10 ("23").
std::string format_ratio(double ratio, const std::string& language);
// A slope per step: signed, 1 decimal, 2 where 1 would show 0, "≈ 0" where 2 would too
// ("+1,3", "-0,04", "≈ 0"); "" for NaN.
std::string format_slope(double slope, const std::string& language);
// Two scores with as many decimals (2 to 6) as it takes for their texts to differ, so a score
// below a cut-off never reads as the cut-off itself ("0,849" vs "0,850"); equal texts at 6
// decimals mean equal scores.
std::pair<std::string, std::string> format_distinct(double a, double b,
                                                    const std::string& language);

// "1 incident" / "2 incidenten" / "2 incidents".
std::string incidents_text(int64_t n, const std::string& language);
// A step noun: month/months, maand/maanden, week/weken, quarter/kwartaal/kwartalen.
std::string step_text(const std::string& step, bool plural, const std::string& language);
// A level for headings: straat -> "Straten" / "Streets", buurt -> "Buurten" /
// "Neighbourhoods", wijk -> "Wijken" / "Districts"; other names unchanged.
std::string level_heading(const std::string& level, const std::string& language);
// "stadsdeel Centrum (SD01)" / "city district Centrum (SD01)", "hele gemeente" / "citywide";
// the code alone when the name is empty or equals it.
std::string scope_text(const std::string& scope, const std::string& scope_name,
                       const std::string& language);

// "99 %", "95 %", "90 %" for hot_*/cold_* classes; "" otherwise.
std::string confidence_text(const std::string& gi_class);
bool is_hot_class(const std::string& gi_class);
bool is_cold_class(const std::string& gi_class);

// Emerging category key -> "intensifying hot spot" / "intensiverende hotspot"; "" when unknown.
std::string emerging_text(const std::string& key, const std::string& language);

// Markdown table cell: '|' escaped, newlines to spaces.
std::string md_cell(const std::string& s);
// RFC 4180 CSV field: quoted when it holds a comma, quote, CR or LF.
std::string csv_field(const std::string& s);

}  // namespace brandpunt::focus
