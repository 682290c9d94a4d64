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
