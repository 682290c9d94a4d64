#include "io/street_reader.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "test_util.hpp"

using brandpunt::Error;
using brandpunt::ErrorKind;
using brandpunt::kNoStreet;
using brandpunt::XY;
using brandpunt::io::read_streets;
using brandpunt::io::test::TempDir;

TEST(ReadStreets, splits_multilines_interns_names_and_projects) {
  TempDir tmp;
  const auto path = tmp.write("streets.geojson", R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"naam":"Markt","id":1},
 "geometry":{"type":"LineString","coordinates":[[5.38720621,52.15517440],[5.388,52.156]]}},
{"type":"Feature","properties":{"naam":"Vrijthof","id":2},
 "geometry":{"type":"MultiLineString","coordinates":[[[5.39,52.15],[5.391,52.151]],[[5.392,52.152],[5.393,52.153],[5.394,52.154]]]}},
{"type":"Feature","properties":{"naam":"Markt","id":3},
 "geometry":{"type":"LineString","coordinates":[[5.388,52.156],[5.389,52.157]]}},
{"type":"Feature","properties":{"naam":"","id":4},
 "geometry":{"type":"LineString","coordinates":[[5.4,52.16],[5.41,52.17]]}},
{"type":"Feature","properties":{"naam":"Punt","id":5},
 "geometry":{"type":"Point","coordinates":[5.4,52.16]}}]})");
  auto s = read_streets(path, "", "naam", "EPSG:28992");
  EXPECT_EQ(s.features, 5);
  EXPECT_EQ(s.skipped, 1);
  ASSERT_EQ(s.lines.size(), 5u);
  EXPECT_EQ(s.names, (std::vector<std::string>{"Markt", "Vrijthof"}));
  EXPECT_EQ(s.name, (std::vector<uint32_t>{0, 1, 1, 0, kNoStreet}));
  EXPECT_EQ(s.lines[2].size(), 3u);
  EXPECT_NEAR(s.lines[0][0].x, 155000, 0.5);  // RD origin, through the 1 m Helmert
  EXPECT_NEAR(s.lines[0][0].y, 463000, 0.5);
}

TEST(ReadStreets, missing_name_field_is_a_config_error) {
  TempDir tmp;
  const auto path = tmp.write("s.geojson", R"({"type":"FeatureCollection","features":[]})");
  try {
    read_streets(path, "", "straatnaam", "EPSG:28992");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::config);
    EXPECT_EQ(e.field(), "name_field");
    EXPECT_EQ(e.file(), path);
  }
  EXPECT_THROW(read_streets(tmp.file("none.gpkg"), "", "naam", "EPSG:28992"), Error);
}
