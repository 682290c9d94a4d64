// libFuzzer target: the date and time parsers (io/datetime.hpp). Whatever the text, a parsed
// value is a calendar date of the years 1000..9999 with a time of day, and "auto" agrees with
// the ISO or the day-month-year reading.
#include <cstdint>
#include <string_view>

#include "io/datetime.hpp"

using brandpunt::io::DateOrder;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  static const int64_t lo = brandpunt::io::days_from_civil(1000, 1, 1) * 86400;
  static const int64_t hi = (brandpunt::io::days_from_civil(9999, 12, 31) + 1) * 86400;
  const auto automatic = brandpunt::io::parse_date_time(text, DateOrder::automatic);
  const auto iso = brandpunt::io::parse_date_time(text, DateOrder::iso);
  const auto dmy = brandpunt::io::parse_date_time(text, DateOrder::dmy);
  const auto mdy = brandpunt::io::parse_date_time(text, DateOrder::mdy);
  for (const auto& t : {automatic, iso, dmy, mdy})
    if (t && (*t < lo || *t >= hi)) __builtin_trap();
  if (automatic && automatic != iso && automatic != dmy) __builtin_trap();
  if (const auto tod = brandpunt::io::parse_time_of_day(text); tod && (*tod < 0 || *tod >= 86400))
    __builtin_trap();
  return 0;
}
