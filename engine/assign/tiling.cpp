#include "assign/tiling.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"
#include "geom/geos.hpp"

namespace brandpunt::assign {

namespace {

// Union of all areas. GEOS's coverage union is fast for a proper tiling (shared edges
// match exactly) and refuses anything else; then the general cascaded union runs.
geom::GeosGeom union_of(const geom::GeosContext& geos, const std::vector<geom::GeosGeom>& shapes,
                        bool clean_coverage) {
  GEOSContextHandle_t ctx = geos.handle();
  std::vector<GEOSGeometry*> polys;
  for (const auto& s : shapes)
    for (int i = 0; i < GEOSGetNumGeometries_r(ctx, s.get()); ++i)
      polys.push_back(GEOSGeom_clone_r(ctx, GEOSGetGeometryN_r(ctx, s.get(), i)));
  const geom::GeosGeom all = geos.wrap(GEOSGeom_createCollection_r(
      ctx, GEOS_MULTIPOLYGON, polys.data(), static_cast<unsigned>(polys.size())));
  if (clean_coverage)
    if (GEOSGeometry* u = GEOSCoverageUnion_r(ctx, all.get())) return geos.wrap(u);
  return geos.wrap(GEOSUnaryUnion_r(ctx, all.get()));
}

}  // namespace

TilingReport check_tiling(const std::vector<MultiPolygon>& areas, double tolerance_m2) {
  if (!(tolerance_m2 >= 0))
    throw Error(ErrorKind::config, "tiling tolerance must be >= 0 m2").at_field("tolerance_m2");
  TilingReport report;
  geom::GeosContext geos;
  GEOSContextHandle_t ctx = geos.handle();
  std::vector<geom::GeosGeom> shapes;
  std::vector<geom::GeosPrepared> prepared;
  std::vector<Envelope> env;
  for (const auto& mp : areas) {
    shapes.push_back(geos.from(mp));
    prepared.push_back(geos.prepare(shapes.back().get()));
    env.push_back(envelope_of(mp));
  }

  // --- overlaps: envelope sweep, then exact intersection area -------------------------------
  std::vector<uint32_t> order(areas.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return std::pair(env[a].min_x, a) < std::pair(env[b].min_x, b);
  });
  bool any_interior_contact = false;
  for (size_t k = 0; k < order.size(); ++k) {
    const uint32_t i = order[k];
    if (env[i].empty()) continue;
    for (size_t m = k + 1; m < order.size() && env[order[m]].min_x <= env[i].max_x; ++m) {
      const uint32_t j = order[m];
      if (env[j].empty() || env[j].min_y > env[i].max_y || env[j].max_y < env[i].min_y) continue;
      if (GEOSPreparedIntersects_r(ctx, prepared[i].get(), shapes[j].get()) != 1) continue;
      // Neighbours in a clean tiling only touch; anything else gets measured.
      if (GEOSPreparedTouches_r(ctx, prepared[i].get(), shapes[j].get()) == 1) continue;
      any_interior_contact = true;
      const geom::GeosGeom common =
          geos.wrap(GEOSIntersection_r(ctx, shapes[i].get(), shapes[j].get()));
      double area = 0;
      GEOSArea_r(ctx, common.get(), &area);
      if (area > tolerance_m2) {
        report.overlaps.emplace_back(std::min(i, j), std::max(i, j));
        report.overlap_area_m2 += area;
      }
    }
  }
  std::sort(report.overlaps.begin(), report.overlaps.end());

  // --- gaps: holes of the union ---------------------------------------------------------
  if (!shapes.empty()) {
    const geom::GeosGeom all = union_of(geos, shapes, !any_interior_contact);
    for (const Polygon& p : geos.to_multipolygon(all.get()))
      for (const Ring& hole : p.holes) {
        const double area = std::abs(signed_area(hole));
        if (area <= tolerance_m2) continue;
        ++report.gap_count;
        report.gap_area_m2 += area;
        const geom::GeosGeom g = geos.from(Polygon{hole, {}});
        const geom::GeosGeom inside = geos.wrap(GEOSPointOnSurface_r(ctx, g.get()));
        double x = 0, y = 0;
        GEOSGeomGetX_r(ctx, inside.get(), &x);
        GEOSGeomGetY_r(ctx, inside.get(), &y);
        report.gap_points.push_back({x, y});
        report.gap_areas_m2.push_back(area);
      }
  }
  return report;
}

}  // namespace brandpunt::assign
