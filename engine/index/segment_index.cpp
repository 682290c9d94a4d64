#include "index/segment_index.hpp"

#include <algorithm>
#include <cmath>
#include <nanoflann.hpp>
#include <tuple>

#include "core/error.hpp"

namespace brandpunt::index {

namespace {

struct Segment {
  XY a, b;
  uint32_t line, index;
};

// One kd-tree point: the midpoint of a piece of a segment.
struct Piece {
  double x, y;
  uint32_t segment;  // index into Impl::segments
};

struct PieceCloud {
  const std::vector<Piece>* pieces = nullptr;
  size_t kdtree_get_point_count() const { return pieces->size(); }
  double kdtree_get_pt(size_t i, size_t dim) const {
    return dim == 0 ? (*pieces)[i].x : (*pieces)[i].y;
  }
  template <class Box>
  bool kdtree_get_bbox(Box&) const {
    return false;
  }
};

using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, PieceCloud>,
                                                 PieceCloud, 2, uint32_t>;

// Closest point on segment ab to p (clamped projection).
XY foot_on_segment(const XY& a, const XY& b, double px, double py) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  if (len2 == 0) return a;
  const double t = std::clamp(((px - a.x) * dx + (py - a.y) * dy) / len2, 0.0, 1.0);
  return XY{a.x + t * dx, a.y + t * dy};
}

}  // namespace

struct SegmentIndex::Impl {
  std::vector<Segment> segments;
  std::vector<Piece> pieces;
  PieceCloud cloud;
  std::unique_ptr<Tree> tree;
  double max_half_length = 0;
};

SegmentIndex::SegmentIndex(const std::vector<LineString>& lines) : impl_(std::make_unique<Impl>()) {
  auto& s = *impl_;
  if (lines.size() >= std::numeric_limits<uint32_t>::max())
    throw Error(ErrorKind::config, "SegmentIndex: too many lines");
  std::vector<double> lengths;
  for (size_t l = 0; l < lines.size(); ++l)
    for (size_t i = 1; i < lines[l].size(); ++i) {
      s.segments.push_back(
          Segment{lines[l][i - 1], lines[l][i], uint32_t(l), static_cast<uint32_t>(i - 1)});
      lengths.push_back(
          std::hypot(lines[l][i].x - lines[l][i - 1].x, lines[l][i].y - lines[l][i - 1].y));
    }
  if (s.segments.empty()) return;
  std::vector<double> sorted = lengths;
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  // Long segments are cut so that the search slack stays near the typical segment size.
  const double piece_length = std::max(2.0 * sorted[sorted.size() / 2], 1e-3);
  for (size_t k = 0; k < s.segments.size(); ++k) {
    const Segment& seg = s.segments[k];
    const size_t n = std::max<size_t>(1, static_cast<size_t>(std::ceil(lengths[k] / piece_length)));
    for (size_t j = 0; j < n; ++j) {
      const double t = (j + 0.5) / double(n);
      s.pieces.push_back(Piece{seg.a.x + t * (seg.b.x - seg.a.x), seg.a.y + t * (seg.b.y - seg.a.y),
                               static_cast<uint32_t>(k)});
    }
    s.max_half_length = std::max(s.max_half_length, lengths[k] / (2.0 * double(n)));
  }
  s.cloud.pieces = &s.pieces;
  s.tree = std::make_unique<Tree>(2, s.cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  s.tree->buildIndex();
}

SegmentIndex::~SegmentIndex() = default;
SegmentIndex::SegmentIndex(SegmentIndex&&) noexcept = default;
SegmentIndex& SegmentIndex::operator=(SegmentIndex&&) noexcept = default;

size_t SegmentIndex::segment_count() const { return impl_->segments.size(); }

namespace {
// A search radius a hair wider than `d`: nanoflann keeps only points strictly inside it.
double widened(double d) { return d * (1 + 1e-12) + 1e-9; }
}  // namespace

std::optional<SegmentIndex::Hit> SegmentIndex::nearest(double x, double y,
                                                       double max_distance_m) const {
  const auto& s = *impl_;
  if (!s.tree || !(max_distance_m >= 0) || !std::isfinite(x) || !std::isfinite(y))
    return std::nullopt;
  // nanoflann compares SQUARED distances, strictly below the radius: widen a little so a
  // piece midpoint at exactly max_distance + half-length is still found. Candidates are
  // scored as the tree finds them (no result vector, no sort). Once a segment at distance d is
  // found, a piece whose midpoint is farther than d + half-length cannot be nearer (nor tie),
  // so the search radius shrinks to that: dense street grids prune most of the tree.
  const double r = widened(max_distance_m + s.max_half_length);
  struct Scorer {
    const Impl& s;
    double x, y, radius2, max_d2;
    std::optional<Hit> best;
    double best_d2 = 0;
    double half;
    double worstDist() const { return radius2; }
    bool full() const { return true; }
    bool addPoint(double d2_midpoint, uint32_t piece) {
      if (d2_midpoint >= radius2) return true;
      const Segment& seg = s.segments[s.pieces[piece].segment];
      const XY f = foot_on_segment(seg.a, seg.b, x, y);
      const double d2 = (f.x - x) * (f.x - x) + (f.y - y) * (f.y - y);
      if (d2 > max_d2) return true;
      if (!best || d2 < best_d2 ||
          (d2 == best_d2 && std::tie(seg.line, seg.index) < std::tie(best->line, best->segment))) {
        best = Hit{seg.line, seg.index, 0, f};
        best_d2 = d2;
        const double shrunk = widened(std::sqrt(d2) + half);
        radius2 = std::min(radius2, shrunk * shrunk);
      }
      return true;
    }
  } scorer{s, x, y, r * r, max_distance_m * max_distance_m, std::nullopt, 0, s.max_half_length};
  const double query[2] = {x, y};
  s.tree->findNeighbors(scorer, query, nanoflann::SearchParams(32, 0, false));
  std::optional<Hit> best = scorer.best;
  const double best_d2 = scorer.best_d2;
  if (best) best->distance_m = std::sqrt(best_d2);
  return best;
}

}  // namespace brandpunt::index
