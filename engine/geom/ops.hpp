// Whole-geometry operations on the engine's plain types, done by GEOS.
//
//   GeosContext geos;
//   XY inside = point_on_surface(geos, buurt);          // always inside, unlike a centroid
//   MultiPolygon wijk = dissolve(geos, {&b1, &b2, &b3});  // union of the parts
#pragma once

#include <vector>

#include "core/geometry.hpp"
#include "geom/geos.hpp"

namespace brandpunt::geom {

// A point guaranteed to lie in the interior of the polygon set (GEOSPointOnSurface).
XY point_on_surface(const GeosContext& geos, const MultiPolygon& mp);

// The union of polygon sets (GEOSUnaryUnion); shared borders disappear.
MultiPolygon dissolve(const GeosContext& geos, const std::vector<const MultiPolygon*>& parts);

}  // namespace brandpunt::geom
