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

TEST(Published, geojson_properties_equal_a_full_json_parse_and_every_geometry_type_reads) {
  const auto dir = fresh_dir();
  // Escapes, a surrogate pair, numbers of every form, nested values, members in any order,
  // and each geometry type; whitespace as a person might write it.
  const std::string text = R"json( { "features" : [
    {"type": "Feature", "geometry": {"coordinates": [[[0,0],[4,0],[4,4],[0,4],[0,0]],
        [[1,1],[1,2],[2,2],[1,1]]], "type": "Polygon"},
     "properties": {"name": "Caf\u00e9 \"De Ster\"\\\/\n\t\ud83d\ude00 é", "n": -0, "big": 12345678901234567890,
                    "z": -1.5e-3, "e": 2E+2, "ok": true, "no": false, "none": null,
                    "list": [1, [2, {"a": "b"}], []], "obj": {"k": {"l": 1.25}}}},
    {"type": "Feature", "properties": {"n": 7}, "geometry": {"type": "MultiPolygon", "coordinates":
        [[[[10,10],[11,10],[11,11],[10,10]]], [[[20,20],[22,20],[22,22],[20,20]], [[20.5,20.5],[21,20.5],[21,21],[20.5,20.5]]]]}},
    {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[5.5, 50.25], [5.75, 50.5]]}},
    {"type": "Feature", "properties": null, "geometry": {"type": "MultiLineString", "coordinates": [[[1,2],[3,4]], [[5,6],[7,8],[9,10]]]}},
    {"type": "Feature", "properties": {"n": 1}, "geometry": null},
    {"type": "Feature", "properties": {"n": 2}, "geometry": {"type": "Point", "coordinates": [1, 2]}}
  ], "type": "FeatureCollection"} )json";
  spit(dir / "all.geojson", text);
  const PublishedLayer l = read_layer((dir / "all.geojson").string());
  const nlohmann::json doc = nlohmann::json::parse(text);
  ASSERT_EQ(l.size(), 6u);
  for (size_t i = 0; i < l.size(); ++i) {
    const nlohmann::json& p = doc["features"][i]["properties"];
    EXPECT_EQ(l.properties[i], p.is_null() ? nlohmann::json::object() : p) << i;
  }
  EXPECT_EQ(l.properties[0]["name"], "Café \"De Ster\"\\/\n\t\xF0\x9F\x98\x80 é");
  EXPECT_EQ(l.fields, (std::vector<std::string>{"name", "n", "big", "z", "e", "ok", "no", "none", "list", "obj"}));
  // Polygon: one polygon with its hole.
  EXPECT_EQ(l.geometry[0].type, "Polygon");
  ASSERT_EQ(polygons_of(l.geometry[0]).size(), 1u);
  EXPECT_EQ(polygons_of(l.geometry[0])[0].outer.size(), 5u);
  ASSERT_EQ(polygons_of(l.geometry[0])[0].holes.size(), 1u);
  EXPECT_EQ(polygons_of(l.geometry[0])[0].holes[0][1].y, 2.0);
  // MultiPolygon: two polygons, the second with a hole.
  const MultiPolygon& mp = polygons_of(l.geometry[1]);
  ASSERT_EQ(mp.size(), 2u);
  EXPECT_EQ(mp[0].outer.size(), 4u);
  EXPECT_TRUE(mp[0].holes.empty());
  EXPECT_EQ(mp[1].outer[1].x, 22.0);
  ASSERT_EQ(mp[1].holes.size(), 1u);
  EXPECT_EQ(mp[1].holes[0][0].x, 20.5);
  // Lines.
  ASSERT_EQ(lines_of(l.geometry[2]).size(), 1u);
  EXPECT_EQ(lines_of(l.geometry[2])[0][1].y, 50.5);
  ASSERT_EQ(lines_of(l.geometry[3]).size(), 2u);
  EXPECT_EQ(lines_of(l.geometry[3])[1].size(), 3u);
  EXPECT_EQ(lines_of(l.geometry[3])[1][2].x, 9.0);
  // Null and undrawn types: nothing to draw.
  for (size_t i : {size_t{4}, size_t{5}}) {
    EXPECT_TRUE(l.geometry[i].type.empty()) << i;
    EXPECT_TRUE(polygons_of(l.geometry[i]).empty() && lines_of(l.geometry[i]).empty()) << i;
  }
}

TEST(Published, malformed_json_is_a_format_error_naming_the_file_and_byte) {
  const auto dir = fresh_dir();
  for (const std::string bad : {
           R"({"features": [{"properties": {"a": 01}}]})",          // leading zero
           R"({"features": [{"properties": {"a": "x\q"}}]})",       // bad escape
           R"({"features": [{"properties": {"a": "\ud83d"}}]})",    // lone surrogate
           R"({"features": [{"properties": {"a": 1.}}]})",          // no fraction digits
           R"({"features": [{"properties": {"a": tru}}]})",         // bad literal
           R"({"features": [{"properties": {"a": 1,}}]})",          // trailing comma
           R"({"features": []} x)",                                 // trailing text
           "{\"features\": [{\"properties\": {\"a\": \"x\ny\"}}]}",  // raw control character
           R"({"type": "FeatureCollection"})"}) {                    // no features
    spit(dir / "bad.geojson", bad);
    try {
      read_layer((dir / "bad.geojson").string());
      ADD_FAILURE() << "no error for " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::format) << bad;
      EXPECT_NE(std::string(e.what()).find("bad.geojson"), std::string::npos) << e.what();
    }
  }
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
