#include "index/segment_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>

using brandpunt::LineString;
using brandpunt::XY;
using brandpunt::index::SegmentIndex;

namespace {

struct Brute {
  uint32_t line = 0, segment = 0;
  double d2 = 0;
  bool found = false;
};

// The oracle: every segment, exact clamped projection, lowest (line, segment) on ties.
Brute brute_nearest(const std::vector<LineString>& lines, double x, double y, double max_d) {
  Brute best;
  for (uint32_t l = 0; l < lines.size(); ++l)
    for (uint32_t s = 0; s + 1 < lines[l].size(); ++s) {
      const XY a = lines[l][s], b = lines[l][s + 1];
      const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
      const double t =
          len2 == 0 ? 0 : std::clamp(((x - a.x) * dx + (y - a.y) * dy) / len2, 0.0, 1.0);
      const double fx = a.x + t * dx, fy = a.y + t * dy;
      const double d2 = (fx - x) * (fx - x) + (fy - y) * (fy - y);
      if (d2 > max_d * max_d) continue;
      if (!best.found || d2 < best.d2) best = Brute{l, s, d2, true};
    }
  return best;
}

std::vector<LineString> random_streets(uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 2000), step(-60, 60);
  std::vector<LineString> lines;
  for (int l = 0; l < 300; ++l) {
    LineString line{{u(rng), u(rng)}};
    for (int k = 0; k < 6; ++k)
      line.push_back({line.back().x + step(rng), line.back().y + step(rng)});
    lines.push_back(line);
  }
  lines.push_back({{0, 1000}, {2000, 1001}});  // one very long segment (cut into pieces)
  lines.push_back({{500, 500}, {500, 500}});   // a degenerate segment (a point)
  return lines;
}

}  // namespace

TEST(SegmentIndex, nearest_matches_brute_force_on_random_streets) {
  const uint32_t seed = 5150;  // fixed, logged
  SCOPED_TRACE("seed " + std::to_string(seed));
  const auto lines = random_streets(seed);
  SegmentIndex index(lines);
  std::mt19937_64 rng(seed + 1);
  std::uniform_real_distribution<double> u(-50, 2050);
  int found = 0;
  for (int i = 0; i < 8000; ++i) {
    const double x = u(rng), y = u(rng), max_d = i % 2 ? 25.0 : 80.0;
    const auto hit = index.nearest(x, y, max_d);
    const auto want = brute_nearest(lines, x, y, max_d);
    ASSERT_EQ(hit.has_value(), want.found) << x << " " << y;
    if (!hit) continue;
    ++found;
    ASSERT_EQ(hit->distance_m, std::sqrt(want.d2));
    ASSERT_EQ(std::tie(hit->line, hit->segment), std::tie(want.line, want.segment))
        << x << " " << y;
  }
  EXPECT_GT(found, 2000);
}

TEST(SegmentIndex, ties_go_to_lowest_line_then_segment) {
  // Lines 0 and 1 are the same street digitised twice; line 2 runs parallel 10 m away.
  const std::vector<LineString> lines = {
      {{0, 10}, {100, 10}}, {{100, 0}, {50, 0}, {0, 0}}, {{0, 0}, {100, 0}}};
  SegmentIndex index(lines);
  auto hit = index.nearest(50, 5, 20);  // equidistant to all three
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->line, 0u);
  hit = index.nearest(50, -3, 20);  // on the vertex shared by segments 0 and 1 of line 1
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->line, 1u);
  EXPECT_EQ(hit->segment, 0u);
  EXPECT_EQ(hit->distance_m, 3.0);
  EXPECT_EQ(hit->foot, (XY{50, 0}));
}

TEST(SegmentIndex, max_distance_is_inclusive_and_respected) {
  SegmentIndex index({{{0, 0}, {1000, 0}}});
  EXPECT_TRUE(index.nearest(500, 30, 30));
  EXPECT_FALSE(index.nearest(500, 30.001, 30));
  EXPECT_FALSE(index.nearest(-10, 0, 5));
  EXPECT_FALSE(SegmentIndex({}).nearest(0, 0, 1e9));
}
