#include "weights/centroids.hpp"

#include <geos_c.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "geom/geos.hpp"

namespace brandpunt::weights {

std::vector<XY> centroids(const std::vector<MultiPolygon>& areas) {
  geom::GeosContext geos;
  GEOSContextHandle_t ctx = geos.handle();
  std::vector<XY> out;
  out.reserve(areas.size());
  for (size_t i = 0; i < areas.size(); ++i) {
    const MultiPolygon& mp = areas[i];
    const auto fail = [&](const std::string& why) {
      return Error(ErrorKind::geometry, "area " + std::to_string(i) + ": " + why);
    };
    if (mp.empty()) throw fail("empty geometry has no centroid");
    // A single part goes to GEOS as a Polygon, as sf hands GEOS a POLYGON feature.
    geom::GeosGeom g = mp.size() == 1 ? geos.from(mp.front()) : geos.from(mp);
    geom::GeosGeom c = geos.wrap(GEOSGetCentroid_r(ctx, g.get()));
    XY p;
    if (GEOSisEmpty_r(ctx, c.get()) || GEOSGeomGetX_r(ctx, c.get(), &p.x) != 1 ||
        GEOSGeomGetY_r(ctx, c.get(), &p.y) != 1 || !std::isfinite(p.x) || !std::isfinite(p.y))
      throw fail("GEOS returned no centroid (zero area or empty rings?)");
    out.push_back(p);
  }
  return out;
}

}  // namespace brandpunt::weights
