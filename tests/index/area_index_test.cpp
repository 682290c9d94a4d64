#include "index/area_index.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "test_areas.hpp"

using brandpunt::kNoArea;
using brandpunt::MultiPolygon;
using brandpunt::Polygon;
using brandpunt::index::AreaIndex;
using brandpunt::index::AreaIndexOptions;
using namespace brandpunt::testing;

namespace {

// A 4 x 4 tiling of unit squares; area k = row * 4 + col, so on shared borders the
// documented winner is the square with the lowest row, then the lowest column.
std::vector<MultiPolygon> grid4() {
  std::vector<MultiPolygon> areas;
  for (int r = 0; r < 4; ++r)
    for (int c = 0; c < 4; ++c) areas.push_back({Polygon{box_ring(c, r, c + 1, r + 1), {}}});
  return areas;
}

}  // namespace

TEST(AreaIndex, grid_tiling_every_half_lattice_point_goes_to_lowest_closure_owner) {
  const auto areas = grid4();
  for (unsigned cells : {0u, 1u, 7u, 64u, 1000u}) {
    AreaIndex index(areas, AreaIndexOptions{cells});
    for (int i = 0; i <= 8; ++i)
      for (int j = 0; j <= 8; ++j) {
        const double x = i / 2.0, y = j / 2.0;
        // Lowest (row, col) whose closed square [c, c+1] x [r, r+1] contains the point.
        const int r = std::max(0, static_cast<int>(std::ceil(y)) - 1);
        const int c = std::max(0, static_cast<int>(std::ceil(x)) - 1);
        EXPECT_EQ(index.locate(x, y), static_cast<uint32_t>(r * 4 + c))
            << "point (" << x << ", " << y << "), grid_cells " << cells;
      }
  }
}

TEST(AreaIndex, border_cases_edge_vertex_outer_boundary_hole_gap) {
  // Areas: 0 and 1 share the edge x = 10; 2 is a square with a hole; 3 fills part of the
  // hole, leaving a gap; 4 is a multipolygon of two squares; nothing covers x in (30, 40).
  std::vector<MultiPolygon> areas;
  areas.push_back({Polygon{box_ring(0, 0, 10, 10), {}}});
  areas.push_back({Polygon{box_ring(10, 0, 20, 10), {}}});
  areas.push_back({Polygon{box_ring(0, 20, 20, 40), {box_ring(5, 25, 15, 35)}}});
  areas.push_back({Polygon{box_ring(5, 25, 10, 35), {}}});
  areas.push_back({Polygon{box_ring(20, 0, 30, 10), {}}, Polygon{box_ring(40, 0, 50, 10), {}}});
  AreaIndex index(areas);
  EXPECT_EQ(index.locate(10, 5), 0u);   // shared edge: lowest index
  EXPECT_EQ(index.locate(10, 0), 0u);   // shared vertex on the outer boundary
  EXPECT_EQ(index.locate(10, 10), 0u);  // shared vertex
  EXPECT_EQ(index.locate(0, 5), 0u);    // outer boundary counts as inside
  EXPECT_EQ(index.locate(20, 5), 1u);   // shared with the multipolygon 4: 1 < 4
  EXPECT_EQ(index.locate(25, 5), 4u);
  EXPECT_EQ(index.locate(45, 5), 4u);  // second part of the multipolygon
  EXPECT_EQ(index.locate(50, 10), 4u);
  EXPECT_EQ(index.locate(35, 5), kNoArea);   // between the parts
  EXPECT_EQ(index.locate(12, 30), kNoArea);  // in the hole, in the gap beside area 3
  EXPECT_EQ(index.locate(7, 30), 3u);        // in the hole, inside area 3
  EXPECT_EQ(index.locate(5, 30), 2u);        // on the hole ring = area 2's boundary, 2 < 3
  EXPECT_EQ(index.locate(10, 30), 3u);       // on area 3's edge that borders the gap
  EXPECT_EQ(index.locate(15, 30), 2u);       // on the hole ring next to the gap
  EXPECT_EQ(index.locate(2, 22), 2u);
  EXPECT_EQ(index.locate(-1e-9, 5), kNoArea);
  EXPECT_EQ(index.locate(std::nan(""), 5), kNoArea);
  EXPECT_EQ(index.locate(1e300, 5), kNoArea);
}

TEST(AreaIndex, four_areas_meeting_at_a_vertex) {
  // Order chosen so that the winner is not the first square geometrically.
  std::vector<MultiPolygon> areas = {{Polygon{box_ring(1, 1, 2, 2), {}}},
                                     {Polygon{box_ring(0, 1, 1, 2), {}}},
                                     {Polygon{box_ring(0, 0, 1, 1), {}}},
                                     {Polygon{box_ring(1, 0, 2, 1), {}}}};
  for (unsigned cells : {0u, 1u, 4u, 9u}) {
    AreaIndex index(areas, AreaIndexOptions{cells});
    EXPECT_EQ(index.locate(1, 1), 0u);
    EXPECT_EQ(index.locate(1, 0.5), 2u);  // shared by 2 and 3
    EXPECT_EQ(index.locate(0.5, 1), 1u);  // shared by 1 and 2
  }
}

TEST(AreaIndex, jittered_tiling_vertices_and_edge_points_have_exactly_one_owner) {
  const uint32_t seed = 1234;  // fixed, logged
  SCOPED_TRACE("seed " + std::to_string(seed));
  const auto areas = jittered_tiling(12, seed);
  AreaIndex index(areas);
  CoversOracle oracle(areas);
  int64_t checked = 0;
  for (const auto& area : areas)
    for (size_t i = 1; i < area[0].outer.size(); ++i) {
      const auto a = area[0].outer[i - 1], b = area[0].outer[i];
      const brandpunt::XY pts[] = {
          a, {(a.x + b.x) / 2, (a.y + b.y) / 2}, {(3 * a.x + b.x) / 4, (3 * a.y + b.y) / 4}};
      for (const auto& p : pts) {
        const uint32_t got = index.locate(p.x, p.y);
        ASSERT_NE(got, kNoArea) << p.x << " " << p.y;
        ASSERT_GE(oracle.count(p.x, p.y), 1);
        ASSERT_EQ(got, oracle.lowest(p.x, p.y)) << p.x << " " << p.y;
        ++checked;
      }
    }
  EXPECT_GT(checked, 1000);
}

TEST(AreaIndex, matches_geos_covers_on_100k_random_points_with_holes_and_multipolygons) {
  const uint32_t seed = 987654321;  // fixed, logged
  SCOPED_TRACE("seed " + std::to_string(seed));
  auto areas = jittered_tiling(10, seed, 50.0);
  // Drop a few areas (gaps), punch a hole into one and fill half of it with an island,
  // and merge two areas into one multipolygon.
  areas.erase(areas.begin() + 5);
  areas.erase(areas.begin() + 17);
  areas.push_back({Polygon{box_ring(600, 0, 700, 100), {box_ring(620, 20, 680, 80)}}});
  areas.push_back({Polygon{box_ring(620, 20, 650, 80), {}}});
  areas[3].push_back(Polygon{box_ring(600, 200, 650, 250), {}});
  CoversOracle oracle(areas);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ux(-20, 720), uy(-20, 520);
  const int n = 100000;
  std::vector<double> xs(n), ys(n);
  for (int i = 0; i < n; ++i) {
    xs[i] = ux(rng), ys[i] = uy(rng);
    if (i % 10 == 0) xs[i] = std::round(xs[i]), ys[i] = std::round(ys[i]);  // hit borders
  }
  for (unsigned cells : {0u, 50u}) {
    AreaIndex index(areas, AreaIndexOptions{cells});
    std::vector<uint32_t> got(n);
    index.locate_many(xs, ys, got, 2);
    int64_t mismatches = 0, inside = 0;
    for (int i = 0; i < n; ++i) {
      const uint32_t want = oracle.lowest(xs[i], ys[i]);
      inside += want != kNoArea;
      if (got[i] != want && ++mismatches < 5)
        ADD_FAILURE() << "(" << xs[i] << ", " << ys[i] << "): got " << got[i] << " want " << want;
    }
    EXPECT_EQ(mismatches, 0);
    EXPECT_GT(inside, n / 2);  // the test really exercises inside points
  }
}

TEST(AreaIndex, thread_count_and_grid_size_do_not_change_results) {
  const auto areas = jittered_tiling(20, 42);
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> u(-10, 2010);
  const size_t n = 100000;
  std::vector<double> xs(n), ys(n);
  for (size_t i = 0; i < n; ++i) xs[i] = u(rng), ys[i] = u(rng);
  std::vector<uint32_t> reference(n);
  AreaIndex(areas, AreaIndexOptions{64}).locate_many(xs, ys, reference, 1);
  for (unsigned threads : {1u, 2u, 7u}) {
    std::vector<uint32_t> got(n);
    AreaIndex(areas).locate_many(xs, ys, got, threads);
    EXPECT_EQ(got, reference) << threads << " threads";
  }
}

TEST(AreaIndex, empty_layer_locates_nothing) {
  AreaIndex index({});
  EXPECT_EQ(index.locate(0, 0), kNoArea);
  std::vector<double> xs{1, 2}, ys{3, 4};
  std::vector<uint32_t> out(2, 0);
  index.locate_many(xs, ys, out);
  EXPECT_EQ(out, (std::vector<uint32_t>{kNoArea, kNoArea}));
}

TEST(AreaIndex, maastricht_buurten_match_geos_on_random_points_and_keep_every_vertex) {
  const auto path = shared_path("data/maastricht/buurten_2022_rd.gpkg");
  const auto areas = read_polygons(path, nullptr, nullptr);
  if (areas.empty()) GTEST_SKIP() << "missing " << path;
  ASSERT_EQ(areas.size(), 44u);
  AreaIndex index(areas);
  CoversOracle oracle(areas);
  brandpunt::Envelope env;
  for (const auto& a : areas) env.expand(brandpunt::envelope_of(a));
  const uint32_t seed = 2022;  // fixed, logged
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ux(env.min_x, env.max_x), uy(env.min_y, env.max_y);
  int64_t mismatches = 0;
  for (int i = 0; i < 50000; ++i) {
    const double x = ux(rng), y = uy(rng);
    mismatches += index.locate(x, y) != oracle.lowest(x, y);
  }
  EXPECT_EQ(mismatches, 0) << "seed " << seed;
  // Every vertex of every buurt lies on a border: it must land in exactly the lowest owner.
  for (const auto& a : areas)
    for (const auto& poly : a)
      for (const auto& p : poly.outer) {
        const uint32_t got = index.locate(p.x, p.y);
        ASSERT_NE(got, kNoArea);
        ASSERT_EQ(got, oracle.lowest(p.x, p.y));
      }
}
