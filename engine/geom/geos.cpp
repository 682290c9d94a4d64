#include "geom/geos.hpp"

#include <geos_c.h>

#include <cstdarg>
#include <cstdio>

#include "core/error.hpp"

namespace brandpunt::geom {

void GeosGeomDeleter::operator()(GEOSGeom_t* g) const {
  if (g) GEOSGeom_destroy_r(ctx, g);
}
void GeosPreparedDeleter::operator()(const GEOSPrepGeom_t* g) const {
  if (g) GEOSPreparedGeom_destroy_r(ctx, g);
}

namespace {

void store_error(const char* message, void* userdata) {
  auto* target = static_cast<std::string*>(userdata);
  if (target) *target = message ? message : "";
}
void ignore_notice(const char*, void*) {}
}  // namespace

GeosContext::GeosContext() : ctx_(GEOS_init_r()), last_error_(std::make_unique<std::string>()) {
  if (!ctx_) throw Error(ErrorKind::internal, "cannot create a GEOS context");
  GEOSContext_setErrorMessageHandler_r(ctx_, store_error, last_error_.get());
  GEOSContext_setNoticeMessageHandler_r(ctx_, ignore_notice, nullptr);
}

GeosContext::~GeosContext() { GEOS_finish_r(ctx_); }

GeosGeom GeosContext::wrap(GEOSGeom_t* raw) const {
  if (!raw) throw Error(ErrorKind::geometry, "GEOS: " + *last_error_);
  return GeosGeom(raw, GeosGeomDeleter{ctx_});
}

namespace {
GEOSGeometry* make_ring(GEOSContextHandle_t ctx, const Ring& ring) {
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(ring.size()), 2);
  for (unsigned i = 0; i < ring.size(); ++i) GEOSCoordSeq_setXY_r(ctx, seq, i, ring[i].x, ring[i].y);
  return GEOSGeom_createLinearRing_r(ctx, seq);
}

GEOSGeometry* make_polygon(GEOSContextHandle_t ctx, const Polygon& p) {
  GEOSGeometry* shell = make_ring(ctx, p.outer);
  std::vector<GEOSGeometry*> holes;
  holes.reserve(p.holes.size());
  for (const auto& h : p.holes) holes.push_back(make_ring(ctx, h));
  return GEOSGeom_createPolygon_r(ctx, shell, holes.data(), static_cast<unsigned>(holes.size()));
}

Ring read_ring(GEOSContextHandle_t ctx, const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx, ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(ctx, seq, &n);
  Ring out(n);
  for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(ctx, seq, i, &out[i].x, &out[i].y);
  return out;
}

void collect_polygons(GEOSContextHandle_t ctx, const GEOSGeometry* g, MultiPolygon& out) {
  const int type = GEOSGeomTypeId_r(ctx, g);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(ctx, g)) return;
    Polygon p;
    p.outer = read_ring(ctx, GEOSGetExteriorRing_r(ctx, g));
    const int nh = GEOSGetNumInteriorRings_r(ctx, g);
    for (int i = 0; i < nh; ++i) p.holes.push_back(read_ring(ctx, GEOSGetInteriorRingN_r(ctx, g, i)));
    out.push_back(std::move(p));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(ctx, g);
    for (int i = 0; i < n; ++i) collect_polygons(ctx, GEOSGetGeometryN_r(ctx, g, i), out);
  }
}
}  // namespace

GeosGeom GeosContext::from(const Polygon& p) const { return wrap(make_polygon(ctx_, p)); }

GeosGeom GeosContext::from(const MultiPolygon& mp) const {
  std::vector<GEOSGeometry*> parts;
  parts.reserve(mp.size());
  for (const auto& p : mp) parts.push_back(make_polygon(ctx_, p));
  return wrap(GEOSGeom_createCollection_r(ctx_, GEOS_MULTIPOLYGON, parts.data(),
                                          static_cast<unsigned>(parts.size())));
}

GeosGeom GeosContext::from(const LineString& line) const {
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx_, static_cast<unsigned>(line.size()), 2);
  for (unsigned i = 0; i < line.size(); ++i) GEOSCoordSeq_setXY_r(ctx_, seq, i, line[i].x, line[i].y);
  return wrap(GEOSGeom_createLineString_r(ctx_, seq));
}

GeosGeom GeosContext::point(double x, double y) const {
  return wrap(GEOSGeom_createPointFromXY_r(ctx_, x, y));
}

GeosGeom GeosContext::from_wkt(const std::string& wkt) const {
  GEOSWKTReader* reader = GEOSWKTReader_create_r(ctx_);
  GEOSGeometry* g = GEOSWKTReader_read_r(ctx_, reader, wkt.c_str());
  GEOSWKTReader_destroy_r(ctx_, reader);
  return wrap(g);
}

std::string GeosContext::to_wkt(const GEOSGeom_t* g, int precision) const {
  GEOSWKTWriter* writer = GEOSWKTWriter_create_r(ctx_);
  GEOSWKTWriter_setRoundingPrecision_r(ctx_, writer, precision);
  GEOSWKTWriter_setTrim_r(ctx_, writer, 1);
  char* text = GEOSWKTWriter_write_r(ctx_, writer, g);
  std::string out = text ? text : "";
  GEOSFree_r(ctx_, text);
  GEOSWKTWriter_destroy_r(ctx_, writer);
  return out;
}

MultiPolygon GeosContext::to_multipolygon(const GEOSGeom_t* g) const {
  MultiPolygon out;
  collect_polygons(ctx_, g, out);
  return out;
}

LineString GeosContext::to_linestring(const GEOSGeom_t* g) const {
  if (GEOSGeomTypeId_r(ctx_, g) != GEOS_LINESTRING)
    throw Error(ErrorKind::geometry, "expected a LineString");
  return read_ring(ctx_, g);
}

bool GeosContext::is_valid(const GEOSGeom_t* g) const { return GEOSisValid_r(ctx_, g) == 1; }

std::string GeosContext::validity_reason(const GEOSGeom_t* g) const {
  char* reason = GEOSisValidReason_r(ctx_, g);
  std::string out = reason ? reason : "";
  GEOSFree_r(ctx_, reason);
  return out;
}

GeosGeom GeosContext::make_valid(const GEOSGeom_t* g, MakeValidMethod method) const {
  if (method == MakeValidMethod::linework) return wrap(GEOSMakeValid_r(ctx_, g));
  GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(ctx_);
  GEOSMakeValidParams_setMethod_r(ctx_, params, GEOS_MAKE_VALID_STRUCTURE);
  GEOSMakeValidParams_setKeepCollapsed_r(ctx_, params, 0);
  GEOSGeometry* out = GEOSMakeValidWithParams_r(ctx_, g, params);
  GEOSMakeValidParams_destroy_r(ctx_, params);
  return wrap(out);
}

GeosPrepared GeosContext::prepare(const GEOSGeom_t* g) const {
  const GEOSPreparedGeometry* p = GEOSPrepare_r(ctx_, g);
  if (!p) throw Error(ErrorKind::geometry, "GEOS: " + *last_error_);
  return GeosPrepared(p, GeosPreparedDeleter{ctx_});
}

}  // namespace brandpunt::geom
