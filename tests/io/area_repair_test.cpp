// Geometry repair that says what it did, and area codes and names as clean text.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "core/text.hpp"
#include "geom/geos.hpp"
#include "geom/ops.hpp"
#include "io/area_reader.hpp"
#include "test_util.hpp"

using brandpunt::area_of;
using brandpunt::AreaLayer;
using brandpunt::MultiPolygon;
using brandpunt::Polygon;
using brandpunt::Error;
using brandpunt::ErrorKind;
using brandpunt::io::AreaReadReport;
using brandpunt::io::AreaSourceOptions;
using brandpunt::io::read_areas;
using brandpunt::io::test::TempDir;

namespace {

const char* kHead =
    R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)";

std::string feature(const std::string& code, const std::string& name, const std::string& geometry) {
  return R"({"type":"Feature","properties":{"code":")" + code + R"(","naam":")" + name +
         R"("},"geometry":)" + geometry + "}";
}
std::string polygon(const std::string& rings) {
  return R"({"type":"Polygon","coordinates":[)" + rings + "]}";
}

AreaSourceOptions options(const std::string& path) {
  AreaSourceOptions o;
  o.path = path;
  o.code_field = "code";
  o.name_field = "naam";
  return o;
}

}  // namespace

TEST(AreaRepair, a_ring_that_folds_over_itself_keeps_the_folded_part) {
  // The ring crosses itself four times; the strip 0..10 x 2..8 is enclosed twice. GEOS's
  // default (linework) MakeValid makes that strip a hole: 68 of 128 m2 would remain. The
  // structure method keeps it.
  TempDir tmp;
  const std::string fold =
      "[[0,0],[10,0],[10,10],[0,10],[0,2],[12,2],[12,8],[-2,8],[-2,0],[0,0]]";
  const auto path = tmp.write("fold.geojson", kHead + feature("A", "Fold", polygon(fold)) + "]}");
  AreaReadReport report;
  AreaLayer a = read_areas(options(path), "EPSG:28992", report);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_NEAR(area_of(a.geometry[0]), 128.0, 1e-9);
  ASSERT_EQ(report.repairs.size(), 1u);
  const auto& r = report.repairs[0];
  EXPECT_EQ(r.code, "A");
  EXPECT_EQ(r.row, 1);
  EXPECT_NE(r.reason.find("Self-intersection"), std::string::npos) << r.reason;
  EXPECT_NEAR(r.area_before_m2, 128.0, 1e-9);  // every face the ring encloses, once
  EXPECT_NEAR(r.area_after_m2, 128.0, 1e-9);
  EXPECT_NEAR(r.lost_m2, 0.0, 1e-9);
  EXPECT_NEAR(r.gained_m2, 0.0, 1e-9);
}

// Found by fuzz_areas: a hole drawn larger than its (unclosed) shell made the drawn area
// negative, so the loss check compared against a negative area. Drawn area is never below zero.
TEST(AreaRepair, a_hole_larger_than_its_shell_never_gives_a_negative_drawn_area) {
  TempDir tmp;
  const std::string rings = "[[20,0],[30,10],[32,0]],[[1,1],[2,0],[20,10],[20,0]]";
  const auto path = tmp.write("h.geojson", kHead + feature("H", "Gat", polygon(rings)) + "]}");
  AreaReadReport report;
  try {
    AreaLayer a = read_areas(options(path), "EPSG:28992", report);
    ASSERT_EQ(report.repairs.size(), 1u);
    EXPECT_GE(report.repairs[0].area_before_m2, 0.0);
    EXPECT_GE(report.repairs[0].lost_m2, 0.0);
    EXPECT_LE(report.repairs[0].lost_m2, 0.5 * report.repairs[0].area_before_m2 + 1e-9);
  } catch (const brandpunt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("H"), std::string::npos) << e.what();
  }
  brandpunt::geom::GeosContext geos;
  Polygon p;
  p.outer = {{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}};
  p.holes = {{{-5, -5}, {15, -5}, {15, 15}, {-5, 15}, {-5, -5}}};
  EXPECT_EQ(brandpunt::geom::drawn_area(geos, MultiPolygon{p}), 0.0);
}

TEST(AreaRepair, a_bow_tie_keeps_both_lobes_and_reports_its_drawn_area) {
  TempDir tmp;
  const std::string bow_tie = "[[20,0],[30,10],[30,0],[20,10],[20,0]]";
  const auto path = tmp.write("b.geojson", kHead + feature("B", "Strik", polygon(bow_tie)) + "]}");
  AreaReadReport report;
  AreaLayer a = read_areas(options(path), "EPSG:28992", report);
  EXPECT_EQ(a.geometry[0].size(), 2u);
  EXPECT_NEAR(area_of(a.geometry[0]), 50.0, 1e-9);
  ASSERT_EQ(report.repairs.size(), 1u);
  EXPECT_NEAR(report.repairs[0].area_before_m2, 50.0, 1e-9);  // not the shoelace's 0
  EXPECT_NEAR(report.repairs[0].lost_m2, 0.0, 1e-9);
  ASSERT_EQ(report.messages.size(), 1u);
  EXPECT_NE(report.messages[0].find("50 m\xC2\xB2 as drawn"), std::string::npos) << report.messages[0];
}

TEST(AreaRepair, a_repair_that_loses_more_than_max_repair_loss_is_an_error_unless_allowed) {
  // Two parts of one area, the second inside the first: drawn 100 + 36, valid union 100.
  TempDir tmp;
  const std::string nested = R"({"type":"MultiPolygon","coordinates":[[[[0,0],[10,0],[10,10],[0,10],[0,0]]],[[[2,2],[8,2],[8,8],[2,8],[2,2]]]]})";
  const auto path = tmp.write("n.geojson", kHead + feature("C", "Dubbel", nested) + "]}");
  AreaReadReport report;
  try {
    read_areas(options(path), "EPSG:28992", report);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::geometry);
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.row(), 1);
    EXPECT_EQ(e.field(), "max_repair_loss");
    EXPECT_NE(e.message().find("'C'"), std::string::npos) << e.what();
    EXPECT_NE(e.message().find("26.5 %"), std::string::npos) << e.what();
  }
  AreaSourceOptions o = options(path);
  o.max_repair_loss = 0.3;
  AreaReadReport allowed;
  AreaLayer a = read_areas(o, "EPSG:28992", allowed);
  EXPECT_NEAR(area_of(a.geometry[0]), 100.0, 1e-9);
  ASSERT_EQ(allowed.repairs.size(), 1u);
  EXPECT_NEAR(allowed.repairs[0].lost_m2, 36.0, 1e-9);
  EXPECT_NEAR(allowed.repairs[0].area_before_m2, 136.0, 1e-9);
}

TEST(AreaRepair, codes_with_control_characters_are_errors_and_names_are_cleaned) {
  TempDir tmp;
  const std::string square = polygon("[[0,0],[10,0],[10,10],[0,10],[0,0]]");
  const auto names = tmp.write(
      "names.geojson", kHead + feature("A", "Oud\\tCentrum\\u0007", square) + "," +
                           feature("B", "Caf\\u00e9 Noord", square) + "]}");
  AreaReadReport report;
  AreaLayer a = read_areas(options(names), "EPSG:28992", report);
  EXPECT_EQ(a.name[0], "Oud Centrum");
  EXPECT_EQ(a.name[1], "Caf\xC3\xA9 Noord");  // valid UTF-8 is kept as it is
  EXPECT_EQ(report.names_cleaned, 1);
  ASSERT_EQ(report.messages.size(), 1u);
  EXPECT_TRUE(brandpunt::core::is_utf8(report.messages[0]));
  const auto codes = tmp.write("codes.geojson", kHead + feature("A\\u0001", "x", square) + "]}");
  try {
    read_areas(options(codes), "EPSG:28992", report);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::format);
    EXPECT_EQ(e.row(), 1);
    EXPECT_EQ(e.field(), "code");
    EXPECT_NE(e.message().find("A\\x01"), std::string::npos) << e.what();
  }
}
