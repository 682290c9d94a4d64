// Civil calendar arithmetic and analysis windows cut into time steps.
//
// Times in brandpunt are int64 seconds since 1970-01-01 00:00 *civil local time* (no zone, no
// DST; see core/incidents.hpp), so a day is always 86,400 s and calendar maths is pure integer
// arithmetic on the proleptic Gregorian calendar (H. Hinnant, "chrono-Compatible Low-Level Date
// Algorithms", days_from_civil / civil_from_days).
//
// A Window is a half-open interval [start_s, end_s) and a step (ISO week, calendar month or
// quarter). Step 0 is the calendar step that contains start_s and the last step contains
// end_s - 1; a step that the window only partly covers (the window does not begin or end on a
// step boundary) is flagged as partial, so that a half month is never compared with a full one
// without saying so.
//
//   Window w{parse_iso_date("2024-01-15"), parse_iso_date("2025-01-01"), Step::month};
//   step_count(w);               // 12: 2024-01 .. 2024-12
//   step_is_partial(w, 0);       // true: January starts on the 15th
//   step_label(w, 2);            // "2024-03"
//   step_index(w, parse_iso_date("2024-03-31"));  // 2
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace brandpunt::time {

inline constexpr int64_t kSecondsPerDay = 86'400;

enum class Step { week, month, quarter };

const char* to_string(Step step);          // "week", "month", "quarter"
Step parse_step(std::string_view text);    // inverse of to_string; throws Error(config)
int steps_per_year(Step step);             // 52, 12, 4 (the lag of "same step a year earlier")

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

bool is_leap_year(int year);
int days_in_month(int year, int month);
// Days since 1970-01-01 (negative before), proleptic Gregorian.
int64_t days_from_civil(CivilDate date);
CivilDate civil_from_days(int64_t days);
// Floor division of seconds into days (correct for negative times).
int64_t days_from_seconds(int64_t t_s);
CivilDate civil_from_seconds(int64_t t_s);
int64_t seconds_from_civil(CivilDate date);  // 00:00 of that day
// ISO weekday: 1 = Monday .. 7 = Sunday.
int iso_weekday(int64_t days);
// ISO 8601 week date of a day: week-numbering year and week 1..53.
struct IsoWeek {
  int year;
  int week;
};
IsoWeek iso_week(int64_t days);

// "2024-01-31" (optionally followed by "T12:34:56" or " 12:34:56") -> seconds of civil time.
// Throws Error(config) naming the text when it is not a valid date.
int64_t parse_iso_date(std::string_view text);
// "2024-01-31" for the day containing t_s.
std::string format_iso_date(int64_t t_s);

struct Window {
  int64_t start_s = 0;  // inclusive, civil seconds
  int64_t end_s = 0;    // exclusive, civil seconds
  Step step = Step::month;
};

// Throws Error(config) when end_s <= start_s.
void validate(const Window& w);

// Calendar step number of t on an absolute axis (months since 1970-01, quarters since
// 1970-Q1, ISO weeks since the week of 1970-01-01); used to align steps across windows.
int64_t absolute_step(Step step, int64_t t_s);
// Start (00:00) of absolute step k.
int64_t absolute_step_start(Step step, int64_t k);

// Number of (possibly partial) steps the window touches; 0 for an empty window.
int step_count(const Window& w);
// Step of t, or -1 when t lies outside [start_s, end_s).
int step_index(const Window& w, int64_t t_s);
// Full calendar bounds of step i, [begin, end), ignoring the window's clipping.
int64_t step_begin_s(const Window& w, int i);
int64_t step_end_s(const Window& w, int i);
// Seconds of step i inside the window (the full step length unless partial).
int64_t step_covered_s(const Window& w, int i);
// Share of step i inside the window, in (0, 1]; 1 unless partial.
double step_coverage(const Window& w, int i);
// True when the window covers step i only in part (it starts or ends inside it).
bool step_is_partial(const Window& w, int i);
// "2024-03" (month), "2024-Q1" (quarter), "2024-W09" (ISO week-numbering year and week).
std::string step_label(const Window& w, int i);
// The step boundaries clipped to the window: size step_count + 1, [0] = start_s,
// back() = end_s; step i is [bounds[i], bounds[i+1]). Used by the cube's single pass.
std::vector<int64_t> step_bounds(const Window& w);

}  // namespace brandpunt::time
