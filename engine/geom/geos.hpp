// RAII over the GEOS reentrant C API (the `_r` functions): one GeosContext per thread,
// move-only geometry handles that free themselves, and conversion to and from the engine's
// plain geometry (core/geometry.hpp). GEOS errors become brandpunt::Error(geometry).
//
//   GeosContext geos;
//   GeosGeom g = geos.from(multipolygon);
//   if (!geos.is_valid(g)) g = geos.make_valid(g);
//   MultiPolygon repaired = geos.to_multipolygon(g);
#pragma once

#include <memory>
#include <string>

#include "core/geometry.hpp"

// Opaque GEOS types, so that callers need not include geos_c.h.
struct GEOSContextHandle_HS;
struct GEOSGeom_t;
struct GEOSPrepGeom_t;

namespace brandpunt::geom {

class GeosContext;

struct GeosGeomDeleter {
  GEOSContextHandle_HS* ctx = nullptr;
  void operator()(GEOSGeom_t* g) const;
};
using GeosGeom = std::unique_ptr<GEOSGeom_t, GeosGeomDeleter>;

struct GeosPreparedDeleter {
  GEOSContextHandle_HS* ctx = nullptr;
  void operator()(const GEOSPrepGeom_t* g) const;
};
using GeosPrepared = std::unique_ptr<const GEOSPrepGeom_t, GeosPreparedDeleter>;

class GeosContext {
 public:
  GeosContext();
  ~GeosContext();
  GeosContext(const GeosContext&) = delete;
  GeosContext& operator=(const GeosContext&) = delete;

  GEOSContextHandle_HS* handle() const { return ctx_; }

  GeosGeom from(const MultiPolygon& mp) const;
  GeosGeom from(const Polygon& p) const;
  GeosGeom from(const LineString& line) const;
  GeosGeom point(double x, double y) const;
  GeosGeom from_wkt(const std::string& wkt) const;
  std::string to_wkt(const GEOSGeom_t* g, int precision = 17) const;

  // Polygonal parts of any geometry (collections are walked; points and lines are dropped).
  MultiPolygon to_multipolygon(const GEOSGeom_t* g) const;
  LineString to_linestring(const GEOSGeom_t* g) const;

  bool is_valid(const GEOSGeom_t* g) const;
  std::string validity_reason(const GEOSGeom_t* g) const;
  // GEOS MakeValid. `linework` (GEOS's default) rebuilds faces from the noded rings by
  // parity, so a region a ring encloses twice becomes a hole; `structure` unions the shells
  // (every lobe kept once) and subtracts the holes, dropping collapsed parts.
  enum class MakeValidMethod { linework, structure };
  GeosGeom make_valid(const GEOSGeom_t* g, MakeValidMethod method = MakeValidMethod::linework) const;
  GeosPrepared prepare(const GEOSGeom_t* g) const;

  GeosGeom wrap(GEOSGeom_t* raw) const;  // takes ownership; throws on nullptr (a GEOS error)

 private:
  GEOSContextHandle_HS* ctx_;
  std::unique_ptr<std::string> last_error_;  // filled by the GEOS error handler
};

}  // namespace brandpunt::geom
