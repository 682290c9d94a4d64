#include "geom/ops.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace brandpunt::geom {

XY point_on_surface(const GeosContext& geos, const MultiPolygon& mp) {
  GeosGeom g = geos.from(mp);
  GeosGeom p = geos.wrap(GEOSPointOnSurface_r(geos.handle(), g.get()));
  XY out;
  if (GEOSGeomGetX_r(geos.handle(), p.get(), &out.x) != 1 ||
      GEOSGeomGetY_r(geos.handle(), p.get(), &out.y) != 1)
    throw Error(ErrorKind::geometry, "point on surface of an empty polygon");
  return out;
}

MultiPolygon dissolve(const GeosContext& geos, const std::vector<const MultiPolygon*>& parts) {
  std::vector<GEOSGeometry*> polys;
  for (const MultiPolygon* mp : parts)
    for (const Polygon& p : *mp) polys.push_back(geos.from(p).release());
  GeosGeom all = geos.wrap(GEOSGeom_createCollection_r(geos.handle(), GEOS_MULTIPOLYGON,
                                                       polys.data(),
                                                       static_cast<unsigned>(polys.size())));
  GeosGeom u = geos.wrap(GEOSUnaryUnion_r(geos.handle(), all.get()));
  return geos.to_multipolygon(u.get());
}

namespace {

// True when no two non-adjacent edges of the closed ring meet (O(n^2): only called for the
// rings of polygons GEOS found invalid).
bool is_simple_ring(const GeosContext& geos, const Ring& ring) {
  GeosGeom line = geos.from(static_cast<const LineString&>(ring));
  return GEOSisSimple_r(geos.handle(), line.get()) == 1;
}

}  // namespace

double enclosed_area(const GeosContext& geos, const Ring& ring) {
  if (ring.size() < 4) return 0;
  if (is_simple_ring(geos, ring)) return std::abs(signed_area(ring));
  GEOSContextHandle_t ctx = geos.handle();
  GeosGeom line = geos.from(static_cast<const LineString&>(ring));
  GeosGeom noded = geos.wrap(GEOSNode_r(ctx, line.get()));
  const GEOSGeometry* parts[] = {noded.get()};
  GeosGeom faces = geos.wrap(GEOSPolygonize_r(ctx, parts, 1));
  // Polygonize returns every face once (a face nested in another is that one's hole and also
  // a face of its own), so the faces' areas add up to the enclosed area.
  double total = 0;
  for (int i = 0; i < GEOSGetNumGeometries_r(ctx, faces.get()); ++i) {
    double a = 0;
    GEOSArea_r(ctx, GEOSGetGeometryN_r(ctx, faces.get(), i), &a);
    total += a;
  }
  return total;
}

double drawn_area(const GeosContext& geos, const MultiPolygon& mp) {
  double total = 0;
  // Per polygon: its shell's enclosed area less its holes', never below zero (a drawn hole can
  // be larger than its shell, or lie outside it).
  for (const Polygon& p : mp) {
    double area = enclosed_area(geos, p.outer);
    for (const Ring& hole : p.holes) area -= enclosed_area(geos, hole);
    total += std::max(0.0, area);
  }
  return total;
}

}  // namespace brandpunt::geom
