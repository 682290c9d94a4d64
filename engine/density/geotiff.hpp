// GeoTIFF output of a density raster through GDAL's GTiff driver.
//
// The file is north-up as every GIS expects: GDAL geotransform (origin_x, cell, 0,
// origin_y + ny·cell, 0, −cell), so raster row 0 in the file is our NORTHERN row (the writer
// flips rows; Raster keeps row 0 = south). Cells are Float64 by default (Float32 on request),
// DEFLATE-compressed with the floating-point predictor, tiled 256×256. 0 is a real value ("no
// incidents near"), not missing; cells marked in `no_data` (outside the study area: nothing is
// published there) are written as `nodata_value`, declared as the band's nodata, so that a GIS
// draws them transparent. Without a mask no nodata value is set.
// Values are written as stored times `value_scale` (e.g. 1e6: points per m² → per km²);
// the unit string goes into the band's unit type. The CRS is the analysis CRS (no
// reprojection). The file appears atomically: it is written to "<path>.tmp-XXXXXX" in the
// same folder and renamed over `path`.
//
//   GeoTiffOptions opt;  opt.value_scale = 1e6;  opt.units = "incidents per km2";
//   write_geotiff(raster, "out/kde_woninginbraak.tif", "EPSG:28992", opt);
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "density/raster.hpp"

namespace brandpunt::density {

struct GeoTiffOptions {
  double value_scale = 1.0;               // multiplier applied on writing (unitless)
  bool float32 = false;                   // Float32 cells (~7 significant digits), else Float64
  std::string units = "points per m2";    // band unit type
  std::vector<std::pair<std::string, std::string>> metadata;  // dataset metadata, in order
  std::vector<uint8_t> no_data;  // per cell as Raster::values (row 0 = south), 1 = no data; empty = none
  double nodata_value = -9999;   // written into those cells (after value_scale; no density is negative)
};

// crs: "EPSG:28992" or WKT. Throws Error(crs) for an unknown CRS, Error(io) when GDAL cannot
// create, write or rename the file, Error(config) for an empty raster or a mask of the wrong size.
void write_geotiff(const Raster& raster, const std::string& path, const std::string& crs,
                   const GeoTiffOptions& options = {});

}  // namespace brandpunt::density
