// Square and hexagon grids: cell areas, clipping, ids, and assignment against a brute-force
// point-in-cell test with GEOS.
#include <gtest/gtest.h>

#include <geos_c.h>

#include <cmath>
#include <random>

#include "core/error.hpp"
#include "density/grid.hpp"
#include "geom/geos.hpp"

namespace bd = brandpunt::density;
using brandpunt::MultiPolygon;
using brandpunt::Polygon;

namespace {

// A 4 km × 3 km block with a 1 km square lake, a notch cut from the east side and an island
// to the north-east: concave, with a hole and two parts; coordinates in RD-like metres.
MultiPolygon municipality() {
  const double x0 = 121000.3, y0 = 487000.7;
  Polygon main;
  main.outer = {{x0, y0},
                {x0 + 4000, y0},
                {x0 + 4000, y0 + 1200},
                {x0 + 3000, y0 + 1500},
                {x0 + 4000, y0 + 1800},
                {x0 + 4000, y0 + 3000},
                {x0, y0 + 3000},
                {x0, y0}};
  main.holes = {{{x0 + 1000, y0 + 1000},
                 {x0 + 1000, y0 + 2000},
                 {x0 + 2000, y0 + 2000},
                 {x0 + 2000, y0 + 1000},
                 {x0 + 1000, y0 + 1000}}};
  Polygon island;
  island.outer = {{x0 + 4500, y0 + 3500}, {x0 + 4900, y0 + 3500}, {x0 + 4700, y0 + 3900},
                  {x0 + 4500, y0 + 3500}};
  return {main, island};
}

}  // namespace

TEST(Grid, whole_cells_have_the_cell_area_and_clipped_cells_sum_to_the_municipality) {
  const MultiPolygon m = municipality();
  for (auto shape : {bd::GridShape::square, bd::GridShape::hexagon}) {
    bd::GridOptions opt;
    opt.shape = shape;
    opt.cell_m = 150;
    const bd::Grid g = bd::make_grid(m, opt, {}, {});
    ASSERT_GT(g.size(), 100u);
    ASSERT_EQ(g.ids.size(), g.size());
    ASSERT_EQ(g.centres.size(), g.size());
    double total = 0;
    size_t whole = 0;
    for (size_t i = 0; i < g.size(); ++i) {
      total += g.area_m2[i];
      EXPECT_NEAR(brandpunt::area_of(g.cells[i]), g.area_m2[i], 1e-6);
      EXPECT_GT(g.area_m2[i], 0);
      EXPECT_LE(g.area_m2[i], 150.0 * 150.0 * (1 + 1e-9));
      if (!g.clipped[i]) {
        ++whole;
        EXPECT_NEAR(g.area_m2[i], 150.0 * 150.0, 150.0 * 150.0 * 1e-9) << g.ids[i];
      }
    }
    EXPECT_GT(whole, 200u);
    EXPECT_NEAR(total, brandpunt::area_of(m), brandpunt::area_of(m) * 1e-9);
    EXPECT_EQ(g.ids[0][0], shape == bd::GridShape::square ? 'S' : 'H');
  }
}

TEST(Grid, aligned_square_municipality_gets_exactly_its_cells_with_lattice_ids) {
  Polygon sq;
  sq.outer = {{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}, {0, 0}};
  bd::GridOptions opt;
  opt.shape = bd::GridShape::square;
  opt.cell_m = 100;
  const bd::Grid g = bd::make_grid({sq}, opt, {}, {});
  ASSERT_EQ(g.size(), 100u);  // neighbours that only touch the boundary are dropped
  EXPECT_EQ(g.ids.front(), "S0_0");
  EXPECT_EQ(g.ids[1], "S1_0");  // west to east within a row, rows south to north
  EXPECT_EQ(g.ids.back(), "S9_9");
  EXPECT_DOUBLE_EQ(g.centres.front().x, 50);
  EXPECT_DOUBLE_EQ(g.centres.back().y, 950);
  for (auto c : g.clipped) EXPECT_EQ(c, 0);
}

TEST(Grid, assignment_equals_brute_force_point_in_cell) {
  const MultiPolygon m = municipality();
  brandpunt::geom::GeosContext geos;
  std::mt19937_64 rng(8675309);
  std::uniform_real_distribution<double> ux(120500, 126500), uy(486500, 491500);
  std::vector<double> x(4000), y(4000);
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = ux(rng);
    y[i] = uy(rng);
  }
  for (auto shape : {bd::GridShape::square, bd::GridShape::hexagon}) {
    bd::GridOptions opt;
    opt.shape = shape;
    opt.cell_m = 230;
    const bd::Grid g = bd::make_grid(m, opt, x, y);
    const auto got = bd::assign_to_grid(g, x, y);
    std::vector<brandpunt::geom::GeosPrepared> prepared;
    std::vector<brandpunt::geom::GeosGeom> cells;
    for (const auto& c : g.cells) {
      cells.push_back(geos.from(c));
      prepared.push_back(geos.prepare(cells.back().get()));
    }
    size_t inside = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      uint32_t expect = UINT32_MAX;
      const auto pt = geos.point(x[i], y[i]);
      for (size_t c = 0; c < cells.size(); ++c)
        if (GEOSPreparedContains_r(geos.handle(), prepared[c].get(), pt.get()) == 1) {
          expect = static_cast<uint32_t>(c);
          break;
        }
      EXPECT_EQ(got[i], expect) << "point " << i << " (" << x[i] << ", " << y[i] << ")";
      inside += expect != UINT32_MAX;
    }
    EXPECT_GT(inside, 1000u);              // the test exercises both outcomes
    EXPECT_LT(inside, x.size() - 1000u);
  }
}

TEST(Grid, default_cell_size_rule) {
  Polygon sq;
  sq.outer = {{0, 0}, {10000, 0}, {10000, 10000}, {0, 10000}, {0, 0}};
  // sqrt(1e8 · 5 / 20000) = 158 m → nearest nice size 200 m.
  EXPECT_DOUBLE_EQ(bd::default_grid_cell_m({sq}, 20000), 200);
  // 5 points per cell over 2e6 points would be 15.8 m, but at most about 50,000 cells:
  // sqrt(1e8 / 50,000) = 44.7 m → nearest nice size 50 m (40,000 cells).
  EXPECT_DOUBLE_EQ(bd::default_grid_cell_m({sq}, 2000000), 50);
  // Below the cap the rule applies: 2e5 points → sqrt(1e8 · 5 / 2e5) = 50 m.
  EXPECT_DOUBLE_EQ(bd::default_grid_cell_m({sq}, 200000), 50);
  EXPECT_DOUBLE_EQ(bd::default_grid_cell_m({sq}, 80000), 100);  // 79 m → 100 m
  // No points: capped at 30 cells, sqrt(1e8/30) = 1826 m, rounded DOWN to stay ≥ 30 cells.
  EXPECT_DOUBLE_EQ(bd::default_grid_cell_m({sq}, 0), 1000);
  // make_grid counts the points inside the envelope.
  std::vector<double> x(20000, 5000.5), y(20000, 5000.5);
  bd::GridOptions opt;
  EXPECT_DOUBLE_EQ(bd::make_grid({sq}, opt, x, y).cell_m, 200);
}

TEST(Grid, rejects_bad_options) {
  Polygon sq;
  sq.outer = {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}};
  bd::GridOptions opt;
  opt.cell_m = -1;
  EXPECT_THROW(bd::make_grid({sq}, opt, {}, {}), brandpunt::Error);
  opt.cell_m = 1e-4;
  EXPECT_THROW(bd::make_grid({sq}, opt, {}, {}), brandpunt::Error);
  opt.cell_m = 1;
  EXPECT_THROW(bd::make_grid({}, opt, {}, {}), brandpunt::Error);
}
