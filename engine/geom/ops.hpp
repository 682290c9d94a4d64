// Whole-geometry operations on the engine's plain types, done by GEOS.
//
//   GeosContext geos;
//   XY inside = point_on_surface(geos, buurt);          // always inside, unlike a centroid
//   MultiPolygon wijk = dissolve(geos, {&b1, &b2, &b3});  // union of the parts
//   double drawn = drawn_area(geos, invalid_buurt);     // what the rings enclose, before repair
#pragma once

#include <vector>

#include "core/geometry.hpp"
#include "geom/geos.hpp"

namespace brandpunt::geom {

// A point guaranteed to lie in the interior of the polygon set (GEOSPointOnSurface).
XY point_on_surface(const GeosContext& geos, const MultiPolygon& mp);

// The union of polygon sets (GEOSUnaryUnion); shared borders disappear.
MultiPolygon dissolve(const GeosContext& geos, const std::vector<const MultiPolygon*>& parts);

// The area a ring encloses as drawn: every face of the noded ring counted once, whatever its
// orientation or how often the ring winds round it (a bow-tie ring encloses both triangles).
// A simple ring takes the shoelace formula; only self-intersecting ones go through GEOS.
double enclosed_area(const GeosContext& geos, const Ring& ring);

// The area of a polygon set as drawn, valid or not: per part, the area its outer ring encloses
// minus the areas its holes enclose (enclosed_area), never below zero (a hole drawn larger than
// its shell), summed. Equal to area_of for valid ones.
double drawn_area(const GeosContext& geos, const MultiPolygon& mp);

}  // namespace brandpunt::geom
