#include "report/published.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "report_test_util.hpp"

namespace brandpunt::report {
namespace {

using testing::fresh_dir;
using testing::spit;

TEST(Published, geojson_layers_keep_their_field_order_values_and_lonlat_geometry) {
  const auto dir = fresh_dir();
  const PublishedLayer l = read_layer(testing::write_two_buurten(dir));
  EXPECT_EQ(l.fields,
            (std::vector<std::string>{"code", "name", "level", "n_totaal", "n_totaal_flag",
                                      "gi_class_totaal", "gi_z_totaal", "emerging_totaal"}));
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l.properties[0]["n_totaal"], 40);
  EXPECT_TRUE(l.properties[1]["n_totaal"].is_null());
  EXPECT_EQ(l.find("code", "BU02"), 1);
  EXPECT_EQ(l.find("code", "BU03"), -1);
  const MultiPolygon mp = polygons_of(l.geometry[0]);
  ASSERT_EQ(mp.size(), 1u);
  // RD (136000, 455000) is about 5.11 E, 52.08 N.
  EXPECT_NEAR(mp[0].outer[0].x, 5.11, 0.02);
  EXPECT_NEAR(mp[0].outer[0].y, 52.08, 0.02);
}

TEST(Published, a_geopackage_reads_back_as_the_same_lonlat_features) {
  const auto dir = fresh_dir();
  const PublishedLayer a = read_layer(testing::write_two_buurten(dir));
  const PublishedLayer b = read_layer(testing::write_two_buurten(dir, output::VectorFormat::gpkg));
  EXPECT_EQ(b.fields, a.fields);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b.properties[0]["gi_class_totaal"], "hot_99");
  EXPECT_TRUE(b.properties[1]["n_totaal"].is_null());
  const MultiPolygon pa = polygons_of(a.geometry[1]), pb = polygons_of(b.geometry[1]);
  ASSERT_EQ(pb.size(), 1u);
  // Both transformed from RD with PROJ; GeoJSON rounds to 6 decimals, and the ring starts
  // where each writer starts it, so compare the extents.
  const Envelope ea = envelope_of(pa[0].outer), eb = envelope_of(pb[0].outer);
  EXPECT_NEAR(ea.min_x, eb.min_x, 2e-6);
  EXPECT_NEAR(ea.max_y, eb.max_y, 2e-6);
}

TEST(Published, bad_files_are_errors_naming_the_file) {
  const auto dir = fresh_dir();
  spit(dir / "bad.geojson", "{\"type\": \"FeatureCollection\", \"features\": [");
  try {
    read_layer((dir / "bad.geojson").string());
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::format);
    EXPECT_NE(std::string(e.what()).find("bad.geojson"), std::string::npos);
  }
  EXPECT_THROW(read_layer((dir / "missing.geojson").string()), Error);
}

TEST(Published, series_rows_become_monthly_vectors_with_nulls_for_suppressed_months) {
  const auto dir = fresh_dir();
  testing::write_series(dir / "buurt_series.csv");
  const std::set<std::string> only = {"BU01"};
  const PublishedSeries s =
      read_series({(dir / "buurt_series.csv").string(), (dir / "absent.csv").string()}, &only);
  EXPECT_EQ(s.months, (std::vector<std::string>{"2025-01", "2025-02", "2025-03"}));
  ASSERT_EQ(s.by_code.size(), 1u);
  const auto& t = s.by_code.at("BU01").at("totaal");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0], 10);
  EXPECT_FALSE(t[1].has_value());
  EXPECT_EQ(t[2], 30);
  EXPECT_EQ(s.by_code.at("BU01").at("hic")[2], 3);
}

TEST(Published, focus_lists_of_one_scope) {
  const auto dir = fresh_dir();
  testing::write_focus(dir / "focus.json");
  const auto lists = read_focus((dir / "focus.json").string(), "gemeente");
  ASSERT_EQ(lists.size(), 1u);
  EXPECT_EQ(lists[0].level, "buurt");
  ASSERT_EQ(lists[0].rows.size(), 1u);
  EXPECT_EQ(lists[0].rows[0].code, "BU01");
  EXPECT_EQ(lists[0].rows[0].count, 40);
  EXPECT_EQ(lists[0].rows[0].reasons.size(), 1u);
  EXPECT_EQ(read_focus((dir / "focus.json").string(), "SD01").at(0).rows.size(), 0u);
  EXPECT_TRUE(read_focus((dir / "none.json").string(), "gemeente").empty());
}

}  // namespace
}  // namespace brandpunt::report
