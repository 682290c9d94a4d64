// Exact sign of the 2-D orientation determinant, the one predicate the point-in-polygon
// test of AreaIndex rests on.
//
// orient2d(a, b, p) > 0 when p lies left of the directed line a->b, < 0 when right, and
// == 0 only when the three points are exactly collinear. A floating-point filter answers
// almost every call; near-degenerate cases fall back to an exact expansion sum
// (Shewchuk, "Adaptive Precision Floating-Point Arithmetic and Fast Robust Geometric
// Predicates", 1997), so a point exactly on a shared border is recognised as such.
//
//   if (index::orient2d(a, b, p) == 0 && /* p within the segment's box */) on_edge = true;
#pragma once

#include <cmath>

namespace brandpunt::index {

// Exact fallback, out of line: it runs for a tiny fraction of calls.
int orient2d_exact(double ax, double ay, double bx, double by, double px, double py);

inline int orient2d(double ax, double ay, double bx, double by, double px, double py) {
  const double left = (bx - ax) * (py - ay);
  const double right = (by - ay) * (px - ax);
  const double det = left - right;
  // Shewchuk's ccwerrboundA = (3 + 16 eps) eps with eps = 2^-53.
  const double bound = 3.3306690738754716e-16 * (std::fabs(left) + std::fabs(right));
  if (det > bound) return 1;
  if (-det > bound) return -1;
  return orient2d_exact(ax, ay, bx, by, px, py);
}

}  // namespace brandpunt::index
