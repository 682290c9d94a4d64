#include "time/calendar.hpp"

#include <algorithm>
#include <cstdio>

#include "core/error.hpp"

namespace brandpunt::time {
namespace {

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

// Monday 1969-12-29 is day -3: ISO week k starts on day 7k - 3.
constexpr int64_t kWeekEpochShiftDays = 3;

bool parse_digits(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

const char* to_string(Step step) {
  switch (step) {
    case Step::week: return "week";
    case Step::month: return "month";
    case Step::quarter: return "quarter";
  }
  return "?";
}

Step parse_step(std::string_view text) {
  if (text == "week") return Step::week;
  if (text == "month") return Step::month;
  if (text == "quarter") return Step::quarter;
  throw Error(ErrorKind::config, "unknown time step '" + std::string(text) +
                                     "' (expected week, month or quarter)")
      .at_field("time_step");
}

int steps_per_year(Step step) {
  switch (step) {
    case Step::week: return 52;
    case Step::month: return 12;
    case Step::quarter: return 4;
  }
  return 12;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

// Hinnant's days_from_civil: eras of 400 years (146,097 days), March-based years so that
// the leap day is the last day of the year.
int64_t days_from_civil(CivilDate date) {
  const int64_t y = static_cast<int64_t>(date.year) - (date.month <= 2 ? 1 : 0);
  const int64_t era = floor_div(y, 400);
  const int64_t yoe = y - era * 400;                                        // [0, 399]
  const int64_t mp = (date.month + 9) % 12;                                 // March = 0
  const int64_t doy = (153 * mp + 2) / 5 + date.day - 1;                    // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                // [0, 146096]
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = floor_div(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return CivilDate{static_cast<int>(y), m, d};
}

int64_t days_from_seconds(int64_t t_s) { return floor_div(t_s, kSecondsPerDay); }

CivilDate civil_from_seconds(int64_t t_s) { return civil_from_days(days_from_seconds(t_s)); }

int64_t seconds_from_civil(CivilDate date) { return days_from_civil(date) * kSecondsPerDay; }

int iso_weekday(int64_t days) {
  // 1970-01-01 was a Thursday (4).
  return static_cast<int>(floor_mod(days + 3, 7)) + 1;
}

// ISO 8601: a week belongs to the year that holds its Thursday; week 1 holds the first
// Thursday of the year.
IsoWeek iso_week(int64_t days) {
  const int64_t thursday = days - iso_weekday(days) + 4;
  const int year = civil_from_days(thursday).year;
  const int64_t doy = thursday - days_from_civil(CivilDate{year, 1, 1});
  return IsoWeek{year, static_cast<int>(doy / 7) + 1};
}

int64_t parse_iso_date(std::string_view text) {
  auto fail = [&](const char* why) {
    return Error(ErrorKind::config, "cannot parse date '" + std::string(text) + "': " + why);
  };
  CivilDate d;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-' || !parse_digits(text, 0, 4, d.year) ||
      !parse_digits(text, 5, 2, d.month) || !parse_digits(text, 8, 2, d.day))
    throw fail("expected YYYY-MM-DD");
  if (d.month < 1 || d.month > 12) throw fail("month out of range");
  if (d.day < 1 || d.day > days_in_month(d.year, d.month)) throw fail("day out of range");
  int64_t t = seconds_from_civil(d);
  if (text.size() == 10) return t;
  int hh = 0, mm = 0, ss = 0;
  if ((text[10] != 'T' && text[10] != ' ') || text.size() < 16 || text[13] != ':' ||
      !parse_digits(text, 11, 2, hh) || !parse_digits(text, 14, 2, mm))
    throw fail("expected YYYY-MM-DD[THH:MM[:SS]]");
  size_t end = 16;
  if (text.size() >= 19 && text[16] == ':') {
    if (!parse_digits(text, 17, 2, ss)) throw fail("bad seconds");
    end = 19;
  }
  if (end != text.size()) throw fail("trailing characters");
  if (hh > 23 || mm > 59 || ss > 59) throw fail("time of day out of range");
  return t + hh * 3600 + mm * 60 + ss;
}

std::string format_iso_date(int64_t t_s) {
  const CivilDate d = civil_from_seconds(t_s);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

void validate(const Window& w) {
  if (w.end_s <= w.start_s)
    throw Error(ErrorKind::config, "analysis window is empty: end " + format_iso_date(w.end_s) +
                                       " is not after start " + format_iso_date(w.start_s))
        .at_field("window");
}

int64_t absolute_step(Step step, int64_t t_s) {
  const int64_t days = days_from_seconds(t_s);
  if (step == Step::week) return floor_div(days + kWeekEpochShiftDays, 7);
  const CivilDate d = civil_from_days(days);
  const int64_t month = (static_cast<int64_t>(d.year) - 1970) * 12 + (d.month - 1);
  return step == Step::month ? month : floor_div(month, 3);
}

int64_t absolute_step_start(Step step, int64_t k) {
  if (step == Step::week) return (7 * k - kWeekEpochShiftDays) * kSecondsPerDay;
  const int64_t month = step == Step::month ? k : 3 * k;
  const CivilDate d{static_cast<int>(1970 + floor_div(month, 12)),
                    static_cast<int>(floor_mod(month, 12)) + 1, 1};
  return seconds_from_civil(d);
}

int step_count(const Window& w) {
  if (w.end_s <= w.start_s) return 0;
  return static_cast<int>(absolute_step(w.step, w.end_s - 1) - absolute_step(w.step, w.start_s) +
                          1);
}

int step_index(const Window& w, int64_t t_s) {
  if (t_s < w.start_s || t_s >= w.end_s) return -1;
  return static_cast<int>(absolute_step(w.step, t_s) - absolute_step(w.step, w.start_s));
}

int64_t step_begin_s(const Window& w, int i) {
  return absolute_step_start(w.step, absolute_step(w.step, w.start_s) + i);
}

int64_t step_end_s(const Window& w, int i) {
  return absolute_step_start(w.step, absolute_step(w.step, w.start_s) + i + 1);
}

int64_t step_covered_s(const Window& w, int i) {
  return std::min(step_end_s(w, i), w.end_s) - std::max(step_begin_s(w, i), w.start_s);
}

double step_coverage(const Window& w, int i) {
  return static_cast<double>(step_covered_s(w, i)) /
         static_cast<double>(step_end_s(w, i) - step_begin_s(w, i));
}

bool step_is_partial(const Window& w, int i) {
  return step_begin_s(w, i) < w.start_s || step_end_s(w, i) > w.end_s;
}

std::string step_label(const Window& w, int i) {
  const int64_t begin = step_begin_s(w, i);
  char buf[32];
  if (w.step == Step::week) {
    const IsoWeek iw = iso_week(days_from_seconds(begin));
    std::snprintf(buf, sizeof buf, "%04d-W%02d", iw.year, iw.week);
  } else {
    const CivilDate d = civil_from_seconds(begin);
    if (w.step == Step::month)
      std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
    else
      std::snprintf(buf, sizeof buf, "%04d-Q%d", d.year, (d.month - 1) / 3 + 1);
  }
  return buf;
}

std::vector<int64_t> step_bounds(const Window& w) {
  const int n = step_count(w);
  std::vector<int64_t> b(static_cast<size_t>(n) + 1);
  if (n == 0) return {w.start_s};
  b[0] = w.start_s;
  for (int i = 1; i < n; ++i) b[static_cast<size_t>(i)] = step_begin_s(w, i);
  b[static_cast<size_t>(n)] = w.end_s;
  return b;
}

}  // namespace brandpunt::time
