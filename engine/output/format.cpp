#include "output/format.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include "core/error.hpp"

namespace brandpunt::output {

std::string format_double(double v) {
  if (!std::isfinite(v)) return {};
  if (v == 0) return "0";  // also maps -0 to "0": a sign on zero carries no information here
  std::array<char, 32> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  if (ec != std::errc{}) throw Error(ErrorKind::internal, "format_double: to_chars failed");
  return std::string(buf.data(), end);
}

std::string format_fixed(double v, int decimals) {
  if (!std::isfinite(v)) return {};
  if (decimals < 0 || decimals > 17) {
    throw Error(ErrorKind::internal, "format_fixed: decimals must be in 0..17");
  }
  // 309 integer digits + point + 17 decimals + sign fit comfortably.
  std::array<char, 352> buf{};
  auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, decimals);
  if (ec != std::errc{}) throw Error(ErrorKind::internal, "format_fixed: to_chars failed");
  std::string s(buf.data(), end);
  // A small negative value can round to "-0.000": drop the sign so equal figures print equally.
  if (s.front() == '-' && s.find_first_not_of("0.", 1) == std::string::npos) s.erase(0, 1);
  return s;
}

std::string format_int(int64_t v) {
  std::array<char, 24> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  (void)ec;  // 24 bytes always suffice for int64
  return std::string(buf.data(), end);
}

}  // namespace brandpunt::output
