// A regular raster of doubles in the analysis CRS: the output of kernel density (kde.hpp),
// the input of the GeoTIFF and contour writers (geotiff.hpp, contours.hpp).
//
// Rows run south to north: row 0 is the SOUTHERN row, so that `values[iy * nx + ix]` grows
// with the CRS y axis like every other coordinate in the engine. Writers that need the
// image convention (row 0 = north, GDAL's geotransform with a negative y pixel size) flip
// rows themselves. The origin is the lower-left CORNER of cell (0, 0); cell (ix, iy) covers
// [origin_x + ix·cell_m, origin_x + (ix+1)·cell_m) × [origin_y + iy·cell_m, ...).
//
//   Raster r{.nx = 20, .ny = 20, .origin_x = 0, .origin_y = 0, .cell_m = 50,
//            .values = std::vector<double>(400, 0.0)};
//   XY c = r.cell_centre(0, 0);   // {25, 25}: the south-west cell
//   double v = r.at(19, 19);      // the north-east cell
#pragma once

#include <cstddef>
#include <vector>

#include "core/geometry.hpp"

namespace brandpunt::density {

struct Raster {
  size_t nx = 0, ny = 0;            // columns (west→east), rows (south→north)
  double origin_x = 0;              // lower-left corner of the grid, CRS metres
  double origin_y = 0;
  double cell_m = 0;                // square cells, metres
  std::vector<double> values;       // row-major, row 0 = SOUTH row; size nx·ny

  double at(size_t ix, size_t iy) const { return values[iy * nx + ix]; }
  double& at(size_t ix, size_t iy) { return values[iy * nx + ix]; }
  XY cell_centre(size_t ix, size_t iy) const {
    return {origin_x + (static_cast<double>(ix) + 0.5) * cell_m,
            origin_y + (static_cast<double>(iy) + 0.5) * cell_m};
  }
  // The covered rectangle (corners of the outer cells).
  Envelope envelope() const {
    return {origin_x, origin_y, origin_x + static_cast<double>(nx) * cell_m,
            origin_y + static_cast<double>(ny) * cell_m};
  }
  size_t size() const { return nx * ny; }
};

}  // namespace brandpunt::density
