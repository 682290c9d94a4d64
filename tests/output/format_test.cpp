#include "output/format.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace brandpunt::output {
namespace {

TEST(FormatDouble, gives_shortest_text) {
  EXPECT_EQ(format_double(0.1), "0.1");
  EXPECT_EQ(format_double(1.0), "1");
  EXPECT_EQ(format_double(-2.5), "-2.5");
  EXPECT_EQ(format_double(1e21), "1e+21");
  EXPECT_EQ(format_double(-0.0), "0");
  EXPECT_EQ(format_double(0.1 + 0.2), "0.30000000000000004");
}

TEST(FormatDouble, non_finite_is_empty) {
  EXPECT_EQ(format_double(std::nan("")), "");
  EXPECT_EQ(format_double(std::numeric_limits<double>::infinity()), "");
  EXPECT_EQ(format_fixed(std::nan(""), 2), "");
}

TEST(FormatDouble, round_trips_random_doubles) {
  std::mt19937_64 rng(20240601);
  std::uniform_int_distribution<uint64_t> bits;
  int checked = 0;
  while (checked < 20000) {
    uint64_t b = bits(rng);
    double v;
    std::memcpy(&v, &b, sizeof v);
    if (!std::isfinite(v) || v == 0) continue;
    const std::string s = format_double(v);
    double back = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), back);
    ASSERT_EQ(ec, std::errc{}) << s;
    ASSERT_EQ(ptr, s.data() + s.size());
    ASSERT_EQ(back, v) << s;
    ++checked;
  }
}

TEST(FormatFixed, rounds_and_never_prints_negative_zero) {
  EXPECT_EQ(format_fixed(2.0 / 3, 3), "0.667");
  EXPECT_EQ(format_fixed(12.5, 0), "12");     // round-half-even of the exact binary value
  EXPECT_EQ(format_fixed(1.005, 2), "1.00");  // 1.005 is 1.00499999999999989... in binary
  EXPECT_EQ(format_fixed(-0.0001, 2), "0.00");
  EXPECT_EQ(format_fixed(-1.25, 1), "-1.2");
  EXPECT_THROW(format_fixed(1, 18), std::exception);
}

TEST(FormatInt, prints_extremes) {
  EXPECT_EQ(format_int(0), "0");
  EXPECT_EQ(format_int(std::numeric_limits<int64_t>::min()), "-9223372036854775808");
}

}  // namespace
}  // namespace brandpunt::output
