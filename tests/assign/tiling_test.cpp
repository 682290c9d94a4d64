#include "assign/tiling.hpp"

#include <gtest/gtest.h>

#include "../index/test_areas.hpp"

using namespace brandpunt;
using namespace brandpunt::assign;
using brandpunt::testing::box_ring;

namespace {

// 5 x 5 squares of 100 m; area k = row * 5 + col.
std::vector<MultiPolygon> squares() {
  std::vector<MultiPolygon> areas;
  for (int r = 0; r < 5; ++r)
    for (int c = 0; c < 5; ++c)
      areas.push_back({Polygon{box_ring(c * 100, r * 100, c * 100 + 100, r * 100 + 100), {}}});
  return areas;
}

}  // namespace

TEST(Tiling, clean_grid_has_no_overlaps_and_no_gaps) {
  const auto r = check_tiling(squares());
  EXPECT_TRUE(r.overlaps.empty());
  EXPECT_EQ(r.gap_count, 0);
  EXPECT_EQ(r.gap_area_m2, 0);
  EXPECT_EQ(r.overlap_area_m2, 0);
}

TEST(Tiling, detects_a_planted_overlap) {
  auto areas = squares();
  areas[12] = {Polygon{box_ring(200, 200, 350, 300), {}}};  // reaches 50 m into area 13
  const auto r = check_tiling(areas);
  ASSERT_EQ(r.overlaps.size(), 1u);
  EXPECT_EQ(r.overlaps[0], (std::pair<uint32_t, uint32_t>{12, 13}));
  EXPECT_NEAR(r.overlap_area_m2, 5000.0, 1e-6);
  EXPECT_EQ(r.gap_count, 0);
}

TEST(Tiling, detects_a_planted_gap_and_ignores_slivers_below_tolerance) {
  auto areas = squares();
  areas.erase(areas.begin() + 12);                             // the centre square: a 1 ha gap
  areas[6] = {Polygon{box_ring(100, 100, 199.995, 200), {}}};  // enclosed 0.5 m2 sliver
  const auto r = check_tiling(areas, 1.0);
  EXPECT_TRUE(r.overlaps.empty());
  ASSERT_EQ(r.gap_count, 1);
  EXPECT_NEAR(r.gap_area_m2, 10000.0, 1e-6);
  ASSERT_EQ(r.gap_points.size(), 1u);
  EXPECT_NEAR(r.gap_areas_m2.at(0), 10000.0, 1e-6);
  EXPECT_GT(r.gap_points[0].x, 200);
  EXPECT_LT(r.gap_points[0].x, 300);
  const auto strict = check_tiling(areas, 0.1);
  EXPECT_EQ(strict.gap_count, 2);
}

TEST(Tiling, maastricht_buurten_tile_without_overlaps_or_gaps) {
  const auto path = brandpunt::testing::shared_path("data/maastricht/buurten_2022_rd.gpkg");
  const auto areas = brandpunt::testing::read_polygons(path, nullptr, nullptr);
  if (areas.empty()) GTEST_SKIP() << "missing " << path;
  const auto r = check_tiling(areas);
  EXPECT_TRUE(r.overlaps.empty()) << r.overlaps.size() << " overlapping pairs";
  EXPECT_EQ(r.gap_count, 0) << r.gap_area_m2 << " m2";
}
