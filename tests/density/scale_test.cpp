// The grid's scale of analysis: OHSA's rules with a cap tied to the cell size and study area.
#include "density/scale.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/error.hpp"

namespace bd = brandpunt::density;
using brandpunt::XY;

namespace {

std::vector<XY> lattice(int side, double spacing) {
  std::vector<XY> out;
  for (int r = 0; r < side; ++r)
    for (int c = 0; c < side; ++c) out.push_back({c * spacing, r * spacing});
  return out;
}

}  // namespace

TEST(ScaleOfAnalysis, distances_on_a_lattice_worked_by_hand) {
  const std::vector<XY> sq = {{0, 0}, {1, 0}, {0, 1}, {1, 1}};
  EXPECT_DOUBLE_EQ(bd::standard_distance(sq), std::sqrt(0.5));
  const std::vector<XY> l = lattice(3, 100);
  EXPECT_DOUBLE_EQ(bd::mean_kth_neighbour_distance(l, 1), 100);
  // 2nd nearest: the centre and the edge midpoints have two (or four) at 100 m; corners have
  // two at 100 m as well.
  EXPECT_DOUBLE_EQ(bd::mean_kth_neighbour_distance(l, 2), 100);
}

TEST(ScaleOfAnalysis, a_peak_beyond_the_cells_own_scale_is_capped) {
  // 10 x 10 cells of 100 m whose counts rise smoothly towards one corner: incremental spatial
  // autocorrelation peaks at 600 m, about 100 neighbours per cell: a density gradient. The
  // band stays at about 30 neighbours.
  const std::vector<XY> c = lattice(10, 100);
  std::vector<double> v;
  for (const XY& p : c) v.push_back(p.x / 100 + p.y / 100);
  const bd::ScaleOfAnalysis s = bd::scale_of_analysis(c, v);
  ASSERT_TRUE(s.found_peak);
  EXPECT_GT(s.peak_m, s.cap_m);
  EXPECT_TRUE(s.capped);
  EXPECT_DOUBLE_EQ(s.cap_m, std::min(s.neighbours_cap_m, s.standard_distance_m));
  EXPECT_DOUBLE_EQ(s.band_m, s.cap_m);
  // The 30th nearest cell of an interior cell lies at sqrt(10) cells; the border ones further.
  EXPECT_GE(s.neighbours_cap_m, 100 * std::sqrt(10.0));
  EXPECT_LT(s.neighbours_cap_m, 450);
  EXPECT_GE(s.band_m, s.floor_m);
  EXPECT_NE(s.rule.find("capped"), std::string::npos) << s.rule;
}

TEST(ScaleOfAnalysis, short_range_clusters_keep_their_peak) {
  // Blobs of 2 cells radius every 9 cells: clustering peaks at a short distance.
  const std::vector<XY> c = lattice(27, 100);
  std::vector<double> v;
  for (const XY& p : c) {
    const double bx = std::fmod(p.x, 900.0) - 400, by = std::fmod(p.y, 900.0) - 400;
    v.push_back(std::hypot(bx, by) <= 200 ? 20 : 1);
  }
  const bd::ScaleOfAnalysis s = bd::scale_of_analysis(c, v);
  ASSERT_TRUE(s.found_peak);
  EXPECT_FALSE(s.capped);
  EXPECT_DOUBLE_EQ(s.band_m, s.peak_m);
  EXPECT_LE(s.band_m, s.cap_m);
  EXPECT_NE(s.rule.find("first peak"), std::string::npos) << s.rule;
}

TEST(ScaleOfAnalysis, without_a_peak_the_k_neighbour_rule_of_ohsa) {
  // A gradient over 20 x 20 cells: global Moran's z keeps rising up to 1 km, no peak. K = 5 %
  // of 400 cells = 20 neighbours.
  const std::vector<XY> c = lattice(20, 100);
  std::vector<double> v;
  for (const XY& p : c) v.push_back(std::round(40 - (p.x + p.y) / 150));
  const bd::ScaleOfAnalysis s = bd::scale_of_analysis(c, v);
  ASSERT_FALSE(s.found_peak) << s.rule;
  EXPECT_EQ(s.k, 20);
  EXPECT_DOUBLE_EQ(s.k_neighbour_m, bd::mean_kth_neighbour_distance(c, 20));
  EXPECT_DOUBLE_EQ(s.band_m, s.k_neighbour_m);  // below one standard distance and the cap
  EXPECT_FALSE(s.capped);
  EXPECT_NE(s.rule.find("20th nearest"), std::string::npos) << s.rule;
  EXPECT_THROW(bd::scale_of_analysis(std::vector<XY>(c.begin(), c.begin() + 3),
                                     std::vector<double>{1, 2, 3}),
               brandpunt::Error);
}
