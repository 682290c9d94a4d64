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

TEST(Tiling, a_gap_names_the_areas_around_it) {
  auto areas = squares();
  areas.erase(areas.begin() + 12);  // the centre: four squares share a side with it
  const auto r = check_tiling(areas);
  ASSERT_EQ(r.gap_count, 1);
  // Indices after the erase: 7, 11, 12 (was 13), 16 (was 17); corners only touch.
  EXPECT_EQ(r.gap_neighbours.at(0), (std::vector<uint32_t>{7, 11, 12, 16}));
  EXPECT_EQ(r.gap_on_edge.at(0), 0);
}

TEST(Tiling, a_bow_tie_on_the_edge_leaves_a_gap_that_only_the_parents_show) {
  auto areas = squares();
  areas[0] = {Polygon{{{0, 0}, {50, 50}, {0, 100}, {0, 0}}, {}},
              Polygon{{{100, 0}, {100, 100}, {50, 50}, {100, 0}}, {}}};
  // Corner square 0 (0..100 x 0..100) drawn as a bow-tie and repaired into its two lobes, left
  // (0,0)-(50,50)-(0,100) and right (100,0)-(100,100)-(50,50): the triangles below and above
  // (50,50) are no longer covered. They meet the outside at the edge of the study area (and
  // each other at (50,50)), so neither is a hole of the union: the union alone sees no gap.
  const auto plain = check_tiling(areas);
  EXPECT_EQ(plain.gap_count, 0);
  // The parent (here one square of 500 m) shows both.
  const std::vector<MultiPolygon> parents{{Polygon{box_ring(0, 0, 500, 500), {}}}};
  const std::vector<uint32_t> parent_of(areas.size(), 0);
  const auto r = check_tiling(areas, 1.0, {&parents, &parent_of});
  ASSERT_EQ(r.gap_count, 2);
  EXPECT_NEAR(r.gap_area_m2, 5000.0, 1e-6);
  EXPECT_EQ(r.gap_on_edge, (std::vector<uint8_t>{1, 1}));
  EXPECT_NEAR(r.gap_points.at(0).y, 25, 1e-9);
  EXPECT_NEAR(r.gap_points.at(1).y, 75, 1e-9);
  EXPECT_EQ(r.gap_neighbours.at(0).front(), 0u);
  EXPECT_EQ(r.gap_neighbours.at(1), (std::vector<uint32_t>{0, 5}));
  // A clean grid in its parent has no edge gap.
  const auto clean = check_tiling(squares(), 1.0, {&parents, &parent_of});
  EXPECT_EQ(clean.gap_count, 0);
}
