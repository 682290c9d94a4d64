#include "index/orient.hpp"

#include <array>
#include <cmath>
#include <cstddef>

namespace brandpunt::index {

namespace {

// Error-free transformations (Knuth's TwoSum; TwoProduct through the fused multiply-add).
inline void two_sum(double a, double b, double& s, double& e) {
  s = a + b;
  const double bv = s - a;
  const double av = s - bv;
  e = (a - av) + (b - bv);
}

inline void two_product(double a, double b, double& p, double& e) {
  p = a * b;
  e = std::fma(a, b, -p);
}

}  // namespace

int orient2d_exact(double ax, double ay, double bx, double by, double px, double py) {
  // det = (bx-ax)(py-ay) - (by-ay)(px-ax)
  //     = bx*py - bx*ay - ax*py - by*px + by*ax + ay*px   (the ax*ay terms cancel)
  // Every product is split exactly into two doubles; the twelve terms are summed exactly
  // into a nonoverlapping expansion (Shewchuk's Grow-Expansion) whose top nonzero
  // component carries the sign.
  const std::array<std::array<double, 2>, 6> factors = {
      {{bx, py}, {-bx, ay}, {-ax, py}, {-by, px}, {by, ax}, {ay, px}}};
  std::array<double, 13> expansion{};
  size_t length = 0;
  auto grow = [&](double b) {
    double q = b;
    size_t kept = 0;
    for (size_t i = 0; i < length; ++i) {
      double s = 0, e = 0;
      two_sum(q, expansion[i], s, e);
      q = s;
      if (e != 0) expansion[kept++] = e;
    }
    if (q != 0) expansion[kept++] = q;
    length = kept;
  };
  for (const auto& f : factors) {
    double p = 0, e = 0;
    two_product(f[0], f[1], p, e);
    grow(e);
    grow(p);
  }
  if (length == 0) return 0;
  const double top = expansion[length - 1];
  return top > 0 ? 1 : (top < 0 ? -1 : 0);
}

}  // namespace brandpunt::index
