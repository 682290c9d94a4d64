#include "index/orient.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using brandpunt::index::orient2d;
using brandpunt::index::orient2d_exact;

TEST(Orient2d, signs_of_simple_cases) {
  EXPECT_EQ(orient2d(0, 0, 1, 0, 0.5, 1), 1);
  EXPECT_EQ(orient2d(0, 0, 1, 0, 0.5, -1), -1);
  EXPECT_EQ(orient2d(0, 0, 1, 0, 7, 0), 0);
}

TEST(Orient2d, exact_on_points_the_naive_formula_gets_wrong) {
  // Points on the line y = x near RD coordinates, nudged by one ulp: the naive determinant
  // rounds to 0 or to the wrong sign; the exact answer follows the nudge.
  const double a = 155000.1, b = 463000.3;
  const double px = 300000.7;
  const double py = px;  // exactly on y = x
  EXPECT_EQ(orient2d(a, a, b, b, px, py), 0);
  EXPECT_EQ(orient2d(a, a, b, b, px, std::nextafter(py, 1e9)), 1);
  EXPECT_EQ(orient2d(a, a, b, b, px, std::nextafter(py, 0.0)), -1);
}

TEST(Orient2d, exact_fallback_agrees_with_long_double_far_from_zero) {
  std::mt19937_64 rng(20240601);  // fixed seed
  std::uniform_real_distribution<double> u(-1e6, 1e6);
  for (int i = 0; i < 20000; ++i) {
    const double ax = u(rng), ay = u(rng), bx = u(rng), by = u(rng), px = u(rng), py = u(rng);
    const long double det =
        (static_cast<long double>(bx) - ax) * (static_cast<long double>(py) - ay) -
        (static_cast<long double>(by) - ay) * (static_cast<long double>(px) - ax);
    if (std::fabs(static_cast<double>(det)) < 1e-3) continue;
    const int expected = det > 0 ? 1 : -1;
    ASSERT_EQ(orient2d_exact(ax, ay, bx, by, px, py), expected) << "case " << i;
    ASSERT_EQ(orient2d(ax, ay, bx, by, px, py), expected) << "case " << i;
  }
}

TEST(Orient2d, collinear_dyadic_points_are_exactly_zero) {
  // Midpoints and quarter points of segments with dyadic coordinates lie exactly on them.
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> u(-1000000, 1000000);
  for (int i = 0; i < 5000; ++i) {
    const double ax = u(rng) / 64.0 + 150000, ay = u(rng) / 64.0 + 450000;
    const double bx = u(rng) / 64.0 + 150000, by = u(rng) / 64.0 + 450000;
    ASSERT_EQ(orient2d(ax, ay, bx, by, (ax + bx) / 2, (ay + by) / 2), 0);
    ASSERT_EQ(orient2d(ax, ay, bx, by, (3 * ax + bx) / 4, (3 * ay + by) / 4), 0);
  }
}
