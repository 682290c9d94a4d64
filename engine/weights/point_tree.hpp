// Internal to engine/weights: a 2-D k-d tree over points (nanoflann behind a pimpl, so its
// templates never reach a public header — STYLE.md). Answers exact k-nearest and
// fixed-radius queries with deterministic order: hits are sorted by (squared distance,
// index), and the k-nearest query returns every point tied with the last one, so callers
// can break ties by index rather than by tree layout.
//
//   detail::PointTree tree(points);
//   std::vector<detail::Hit> hits;
//   tree.nearest(points[0], 5, hits);       // >= 5 hits (more when tied), self included
//   tree.within(points[0], 100.0 * 100.0, hits);  // all with d2 <= 10'000 m2
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/geometry.hpp"

namespace brandpunt::weights::detail {

struct Hit {
  uint32_t index = 0;
  double d2 = 0;  // SQUARED Euclidean distance (nanoflann's L2_Simple metric)
  friend bool operator<(const Hit& a, const Hit& b) {
    return a.d2 < b.d2 || (a.d2 == b.d2 && a.index < b.index);
  }
};

class PointTree {
 public:
  // Keeps a view on `points`: they must outlive the tree. Throws Error(geometry) on a
  // non-finite coordinate (naming its index).
  explicit PointTree(std::span<const XY> points);
  ~PointTree();
  PointTree(const PointTree&) = delete;
  PointTree& operator=(const PointTree&) = delete;

  size_t size() const;
  // The m nearest points to q, sorted by (d2, index), plus every further point whose d2
  // equals that of the m-th (so the caller sees all ties). Fewer when size() < m.
  void nearest(XY q, size_t m, std::vector<Hit>& out) const;
  // Every point with d2 <= r2, sorted by (d2, index).
  void within(XY q, double r2, std::vector<Hit>& out) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace brandpunt::weights::detail
