#include "core/geometry.hpp"

#include <algorithm>
#include <cmath>

namespace brandpunt {

void Envelope::expand(const XY& p) {
  if (empty()) {
    min_x = max_x = p.x;
    min_y = max_y = p.y;
    return;
  }
  min_x = std::min(min_x, p.x);
  max_x = std::max(max_x, p.x);
  min_y = std::min(min_y, p.y);
  max_y = std::max(max_y, p.y);
}

void Envelope::expand(const Envelope& e) {
  if (e.empty()) return;
  expand(XY{e.min_x, e.min_y});
  expand(XY{e.max_x, e.max_y});
}

Envelope envelope_of(const MultiPolygon& mp) {
  Envelope e;
  for (const auto& poly : mp)
    for (const auto& p : poly.outer) e.expand(p);
  return e;
}

Envelope envelope_of(const LineString& line) {
  Envelope e;
  for (const auto& p : line) e.expand(p);
  return e;
}

double signed_area(const Ring& ring) {
  double twice = 0;
  for (size_t i = 1; i < ring.size(); ++i)
    twice += ring[i - 1].x * ring[i].y - ring[i].x * ring[i - 1].y;
  return twice / 2;
}

double area_of(const MultiPolygon& mp) {
  double total = 0;
  for (const auto& poly : mp) {
    total += std::abs(signed_area(poly.outer));
    for (const auto& hole : poly.holes) total -= std::abs(signed_area(hole));
  }
  return total;
}

}  // namespace brandpunt
