// Classed contour polygons: the file opens with OGR, classes and properties are right, the
// coordinates are WGS84 lon/lat, and class areas match the analytic level sets of a cone.
#include <gtest/gtest.h>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <numbers>

#include "core/error.hpp"
#include "density/contours.hpp"

namespace bd = brandpunt::density;
namespace fs = std::filesystem;

namespace {

// A cone of height 1 and radius 1000 m at the centre of a 3 km square in RD New (Utrecht).
bd::Raster cone() {
  bd::Raster r{.nx = 150, .ny = 150, .origin_x = 135000, .origin_y = 454000, .cell_m = 20, .values = {}};
  r.values.resize(r.nx * r.ny);
  for (size_t iy = 0; iy < r.ny; ++iy)
    for (size_t ix = 0; ix < r.nx; ++ix) {
      const auto c = r.cell_centre(ix, iy);
      const double d = std::hypot(c.x - 136500, c.y - 455500);
      r.at(ix, iy) = std::max(0.0, 1.0 - d / 1000.0);
    }
  return r;
}

}  // namespace

TEST(Contours, writes_classed_polygons_in_wgs84_with_the_right_areas) {
  const fs::path dir = fs::path(BRANDPUNT_BINARY_DIR) / "density_test_tmp" / "contours";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "classes.geojson").string();
  const std::vector<double> levels{0.25, 0.5, 0.75};
  bd::write_contours(cone(), levels, path, "EPSG:28992");

  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  ASSERT_NE(ds, nullptr);
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  ASSERT_NE(layer, nullptr);

  OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(nullptr);
  OSRSetFromUserInput(wgs84, "EPSG:4326");
  OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReferenceH rd = OSRNewSpatialReference(nullptr);
  OSRSetFromUserInput(rd, "EPSG:28992");
  OSRSetAxisMappingStrategy(rd, OAMS_TRADITIONAL_GIS_ORDER);
  OGRCoordinateTransformationH back = OCTNewCoordinateTransformation(wgs84, rd);

  std::map<int, double> area_m2;
  std::map<int, std::pair<double, double>> bounds;
  OGRFeatureH f;
  int n = 0;
  while ((f = OGR_L_GetNextFeature(layer)) != nullptr) {
    ++n;
    const int cls = OGR_F_GetFieldAsInteger(f, OGR_F_GetFieldIndex(f, "class"));
    bounds[cls] = {OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "min")),
                   OGR_F_GetFieldAsDouble(f, OGR_F_GetFieldIndex(f, "max"))};
    OGRGeometryH g = OGR_G_Clone(OGR_F_GetGeometryRef(f));
    ASSERT_NE(g, nullptr);
    const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
    EXPECT_TRUE(type == wkbPolygon || type == wkbMultiPolygon);
    OGREnvelope env;
    OGR_G_GetEnvelope(g, &env);
    EXPECT_GT(env.MinX, 5.0);  // Utrecht: lon ≈ 5.1, lat ≈ 52.1 — lon/lat, not lat/lon or RD
    EXPECT_LT(env.MaxX, 5.3);
    EXPECT_GT(env.MinY, 52.0);
    EXPECT_LT(env.MaxY, 52.2);
    ASSERT_EQ(OGR_G_Transform(g, back), OGRERR_NONE);
    area_m2[cls] += OGR_G_Area(g);
    OGR_G_DestroyGeometry(g);
    OGR_F_Destroy(f);
  }
  EXPECT_GE(n, 3);
  ASSERT_EQ(area_m2.size(), 3u);
  EXPECT_DOUBLE_EQ(bounds[0].first, 0.25);
  EXPECT_DOUBLE_EQ(bounds[0].second, 0.5);
  EXPECT_DOUBLE_EQ(bounds[2].first, 0.75);
  const auto values = cone().values;
  EXPECT_DOUBLE_EQ(bounds[2].second, *std::max_element(values.begin(), values.end()));
  // Level set {cone ≥ v} is a disc of radius (1 − v)·1000 m.
  auto disc = [](double v) { return std::numbers::pi * std::pow((1 - v) * 1000, 2); };
  EXPECT_NEAR(area_m2[2], disc(0.75), 0.02 * disc(0.75));
  EXPECT_NEAR(area_m2[1], disc(0.5) - disc(0.75), 0.02 * (disc(0.5) - disc(0.75)));
  EXPECT_NEAR(area_m2[0], disc(0.25) - disc(0.5), 0.02 * (disc(0.25) - disc(0.5)));

  OCTDestroyCoordinateTransformation(back);
  OSRDestroySpatialReference(wgs84);
  OSRDestroySpatialReference(rd);
  GDALClose(ds);
}

TEST(Contours, default_levels_are_halving_quantiles_of_nonzero_cells) {
  bd::Raster r{.nx = 10, .ny = 11, .origin_x = 0, .origin_y = 0, .cell_m = 1, .values = {}};
  r.values.assign(110, 0.0);
  for (size_t i = 0; i < 101; ++i) r.values[i] = static_cast<double>(i);  // 0 then 1..100
  const auto levels = bd::default_levels(r, 5);
  // Non-zero cells 1..100 (m = 100); type 7: 1 + 99·p.
  const double p[] = {0.5, 0.75, 0.875, 0.9375, 0.96875};
  ASSERT_EQ(levels.size(), 5u);
  for (size_t k = 0; k < 5; ++k) EXPECT_NEAR(levels[k], 1 + 99 * p[k], 1e-12);

  bd::Raster flat = r;
  std::fill(flat.values.begin(), flat.values.end(), 2.0);
  EXPECT_EQ(bd::default_levels(flat, 5), std::vector<double>{2.0});  // ties collapse
  std::fill(flat.values.begin(), flat.values.end(), 0.0);
  EXPECT_TRUE(bd::default_levels(flat, 5).empty());
  EXPECT_THROW(bd::default_levels(r, 0), brandpunt::Error);
}

TEST(Contours, rejects_unsorted_levels) {
  EXPECT_THROW(bd::write_contours(cone(), {0.5, 0.25}, "/nonexistent/x.geojson", "EPSG:28992"),
               brandpunt::Error);
}

namespace {

// Area per class of a contour file, in m² of RD New; every ring must transform back.
std::map<int, double> class_areas_m2(const std::string& path) {
  std::map<int, double> area;
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  EXPECT_NE(ds, nullptr);
  if (!ds) return area;
  OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(nullptr), rd = OSRNewSpatialReference(nullptr);
  OSRSetFromUserInput(wgs84, "EPSG:4326");
  OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  OSRSetFromUserInput(rd, "EPSG:28992");
  OSRSetAxisMappingStrategy(rd, OAMS_TRADITIONAL_GIS_ORDER);
  OGRCoordinateTransformationH back = OCTNewCoordinateTransformation(wgs84, rd);
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  OGRFeatureH f;
  while ((f = OGR_L_GetNextFeature(layer)) != nullptr) {
    OGRGeometryH g = OGR_G_Clone(OGR_F_GetGeometryRef(f));
    EXPECT_EQ(OGR_G_Transform(g, back), OGRERR_NONE);
    area[OGR_F_GetFieldAsInteger(f, OGR_F_GetFieldIndex(f, "class"))] += OGR_G_Area(g);
    OGR_G_DestroyGeometry(g);
    OGR_F_Destroy(f);
  }
  OCTDestroyCoordinateTransformation(back);
  OSRDestroySpatialReference(wgs84);
  OSRDestroySpatialReference(rd);
  GDALClose(ds);
  return area;
}

}  // namespace

// Densities per m² are about 1e-5, and the public raster holds whole steps of its value step:
// GDAL's contouring (absolute tolerances) gave rings with NaN coordinates on such values; the
// classes of a cone of height 2e-5 in steps of 1e-7 have the areas of the same cone at height 1.
TEST(Contours, tiny_stepped_densities_give_the_same_classes_as_the_same_surface_at_unit_scale) {
  const fs::path dir = fs::path(BRANDPUNT_BINARY_DIR) / "density_test_tmp" / "contours_tiny";
  fs::remove_all(dir);
  fs::create_directories(dir);
  bd::Raster tiny = cone(), unit = cone();
  const double height = 2e-5, step = 1e-7;
  for (double& v : tiny.values) v = std::round(v * height / step) * step;
  for (double& v : unit.values) v = std::round(v * height / step) * step / height;
  const std::vector<double> tiny_levels{0.25 * height + step / 2, 0.5 * height + step / 2, 0.75 * height + step / 2};
  std::vector<double> unit_levels;
  for (double l : tiny_levels) unit_levels.push_back(l / height);
  bd::write_contours(tiny, tiny_levels, (dir / "tiny.geojson").string(), "EPSG:28992");
  bd::write_contours(unit, unit_levels, (dir / "unit.geojson").string(), "EPSG:28992");
  const auto a = class_areas_m2((dir / "tiny.geojson").string()), b = class_areas_m2((dir / "unit.geojson").string());
  ASSERT_EQ(a.size(), 3u);
  ASSERT_EQ(b.size(), 3u);
  for (const auto& [cls, m2] : b) {
    EXPECT_GT(m2, 1e5) << cls;
    EXPECT_NEAR(a.at(cls), m2, 1e-6 * m2) << cls;
  }
}
