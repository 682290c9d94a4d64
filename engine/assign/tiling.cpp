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

// The areas whose shapes touch or cross a gap polygon (envelope first).
std::vector<uint32_t> bordering(const geom::GeosContext& geos, const GEOSGeometry* gap,
                                const std::vector<geom::GeosGeom>& shapes,
                                const std::vector<geom::GeosPrepared>& prepared,
                                const std::vector<Envelope>& env) {
  GEOSContextHandle_t ctx = geos.handle();
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  GEOSGeom_getXMin_r(ctx, gap, &x0);
  GEOSGeom_getYMin_r(ctx, gap, &y0);
  GEOSGeom_getXMax_r(ctx, gap, &x1);
  GEOSGeom_getYMax_r(ctx, gap, &y1);
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < env.size(); ++i) {
    if (env[i].empty() || env[i].max_x < x0 || env[i].min_x > x1 || env[i].max_y < y0 ||
        env[i].min_y > y1)
      continue;
    // Bordering = sharing a stretch of boundary (DE-9IM boundary/boundary of dimension 1),
    // not just a corner.
    if (GEOSPreparedIntersects_r(ctx, prepared[i].get(), gap) == 1 &&
        GEOSRelatePattern_r(ctx, shapes[i].get(), gap, "****1****") == 1)
      out.push_back(i);
  }
  return out;
}

struct Shapes {
  const std::vector<geom::GeosGeom>& shapes;
  const std::vector<geom::GeosPrepared>& prepared;
  const std::vector<Envelope>& env;
};

void add_gap(const geom::GeosContext& geos, const GEOSGeometry* gap, double area, bool edge,
             const Shapes& all, TilingReport& report) {
  GEOSContextHandle_t ctx = geos.handle();
  ++report.gap_count;
  report.gap_area_m2 += area;
  const geom::GeosGeom inside = geos.wrap(GEOSPointOnSurface_r(ctx, gap));
  double x = 0, y = 0;
  GEOSGeomGetX_r(ctx, inside.get(), &x);
  GEOSGeomGetY_r(ctx, inside.get(), &y);
  report.gap_points.push_back({x, y});
  report.gap_areas_m2.push_back(area);
  report.gap_neighbours.push_back(bordering(geos, gap, all.shapes, all.prepared, all.env));
  report.gap_on_edge.push_back(edge ? 1 : 0);
}

// Parts of each parent that no area covers and that lie outside the union's outline (holes of
// the union are reported already). Only parents whose area exceeds their children's by more
// than the tolerance are measured, so a clean nesting costs one sum per parent.
void edge_gaps(const geom::GeosContext& geos, const std::vector<MultiPolygon>& areas,
               const GEOSGeometry* outline, double tolerance_m2, const TilingParents& parents,
               const Shapes& all, TilingReport& report) {
  GEOSContextHandle_t ctx = geos.handle();
  const std::vector<MultiPolygon>& up = *parents.parents;
  std::vector<double> children(up.size(), 0.0);
  for (size_t i = 0; i < areas.size(); ++i)
    if ((*parents.parent_of)[i] < up.size()) children[(*parents.parent_of)[i]] += area_of(areas[i]);
  for (size_t p = 0; p < up.size(); ++p) {
    if (area_of(up[p]) - children[p] <= tolerance_m2) continue;
    const geom::GeosGeom parent = geos.from(up[p]);
    const geom::GeosGeom rest = geos.wrap(GEOSDifference_r(ctx, parent.get(), outline));
    for (int k = 0; k < GEOSGetNumGeometries_r(ctx, rest.get()); ++k) {
      const GEOSGeometry* part = GEOSGetGeometryN_r(ctx, rest.get(), k);
      if (GEOSGeomTypeId_r(ctx, part) != GEOS_POLYGON) continue;
      double area = 0;
      GEOSArea_r(ctx, part, &area);
      if (area <= tolerance_m2) continue;
      add_gap(geos, part, area, true, all, report);
    }
  }
}

TilingReport check_tiling(const std::vector<MultiPolygon>& areas, double tolerance_m2,
                          TilingParents parents) {
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

  // --- gaps: holes of the union, then (with parents) gaps on the union's outer edge -------
  if (!shapes.empty()) {
    const geom::GeosGeom all = union_of(geos, shapes, !any_interior_contact);
    for (const Polygon& p : geos.to_multipolygon(all.get()))
      for (const Ring& hole : p.holes) {
        const double area = std::abs(signed_area(hole));
        if (area <= tolerance_m2) continue;
        const geom::GeosGeom g = geos.from(Polygon{hole, {}});
        add_gap(geos, g.get(), area, false, Shapes{shapes, prepared, env}, report);
      }
    if (parents.parents && parents.parent_of && parents.parent_of->size() == areas.size()) {
      // The outline: the union with its holes filled (they are reported already). Shells of
      // islands inside a hole nest in another shell, so the shells are unioned, not listed.
      std::vector<geom::GeosGeom> shells;
      for (const Polygon& p : geos.to_multipolygon(all.get())) shells.push_back(geos.from(Polygon{p.outer, {}}));
      const geom::GeosGeom outline = union_of(geos, shells, false);
      edge_gaps(geos, areas, outline.get(), tolerance_m2, parents, Shapes{shapes, prepared, env},
                report);
    }
  }
  return report;
}

}  // namespace brandpunt::assign
