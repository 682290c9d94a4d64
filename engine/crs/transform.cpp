#include "crs/transform.hpp"

#include <proj.h>

#include <cmath>
#include <utility>

#include "core/error.hpp"

namespace brandpunt::crs {

void Transformer::ContextDeleter::operator()(pj_ctx* ctx) const { proj_context_destroy(ctx); }
void Transformer::PjDeleter::operator()(PJconsts* pj) const { proj_destroy(pj); }

namespace {

// PROJ writes its messages to stderr unless told otherwise; the engine never prints, so the
// last message is kept (while a caller listens) and otherwise dropped.
void keep_message(void* app_data, int level, const char* message) {
  auto* target = static_cast<std::string*>(app_data);
  if (target && level == PJ_LOG_ERROR && message) *target = message;
}

struct Context {
  PJ_CONTEXT* ctx;
  std::string last_message;
  Context() : ctx(proj_context_create()) {
    if (!ctx) throw Error(ErrorKind::internal, "cannot create a PROJ context");
    proj_context_set_enable_network(ctx, 0);
    proj_log_func(ctx, &last_message, keep_message);
  }
  ~Context() {
    if (ctx) proj_context_destroy(ctx);
  }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  PJ_CONTEXT* release() {
    proj_log_func(ctx, nullptr, keep_message);  // last_message dies with this object
    return std::exchange(ctx, nullptr);
  }
};

// Owns a PJ created in a Context that outlives it.
struct PjFree {
  void operator()(PJ* pj) const { proj_destroy(pj); }
};
using Pj = std::unique_ptr<PJ, PjFree>;

Error unknown_crs(const std::string& text, const std::string& why) {
  std::string shown = text.size() > 80 ? text.substr(0, 77) + "..." : text;
  std::string message = "unknown CRS '" + shown + "'";
  if (!why.empty()) message += " (PROJ: " + why + ")";
  return Error(ErrorKind::crs, std::move(message));
}

// A CRS object from any PROJ-readable text; throws Error(crs) otherwise.
Pj create_crs(Context& c, const std::string& text) {
  c.last_message.clear();
  PJ* pj = text.empty() ? nullptr : proj_create(c.ctx, text.c_str());
  if (!pj) throw unknown_crs(text, c.last_message);
  Pj out(pj);
  if (!proj_is_crs(out.get())) throw unknown_crs(text, "not a coordinate reference system");
  return out;
}

bool geographic_type(PJ_TYPE type) {
  return type == PJ_TYPE_GEOGRAPHIC_CRS || type == PJ_TYPE_GEOGRAPHIC_2D_CRS ||
         type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
}

}  // namespace

Transformer::Transformer(const std::string& from, const std::string& to) : from_(from), to_(to) {
  Context c;
  Pj src = create_crs(c, from);
  Pj dst = create_crs(c, to);
  identity_ = from == to ||
              proj_is_equivalent_to_with_ctx(c.ctx, src.get(), dst.get(),
                                             PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS) == 1;
  if (!identity_) {
    c.last_message.clear();
    PJ* op = proj_create_crs_to_crs_from_pj(c.ctx, src.get(), dst.get(), nullptr, nullptr);
    if (!op)
      throw Error(ErrorKind::crs,
                  "no transformation from '" + from + "' to '" + to + "'" +
                      (c.last_message.empty() ? "" : " (PROJ: " + c.last_message + ")"));
    // Pin x = easting/longitude, y = northing/latitude (EPSG:4326 is lat/lon by definition).
    PJ* normalised = proj_normalize_for_visualization(c.ctx, op);
    proj_destroy(op);
    if (!normalised) throw Error(ErrorKind::crs, "cannot normalise axis order of '" + from + "'");
    pj_ = std::unique_ptr<PJconsts, PjDeleter>(normalised);
  }
  // Take the context over only once everything is built (on a throw `c` frees it); src and
  // dst are destroyed after this line, while the context lives on in ctx_.
  ctx_ = std::unique_ptr<pj_ctx, ContextDeleter>(c.release());
}

Transformer::~Transformer() = default;
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;

void Transformer::transform(double* x, double* y, size_t n) const {
  if (identity_ || n == 0) return;
  proj_errno_reset(pj_.get());
  // proj_trans_generic sets failed points to HUGE_VAL and returns the number processed;
  // callers check std::isfinite per point, so the count is not needed here.
  proj_trans_generic(pj_.get(), PJ_FWD, x, sizeof(double), n, y, sizeof(double), n, nullptr, 0, 0,
                     nullptr, 0, 0);
}

XY Transformer::transform(XY p) const {
  transform(&p.x, &p.y, 1);
  return p;
}

TransformerPool::TransformerPool(std::string from, std::string to) : from_(std::move(from)), to_(std::move(to)) {}
TransformerPool::~TransformerPool() = default;

TransformerPool::Lease::Lease(TransformerPool& pool, std::unique_ptr<Transformer> t) : pool_(&pool), t_(std::move(t)) {}
TransformerPool::Lease::Lease(Lease&& other) noexcept : pool_(other.pool_), t_(std::move(other.t_)) {}
TransformerPool::Lease::~Lease() {
  if (!t_) return;
  const std::lock_guard<std::mutex> lock(pool_->mutex_);
  pool_->free_.push_back(std::move(t_));
}

TransformerPool::Lease TransformerPool::borrow() {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!free_.empty()) {
      std::unique_ptr<Transformer> t = std::move(free_.back());
      free_.pop_back();
      return Lease(*this, std::move(t));
    }
  }
  return Lease(*this, std::make_unique<Transformer>(from_, to_));  // made outside the lock
}

bool is_geographic(const std::string& crs) {
  Context c;
  Pj pj = create_crs(c, crs);
  PJ_TYPE type = proj_get_type(pj.get());
  if (type == PJ_TYPE_BOUND_CRS) {
    Pj base(proj_get_source_crs(c.ctx, pj.get()));
    return base && geographic_type(proj_get_type(base.get()));
  }
  return geographic_type(type);
}

std::string crs_name(const std::string& crs) {
  Context c;
  Pj pj = create_crs(c, crs);
  const char* name = proj_get_name(pj.get());
  return name ? name : "";
}

Envelope area_of_use_lonlat(const std::string& crs) {
  Context c;
  Pj pj = create_crs(c, crs);
  double west = -180, south = -90, east = 180, north = 90;
  Envelope world{-180, -90, 180, 90};
  if (!proj_get_area_of_use(c.ctx, pj.get(), &west, &south, &east, &north, nullptr)) return world;
  if (west <= -1000 || !std::isfinite(west)) return world;  // PROJ's "unknown" is -1000
  if (west > east) {  // crosses the antimeridian: keep the latitude band only
    west = -180;
    east = 180;
  }
  return Envelope{west, south, east, north};
}

}  // namespace brandpunt::crs
