// Queen/rook contiguity: exact agreement with spdep poly2nb on Columbus, the textbook
// lattice (rook = 4-neighbours, queen = 8), snapping across a 0.1 m gap, islands, holes,
// multipart areas and GEOS centroids.
#include "weights/contiguity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>

#include "columbus.hpp"
#include "core/error.hpp"
#include "geom/geos.hpp"
#include "weights/centroids.hpp"
#include "weights/summary.hpp"

namespace brandpunt::weights {
namespace {

MultiPolygon square(double x0, double y0, double x1, double y1) {
  return {Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}}};
}

// rows x cols cells of side 100 m at RD-like coordinates, each shrunk by `inset_m` on every
// side (inset 0.05 leaves a 0.1 m gap between neighbours). Cell (r, c) is area r*cols + c.
std::vector<MultiPolygon> lattice(int rows, int cols, double inset_m = 0) {
  std::vector<MultiPolygon> out;
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) {
      const double x = 120000 + 100.0 * c, y = 480000 + 100.0 * r;
      out.push_back(square(x + inset_m, y + inset_m, x + 100 - inset_m, y + 100 - inset_m));
    }
  return out;
}

// Brute-force lattice neighbours: |dr|,|dc| <= 1 (queen) or |dr|+|dc| == 1 (rook).
std::vector<std::vector<uint32_t>> lattice_lists(int rows, int cols, bool queen) {
  std::vector<std::vector<uint32_t>> out(static_cast<size_t>(rows * cols));
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      for (int r2 = 0; r2 < rows; ++r2)
        for (int c2 = 0; c2 < cols; ++c2) {
          const int dr = std::abs(r - r2), dc = std::abs(c - c2);
          if (dr + dc == 0 || dr > 1 || dc > 1) continue;
          if (!queen && dr + dc != 1) continue;
          out[static_cast<size_t>(r * cols + c)].push_back(static_cast<uint32_t>(r2 * cols + c2));
        }
  return out;
}

TEST(Contiguity, queen_matches_spdep_on_columbus) {
  BP_LOAD_COLUMBUS(col);
  const Weights w = contiguity(col.polygons, {Contiguity::queen, kSpdepSnap});
  EXPECT_EQ(w.method, "queen");
  test::expect_same_as_oracle(w, col.weights["queen"]);
  EXPECT_EQ(w.n_links(), 236u);
}

TEST(Contiguity, rook_matches_spdep_on_columbus) {
  BP_LOAD_COLUMBUS(col);
  const Weights w = contiguity(col.polygons, {Contiguity::rook, kSpdepSnap});
  EXPECT_EQ(w.method, "rook");
  test::expect_same_as_oracle(w, col.weights["rook"]);
  EXPECT_EQ(w.n_links(), 200u);
}

// Groningen CBS buurten 2017 (108 areas, RD New). Reference counts from spdep 1.2-7:
//   x <- st_read("groningen/buurten_2017_rd.geojson"); sum(card(poly2nb(x, queen=, snap=)))
// queen: 634 at sqrt(eps), 636 at 0.5 m; rook: 550 at both. Our rook has 546: spdep also
// calls buurten 2–33 and 8–29 (0-based) rook because each touches the other at a single
// point that one of the rings passes twice; a single point is not a shared stretch.
TEST(Contiguity, groningen_buurten_match_spdep_counts) {
  const auto geo = test::load_json(std::filesystem::path(BRANDPUNT_SHARED_DIR) / "data" /
                                   "groningen" / "buurten_2017_rd.geojson");
  if (!geo) GTEST_SKIP() << "Groningen buurten not found under " BRANDPUNT_SHARED_DIR;
  const auto areas = test::read_polygons(*geo);
  ASSERT_EQ(areas.size(), 108u);
  const Weights queen = contiguity(areas, {Contiguity::queen, kSpdepSnap});
  const Weights queen_snap = contiguity(areas, {Contiguity::queen, kRealWorldSnap_m});
  const Weights rook = contiguity(areas, {Contiguity::rook, kSpdepSnap});
  EXPECT_EQ(queen.n_links(), 634u);
  EXPECT_EQ(queen_snap.n_links(), 636u);
  EXPECT_EQ(rook.n_links(), 546u);
  EXPECT_EQ(contiguity(areas, {Contiguity::rook, kRealWorldSnap_m}).n_links(), 546u);
  EXPECT_TRUE(summarise(queen).islands.empty());
  // The snap only adds links, and rook is a subset of queen.
  const auto q = to_lists(queen), qs = to_lists(queen_snap), r = to_lists(rook);
  for (size_t i = 0; i < q.size(); ++i) {
    EXPECT_TRUE(std::includes(qs[i].begin(), qs[i].end(), q[i].begin(), q[i].end())) << i;
    EXPECT_TRUE(std::includes(q[i].begin(), q[i].end(), r[i].begin(), r[i].end())) << i;
  }
  for (auto [a, b] : {std::pair<uint32_t, uint32_t>{2, 33}, {8, 29}}) {
    EXPECT_TRUE(std::binary_search(q[a].begin(), q[a].end(), b)) << a << "-" << b;
    EXPECT_FALSE(std::binary_search(r[a].begin(), r[a].end(), b)) << a << "-" << b;
  }
}

TEST(Contiguity, single_point_listed_twice_is_queen_not_rook) {
  // Area 0's ring passes (2, 0) twice (a pinched, self-touching ring); the triangle below
  // touches it only there. spdep counts two vertex pairs and says rook; it is a point.
  const MultiPolygon pinched = {
      Polygon{{{0, 0}, {2, 0}, {4, 0}, {4, 2}, {2, 0}, {0, 2}, {0, 0}}, {}}};
  const MultiPolygon triangle = {Polygon{{{2, 0}, {3, -2}, {1, -2}, {2, 0}}, {}}};
  EXPECT_EQ(contiguity({pinched, triangle}, {Contiguity::queen}).n_links(), 2u);
  EXPECT_EQ(contiguity({pinched, triangle}, {Contiguity::rook}).n_links(), 0u);
}

TEST(Contiguity, vertex_on_an_edge_alone_is_no_link) {
  // Documented limitation (as spdep): a T-junction without a shared vertex is not seen.
  const MultiPolygon triangle = {Polygon{{{1, 0}, {2, -2}, {0, -2}, {1, 0}}, {}}};
  EXPECT_EQ(contiguity({square(0, 0, 2, 2), triangle}, {Contiguity::queen}).n_links(), 0u);
}

TEST(Contiguity, lattice_rook_is_four_neighbours_and_queen_eight) {
  const int rows = 7, cols = 9;
  const auto areas = lattice(rows, cols);
  const Weights rook = contiguity(areas, {Contiguity::rook});
  const Weights queen = contiguity(areas, {Contiguity::queen});
  EXPECT_EQ(to_lists(rook), lattice_lists(rows, cols, false));
  EXPECT_EQ(to_lists(queen), lattice_lists(rows, cols, true));
  // Closed forms: 2(2rc - r - c) rook links, plus 4(r-1)(c-1) diagonal ones for queen.
  EXPECT_EQ(rook.n_links(), static_cast<size_t>(2 * (2 * rows * cols - rows - cols)));
  EXPECT_EQ(queen.n_links(), rook.n_links() + static_cast<size_t>(4 * (rows - 1) * (cols - 1)));
  EXPECT_TRUE(queen.symmetric());
  EXPECT_TRUE(
      std::all_of(queen.values.begin(), queen.values.end(), [](double v) { return v == 1; }));
}

TEST(Contiguity, snap_half_metre_bridges_a_tenth_metre_gap_and_spdep_snap_does_not) {
  const int rows = 5, cols = 6;
  const auto areas = lattice(rows, cols, 0.05);  // 0.1 m gaps, 0.14 m across corners
  const Weights rook = contiguity(areas, {Contiguity::rook, kRealWorldSnap_m});
  const Weights queen = contiguity(areas, {Contiguity::queen, kRealWorldSnap_m});
  EXPECT_EQ(to_lists(rook), lattice_lists(rows, cols, false));
  EXPECT_EQ(to_lists(queen), lattice_lists(rows, cols, true));

  const Weights exact = contiguity(areas, {Contiguity::queen, 1e-8});
  EXPECT_EQ(exact.n_links(), 0u);
  EXPECT_EQ(summarise(exact).islands.size(), static_cast<size_t>(rows * cols));
  // A tolerance just below the gap still sees none; just above, all rook pairs appear.
  EXPECT_EQ(contiguity(areas, {Contiguity::queen, 0.09}).n_links(), 0u);
  EXPECT_EQ(to_lists(contiguity(areas, {Contiguity::rook, 0.11})),
            lattice_lists(rows, cols, false));
}

// O(n²) reference of the documented rule: vertices meet when hypot <= snap; queen = any
// meeting pair, rook = two distinct vertices met on each side.
std::vector<std::vector<uint32_t>> brute_contiguity(const std::vector<MultiPolygon>& areas,
                                                    double snap, bool queen) {
  std::vector<std::vector<uint32_t>> out(areas.size());
  const auto verts = [](const MultiPolygon& mp) {
    std::vector<XY> v(mp[0].outer.begin(), mp[0].outer.end() - 1);
    std::sort(v.begin(), v.end(),
              [](XY a, XY b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
  };
  std::vector<std::vector<XY>> all;
  for (const auto& mp : areas) all.push_back(verts(mp));
  for (size_t a = 0; a < areas.size(); ++a)
    for (size_t b = 0; b < areas.size(); ++b) {
      if (a == b) continue;
      const auto& va = all[a];
      const auto& vb = all[b];
      std::vector<size_t> hit_a, hit_b;
      for (size_t i = 0; i < va.size(); ++i)
        for (size_t j = 0; j < vb.size(); ++j)
          if (std::hypot(va[i].x - vb[j].x, va[i].y - vb[j].y) <= snap) {
            hit_a.push_back(i);
            hit_b.push_back(j);
          }
      std::sort(hit_a.begin(), hit_a.end());
      std::sort(hit_b.begin(), hit_b.end());
      const auto distinct = [](std::vector<size_t>& v) {
        return static_cast<size_t>(std::unique(v.begin(), v.end()) - v.begin());
      };
      const bool link = queen ? !hit_a.empty() : (distinct(hit_a) >= 2 && distinct(hit_b) >= 2);
      if (link) out[a].push_back(static_cast<uint32_t>(b));
    }
  return out;
}

TEST(Contiguity, matches_brute_force_on_random_jittered_triangles) {
  // 250 triangles on the nodes of a 12 x 12 lattice (1 m apart), every vertex displaced by
  // up to 0.2 m in x and y: snaps of 0.3 and 0.5 m cut through the displacement range, so
  // many pairs sit on either side of the tolerance and on cell boundaries.
  constexpr uint64_t kSeed = 5150;
  SCOPED_TRACE("seed " + std::to_string(kSeed));
  std::mt19937_64 rng(kSeed);
  std::uniform_int_distribution<int> node(0, 11);
  std::uniform_real_distribution<double> jitter(-0.2, 0.2);
  std::vector<MultiPolygon> areas;
  while (areas.size() < 250) {
    Ring r;
    for (int k = 0; k < 3; ++k)
      r.push_back(XY{155000 + node(rng) + jitter(rng), 463000 + node(rng) + jitter(rng)});
    r.push_back(r.front());
    areas.push_back({Polygon{r, {}}});
  }
  for (double snap : {0.3, 0.5})
    for (bool queen : {true, false}) {
      const Weights w = contiguity(areas, {queen ? Contiguity::queen : Contiguity::rook, snap});
      EXPECT_EQ(to_lists(w), brute_contiguity(areas, snap, queen)) << snap << " " << queen;
      EXPECT_GT(w.n_links(), queen ? 200u : 10u);  // the case is not trivial
    }
}

TEST(Contiguity, corner_touch_is_queen_but_not_rook) {
  const std::vector<MultiPolygon> areas = {square(0, 0, 1, 1), square(1, 1, 2, 2)};
  EXPECT_EQ(contiguity(areas, {Contiguity::queen}).n_links(), 2u);
  EXPECT_EQ(contiguity(areas, {Contiguity::rook}).n_links(), 0u);
}

TEST(Contiguity, island_is_reported_not_hidden) {
  auto areas = lattice(3, 3);
  areas.push_back(square(130000, 490000, 130100, 490100));  // 10 km away
  const Weights w = contiguity(areas, {Contiguity::queen, kRealWorldSnap_m});
  EXPECT_EQ(w.islands(), std::vector<uint32_t>{9});
  const WeightsSummary s = summarise(w);
  EXPECT_EQ(s.islands, std::vector<uint32_t>{9});
  EXPECT_EQ(s.min_card, 0u);
  EXPECT_EQ(s.max_card, 8u);
  EXPECT_EQ(w.cardinality(9), 0u);
  // Row standardisation leaves the island's row empty instead of dividing by zero.
  const Weights r = row_standardised(w);
  for (double v : r.values) EXPECT_TRUE(std::isfinite(v));
  EXPECT_EQ(r.cardinality(9), 0u);
}

TEST(Contiguity, enclave_in_a_hole_and_multipart_areas_are_neighbours) {
  // Area 0: a 30x30 block with a 10x10 hole; area 1 fills the hole (rook via the hole ring).
  // Area 2: two parts; only its second part shares an edge with area 0's east side.
  MultiPolygon donut = square(0, 0, 30, 30);
  donut[0].holes.push_back({{10, 10}, {10, 20}, {20, 20}, {20, 10}, {10, 10}});
  MultiPolygon two_parts = square(100, 100, 110, 110);
  two_parts.push_back(square(30, 0, 40, 30)[0]);
  const std::vector<MultiPolygon> areas = {donut, square(10, 10, 20, 20), two_parts};
  const Weights w = contiguity(areas, {Contiguity::rook});
  EXPECT_EQ(to_lists(w), (std::vector<std::vector<uint32_t>>{{1, 2}, {0}, {0}}));
}

TEST(Contiguity, empty_area_is_an_island_and_bad_options_throw) {
  const std::vector<MultiPolygon> areas = {square(0, 0, 1, 1), MultiPolygon{}, square(1, 0, 2, 1)};
  const Weights w = contiguity(areas);
  EXPECT_EQ(w.islands(), std::vector<uint32_t>{1});
  EXPECT_THROW(contiguity(areas, {Contiguity::queen, -1.0}), Error);
  EXPECT_THROW(contiguity(areas, {Contiguity::queen, NAN}), Error);
  std::vector<MultiPolygon> bad = areas;
  bad[2][0].outer[1].x = INFINITY;
  try {
    contiguity(bad);
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::geometry);
    EXPECT_NE(std::string(e.what()).find("area 2"), std::string::npos) << e.what();
  }
}

TEST(Contiguity, result_does_not_depend_on_vertex_start_or_orientation) {
  // The same lattice with every ring rotated and reversed gives the same lists.
  auto areas = lattice(4, 4);
  auto turned = areas;
  for (auto& mp : turned) {
    Ring& r = mp[0].outer;
    r.pop_back();
    std::rotate(r.begin(), r.begin() + 2, r.end());
    std::reverse(r.begin(), r.end());
    r.push_back(r.front());
  }
  EXPECT_EQ(to_lists(contiguity(areas, {Contiguity::rook})),
            to_lists(contiguity(turned, {Contiguity::rook})));
}

TEST(Centroids, are_bit_identical_to_sf_st_centroid_on_columbus) {
  const test::ColumbusCsv csv = test::load_columbus_csv();
  if (csv.wkt.empty()) GTEST_SKIP() << "columbus.csv not found under " BRANDPUNT_SHARED_DIR;
  geom::GeosContext geos;
  std::vector<MultiPolygon> areas;
  for (const std::string& wkt : csv.wkt)
    areas.push_back(geos.to_multipolygon(geos.from_wkt(wkt).get()));
  const std::vector<XY> c = centroids(areas);
  ASSERT_EQ(c.size(), 49u);
  for (size_t i = 0; i < c.size(); ++i) {
    EXPECT_EQ(c[i].x, csv.centroids[i].x) << i;  // the same GEOS routine as sf
    EXPECT_EQ(c[i].y, csv.centroids[i].y) << i;
  }
}

TEST(Centroids, of_the_geojson_polygons_agree_to_the_last_digits) {
  BP_LOAD_COLUMBUS(col);  // GeoJSON coordinates carry 16 digits, so allow a few ulps
  const std::vector<XY> c = centroids(col.polygons);
  ASSERT_EQ(c.size(), col.centroids.size());
  for (size_t i = 0; i < c.size(); ++i) {
    EXPECT_NEAR(c[i].x, col.centroids[i].x, 1e-13) << i;
    EXPECT_NEAR(c[i].y, col.centroids[i].y, 1e-13) << i;
  }
}

TEST(Centroids, of_squares_and_multiparts_and_empty_throws) {
  MultiPolygon two = square(0, 0, 2, 2);
  two.push_back(square(10, 0, 12, 2)[0]);  // equal areas: centre of mass between them
  const auto c = centroids({square(0, 0, 2, 4), two});
  EXPECT_DOUBLE_EQ(c[0].x, 1.0);
  EXPECT_DOUBLE_EQ(c[0].y, 2.0);
  EXPECT_DOUBLE_EQ(c[1].x, 6.0);
  EXPECT_DOUBLE_EQ(c[1].y, 1.0);
  EXPECT_THROW(centroids({square(0, 0, 1, 1), MultiPolygon{}}), Error);
}

}  // namespace
}  // namespace brandpunt::weights
