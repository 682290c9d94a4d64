#include "output/vector_writer.hpp"

#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <proj.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <memory>

#include "core/error.hpp"
#include "crs/transform.hpp"
#include "test_dir.hpp"

namespace brandpunt::output {
namespace {

using testing::count_entries;
using testing::fresh_test_dir;
using testing::read_all;

// Three areas near Groningen in RD New (EPSG:28992). The first is given clockwise with a
// counter-clockwise hole, i.e. the opposite of RFC 7946's rule, so the writer must reorient it.
Ring square(double x0, double y0, double size, bool ccw) {
  Ring r = {{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}, {x0, y0}};
  if (!ccw) std::reverse(r.begin(), r.end());
  return r;
}

LayerGeometry sample_geometry() {
  LayerGeometry g;
  g.kind = LayerGeometry::polygon;
  g.polygons.push_back(
      {Polygon{square(233000, 582000, 500, false), {square(233100, 582100, 100, true)}}});
  g.polygons.push_back({Polygon{square(234000, 582000, 300, true), {}},
                        Polygon{square(234500, 582000, 200, true), {}}});
  g.polygons.push_back(
      {Polygon{{{235000, 583000}, {235400, 583000}, {235200, 583350}, {235000, 583000}}, {}}});
  return g;
}

Table sample_table() {
  Table t;
  t.add_string("buurtcode", "CBS code").strings = {"BU00140000", "BU00140001", "BU00140002"};
  Column& n = t.add_integer("n_incidents");
  n.ints = {12, 0, 5000000000};  // > 2^31: must stay a 64-bit integer
  n.null = {0, 1, 0};
  t.add_real("rate_per_1000").reals = {1.25, std::nan(""), -3.5};
  return t;
}

struct DsCloser {
  void operator()(void* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<void, DsCloser>;
struct FeatureDeleter {
  void operator()(void* f) const { OGR_F_Destroy(f); }
};
using Feature = std::unique_ptr<void, FeatureDeleter>;

Dataset open_vector(const std::string& path) {
  GDALAllRegister();
  return Dataset(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

std::string epsg_of(OGRLayerH layer) {
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
  if (srs == nullptr) return "";
  OSRAutoIdentifyEPSG(srs);
  const char* code = OSRGetAuthorityCode(srs, nullptr);
  return code ? code : "";
}

// Flattens the polygons of a feature geometry into rings (outer first, then holes) per polygon.
std::vector<std::vector<Ring>> rings_of(OGRGeometryH g) {
  std::vector<std::vector<Ring>> out;
  auto add_polygon = [&](OGRGeometryH poly) {
    std::vector<Ring> rings;
    for (int i = 0; i < OGR_G_GetGeometryCount(poly); ++i) {
      OGRGeometryH ring = OGR_G_GetGeometryRef(poly, i);
      Ring r;
      for (int k = 0; k < OGR_G_GetPointCount(ring); ++k) {
        r.push_back({OGR_G_GetX(ring, k), OGR_G_GetY(ring, k)});
      }
      rings.push_back(r);
    }
    out.push_back(rings);
  };
  if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPolygon) {
    add_polygon(g);
  } else {
    for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) add_polygon(OGR_G_GetGeometryRef(g, i));
  }
  return out;
}

class RdToWgs84 {
 public:
  RdToWgs84() {
    ctx_ = proj_context_create();
    proj_context_set_enable_network(ctx_, 0);
    PJ* raw = proj_create_crs_to_crs(ctx_, "EPSG:28992", "EPSG:4326", nullptr);
    pj_ = proj_normalize_for_visualization(ctx_, raw);
    proj_destroy(raw);
  }
  ~RdToWgs84() {
    proj_destroy(pj_);
    proj_context_destroy(ctx_);
  }
  XY operator()(XY p) const {
    PJ_COORD c = proj_trans(pj_, PJ_FWD, proj_coord(p.x, p.y, 0, 0));
    return {c.xy.x, c.xy.y};
  }

 private:
  PJ_CONTEXT* ctx_ = nullptr;
  PJ* pj_ = nullptr;
};

void expect_ogrinfo_opens(const std::filesystem::path& file) {
  if (!std::filesystem::exists("/usr/bin/ogrinfo")) return;  // checked by the GDAL read-back
  const std::string log = file.string() + ".ogrinfo.txt";
  const std::string cmd =
      "/usr/bin/ogrinfo -ro -al -so '" + file.string() + "' > '" + log + "' 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << read_all(log);
  std::filesystem::remove(log);
}

TEST(VectorWriter, geojson_is_rfc7946_wgs84_with_right_hand_rings) {
  auto dir = fresh_test_dir();
  const auto path = dir / "buurt.geojson";
  const LayerGeometry geom = sample_geometry();
  write_layer(path.string(), sample_table(), geom);

  const std::string text = read_all(path);
  EXPECT_EQ(text.find("\"crs\""), std::string::npos);  // RFC 7946 §4: no crs member
  EXPECT_EQ(text.find("\"bbox\""), std::string::npos);
  EXPECT_NE(text.find("\"name\": \"buurt\""), std::string::npos);

  Dataset ds = open_vector(path.string());
  ASSERT_TRUE(ds);
  ASSERT_EQ(GDALDatasetGetLayerCount(ds.get()), 1);
  OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
  EXPECT_EQ(epsg_of(layer), "4326");
  ASSERT_EQ(OGR_L_GetFeatureCount(layer, TRUE), 3);

  RdToWgs84 to_wgs84;
  OGR_L_ResetReading(layer);
  for (size_t row = 0; row < 3; ++row) {
    Feature f(OGR_L_GetNextFeature(layer));
    ASSERT_TRUE(f);
    auto polys = rings_of(OGR_F_GetGeometryRef(f.get()));
    ASSERT_EQ(polys.size(), geom.polygons[row].size());
    for (size_t p = 0; p < polys.size(); ++p) {
      const Polygon& in = geom.polygons[row][p];
      ASSERT_EQ(polys[p].size(), 1 + in.holes.size());
      for (size_t r = 0; r < polys[p].size(); ++r) {
        const Ring& got = polys[p][r];
        // RFC 7946 §3.1.6: exterior counter-clockwise, holes clockwise.
        if (r == 0) {
          EXPECT_GT(signed_area(got), 0) << "row " << row;
        } else {
          EXPECT_LT(signed_area(got), 0) << "row " << row;
        }
        Ring want;
        for (const XY& q : r == 0 ? in.outer : in.holes[r - 1]) want.push_back(to_wgs84(q));
        if ((signed_area(want) > 0) != (signed_area(got) > 0))
          std::reverse(want.begin(), want.end());
        ASSERT_EQ(got.size(), want.size());
        for (size_t k = 0; k < got.size(); ++k) {
          EXPECT_NEAR(got[k].x, want[k].x, 1e-6) << "row " << row << " ring " << r << " pt " << k;
          EXPECT_NEAR(got[k].y, want[k].y, 1e-6) << "row " << row << " ring " << r << " pt " << k;
          EXPECT_GT(got[k].x, 6.0);  // longitude first: Groningen is near 6.6 E, 53.2 N
          EXPECT_GT(got[k].y, 53.0);
        }
      }
    }
  }
  expect_ogrinfo_opens(path);
}

// One geometry type per layer, coordinates with at most `coordinate_precision` decimals, reals
// with 15 significant digits (what the writer documents).
TEST(VectorWriter, geojson_numbers_and_one_geometry_type) {
  auto dir = fresh_test_dir();
  const auto path = dir / "buurt.geojson";
  Table t = sample_table();
  t.columns[2].reals = {1.0 / 3.0, 2.0, -3.5};
  VectorWriteOptions opt;
  opt.coordinate_precision = 3;
  write_layer(path.string(), t, sample_geometry(), opt);
  const std::string text = read_all(path);
  EXPECT_NE(text.find("\"rate_per_1000\": 0.333333333333333 "), std::string::npos) << text;
  EXPECT_NE(text.find("\"rate_per_1000\": 2.0 "), std::string::npos) << text;
  // Every row, one-part ones too, is a MultiPolygon.
  size_t multi = 0;
  for (size_t at = 0; (at = text.find("\"type\": \"MultiPolygon\"", at)) != std::string::npos; ++at) ++multi;
  EXPECT_EQ(multi, 3u);
  EXPECT_EQ(text.find("\"type\": \"Polygon\""), std::string::npos);
  // Coordinates: "[ 6.xxx, 53.xxx ]" with at most 3 decimals.
  const std::string coords = text.substr(text.find("\"coordinates\""));
  size_t numbers = 0;
  for (size_t k = 0; k < coords.size(); ++k) {
    if (coords[k] != '.') continue;
    size_t decimals = 0;
    while (k + 1 + decimals < coords.size() && std::isdigit(static_cast<unsigned char>(coords[k + 1 + decimals]))) ++decimals;
    EXPECT_LE(decimals, 3u) << coords.substr(k > 10 ? k - 10 : 0, 30);
    ++numbers;
  }
  EXPECT_GT(numbers, 20u);
}

// A coordinate that cannot be written is an error naming the file and the row, and leaves no
// file; more than 12 decimals go through GDAL's own rounding and keep their digits.
TEST(VectorWriter, geojson_coordinate_errors_name_the_row_and_high_precision_keeps_digits) {
  auto dir = fresh_test_dir();
  const auto path = dir / "buurt.geojson";
  LayerGeometry g = sample_geometry();
  g.polygons[1][0].outer[2] = XY{std::nan(""), 582100};
  try {
    write_layer(path.string(), sample_table(), g);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::geometry);
    EXPECT_EQ(e.file(), path.string());
    EXPECT_EQ(e.row(), 2);
  }
  EXPECT_FALSE(std::filesystem::exists(path));

  VectorWriteOptions opt;
  opt.coordinate_precision = 14;
  write_layer(path.string(), sample_table(), sample_geometry(), opt);
  const std::string coords = read_all(path).substr(read_all(path).find("\"coordinates\""));
  size_t longest = 0;
  for (size_t k = 0; k < coords.size(); ++k) {
    if (coords[k] != '.') continue;
    size_t decimals = 0;
    while (k + 1 + decimals < coords.size() && std::isdigit(static_cast<unsigned char>(coords[k + 1 + decimals]))) ++decimals;
    longest = std::max(longest, decimals);
  }
  EXPECT_LE(longest, 14u);
  EXPECT_GE(longest, 12u);
}

void expect_attributes(const std::string& path, bool integer64_declared) {
  Dataset ds = open_vector(path);
  ASSERT_TRUE(ds) << path;
  OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  ASSERT_EQ(OGR_FD_GetFieldCount(defn), 3);
  EXPECT_STREQ(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, 0)), "buurtcode");
  EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, 0)), OFTString);
  EXPECT_STREQ(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, 1)), "n_incidents");
  if (integer64_declared) {
    EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, 1)), OFTInteger64);
  }
  EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, 2)), OFTReal);

  const Table t = sample_table();
  OGR_L_ResetReading(layer);
  for (size_t i = 0; i < 3; ++i) {
    Feature f(OGR_L_GetNextFeature(layer));
    ASSERT_TRUE(f);
    // FlatGeobuf's spatial index may reorder features; the code names the row.
    const std::string code = OGR_F_GetFieldAsString(f.get(), 0);
    const size_t row = static_cast<size_t>(code.back() - '0');
    ASSERT_LT(row, 3u);
    EXPECT_EQ(code, t.columns[0].strings[row]);
    // Null: GeoJSON and GeoPackage store a null, FlatGeobuf leaves the field unset.
    EXPECT_EQ(OGR_F_IsFieldSetAndNotNull(f.get(), 1) == 0, row == 1) << path << " row " << row;
    if (row != 1) {
      EXPECT_EQ(OGR_F_GetFieldAsInteger64(f.get(), 1), t.columns[1].ints[row]);
    }
    EXPECT_EQ(OGR_F_IsFieldSetAndNotNull(f.get(), 2) == 0, row == 1) << path << " row " << row;
    if (row != 1) {
      EXPECT_EQ(OGR_F_GetFieldAsDouble(f.get(), 2), t.columns[2].reals[row]);
    }
  }
}

TEST(VectorWriter, attributes_keep_types_and_nulls_in_every_format) {
  auto dir = fresh_test_dir();
  for (VectorFormat fmt : {VectorFormat::geojson, VectorFormat::gpkg, VectorFormat::fgb}) {
    const auto path = dir / (std::string("buurt") + extension(fmt));
    VectorWriteOptions opt;
    opt.format = fmt;
    write_layer(path.string(), sample_table(), sample_geometry(), opt);
    // GeoJSON has no declared field types: GDAL infers Integer64 from the large value.
    expect_attributes(path.string(), true);
    expect_ogrinfo_opens(path);
  }
  EXPECT_EQ(count_entries(dir), 3u);  // no temporaries or side files left
}

TEST(VectorWriter, gpkg_and_fgb_keep_the_analysis_crs_and_coordinates) {
  auto dir = fresh_test_dir();
  const LayerGeometry geom = sample_geometry();
  for (VectorFormat fmt : {VectorFormat::gpkg, VectorFormat::fgb}) {
    const auto path = dir / (std::string("wijk") + extension(fmt));
    VectorWriteOptions opt;
    opt.format = fmt;
    write_layer(path.string(), sample_table(), geom, opt);
    Dataset ds = open_vector(path.string());
    ASSERT_TRUE(ds);
    OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
    EXPECT_STREQ(OGR_L_GetName(layer), "wijk");
    EXPECT_EQ(epsg_of(layer), "28992") << path;
    // FlatGeobuf's spatial index may reorder features; match them by code.
    OGR_L_ResetReading(layer);
    int seen = 0;
    while (Feature f{OGR_L_GetNextFeature(layer)}) {
      const std::string code = OGR_F_GetFieldAsString(f.get(), 0);
      const size_t row = static_cast<size_t>(code.back() - '0');
      auto polys = rings_of(OGR_F_GetGeometryRef(f.get()));
      ASSERT_EQ(polys.size(), geom.polygons[row].size());
      EXPECT_EQ(polys[0][0], geom.polygons[row][0].outer);  // exact: no reprojection
      ++seen;
    }
    EXPECT_EQ(seen, 3);
  }
}

TEST(VectorWriter, same_input_gives_identical_bytes) {
  auto dir = fresh_test_dir();
  for (VectorFormat fmt : {VectorFormat::geojson, VectorFormat::gpkg, VectorFormat::fgb}) {
    const auto path = dir / (std::string("straat") + extension(fmt));
    VectorWriteOptions opt;
    opt.format = fmt;
    write_layer(path.string(), sample_table(), sample_geometry(), opt);
    const std::string first = read_all(path);
    write_layer(path.string(), sample_table(), sample_geometry(), opt);
    EXPECT_EQ(read_all(path), first) << to_string(fmt);
    EXPECT_FALSE(first.empty());
  }
}

TEST(VectorWriter, a_reused_transformer_gives_the_bytes_of_one_made_per_file) {
  auto dir = fresh_test_dir();
  VectorWriteOptions own;
  write_layer((dir / "own.geojson").string(), sample_table(), sample_geometry(), own);
  const std::string expected = read_all(dir / "own.geojson");
  ASSERT_FALSE(expected.empty());
  // The same transformer for several files, one piece and in parts on threads (the parts
  // make their own), gives the same bytes each time.
  const crs::Transformer rd_to_lonlat("EPSG:28992", "EPSG:4326");
  for (size_t chunk : {size_t{0}, size_t{1}}) {
    VectorWriteOptions reuse;
    reuse.to_lonlat = &rd_to_lonlat;
    reuse.geojson_chunk_rows = chunk;
    reuse.threads = 2;
    reuse.layer_name = "own";
    for (int i = 0; i < 2; ++i) {
      write_layer((dir / "reuse.geojson").string(), sample_table(), sample_geometry(), reuse);
      EXPECT_EQ(read_all(dir / "reuse.geojson"), expected) << "chunk " << chunk << ", file " << i;
    }
  }
  // A transformer between other CRSs is not used: the file is that of its own analysis CRS.
  const crs::Transformer other("EPSG:3857", "EPSG:4326");
  VectorWriteOptions wrong;
  wrong.to_lonlat = &other;
  wrong.layer_name = "own";
  write_layer((dir / "wrong.geojson").string(), sample_table(), sample_geometry(), wrong);
  EXPECT_EQ(read_all(dir / "wrong.geojson"), expected);
}

TEST(VectorWriter, lines_null_geometry_and_attribute_only_layers) {
  auto dir = fresh_test_dir();
  Table t;
  t.add_string("straat").strings = {"Grote Markt", "Vismarkt", "Nergensweg"};
  LayerGeometry g;
  g.kind = LayerGeometry::line;
  g.lines = {{{{233000, 582000}, {233100, 582050}}},
             {{{233200, 582000}, {233300, 582000}}, {{233300, 582000}, {233300, 582100}}},
             {}};  // no geometry known for the third street
  {
    // FlatGeobuf would drop the row without geometry: refused, nothing written.
    VectorWriteOptions opt;
    opt.format = VectorFormat::fgb;
    try {
      write_layer((dir / "straat.fgb").string(), t, g, opt);
      ADD_FAILURE() << "expected an error";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::config);
      EXPECT_EQ(e.row(), 3);
    }
    EXPECT_EQ(count_entries(dir), 0u);
  }
  for (VectorFormat fmt : {VectorFormat::geojson, VectorFormat::gpkg}) {
    const auto path = dir / (std::string("straat") + extension(fmt));
    VectorWriteOptions opt;
    opt.format = fmt;
    write_layer(path.string(), t, g, opt);
    Dataset ds = open_vector(path.string());
    ASSERT_TRUE(ds) << path;
    OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
    EXPECT_EQ(OGR_L_GetFeatureCount(layer, TRUE), 3);
    int null_geoms = 0, multilines = 0;
    OGR_L_ResetReading(layer);
    while (Feature f{OGR_L_GetNextFeature(layer)}) {
      OGRGeometryH geom = OGR_F_GetGeometryRef(f.get());
      if (geom == nullptr)
        ++null_geoms;
      else if (wkbFlatten(OGR_G_GetGeometryType(geom)) == wkbMultiLineString ||
               wkbFlatten(OGR_G_GetGeometryType(geom)) == wkbLineString)
        ++multilines;
    }
    EXPECT_EQ(null_geoms, 1) << path;
    EXPECT_EQ(multilines, 2) << path;
  }
  const auto table_only = dir / "summary.geojson";
  write_layer(table_only.string(), t, LayerGeometry{});
  Dataset ds = open_vector(table_only.string());
  ASSERT_TRUE(ds);
  EXPECT_EQ(OGR_L_GetFeatureCount(GDALDatasetGetLayer(ds.get(), 0), TRUE), 3);
}

TEST(VectorWriter, failed_write_leaves_previous_file_and_no_temporaries) {
  auto dir = fresh_test_dir();
  for (VectorFormat fmt : {VectorFormat::geojson, VectorFormat::gpkg, VectorFormat::fgb}) {
    const auto path = dir / (std::string("buurt") + extension(fmt));
    VectorWriteOptions opt;
    opt.format = fmt;
    write_layer(path.string(), sample_table(), sample_geometry(), opt);
    const std::string before = read_all(path);
    const size_t entries = count_entries(dir);

    // Fails before anything is written: geometry count differs from the row count.
    LayerGeometry short_geom = sample_geometry();
    short_geom.polygons.pop_back();
    EXPECT_THROW(write_layer(path.string(), sample_table(), short_geom, opt), Error);
    // Fails before anything is written: unequal column lengths.
    Table broken = sample_table();
    broken.columns[2].reals.pop_back();
    EXPECT_THROW(write_layer(path.string(), broken, sample_geometry(), opt), Error);
    // Fails midway: the third feature has a non-finite coordinate, after two were written.
    LayerGeometry bad = sample_geometry();
    bad.polygons[2][0].outer[1].x = std::nan("");
    try {
      write_layer(path.string(), sample_table(), bad, opt);
      ADD_FAILURE() << "expected an error";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::geometry);
      EXPECT_NE(e.file().find("buurt"), std::string::npos);
    }
    EXPECT_EQ(read_all(path), before) << to_string(fmt);
    EXPECT_EQ(count_entries(dir), entries) << to_string(fmt);
  }
}

TEST(VectorWriter, gdal_errors_become_io_errors_naming_the_path) {
  auto dir = fresh_test_dir();
  const std::string path = (dir / "missing" / "buurt.gpkg").string();
  VectorWriteOptions opt;
  opt.format = VectorFormat::gpkg;
  try {
    write_layer(path, sample_table(), sample_geometry(), opt);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::io);
    EXPECT_EQ(e.file(), path);
  }
  // The pushed handler was popped: GDAL's default handler is active again.
  EXPECT_EQ(CPLGetErrorHandlerUserData(), nullptr);

  opt.analysis_crs = "EPSG:999999";
  try {
    write_layer((dir / "x.gpkg").string(), sample_table(), sample_geometry(), opt);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::crs);
  }
  EXPECT_THROW(parse_vector_format("shp"), Error);
  EXPECT_EQ(parse_vector_format("fgb"), VectorFormat::fgb);
}

}  // namespace
}  // namespace brandpunt::output

namespace brandpunt::output {
namespace {

TEST(VectorWriter, geojson_written_in_parts_on_threads_equals_the_one_piece_file) {
  auto dir = fresh_test_dir();
  // 1,000 rows of lines, nulls and text with JSON specials, some rows without geometry.
  Table t;
  t.add_string("code", "id");
  t.add_integer("n", "count");
  t.add_real("z", "score");
  LayerGeometry g;
  g.kind = LayerGeometry::line;
  for (int r = 0; r < 1000; ++r) {
    t.columns[0].strings.push_back("S" + std::to_string(r) + (r % 7 == 0 ? " \"quoted\", \\ ]\n" : ""));
    t.columns[1].ints.push_back(r % 11);
    t.columns[1].null.push_back(r % 13 == 0);
    t.columns[2].reals.push_back(r % 17 == 0 ? NAN : r * 0.125 - 3);
    const double x = 233000 + r * 3.0, y = 582000 + (r % 50) * 7.0;
    if (r % 97 == 5) g.lines.push_back({});
    else g.lines.push_back({{{x, y}, {x + 10, y + 5}, {x + 20, y - 2}}});
  }
  VectorWriteOptions whole;
  whole.geojson_chunk_rows = 0;
  write_layer((dir / "whole.geojson").string(), t, g, whole);
  const std::string expected = read_all(dir / "whole.geojson");
  for (size_t chunk : {64u, 333u, 999u, 1000u})
    for (unsigned threads : {1u, 3u}) {
      VectorWriteOptions parts;
      parts.geojson_chunk_rows = chunk;
      parts.threads = threads;
      parts.layer_name = "whole";
      write_layer((dir / "parts.geojson").string(), t, g, parts);
      EXPECT_EQ(read_all(dir / "parts.geojson"), expected) << "chunk " << chunk << ", threads " << threads;
    }
  EXPECT_EQ(count_entries(dir), 2u);  // no part files left behind
  GDALDatasetH ds = GDALOpenEx((dir / "parts.geojson").string().c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(OGR_L_GetFeatureCount(GDALDatasetGetLayer(ds, 0), TRUE), 1000);
  GDALClose(ds);
}

}  // namespace
}  // namespace brandpunt::output
