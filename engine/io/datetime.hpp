// Parsing incident dates and times into civil seconds since 1970-01-01 00:00 (no time zone).
//
// Police exports write local time; the engine keeps it as written ("civil" time), so a
// Tuesday 23:30 stays a Tuesday 23:30 whatever the UTC offset. Accepted forms:
//   iso  2024-03-05, 2024-03-05T14:30, 2024-03-05 14:30:15, 2024-03-05T14:30:15.250+01:00
//        (fractions are dropped; a trailing Z or UTC offset is ignored: civil time as written)
//   dmy  5-3-2024, 05-03-2024 14:30, 05/03/2024, 05.03.2024 14:30:15 (Dutch day-month-year)
//   mdy  3/5/2024, 03/05/2024 14:30 (US month/day/year; only when configured)
//   auto ISO, else day-month-year: the Dutch default. US dates need date_format = "mdy".
// Calendars are checked (31-02-2024 is rejected; 29-02-2024 is fine).
//
//   auto t = io::parse_date_time("2024-03-05T14:30", io::DateOrder::automatic);  // 1709649000
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace brandpunt::io {

enum class DateOrder { automatic, iso, dmy, mdy };

// "auto" | "iso" | "dmy" | "mdy"; throws Error(config) for anything else.
DateOrder parse_date_order(const std::string& text);

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant,
// "chrono-Compatible Low-Level Date Algorithms", days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);

// A date with optional time, as seconds since 1970-01-01 00:00; nullopt when unparseable or
// not a calendar date. Leading/trailing spaces are ignored. `ambiguous` (optional) is set when
// a day-month or month-day date would read as another valid date in the other order
// (05-03-2024: 5 March or 3 May), so a reader can say how many rows a wrong format misdates.
std::optional<int64_t> parse_date_time(std::string_view text, DateOrder order,
                                       bool* ambiguous = nullptr);

// "hh:mm" or "hh:mm:ss" (also "h:mm") as seconds after midnight; nullopt when invalid.
std::optional<int64_t> parse_time_of_day(std::string_view text);

}  // namespace brandpunt::io
