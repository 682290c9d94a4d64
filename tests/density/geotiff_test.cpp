// GeoTIFF round trip through GDAL: georeferencing, north-up orientation, values, CRS.
#include <gtest/gtest.h>

#include <gdal.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "density/geotiff.hpp"

namespace bd = brandpunt::density;
namespace fs = std::filesystem;

namespace {

fs::path scratch_dir(const std::string& name) {
  fs::path d = fs::path(BRANDPUNT_BINARY_DIR) / "density_test_tmp" / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// 4 columns × 3 rows; value = 10·iy + ix, so every cell is distinct and row 0 (south) is small.
bd::Raster sample() {
  bd::Raster r{.nx = 4, .ny = 3, .origin_x = 120000, .origin_y = 480000, .cell_m = 25, .values = {}};
  for (size_t iy = 0; iy < r.ny; ++iy)
    for (size_t ix = 0; ix < r.nx; ++ix) r.values.push_back(10.0 * static_cast<double>(iy) + static_cast<double>(ix) + 0.125);
  return r;
}

}  // namespace

TEST(GeoTiff, round_trips_georeferencing_orientation_and_values) {
  const fs::path dir = scratch_dir("roundtrip");
  const std::string path = (dir / "kde.tif").string();
  const bd::Raster r = sample();
  bd::GeoTiffOptions opt;
  opt.value_scale = 1e6;
  opt.units = "per km2";
  opt.metadata = {{"KERNEL", "quartic"}};
  bd::write_geotiff(r, path, "EPSG:28992", opt);

  GDALAllRegister();
  GDALDatasetH ds = GDALOpen(path.c_str(), GA_ReadOnly);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(GDALGetRasterXSize(ds), 4);
  EXPECT_EQ(GDALGetRasterYSize(ds), 3);
  double gt[6];
  ASSERT_EQ(GDALGetGeoTransform(ds, gt), CE_None);
  EXPECT_DOUBLE_EQ(gt[0], 120000);          // west edge
  EXPECT_DOUBLE_EQ(gt[1], 25);
  EXPECT_DOUBLE_EQ(gt[3], 480000 + 3 * 25);  // NORTH edge: top-left origin
  EXPECT_DOUBLE_EQ(gt[5], -25);
  EXPECT_DOUBLE_EQ(gt[2], 0);
  EXPECT_DOUBLE_EQ(gt[4], 0);

  GDALRasterBandH band = GDALGetRasterBand(ds, 1);
  EXPECT_EQ(GDALGetRasterDataType(band), GDT_Float64);
  int has_nodata = 1;
  GDALGetRasterNoDataValue(band, &has_nodata);
  EXPECT_EQ(has_nodata, 0);
  EXPECT_STREQ(GDALGetRasterUnitType(band), "per km2");
  EXPECT_STREQ(GDALGetMetadataItem(ds, "KERNEL", nullptr), "quartic");
  EXPECT_STREQ(GDALGetMetadataItem(ds, "COMPRESSION", "IMAGE_STRUCTURE"), "DEFLATE");

  std::vector<double> file(12);
  ASSERT_EQ(GDALRasterIO(band, GF_Read, 0, 0, 4, 3, file.data(), 4, 3, GDT_Float64, 0, 0), CE_None);
  // File row 0 is the north row = our iy = 2; values scaled by 1e6 exactly as stored.
  for (size_t frow = 0; frow < 3; ++frow)
    for (size_t ix = 0; ix < 4; ++ix)
      EXPECT_EQ(file[frow * 4 + ix], r.at(ix, 2 - frow) * 1e6) << frow << "," << ix;

  // The pixel containing a point's coordinates holds that cell's value (GIS convention).
  const auto c = r.cell_centre(1, 0);  // south row, second column
  const int px = static_cast<int>((c.x - gt[0]) / gt[1]);
  const int py = static_cast<int>((c.y - gt[3]) / gt[5]);
  EXPECT_EQ(file[static_cast<size_t>(py) * 4 + static_cast<size_t>(px)], r.at(1, 0) * 1e6);

  OGRSpatialReferenceH srs = OSRClone(GDALGetSpatialRef(ds));
  ASSERT_NE(srs, nullptr);
  OSRAutoIdentifyEPSG(srs);
  EXPECT_STREQ(OSRGetAuthorityCode(srs, nullptr), "28992");
  OSRDestroySpatialReference(srs);
  GDALClose(ds);

  // Nothing but the output is left in the folder (the temporary was renamed).
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++files;
  EXPECT_EQ(files, 1u);
}

TEST(GeoTiff, masked_cells_are_nodata_and_the_rest_keep_their_values) {
  const fs::path dir = scratch_dir("nodata");
  const std::string path = (dir / "kde.tif").string();
  const bd::Raster r = sample();
  bd::GeoTiffOptions opt;
  opt.no_data.assign(r.values.size(), 0);
  opt.no_data[0] = 1;          // (0, 0): the south-west cell
  opt.no_data[2 * 4 + 3] = 1;  // (3, 2): the north-east cell
  bd::write_geotiff(r, path, "EPSG:28992", opt);
  GDALAllRegister();
  GDALDatasetH ds = GDALOpen(path.c_str(), GA_ReadOnly);
  ASSERT_NE(ds, nullptr);
  GDALRasterBandH band = GDALGetRasterBand(ds, 1);
  int has_nodata = 0;
  EXPECT_EQ(GDALGetRasterNoDataValue(band, &has_nodata), -9999);
  EXPECT_EQ(has_nodata, 1);
  std::vector<double> file(12);
  ASSERT_EQ(GDALRasterIO(band, GF_Read, 0, 0, 4, 3, file.data(), 4, 3, GDT_Float64, 0, 0), CE_None);
  GDALClose(ds);
  for (size_t frow = 0; frow < 3; ++frow)
    for (size_t ix = 0; ix < 4; ++ix) {
      const size_t iy = 2 - frow;
      const bool masked = (ix == 0 && iy == 0) || (ix == 3 && iy == 2);
      EXPECT_EQ(file[frow * 4 + ix], masked ? -9999.0 : r.at(ix, iy)) << frow << "," << ix;
    }
  opt.no_data.pop_back();
  EXPECT_THROW(bd::write_geotiff(r, path, "EPSG:28992", opt), brandpunt::Error);
}

TEST(GeoTiff, float32_option_and_overwrite) {
  const fs::path dir = scratch_dir("float32");
  const std::string path = (dir / "kde.tif").string();
  bd::write_geotiff(sample(), path, "EPSG:28992");
  bd::GeoTiffOptions opt;
  opt.float32 = true;
  bd::write_geotiff(sample(), path, "EPSG:28992", opt);  // replaces atomically
  GDALAllRegister();
  GDALDatasetH ds = GDALOpen(path.c_str(), GA_ReadOnly);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(GDALGetRasterDataType(GDALGetRasterBand(ds, 1)), GDT_Float32);
  GDALClose(ds);
}

TEST(GeoTiff, reports_bad_crs_and_unwritable_path) {
  const fs::path dir = scratch_dir("errors");
  try {
    bd::write_geotiff(sample(), (dir / "a.tif").string(), "EPSG:999999999");
    FAIL() << "expected a CRS error";
  } catch (const brandpunt::Error& e) {
    EXPECT_EQ(e.kind(), brandpunt::ErrorKind::crs);
  }
  try {
    bd::write_geotiff(sample(), (dir / "missing" / "a.tif").string(), "EPSG:28992");
    FAIL() << "expected an I/O error";
  } catch (const brandpunt::Error& e) {
    EXPECT_EQ(e.kind(), brandpunt::ErrorKind::io);
    EXPECT_NE(std::string(e.what()).find("a.tif"), std::string::npos);
  }
  EXPECT_TRUE(fs::is_empty(dir));
}
