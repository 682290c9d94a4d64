#include "io/datetime.hpp"

#include "core/error.hpp"

namespace brandpunt::io {

namespace {

// Reads 1..max_digits digits; false when none.
bool read_int(std::string_view s, size_t& i, int max_digits, int& out, int min_digits = 1) {
  int n = 0, value = 0;
  while (i < s.size() && n < max_digits && s[i] >= '0' && s[i] <= '9') {
    value = value * 10 + (s[i] - '0');
    ++i;
    ++n;
  }
  out = value;
  return n >= min_digits;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool valid_date(int y, int m, int d) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  return d <= kDays[m - 1] + (m == 2 && leap(y) ? 1 : 0);
}

// hh:mm[:ss[.fff]] from s[i]; then the rest may only be a zone suffix (Z, +hh[:mm], -hh[:mm]).
std::optional<int64_t> read_time(std::string_view s, size_t i, bool allow_zone) {
  int h = 0, mi = 0, sec = 0;
  if (!read_int(s, i, 2, h) || i >= s.size() || s[i] != ':') return std::nullopt;
  ++i;
  if (!read_int(s, i, 2, mi, 2)) return std::nullopt;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!read_int(s, i, 2, sec, 2)) return std::nullopt;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      int frac = 0;
      if (!read_int(s, i, 9, frac)) return std::nullopt;
    }
  }
  if (h > 23 || mi > 59 || sec > 59) return std::nullopt;
  if (i < s.size()) {
    if (!allow_zone) return std::nullopt;
    if (s[i] == 'Z' && i + 1 == s.size()) {
      // civil time as written
    } else if (s[i] == '+' || s[i] == '-') {
      ++i;
      int zh = 0, zm = 0;
      if (!read_int(s, i, 2, zh, 2) || zh > 14) return std::nullopt;
      if (i < s.size() && s[i] == ':') ++i;
      if (i < s.size() && (!read_int(s, i, 2, zm, 2) || zm > 59)) return std::nullopt;
      if (i != s.size()) return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  return int64_t{h} * 3600 + mi * 60 + sec;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<int64_t> combine(int y, int m, int d, std::string_view s, size_t i, bool iso) {
  if (!valid_date(y, m, d)) return std::nullopt;
  int64_t t = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86400;
  if (i == s.size()) return t;
  // Date and time are separated by 'T' (ISO) or spaces.
  if (iso && s[i] == 'T') {
    ++i;
  } else if (s[i] == ' ') {
    while (i < s.size() && s[i] == ' ') ++i;
  } else {
    return std::nullopt;
  }
  auto tod = read_time(s, i, iso);
  if (!tod) return std::nullopt;
  return t + *tod;
}

std::optional<int64_t> parse_iso(std::string_view s) {
  size_t i = 0;
  int y = 0, m = 0, d = 0;
  if (!read_int(s, i, 4, y, 4) || i >= s.size() || s[i] != '-') return std::nullopt;
  ++i;
  if (!read_int(s, i, 2, m, 2) || i >= s.size() || s[i] != '-') return std::nullopt;
  ++i;
  if (!read_int(s, i, 2, d, 2)) return std::nullopt;
  return combine(y, m, d, s, i, true);
}

// a<sep>b<sep>yyyy with sep one of - / . (the same twice). `ambiguous`: a and b are different
// numbers of 1..12, so the other order reads another valid date.
std::optional<int64_t> parse_xxy(std::string_view s, bool day_first, bool* ambiguous) {
  size_t i = 0;
  int a = 0, b = 0, y = 0;
  if (!read_int(s, i, 2, a) || i >= s.size()) return std::nullopt;
  const char sep = s[i];
  if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
  ++i;
  if (!read_int(s, i, 2, b) || i >= s.size() || s[i] != sep) return std::nullopt;
  ++i;
  if (!read_int(s, i, 4, y, 4)) return std::nullopt;
  auto t = day_first ? combine(y, b, a, s, i, false) : combine(y, a, b, s, i, false);
  if (t && ambiguous) *ambiguous = a != b && a >= 1 && a <= 12 && b >= 1 && b <= 12;
  return t;
}

}  // namespace

DateOrder parse_date_order(const std::string& text) {
  if (text == "auto" || text.empty()) return DateOrder::automatic;
  if (text == "iso") return DateOrder::iso;
  if (text == "dmy") return DateOrder::dmy;
  if (text == "mdy") return DateOrder::mdy;
  throw Error(ErrorKind::config, "date_format must be auto, iso, dmy or mdy, not '" + text + "'")
      .at_field("date_format");
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);                 // [0, 399]
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::optional<int64_t> parse_date_time(std::string_view text, DateOrder order, bool* ambiguous) {
  if (ambiguous) *ambiguous = false;
  const std::string_view s = trim(text);
  if (s.size() < 8) return std::nullopt;
  switch (order) {
    case DateOrder::iso:
      return parse_iso(s);
    case DateOrder::dmy:
      return parse_xxy(s, true, ambiguous);
    case DateOrder::mdy:
      return parse_xxy(s, false, ambiguous);
    case DateOrder::automatic: {
      // ISO starts with four digits and a dash; anything else is tried as day-month-year.
      if (s.size() >= 5 && s[4] == '-') return parse_iso(s);
      return parse_xxy(s, true, ambiguous);
    }
  }
  return std::nullopt;
}

std::optional<int64_t> parse_time_of_day(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return std::nullopt;
  return read_time(s, 0, false);
}

}  // namespace brandpunt::io
