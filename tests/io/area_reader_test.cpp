#include "io/area_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "test_util.hpp"

using brandpunt::area_of;
using brandpunt::AreaLayer;
using brandpunt::Error;
using brandpunt::ErrorKind;
using brandpunt::io::AreaReadReport;
using brandpunt::io::AreaSourceOptions;
using brandpunt::io::read_areas;
using brandpunt::io::test::shared_file;
using brandpunt::io::test::TempDir;

namespace {

AreaSourceOptions maastricht_buurten(const std::string& path) {
  AreaSourceOptions o;
  o.path = path;
  o.code_field = "buurtcode";
  o.name_field = "buurtnaam";
  o.parent_field = "wijkcode";
  o.level = "buurt";
  return o;
}

const char* kRdCrs = R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}})";

std::string feature(const std::string& code, const std::string& pop, const std::string& ring) {
  return R"({"type":"Feature","properties":{"code":")" + code + R"(","pop":)" + pop +
         R"(},"geometry":{"type":"Polygon","coordinates":[)" + ring + "]}}";
}

}  // namespace

TEST(ReadAreas, maastricht_buurten_sorted_by_code_with_wijk_parent) {
  const auto path = shared_file("data/maastricht/buurten_2022_rd.gpkg");
  BRANDPUNT_REQUIRE_SHARED(path);
  AreaReadReport report;
  AreaLayer a = read_areas(maastricht_buurten(path), "EPSG:28992", report);
  EXPECT_EQ(report.features, 44);
  ASSERT_EQ(a.size(), 44u);
  EXPECT_EQ(a.level, "buurt");
  EXPECT_TRUE(std::is_sorted(a.code.begin(), a.code.end()));
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a.code[i].rfind("BU0935", 0), 0u) << a.code[i];
    // A buurt code is its wijk code (WK0935ww) plus two digits.
    EXPECT_EQ("WK" + a.code[i].substr(2, 6), a.parent[i]) << a.code[i];
    EXPECT_FALSE(a.name[i].empty());
    EXPECT_FALSE(a.has_population(i));  // no population field configured
    EXPECT_GT(area_of(a.geometry[i]), 0);
  }
  EXPECT_EQ(report.repaired, 0) << (report.messages.empty() ? "" : report.messages[0]);
}

TEST(ReadAreas, maastricht_wijken_population_and_wgs84_source_agree_with_rd) {
  const auto rd = shared_file("data/maastricht/wijken_2022_rd.gpkg");
  const auto wgs = shared_file("data/maastricht/wijken_2022_wgs84.geojson");
  BRANDPUNT_REQUIRE_SHARED(rd);
  BRANDPUNT_REQUIRE_SHARED(wgs);
  AreaSourceOptions o;
  o.path = rd;
  o.code_field = "wijkcode";
  o.name_field = "wijknaam";
  o.population_field = "aantal_inwoners";
  o.level = "wijk";
  AreaReadReport report;
  AreaLayer a = read_areas(o, "EPSG:28992", report);
  ASSERT_EQ(a.size(), 7u);
  EXPECT_EQ(std::accumulate(a.population.begin(), a.population.end(), 0.0), 121150.0);
  o.path = wgs;
  AreaReadReport report_wgs;
  AreaLayer b = read_areas(o, "EPSG:28992", report_wgs);
  ASSERT_EQ(b.size(), 7u);
  EXPECT_EQ(b.code, a.code);
  for (size_t i = 0; i < a.size(); ++i)  // same polygons through PROJ: areas within 0.1 %
    EXPECT_NEAR(area_of(b.geometry[i]) / area_of(a.geometry[i]), 1.0, 1e-3) << a.code[i];
}

TEST(ReadAreas, groningen_buurten_geojson_with_cbs_population) {
  const auto path = shared_file("data/groningen/buurten_2017_rd.geojson");
  BRANDPUNT_REQUIRE_SHARED(path);
  AreaSourceOptions o;
  o.path = path;
  o.code_field = "BU_CODE";
  o.name_field = "BU_NAAM";
  o.parent_field = "WK_CODE";
  o.population_field = "AANT_INW";
  o.level = "buurt";
  AreaReadReport report;
  AreaLayer a = read_areas(o, "EPSG:28992", report);
  ASSERT_EQ(a.size(), 108u);
  double total = 0;
  for (size_t i = 0; i < a.size(); ++i)
    if (a.has_population(i)) total += a.population[i];
  EXPECT_EQ(total, 202515.0);  // CBS 2017 buurt totals (none secret in this file)
  EXPECT_EQ(a.code.front().rfind("BU0014", 0), 0u);
  EXPECT_EQ(report.population_no_data, 0);
}

TEST(ReadAreas, bow_tie_is_repaired_and_negative_population_is_no_data) {
  TempDir tmp;
  const std::string square = "[[0,0],[10,0],[10,10],[0,10],[0,0]]";
  const std::string bow_tie = "[[20,0],[30,10],[30,0],[20,10],[20,0]]";  // crosses at (25,5)
  const auto path = tmp.write(
      "areas.geojson", std::string(R"({"type":"FeatureCollection",)") + kRdCrs +
                           R"(,"features":[)" + feature("B", "-99999998", bow_tie) + "," +
                           feature("A", "120", square) + "," + feature("C", "null", square) + "]}");
  AreaSourceOptions o;
  o.path = path;
  o.code_field = "code";
  o.population_field = "pop";
  AreaReadReport report;
  AreaLayer a = read_areas(o, "EPSG:28992", report);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a.code, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(a.name[0], "A");  // no name field: the code
  EXPECT_EQ(a.population[0], 120);
  EXPECT_FALSE(a.has_population(1));  // CBS "secret"
  EXPECT_FALSE(a.has_population(2));
  EXPECT_EQ(report.population_no_data, 2);
  EXPECT_EQ(report.repaired, 1);
  ASSERT_EQ(report.messages.size(), 1u);
  EXPECT_EQ(report.messages[0].rfind("B: Self-intersection", 0), 0u) << report.messages[0];
  // MakeValid splits the bow tie into two triangles of 25 m2 each.
  EXPECT_EQ(a.geometry[1].size(), 2u);
  EXPECT_NEAR(area_of(a.geometry[1]), 50.0, 1e-9);
  EXPECT_NEAR(area_of(a.geometry[0]), 100.0, 1e-9);
}

TEST(ReadAreas, degenerate_rings_are_dropped_and_reported) {
  TempDir tmp;
  const std::string head =
      std::string(R"({"type":"FeatureCollection",)") + kRdCrs + R"(,"features":[)";
  const std::string with_bad_hole = "[[0,0],[10,0],[10,10],[0,10],[0,0]],[[1,1],[2,2],[1,1]]";
  const auto path = tmp.write("d.geojson", head + feature("A", "1", with_bad_hole) + "]}");
  AreaSourceOptions o;
  o.path = path;
  o.code_field = "code";
  AreaReadReport report;
  AreaLayer a = read_areas(o, "EPSG:28992", report);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_TRUE(a.geometry[0][0].holes.empty());
  EXPECT_NEAR(area_of(a.geometry[0]), 100.0, 1e-9);
  EXPECT_EQ(report.repaired, 1);
  const auto only_bad =
      tmp.write("e.geojson", head + feature("A", "1", "[[1,1],[2,2],[1,1]]") + "]}");
  o.path = only_bad;
  EXPECT_THROW(read_areas(o, "EPSG:28992", report), Error);
}

TEST(ReadAreas, errors_name_file_field_and_row) {
  TempDir tmp;
  const std::string square = "[[0,0],[10,0],[10,10],[0,10],[0,0]]";
  const std::string head =
      std::string(R"({"type":"FeatureCollection",)") + kRdCrs + R"(,"features":[)";
  const auto dup = tmp.write(
      "dup.geojson", head + feature("A", "1", square) + "," + feature("A", "2", square) + "]}");
  const auto nogeom =
      tmp.write("nogeom.geojson",
                head + feature("A", "1", square) +
                    R"(,{"type":"Feature","properties":{"code":"B","pop":1},"geometry":null}]})");
  AreaSourceOptions o;
  o.code_field = "code";
  AreaReadReport report;
  try {
    o.path = dup;
    read_areas(o, "EPSG:28992", report);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::format);
    EXPECT_EQ(e.file(), dup);
    EXPECT_EQ(e.field(), "code");
    EXPECT_EQ(e.row(), 2);
  }
  try {
    o.path = nogeom;
    read_areas(o, "EPSG:28992", report);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::geometry);
    EXPECT_EQ(e.row(), 2);
    EXPECT_NE(e.message().find("'B'"), std::string::npos);
  }
  try {
    o.path = dup;
    o.population_field = "inwoners";
    read_areas(o, "EPSG:28992", report);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::config);
    EXPECT_EQ(e.field(), "population_field");
    EXPECT_NE(e.message().find("'inwoners'"), std::string::npos);
  }
  try {
    o.path = tmp.file("missing.gpkg");
    read_areas(o, "EPSG:28992", report);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::io);
    EXPECT_EQ(e.file(), o.path);
  }
  try {
    o.path = tmp.write("bad.geojson", "this is not json");
    o.population_field = "";
    read_areas(o, "EPSG:28992", report);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::format);
    EXPECT_EQ(e.file(), o.path);
  }
  try {
    o.path = dup;
    o.crs = "EPSG:99999";
    read_areas(o, "EPSG:28992", report);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::crs);
    EXPECT_EQ(e.field(), "crs");
  }
}
