#include "report/picture.hpp"

#include <cairo.h>
#include <gtest/gtest.h>

#include <memory>

#include "core/error.hpp"
#include "output/symbology.hpp"
#include "report/published.hpp"
#include "report_picture_util.hpp"
#include "report_test_util.hpp"

namespace brandpunt::report {
namespace {

// Leaves no font caches behind for the leak checker (ASan builds).
class ReleaseFonts : public ::testing::Environment {
 public:
  void TearDown() override { release_fonts(); }
};
[[maybe_unused]] ::testing::Environment* const kReleaseFonts =
    ::testing::AddGlobalTestEnvironment(new ReleaseFonts);

using testing::fresh_dir;
using testing::Png;

TEST(Picture, the_hotspot_map_paints_each_area_in_its_class_colour_where_the_frame_puts_it) {
  const auto dir = fresh_dir();
  const PublishedLayer buurt = read_layer(testing::write_two_buurten(dir));
  HotspotMap m;
  m.areas = &buurt;
  m.title = "Test";
  m.width = 900;
  m.height = 600;
  const std::string path = (dir / "map.png").string();
  write_hotspot_map(path, m);
  const Png png(path);
  ASSERT_EQ(png.width(), 900);
  ASSERT_EQ(png.height(), 600);
  const MapFrame f = hotspot_map_frame(m);
  // The middle of each square (well inside: the squares are ~ 150 px wide here).
  for (const auto& [code, key] : {std::pair{"BU01", "hot_99"}, std::pair{"BU02", "cold_99"}}) {
    const auto mp = polygons_of(buurt.geometry[static_cast<size_t>(buurt.find("code", code))]);
    const Envelope e = envelope_of(mp[0].outer);
    const XY px = f.to_pixel({(e.min_x + e.max_x) / 2, (e.min_y + e.max_y) / 2});
    EXPECT_EQ(png.at(px), output::find_class(output::gi_classes(), key)->colour) << code;
  }
  // Outside both squares (above them, in the map part): the white background.
  const auto mp = polygons_of(buurt.geometry[0]);
  const XY above =
      f.to_pixel({envelope_of(mp[0].outer).min_x, envelope_of(mp[0].outer).max_y + 0.002});
  EXPECT_EQ(png.at(above), (output::Rgb{255, 255, 255}));
}

TEST(Picture, numbered_areas_get_a_badge_at_their_inner_point) {
  const auto dir = fresh_dir();
  const PublishedLayer buurt = read_layer(testing::write_two_buurten(dir));
  HotspotMap m;
  m.areas = &buurt;
  m.numbered = {{"BU01", 1}};
  const std::string path = (dir / "map.png").string();
  write_hotspot_map(path, m);
  const Png png(path);
  const MapFrame f = hotspot_map_frame(m);
  MultiPolygon planar = polygons_of(buurt.geometry[0]);
  for (auto& p : planar)
    for (auto& q : p.outer) q = f.to_planar(q);
  const auto [centre, radius] = inner_point(planar);
  EXPECT_GT(radius, 100);  // metres: the middle of a 1 km square
  // The badge's white ring lies 6 px right of its centre (the digit is in the middle).
  const XY at = f.planar_to_pixel(centre);
  EXPECT_EQ(png.at({at.x + 6, at.y}), (output::Rgb{255, 255, 255}));
}

TEST(Picture, the_focus_map_shows_the_area_pale_with_a_black_outline) {
  const auto dir = fresh_dir();
  const PublishedLayer buurt = read_layer(testing::write_two_buurten(dir));
  FocusAreaMap m;
  m.areas = &buurt;
  m.focus = &buurt;
  m.focus_code = "BU01";
  const std::string path = (dir / "focus.png").string();
  write_focus_map(path, m);
  const Png png(path);
  EXPECT_EQ(png.width(), 800);
  const MapFrame f = focus_map_frame(m);
  const auto mp = polygons_of(buurt.geometry[0]);
  const Envelope e = envelope_of(mp[0].outer);
  // Inside: the hot colour at 55 % over white.
  const output::Rgb hot = output::find_class(output::gi_classes(), "hot_99")->colour;
  const output::Rgb got = png.at(f.to_pixel({(e.min_x + e.max_x) / 2, (e.min_y + e.max_y) / 2}));
  auto pale = [](uint8_t c) { return 255 - 0.55 * (255 - c); };
  EXPECT_NEAR(got.r, pale(hot.r), 2);
  EXPECT_NEAR(got.g, pale(hot.g), 2);
  EXPECT_NEAR(got.b, pale(hot.b), 2);
  // On its western edge: the black outline.
  const XY edge = f.to_pixel({e.min_x, (e.min_y + e.max_y) / 2});
  EXPECT_EQ(png.at(edge), (output::Rgb{0, 0, 0}));
  m.focus_code = "BU77";
  EXPECT_THROW(focus_map_frame(m), Error);
}

TEST(Picture, the_month_chart_has_a_bar_per_month_and_shades_the_analysis_period) {
  const auto dir = fresh_dir();
  MonthChart c;
  for (int m = 1; m <= 12; ++m)
    c.months.push_back("2025-" + std::string(m < 10 ? "0" : "") + std::to_string(m));
  c.values = {10, 20, 30, 40, 50, std::nullopt, 70, 80, 90, 100, 110, 120};
  c.first_current = 9;
  c.n_current = 3;
  c.width = 600;
  c.height = 300;
  const std::string path = (dir / "chart.png").string();
  write_month_chart(path, c);
  const Png png(path);
  ASSERT_EQ(png.width(), 600);
  ASSERT_EQ(png.height(), 300);
  // Plot area: x from 56 to 584, y from 64 to 258 (see picture.cpp); 12 bars of 44 px.
  const double bw = (600 - 56 - 16) / 12.0, base = 300 - 42;
  const output::Rgb bar{0x5A, 0x6E, 0x8C};
  EXPECT_EQ(png.at({56 + 11.5 * bw, base - 5}), bar);  // December's bar, near its foot
  EXPECT_EQ(png.at({56 + 0.5 * bw, base - 60}),
            (output::Rgb{255, 255, 255}));  // above January's short bar
  EXPECT_EQ(png.at({56 + 9.5 * bw, 70}),
            (output::Rgb{255, 241, 201}));  // October: shaded, above its bar
  EXPECT_EQ(png.at({56 + 5.5 * bw, base - 2}),
            (output::Rgb{0xBB, 0xBB, 0xBB}));  // June suppressed: a grey stub
}

}  // namespace
}  // namespace brandpunt::report
