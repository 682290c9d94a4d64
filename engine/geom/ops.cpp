#include "geom/ops.hpp"

#include <geos_c.h>

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

}  // namespace brandpunt::geom
