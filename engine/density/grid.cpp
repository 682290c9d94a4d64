#include "density/grid.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"
#include "geom/geos.hpp"

namespace brandpunt::density {
namespace {

constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();
constexpr double kSqrt3 = 1.7320508075688772;
// Bounds of the default rule: at least 30 cells (ArcGIS's minimum for hot-spot statistics),
// at most a million (beyond that, cells hold almost no incidents and maps are unreadable).
// At most about 50,000 cells by the default rule: a hot spot map needs no more, and the grid's
// distance-band weights and its space-time cube grow with cells × neighbours × steps (a
// national run at the 5-points rule made 208,000 cells of 360 neighbours each).
constexpr double kMinCells = 30, kMaxCells = 50'000;
// Guard against unit mix-ups (a 1 m grid over a province).
constexpr double kMaxCandidates = 2e7;

// Lattice coordinates as whole doubles, cast only after a range check (a point far outside
// must not overflow an integer).
struct Lattice {
  double a = 0, b = 0;
};

// Circumradius of the pointy-top hexagon whose area (3√3/2)·R² equals cell_m².
double hex_radius(double cell_m) { return cell_m * std::sqrt(2.0 / (3.0 * kSqrt3)); }

XY hex_centre(int64_t q, int64_t r, double radius) {
  return {radius * kSqrt3 * (static_cast<double>(q) + 0.5 * static_cast<double>(r)),
          1.5 * radius * static_cast<double>(r)};
}

// Axial coordinates of the hexagon containing (x, y): fractional axial by the inverse of the
// centre formula, then cube rounding (Red Blob Games, "Hexagonal Grids": the rounded
// component with the largest error is recomputed from the other two).
Lattice hex_of(double x, double y, double radius) {
  const double fq = (kSqrt3 / 3.0 * x - y / 3.0) / radius;
  const double fr = (2.0 / 3.0 * y) / radius;
  const double fs = -fq - fr;
  double q = std::round(fq), r = std::round(fr);
  const double s = std::round(fs);
  const double dq = std::abs(q - fq), dr = std::abs(r - fr), ds = std::abs(s - fs);
  if (dq > dr && dq > ds) {
    q = -r - s;
  } else if (dr > ds) {
    r = -q - s;
  }
  return {q, r};
}

Lattice square_of(double x, double y, double side) {
  return {std::floor(x / side), std::floor(y / side)};
}

Polygon cell_polygon(GridShape shape, int64_t a, int64_t b, double cell_m) {
  Polygon p;
  if (shape == GridShape::square) {
    const double x0 = static_cast<double>(a) * cell_m, y0 = static_cast<double>(b) * cell_m;
    const double x1 = static_cast<double>(a + 1) * cell_m, y1 = static_cast<double>(b + 1) * cell_m;
    p.outer = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
  } else {
    const double radius = hex_radius(cell_m);
    const XY c = hex_centre(a, b, radius);
    const double h = 0.5 * kSqrt3 * radius;  // apothem
    // Counter-clockwise from the lower-right vertex (angles −30°, 30°, 90°, ...).
    p.outer = {{c.x + h, c.y - 0.5 * radius}, {c.x + h, c.y + 0.5 * radius},
               {c.x, c.y + radius},           {c.x - h, c.y + 0.5 * radius},
               {c.x - h, c.y - 0.5 * radius}, {c.x, c.y - radius},
               {c.x + h, c.y - 0.5 * radius}};
  }
  return p;
}

// Even-odd crossing test with the half-open rule, so a point on a shared edge of two rings
// is counted once.
bool in_ring(const Ring& ring, double x, double y) {
  bool inside = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const XY& p = ring[i];
    const XY& q = ring[j];
    if ((p.y > y) != (q.y > y) && x < (q.x - p.x) * (y - p.y) / (q.y - p.y) + p.x) inside = !inside;
  }
  return inside;
}

bool in_multipolygon(const MultiPolygon& mp, double x, double y) {
  for (const Polygon& p : mp) {
    if (!in_ring(p.outer, x, y)) continue;
    bool in_hole = false;
    for (const Ring& h : p.holes) in_hole = in_hole || in_ring(h, x, y);
    if (!in_hole) return true;
  }
  return false;
}

double nice_round(double v, double cap) {
  const double e = std::floor(std::log10(v));
  const double scale = std::pow(10.0, e);
  const double steps[] = {1, 2, 2.5, 5, 10};
  size_t best = 0;
  for (size_t i = 1; i < 5; ++i)
    if (std::abs(std::log(v / (steps[i] * scale))) < std::abs(std::log(v / (steps[best] * scale))))
      best = i;
  // Never round past the 30-cell cap.
  while (best > 0 && steps[best] * scale > cap) --best;
  return steps[best] * scale;
}

}  // namespace

double default_grid_cell_m(const MultiPolygon& municipality, size_t n_points,
                           double target_points_per_cell) {
  const double area = area_of(municipality);
  if (!(area > 0)) throw Error(ErrorKind::geometry, "grid: the municipality has no area");
  if (!(target_points_per_cell > 0))
    throw Error(ErrorKind::config, "grid: target_points_per_cell must be > 0")
        .at_field("target_points_per_cell");
  const double cap = std::sqrt(area / kMinCells);
  const double floor_m = std::sqrt(area / kMaxCells);
  double raw = n_points > 0
                   ? std::sqrt(area * target_points_per_cell / static_cast<double>(n_points))
                   : cap;
  raw = std::clamp(raw, floor_m, cap);
  return nice_round(raw, cap);
}

Grid make_grid(const MultiPolygon& municipality, const GridOptions& opt,
               std::span<const double> x, std::span<const double> y) {
  if (!(opt.cell_m >= 0) || !std::isfinite(opt.cell_m))
    throw Error(ErrorKind::config, "grid: cell_m must be ≥ 0 (0 = default rule)").at_field("cell_m");
  if (x.size() != y.size()) throw Error(ErrorKind::config, "grid: x and y differ in length");
  const Envelope env = envelope_of(municipality);
  if (env.empty()) throw Error(ErrorKind::geometry, "grid: the municipality is empty");

  Grid g;
  g.shape = opt.shape;
  if (opt.cell_m > 0) {
    g.cell_m = opt.cell_m;
  } else {
    size_t n = 0;
    for (size_t i = 0; i < x.size(); ++i) n += env.contains({x[i], y[i]}) ? 1 : 0;
    g.cell_m = default_grid_cell_m(municipality, n, opt.target_points_per_cell);
  }

  // Candidate lattice cells: every cell whose bounding box meets the envelope.
  int64_t b_lo = 0, b_hi = 0;
  const double radius = hex_radius(g.cell_m);
  auto a_range = [&](int64_t b) -> std::pair<int64_t, int64_t> {
    if (g.shape == GridShape::square)
      return {static_cast<int64_t>(std::floor(env.min_x / g.cell_m)),
              static_cast<int64_t>(std::floor(env.max_x / g.cell_m))};
    const double w = radius * kSqrt3, half = 0.5 * static_cast<double>(b);
    return {static_cast<int64_t>(std::floor(env.min_x / w - half)) - 1,
            static_cast<int64_t>(std::ceil(env.max_x / w - half)) + 1};
  };
  if (g.shape == GridShape::square) {
    b_lo = static_cast<int64_t>(std::floor(env.min_y / g.cell_m));
    b_hi = static_cast<int64_t>(std::floor(env.max_y / g.cell_m));
  } else {
    b_lo = static_cast<int64_t>(std::floor(env.min_y / (1.5 * radius))) - 1;
    b_hi = static_cast<int64_t>(std::ceil(env.max_y / (1.5 * radius))) + 1;
  }
  const auto [a_lo0, a_hi0] = a_range(b_lo);
  const auto [a_lo1, a_hi1] = a_range(b_hi);
  g.a0 = std::min(a_lo0, a_lo1);
  const int64_t a_max = std::max(a_hi0, a_hi1);
  g.b0 = b_lo;
  const double candidates =
      static_cast<double>(a_max - g.a0 + 1) * static_cast<double>(b_hi - b_lo + 1);
  if (candidates > kMaxCandidates)
    throw Error(ErrorKind::config, "grid: " + std::to_string(static_cast<int64_t>(candidates)) +
                                       " candidate cells; raise cell_m")
        .at_field("cell_m");
  g.na = static_cast<size_t>(a_max - g.a0 + 1);
  g.nb = static_cast<size_t>(b_hi - b_lo + 1);
  g.lookup.assign(g.na * g.nb, kNone);

  geom::GeosContext geos;
  GEOSContextHandle_t ctx = geos.handle();
  geom::GeosGeom area = geos.from(municipality);
  if (!geos.is_valid(area.get())) area = geos.make_valid(area.get());
  const geom::GeosPrepared prepared = geos.prepare(area.get());

  for (int64_t b = b_lo; b <= b_hi; ++b) {
    const auto [a_lo, a_hi] = a_range(b);
    for (int64_t a = a_lo; a <= a_hi; ++a) {
      Polygon poly = cell_polygon(g.shape, a, b, g.cell_m);
      const geom::GeosGeom cell = geos.from(poly);
      MultiPolygon part;
      bool clipped = false;
      if (GEOSPreparedContains_r(ctx, prepared.get(), cell.get()) == 1) {
        part.push_back(std::move(poly));
      } else if (GEOSPreparedIntersects_r(ctx, prepared.get(), cell.get()) == 1) {
        const geom::GeosGeom cut = geos.wrap(GEOSIntersection_r(ctx, area.get(), cell.get()));
        part = geos.to_multipolygon(cut.get());
        clipped = true;
      } else {
        continue;
      }
      const double a_m2 = area_of(part);
      if (!(a_m2 > 0)) continue;  // touches the municipality only along an edge or corner
      g.lookup[static_cast<size_t>(b - g.b0) * g.na + static_cast<size_t>(a - g.a0)] =
          static_cast<uint32_t>(g.cells.size());
      g.cells.push_back(std::move(part));
      g.centres.push_back(g.shape == GridShape::square
                              ? XY{(static_cast<double>(a) + 0.5) * g.cell_m,
                                   (static_cast<double>(b) + 0.5) * g.cell_m}
                              : hex_centre(a, b, radius));
      g.ids.push_back((g.shape == GridShape::square ? "S" : "H") + std::to_string(a) + "_" +
                      std::to_string(b));
      g.area_m2.push_back(a_m2);
      g.clipped.push_back(clipped ? 1 : 0);
    }
  }
  return g;
}

std::vector<uint32_t> assign_to_grid(const Grid& g, std::span<const double> x,
                                     std::span<const double> y) {
  if (x.size() != y.size()) throw Error(ErrorKind::config, "grid: x and y differ in length");
  std::vector<uint32_t> out(x.size(), kNone);
  const double radius = hex_radius(g.cell_m);
  for (size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
    const Lattice l = g.shape == GridShape::square ? square_of(x[i], y[i], g.cell_m)
                                                   : hex_of(x[i], y[i], radius);
    const double da = l.a - static_cast<double>(g.a0), db = l.b - static_cast<double>(g.b0);
    if (!(da >= 0 && db >= 0 && da < static_cast<double>(g.na) && db < static_cast<double>(g.nb)))
      continue;
    const uint32_t c = g.lookup[static_cast<size_t>(db) * g.na + static_cast<size_t>(da)];
    if (c == kNone) continue;
    if (g.clipped[c] && !in_multipolygon(g.cells[c], x[i], y[i])) continue;
    out[i] = c;
  }
  return out;
}

}  // namespace brandpunt::density
