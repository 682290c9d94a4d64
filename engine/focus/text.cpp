#include "focus/text.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

namespace brandpunt::focus {

namespace {

// Inserts the group separator into the integer digits of an ASCII number ("-12345.6" with
// '.' as decimal point) and swaps in the language's decimal mark.
std::string localise(std::string s, const std::string& language) {
  const bool nl = language == "nl";
  const char group = nl ? '.' : ',';
  const char decimal = nl ? ',' : '.';
  const size_t start = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  size_t point = s.find('.');
  if (point == std::string::npos) point = s.size();
  std::string out = s.substr(0, start);
  const size_t digits = point - start;
  for (size_t i = 0; i < digits; ++i) {
    out += s[start + i];
    const size_t left = digits - i - 1;
    if (digits >= 5 && left > 0 && left % 3 == 0) out += group;
  }
  if (point < s.size()) {
    out += decimal;
    out += s.substr(point + 1);
  }
  return out;
}

std::string fixed_ascii(double v, int decimals) {
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
  std::string s(buf, r.ptr);
  // "-0.00" after rounding is zero: write it without the sign.
  if (!s.empty() && s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

}  // namespace

std::string format_number(double v, int decimals, const std::string& language) {
  if (!std::isfinite(v)) return "";
  if (decimals < 0) decimals = 0;
  if (decimals > 17) decimals = 17;
  return localise(fixed_ascii(v, decimals), language);
}

std::string format_count(int64_t n, const std::string& language) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, n);
  return localise(std::string(buf, r.ptr), language);
}

std::string format_percent(double pct, const std::string& language) {
  if (!std::isfinite(pct)) return "";
  std::string s = fixed_ascii(pct, 0);
  if (s != "0" && s[0] != '-') s = "+" + s;
  return localise(s, language) + " %";
}

std::string format_p(double p, const std::string& language) {
  if (!std::isfinite(p)) return "";
  if (p < 0.001) return "< " + format_number(0.001, 3, language);
  return format_number(p, p < 0.01 ? 3 : 2, language);
}

std::optional<double> parse_decimal(std::string_view text) {
  const size_t a = text.find_first_not_of(" \t");
  if (a == std::string_view::npos) return std::nullopt;
  std::string s(text.substr(a, text.find_last_not_of(" \t") - a + 1));
  if (s.find('.') == std::string::npos) {
    const size_t comma = s.find(',');
    if (comma != std::string::npos && s.find(',', comma + 1) == std::string::npos) s[comma] = '.';
  }
  if (s[0] == '+') s.erase(0, 1);
  double v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::string format_plain(double v) {
  if (!std::isfinite(v)) return "";
  if (v == 0) return "0";  // also -0
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string format_ratio(double ratio, const std::string& language) {
  if (!std::isfinite(ratio)) return "";
  return format_number(ratio, std::fabs(ratio) < 9.95 ? 1 : 0, language);
}

std::string format_slope(double slope, const std::string& language) {
  if (!std::isfinite(slope)) return "";
  const double a = std::fabs(slope);
  if (a < 0.005) return "\u2248 0";
  std::string s = format_number(slope, a < 0.05 ? 2 : 1, language);
  if (s[0] != '-') s = "+" + s;
  return s;
}

std::pair<std::string, std::string> format_distinct(double a, double b,
                                                    const std::string& language) {
  for (int d = 2; d <= 6; ++d) {
    std::string x = format_number(a, d, language), y = format_number(b, d, language);
    if (x != y || d == 6) return {x, y};
  }
  return {};
}

std::string incidents_text(int64_t n, const std::string& lang) {
  const bool one = n == 1;
  return format_count(n, lang) +
         (lang == "nl" ? (one ? " incident" : " incidenten") : (one ? " incident" : " incidents"));
}

std::string step_text(const std::string& step, bool plural, const std::string& lang) {
  const bool nl = lang == "nl";
  if (step == "week") return nl ? (plural ? "weken" : "week") : (plural ? "weeks" : "week");
  if (step == "quarter")
    return nl ? (plural ? "kwartalen" : "kwartaal") : (plural ? "quarters" : "quarter");
  return nl ? (plural ? "maanden" : "maand") : (plural ? "months" : "month");
}

std::string level_heading(const std::string& level, const std::string& lang) {
  const bool nl = lang == "nl";
  if (level == "straat") return nl ? "Straten" : "Streets";
  if (level == "buurt") return nl ? "Buurten" : "Neighbourhoods";
  if (level == "wijk") return nl ? "Wijken" : "Districts";
  if (level == "stadsdeel") return nl ? "Stadsdelen" : "City districts";
  return level;
}

std::string scope_text(const std::string& scope, const std::string& scope_name,
                       const std::string& lang) {
  const bool nl = lang == "nl";
  if (scope == "gemeente") return nl ? "hele gemeente" : "citywide";
  const std::string what = nl ? "stadsdeel " : "city district ";
  if (scope_name.empty() || scope_name == scope) return what + scope;
  return what + scope_name + " (" + scope + ")";
}

bool is_hot_class(const std::string& c) { return c.rfind("hot_", 0) == 0; }
bool is_cold_class(const std::string& c) { return c.rfind("cold_", 0) == 0; }

std::string confidence_text(const std::string& c) {
  const size_t us = c.find('_');
  if (!(is_hot_class(c) || is_cold_class(c)) || us == std::string::npos) return "";
  return c.substr(us + 1) + " %";
}

std::string emerging_text(const std::string& key, const std::string& language) {
  struct Label {
    std::string_view key, en, nl;
  };
  // Dutch names follow the Dutch localisation of ArcGIS Pro's Emerging Hot Spot Analysis.
  static constexpr Label kLabels[] = {
      {"new", "new", "nieuwe"},
      {"consecutive", "consecutive", "opeenvolgende"},
      {"intensifying", "intensifying", "intensiverende"},
      {"persistent", "persistent", "aanhoudende"},
      {"diminishing", "diminishing", "afnemende"},
      {"sporadic", "sporadic", "sporadische"},
      {"oscillating", "oscillating", "oscillerende"},
      {"historical", "historical", "historische"},
  };
  const bool nl = language == "nl";
  if (key == "no_pattern") return nl ? "geen patroon" : "no pattern";
  std::string_view k = key;
  std::string_view family;
  for (std::string_view suffix : {std::string_view("_hot_spot"), std::string_view("_cold_spot")}) {
    if (k.size() > suffix.size() && k.substr(k.size() - suffix.size()) == suffix) {
      family = suffix;
      k = k.substr(0, k.size() - suffix.size());
    }
  }
  if (family.empty()) return "";
  for (const Label& l : kLabels) {
    if (l.key != k) continue;
    const bool hot = family == "_hot_spot";
    std::string out(nl ? l.nl : l.en);
    out += nl ? (hot ? " hotspot" : " coldspot") : (hot ? " hot spot" : " cold spot");
    return out;
  }
  return "";
}

std::string md_cell(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    if (ch == '|')
      out += "\\|";
    else if (ch == '\n' || ch == '\r')
      out += ' ';
    else
      out += ch;
  }
  return out;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + "\"";
}

}  // namespace brandpunt::focus
