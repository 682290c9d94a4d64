#include "weights/point_tree.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nanoflann.hpp>
#include <string>

#include "core/error.hpp"

namespace brandpunt::weights::detail {

namespace {
// nanoflann's dataset adaptor contract over a span of XY.
struct XYAdaptor {
  std::span<const XY> points;
  size_t kdtree_get_point_count() const { return points.size(); }
  double kdtree_get_pt(size_t i, size_t dim) const { return dim == 0 ? points[i].x : points[i].y; }
  template <class Box>
  bool kdtree_get_bbox(Box&) const {
    return false;
  }
};
using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, XYAdaptor>,
                                                 XYAdaptor, 2, uint32_t>;
}  // namespace

struct PointTree::Impl {
  XYAdaptor adaptor;
  Tree tree;
  explicit Impl(std::span<const XY> points)
      : adaptor{points}, tree(2, adaptor, nanoflann::KDTreeSingleIndexAdaptorParams(16)) {}
};

PointTree::PointTree(std::span<const XY> points) {
  if (points.size() >= std::numeric_limits<uint32_t>::max())
    throw Error(ErrorKind::config, "too many points for a weights index");
  for (size_t i = 0; i < points.size(); ++i) {
    if (!std::isfinite(points[i].x) || !std::isfinite(points[i].y))
      throw Error(ErrorKind::geometry,
                  "point " + std::to_string(i) + " has a non-finite coordinate");
  }
  impl_ = std::make_unique<Impl>(points);
}

PointTree::~PointTree() = default;

size_t PointTree::size() const { return impl_->adaptor.points.size(); }

void PointTree::nearest(XY q, size_t m, std::vector<Hit>& out) const {
  out.clear();
  const size_t n = size();
  if (m == 0 || n == 0) return;
  const double query[2] = {q.x, q.y};
  std::vector<uint32_t> idx;
  std::vector<double> d2;
  // nanoflann keeps an arbitrary subset of points tied at the m-th distance. Ask for more
  // until the last returned point lies strictly further than the m-th: then every tie is in.
  size_t want = std::min(m + 1, n);
  for (;;) {
    idx.resize(want);
    d2.resize(want);
    const size_t got = impl_->tree.knnSearch(query, want, idx.data(), d2.data());
    out.clear();
    for (size_t i = 0; i < got; ++i) out.push_back(Hit{idx[i], d2[i]});
    std::sort(out.begin(), out.end());
    if (got < want || got == n || got <= m || out[got - 1].d2 > out[m - 1].d2) break;
    want = std::min(2 * want, n);
  }
  if (out.size() > m) {
    const double last = out[m - 1].d2;
    size_t keep = m;
    while (keep < out.size() && out[keep].d2 == last) ++keep;
    out.resize(keep);
  }
}

void PointTree::within(XY q, double r2, std::vector<Hit>& out) const {
  out.clear();
  if (size() == 0 || !(r2 >= 0)) return;
  const double query[2] = {q.x, q.y};
  // nanoflann's radius test is strict (d2 < radius); the next double up makes it d2 <= r2.
  const double radius = std::nextafter(r2, std::numeric_limits<double>::infinity());
  std::vector<std::pair<uint32_t, double>> found;
  impl_->tree.radiusSearch(query, radius, found, nanoflann::SearchParams(32, 0.0f, false));
  out.reserve(found.size());
  for (const auto& [i, d] : found) out.push_back(Hit{i, d});
  std::sort(out.begin(), out.end());
}

}  // namespace brandpunt::weights::detail
