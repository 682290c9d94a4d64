#include "assign/assign.hpp"

#include <gtest/gtest.h>

#include <random>

#include "../index/test_areas.hpp"
#include "core/error.hpp"

using namespace brandpunt;
using namespace brandpunt::assign;
using namespace brandpunt::testing;

namespace {

IncidentTable random_incidents(size_t n, uint64_t seed, double lo, double hi) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  IncidentTable t;
  for (size_t i = 0; i < n; ++i) t.push_back(u(rng), u(rng), 0, 0, kNoStreet, int64_t(i + 1));
  return t;
}

}  // namespace

TEST(AssignToAreas, every_incident_is_assigned_or_outside_and_matches_locate) {
  const auto areas = jittered_tiling(8, 77);
  const index::AreaIndex idx(areas);
  const auto t = random_incidents(50000, 77, -100, 900);  // tiling covers [0, 800]^2
  const auto r = assign_to_areas(idx, t, 1);
  ASSERT_EQ(r.area.size(), t.size());
  EXPECT_EQ(r.assigned + r.outside, static_cast<int64_t>(t.size()));
  EXPECT_GT(r.outside, 0);
  EXPECT_GT(r.assigned, 0);
  for (size_t i = 0; i < t.size(); ++i) ASSERT_EQ(r.area[i], idx.locate(t.x[i], t.y[i]));
  // Points outside [0, 800]^2 are outside, all others inside: the tiling has no gaps.
  int64_t expected_outside = 0;
  for (size_t i = 0; i < t.size(); ++i)
    expected_outside += t.x[i] < 0 || t.x[i] > 800 || t.y[i] < 0 || t.y[i] > 800;
  EXPECT_EQ(r.outside, expected_outside);
  const auto r2 = assign_to_areas(idx, t, 2);
  EXPECT_EQ(r2.area, r.area);
}

TEST(SnapToStreets, matches_segment_index_and_is_thread_independent) {
  std::vector<LineString> lines;
  for (int k = 0; k <= 10; ++k) {
    lines.push_back({{0, k * 100.0}, {500, k * 100.0 + 3}, {1000, k * 100.0}});  // east-west
    lines.push_back({{k * 100.0, 0}, {k * 100.0, 1000}});                        // north-south
  }
  const index::SegmentIndex streets(lines);
  const auto t = random_incidents(10000, 5, -50, 1050);
  const auto one = snap_to_streets(streets, t, 20.0, 1);
  const auto two = snap_to_streets(streets, t, 20.0, 2);
  EXPECT_EQ(one.line, two.line);
  EXPECT_EQ(one.snapped + one.unsnapped, static_cast<int64_t>(t.size()));
  EXPECT_GT(one.snapped, 500);
  EXPECT_GT(one.unsnapped, 500);
  for (size_t i = 0; i < t.size(); ++i) {
    const auto hit = streets.nearest(t.x[i], t.y[i], 20.0);
    ASSERT_EQ(one.line[i], hit ? hit->line : kNoStreet);
  }
}

TEST(SnapToStreets, rejects_negative_or_nan_distance) {
  const index::SegmentIndex streets({{{0, 0}, {1, 0}}});
  IncidentTable t;
  EXPECT_THROW(snap_to_streets(streets, t, -1.0), Error);
  EXPECT_THROW(snap_to_streets(streets, t, std::nan("")), Error);
}
