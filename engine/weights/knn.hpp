// k-nearest-neighbour weights on points (usually area centroids), as spdep
// knn2nb(knearneigh(xy, k)) and libpysal KNN: area i's neighbours are the k points closest
// to it in Euclidean distance, itself excluded. The relation is asymmetric (j can be among
// i's k nearest without i being among j's) and is left so; symmetrise downstream if a
// statistic needs it.
//
// Ties: when several points share the k-th distance, the ones with the LOWER index win, so
// the result never depends on the k-d tree's layout. spdep and libpysal leave such ties to
// their search structure; the Columbus oracle has none (smallest gap 1.2e-3).
// Coincident points (distance 0) are ordinary neighbours.
//
//   std::vector<XY> c = centroids(buurten.geometry);
//   Weights w = knn(c, 4);                 // method "knn4", binary, n*4 links
//   Weights r = row_standardised(w);       // each row 1/4
#pragma once

#include <span>

#include "core/geometry.hpp"
#include "weights/weights.hpp"

namespace brandpunt::weights {

// Throws Error(config) when k == 0 or k >= points.size() (there are not k other points),
// Error(geometry) on a non-finite coordinate.
Weights knn(std::span<const XY> points, unsigned k);

}  // namespace brandpunt::weights
