// Area centroids (the centre of mass of each area's polygons) for point-based weights:
// k-nearest neighbours, distance bands and kernels on areas. Computed by GEOS
// (GEOSGetCentroid_r), the same routine sf::st_centroid and shapely use, so the points are
// bit-identical to the ones the spdep/libpysal oracle used. A centroid can lie outside a
// concave area; that is intended (it is a centre of mass, not a label point).
//
//   std::vector<XY> c = centroids(buurten.geometry);
//   Weights w = knn(c, 6);
#pragma once

#include <vector>

#include "core/geometry.hpp"

namespace brandpunt::weights {

// One centroid per area, in the input CRS. Throws Error(geometry) naming the area when its
// geometry is empty or GEOS cannot compute a centroid (never returns NaN).
std::vector<XY> centroids(const std::vector<MultiPolygon>& areas);

}  // namespace brandpunt::weights
