#include "weights/knn.hpp"

#include <algorithm>
#include <string>

#include "core/error.hpp"
#include "weights/point_tree.hpp"

namespace brandpunt::weights {

Weights knn(std::span<const XY> points, unsigned k) {
  const size_t n = points.size();
  if (k == 0) throw Error(ErrorKind::config, "knn: k must be at least 1");
  if (k >= n)
    throw Error(ErrorKind::config, "knn: k = " + std::to_string(k) +
                                       " needs more than k points, got " + std::to_string(n));
  const detail::PointTree tree(points);
  Weights w;
  w.n = n;
  w.method = "knn" + std::to_string(k);
  w.style = "B";
  w.offsets.assign(1, 0);
  w.neighbours.reserve(n * k);
  std::vector<detail::Hit> hits;
  std::vector<uint32_t> row;
  for (size_t i = 0; i < n; ++i) {
    // k+1 with ties, sorted by (d2, index): drop i itself, keep the first k others.
    tree.nearest(points[i], k + 1, hits);
    row.clear();
    for (const detail::Hit& h : hits) {
      if (h.index == i) continue;
      row.push_back(h.index);
      if (row.size() == k) break;
    }
    std::sort(row.begin(), row.end());
    w.neighbours.insert(w.neighbours.end(), row.begin(), row.end());
    w.offsets.push_back(static_cast<uint32_t>(w.neighbours.size()));
  }
  w.values.assign(w.neighbours.size(), 1.0);
  return w;
}

}  // namespace brandpunt::weights
