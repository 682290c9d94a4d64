// Small planar helpers on the engine's plain geometry (core/geometry.hpp) that the generator
// calls millions of times, where a GEOS round trip per point would dominate the run time.
//
//   if (planar::contains(buurt, XY{x, y})) ...;     // even-odd rule over all rings
//   XY c = planar::centroid(buurt);                  // area-weighted
#pragma once

#include <cmath>

#include "core/geometry.hpp"

namespace brandpunt::gendemo::planar {

// Even-odd ray crossing over every ring (outer and holes): for a valid (multi)polygon this is
// exactly "inside the area". Points on an edge may go either way, which sampling tolerates.
inline bool contains(const MultiPolygon& mp, const XY& p) {
  bool inside = false;
  auto scan = [&](const Ring& r) {
    for (size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
      if ((r[i].y > p.y) != (r[j].y > p.y)) {
        const double x_cross = r[j].x + (p.y - r[j].y) * (r[i].x - r[j].x) / (r[i].y - r[j].y);
        if (p.x < x_cross) inside = !inside;
      }
    }
  };
  for (const auto& poly : mp) {
    scan(poly.outer);
    for (const auto& h : poly.holes) scan(h);
  }
  return inside;
}

// Area-weighted centroid of the outer rings minus holes (shoelace moments).
inline XY centroid(const MultiPolygon& mp) {
  double a = 0, cx = 0, cy = 0;
  auto add = [&](const Ring& r, double sign) {
    double ra = 0, rx = 0, ry = 0;
    for (size_t i = 1; i < r.size(); ++i) {
      const double cross = r[i - 1].x * r[i].y - r[i].x * r[i - 1].y;
      ra += cross;
      rx += (r[i - 1].x + r[i].x) * cross;
      ry += (r[i - 1].y + r[i].y) * cross;
    }
    const double s = ra < 0 ? -sign : sign;  // orientation-independent
    a += s * ra / 2;
    cx += s * rx / 6;
    cy += s * ry / 6;
  };
  for (const auto& poly : mp) {
    add(poly.outer, 1);
    for (const auto& h : poly.holes) add(h, -1);
  }
  if (a == 0) return mp.empty() || mp[0].outer.empty() ? XY{} : mp[0].outer[0];
  return XY{cx / a, cy / a};
}

inline double distance(const XY& a, const XY& b) { return std::hypot(a.x - b.x, a.y - b.y); }

}  // namespace brandpunt::gendemo::planar
