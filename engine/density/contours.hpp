// Classed contour polygons of a density raster, written as RFC 7946 GeoJSON.
//
// `levels` are the LOWER bounds of the classes, strictly increasing: class i covers
// [levels[i], levels[i+1]) and the last class [levels.back(), max]. Cells below levels[0]
// get no polygon (the background). Polygons come from GDAL's marching-squares contourer
// (GDALContourGenerateEx with POLYGONIZE=YES and FIXED_LEVELS), which treats cell CENTRES as
// the lattice, so the polygons stop half a cell inside the raster's outer edge. Each feature
// has properties {"class": i, "min": levels[i], "max": levels[i+1] or the raster maximum},
// in the raster's units (scale the raster first for per-km² classes). The file is GeoJSON per
// RFC 7946: GDAL's RFC7946=YES reprojects from `analysis_crs` to EPSG:4326 (lon/lat order,
// 7 decimals, counter-clockwise outer rings). It is written to "<path>.tmp-XXXXXX" and
// renamed over `path`.
//
// default_levels(r, n): n class bounds at the quantiles p = 1 − 2^−(k+1), k = 0..n−1
// (0.5, 0.75, 0.875, 0.9375, 0.96875 for n = 5) of the NON-ZERO cells (R's quantile type 7,
// linear interpolation), ties removed: each class holds about half the area of the one below,
// so the top classes pick out the hottest few per cent however skewed the density is.
//
//   auto levels = default_levels(raster);                  // 5 classes
//   write_contours(raster, levels, "out/kde_classes.geojson", "EPSG:28992");
#pragma once

#include <string>
#include <vector>

#include "density/raster.hpp"

namespace brandpunt::density {

// Empty when the raster has no non-zero cell. Throws Error(config) when n_classes < 1.
std::vector<double> default_levels(const Raster& raster, int n_classes = 5);

// Throws Error(config) for unsorted/non-finite levels, Error(crs) for an unknown CRS,
// Error(io) when GDAL cannot contour, write or rename.
void write_contours(const Raster& raster, const std::vector<double>& levels,
                    const std::string& path_geojson, const std::string& analysis_crs);

}  // namespace brandpunt::density
