// Coordinate transformation through PROJ, with the axis order pinned to x = easting/longitude,
// y = northing/latitude whatever the CRS definition says (proj_normalize_for_visualization).
//
// Every reader projects its input into the analysis CRS (metres; EPSG:28992 RD New by
// default) with a Transformer; nothing in the engine measures in degrees. A CRS is any string
// PROJ understands: "EPSG:28992", "EPSG:4326" (x = lon, y = lat), WKT, PROJJSON.
//
//   crs::Transformer to_rd("EPSG:4326", "EPSG:28992");
//   XY rd = to_rd.transform(XY{5.38720621, 52.15517440});   // ~ (155000, 463000)
//
// Each Transformer owns its own PJ_CONTEXT with network access off (no grid downloads), so
// results never depend on the network. A Transformer is used by one thread at a time (PROJ
// objects are not thread-safe); give each thread its own. Errors become
// brandpunt::Error(ErrorKind::crs) naming the CRS string.
//
// Accuracy note: without the RDNAPTRANS grid (not shipped by Debian's proj-data, and network
// is off), PROJ takes RD New <-> WGS 84 through the 7-parameter Helmert "Amersfoort to WGS 84
// (4)" (EPSG stated accuracy 1 m). RD <-> Amersfoort geographic (EPSG:4289) is exact.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/geometry.hpp"

struct pj_ctx;
struct PJconsts;

namespace brandpunt::crs {

class Transformer {
 public:
  // Throws Error(crs) with "unknown CRS '<text>'" when PROJ cannot parse `from` or `to`, and
  // when PROJ finds no operation between them.
  Transformer(const std::string& from, const std::string& to);
  ~Transformer();
  Transformer(Transformer&&) noexcept;
  Transformer& operator=(Transformer&&) noexcept;
  Transformer(const Transformer&) = delete;
  Transformer& operator=(const Transformer&) = delete;

  // In place, n points. Points PROJ cannot transform (outside the domain of the projection)
  // come back non-finite (HUGE_VAL): callers test std::isfinite. Identity: no-op.
  void transform(double* x, double* y, size_t n) const;
  XY transform(XY p) const;

  // True when both CRSs are equivalent (axis order of geographic CRSs aside, as both are
  // normalised): transform() then does not call PROJ at all.
  bool is_identity() const { return identity_; }
  const std::string& from() const { return from_; }
  const std::string& to() const { return to_; }

 private:
  struct ContextDeleter {
    void operator()(pj_ctx* ctx) const;
  };
  struct PjDeleter {
    void operator()(PJconsts* pj) const;
  };
  // Declared before pj_: members die in reverse order, and the PJ needs its context.
  std::unique_ptr<pj_ctx, ContextDeleter> ctx_;
  std::unique_ptr<PJconsts, PjDeleter> pj_;  // null when identity_
  std::string from_, to_;
  bool identity_ = false;
};

// Transformers between one pair of CRSs for many threads: borrow() hands out one that no
// other thread holds (made when none is free: making one reads PROJ's database), and it goes
// back to the pool when the lease ends. The pool outlives its leases.
//
//   crs::TransformerPool pool("EPSG:28992", "EPSG:4326");
//   { auto t = pool.borrow(); t->transform(xs, ys, n); }   // on any thread
class TransformerPool {
 public:
  TransformerPool(std::string from, std::string to);
  ~TransformerPool();
  TransformerPool(const TransformerPool&) = delete;
  TransformerPool& operator=(const TransformerPool&) = delete;

  class Lease {
   public:
    Lease(TransformerPool& pool, std::unique_ptr<Transformer> t);
    ~Lease();
    Lease(Lease&&) noexcept;
    Lease& operator=(Lease&&) = delete;
    const Transformer& operator*() const { return *t_; }
    const Transformer* operator->() const { return t_.get(); }
    const Transformer* get() const { return t_.get(); }

   private:
    TransformerPool* pool_;
    std::unique_ptr<Transformer> t_;
  };
  // Throws Error(crs) as the Transformer constructor does.
  Lease borrow();

 private:
  std::string from_, to_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Transformer>> free_;
};

// True for geographic (lon/lat) CRSs, including bound CRSs over a geographic base.
// Throws Error(crs) for an unknown CRS.
bool is_geographic(const std::string& crs);

// The CRS's own name, e.g. "Amersfoort / RD New" for "EPSG:28992".
std::string crs_name(const std::string& crs);

// Area of use in lon/lat degrees (x = lon). When PROJ knows none, or it crosses the
// antimeridian, the longitude range is the whole world (-180..180).
Envelope area_of_use_lonlat(const std::string& crs);

}  // namespace brandpunt::crs
