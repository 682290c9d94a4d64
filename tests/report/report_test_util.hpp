// Small made-up published files for the report tests: two square buurten side by side near
// Utrecht (RD New), written by the real layer writer, a series CSV and a focus.json.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "output/csv_writer.hpp"
#include "output/vector_writer.hpp"

namespace brandpunt::report::testing {

inline std::filesystem::path fresh_dir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto dir = std::filesystem::path(BRANDPUNT_BINARY_DIR) / "test-output" / "report" /
                   (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void spit(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// BU01 (west, hot_99) and BU02 (east, cold_99), 1 km squares; BU02's name needs escaping.
inline output::Table two_buurten_table() {
  output::Table t;
  t.add_string("code").strings = {"BU01", "BU02"};
  t.add_string("name").strings = {"West", "Oost </script><b>"};
  t.add_string("level").strings = {"buurt", "buurt"};
  output::Column& n = t.add_integer("n_totaal");
  n.ints = {40, 0};
  n.null = {0, 1};
  t.add_integer("n_totaal_flag").ints = {0, 1};
  t.add_string("gi_class_totaal").strings = {"hot_99", "cold_99"};
  t.add_real("gi_z_totaal").reals = {3.4, -3.1};
  t.add_string("emerging_totaal").strings = {"persistent_hot_spot", "no_pattern"};
  return t;
}

inline output::LayerGeometry two_buurten_geometry() {
  output::LayerGeometry g;
  g.kind = output::LayerGeometry::polygon;
  auto square = [](double x0, double y0) {
    return MultiPolygon{Polygon{
        {{x0, y0}, {x0 + 1000, y0}, {x0 + 1000, y0 + 1000}, {x0, y0 + 1000}, {x0, y0}}, {}}};
  };
  g.polygons = {square(136000, 455000), square(137000, 455000)};
  return g;
}

inline std::string write_two_buurten(const std::filesystem::path& dir,
                                     output::VectorFormat format = output::VectorFormat::geojson) {
  output::VectorWriteOptions opt;
  opt.format = format;
  opt.layer_name = "buurt";
  const std::string path = (dir / (std::string("buurt") + output::extension(format))).string();
  output::write_layer(path, two_buurten_table(), two_buurten_geometry(), opt);
  return path;
}

inline void write_series(const std::filesystem::path& path) {
  spit(path,
       "code,category,month,n,n_flag\n"
       "BU01,totaal,2025-01,10,0\nBU01,totaal,2025-02,,1\nBU01,totaal,2025-03,30,0\n"
       "BU01,hic,2025-01,1,0\nBU01,hic,2025-02,2,0\nBU01,hic,2025-03,3,0\n"
       "BU99,totaal,2025-01,5,0\nBU99,totaal,2025-02,6,0\nBU99,totaal,2025-03,7,0\n");
}

inline void write_focus(const std::filesystem::path& path) {
  spit(path, R"json({"lists": [
    {"scope": "gemeente", "level": "buurt", "category": "totaal", "period": "2025-02..2025-03",
     "listed": [{"rank": 1, "code": "BU01", "name": "West", "count": 40, "reasons": ["Gi* hotspot (99 %)"]}],
     "near_misses": []},
    {"scope": "SD01", "level": "buurt", "category": "totaal", "listed": [], "near_misses": []}
  ], "signals": []})json");
}

}  // namespace brandpunt::report::testing
