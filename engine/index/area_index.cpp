#include "index/area_index.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "core/error.hpp"
#include "index/orient.hpp"

namespace brandpunt::index {

namespace {

constexpr uint32_t kBoundary = 0x80000000u;  // cell value flag: a boundary cell number follows

template <class F>
void for_each_edge(const MultiPolygon& mp, F&& f) {
  auto ring_edges = [&](const Ring& ring) {
    for (size_t i = 1; i < ring.size(); ++i)
      if (!(ring[i - 1] == ring[i])) f(ring[i - 1], ring[i]);
  };
  for (const auto& poly : mp) {
    ring_edges(poly.outer);
    for (const auto& hole : poly.holes) ring_edges(hole);
  }
}

Envelope full_envelope(const MultiPolygon& mp) {
  Envelope e;
  for_each_edge(mp, [&](const XY& a, const XY& b) {
    e.expand(a);
    e.expand(b);
  });
  return e;
}

}  // namespace

unsigned AreaIndex::row_of(double y) const {
  const double t = (y - y0_) * inv_h_;
  if (!(t > 0)) return 0;
  if (t >= ny_) return ny_ - 1;
  return static_cast<unsigned>(t);
}

unsigned AreaIndex::col_of(double x) const {
  const double t = (x - x0_) * inv_w_;
  if (!(t > 0)) return 0;
  if (t >= nx_) return nx_ - 1;
  return static_cast<unsigned>(t);
}

AreaIndex::AreaIndex(const std::vector<MultiPolygon>& areas, AreaIndexOptions options)
    : area_count_(areas.size()) {
  if (areas.size() >= kBoundary)
    throw Error(ErrorKind::config,
                "AreaIndex: too many areas (" + std::to_string(areas.size()) + ")");

  // --- extent and grid size -------------------------------------------------------------
  Envelope extent;
  size_t edge_count = 0;
  area_env_.resize(areas.size());
  for (size_t a = 0; a < areas.size(); ++a) {
    area_env_[a] = full_envelope(areas[a]);
    extent.expand(area_env_[a]);
    for_each_edge(areas[a], [&](const XY&, const XY&) { ++edge_count; });
  }
  if (extent.empty()) return;  // no geometry: every point is outside
  x0_ = extent.min_x, y0_ = extent.min_y, x1_ = extent.max_x, y1_ = extent.max_y;
  const double width = x1_ - x0_, height = y1_ - y0_;
  // About 4 cells per edge measured fastest on the NL wijken (fewer: more exact tests per
  // point; more: a grid that no longer fits the cache). Explicit sizes are capped at 64 Mi
  // cells so that cell numbers fit 32 bits with room for the boundary flag.
  const double target = std::min(
      options.grid_cells ? double(options.grid_cells)
                         : std::clamp(4.0 * double(edge_count), 1024.0, 16.0 * 1024 * 1024),
      64.0 * 1024 * 1024);
  const double aspect = (width > 0 && height > 0) ? width / height : 1.0;
  nx_ = static_cast<unsigned>(std::clamp(std::round(std::sqrt(target * aspect)), 1.0, 65535.0));
  ny_ = static_cast<unsigned>(std::clamp(std::round(target / nx_), 1.0, 65535.0));
  if (width <= 0) nx_ = 1;
  if (height <= 0) ny_ = 1;
  cell_w_ = width > 0 ? width / nx_ : 1.0;
  cell_h_ = height > 0 ? height / ny_ : 1.0;
  inv_w_ = width > 0 ? nx_ / width : 0.0;
  inv_h_ = height > 0 ? ny_ / height : 0.0;

  // --- edges bucketed by area and grid row ------------------------------------------------
  area_bucket_.resize(areas.size() + 1);
  area_row0_.resize(areas.size());
  area_row1_.resize(areas.size());
  uint32_t buckets = 0;
  for (size_t a = 0; a < areas.size(); ++a) {
    area_bucket_[a] = buckets;
    if (area_env_[a].empty()) {
      area_row0_[a] = 1, area_row1_[a] = 0;  // no rows
      continue;
    }
    area_row0_[a] = row_of(area_env_[a].min_y);
    area_row1_[a] = row_of(area_env_[a].max_y);
    buckets += area_row1_[a] - area_row0_[a] + 1;
  }
  area_bucket_[areas.size()] = buckets;
  edge_start_.assign(size_t(buckets) + 1, 0);
  // Row range of an edge by the same monotone row_of() the queries use, so a query row
  // always finds every edge whose y-range contains the query y.
  auto edge_rows = [&](const XY& p, const XY& q) {
    return std::pair{row_of(std::min(p.y, q.y)), row_of(std::max(p.y, q.y))};
  };
  for (size_t a = 0; a < areas.size(); ++a)
    for_each_edge(areas[a], [&](const XY& p, const XY& q) {
      auto [r0, r1] = edge_rows(p, q);
      for (unsigned r = r0; r <= r1; ++r) ++edge_start_[area_bucket_[a] + r - area_row0_[a] + 1];
    });
  for (size_t b = 0; b < buckets; ++b) edge_start_[b + 1] += edge_start_[b];
  edges_.resize(edge_start_[buckets]);
  {
    std::vector<uint32_t> fill(edge_start_.begin(), edge_start_.end() - 1);
    for (size_t a = 0; a < areas.size(); ++a)
      for_each_edge(areas[a], [&](const XY& p, const XY& q) {
        auto [r0, r1] = edge_rows(p, q);
        for (unsigned r = r0; r <= r1; ++r)
          edges_[fill[area_bucket_[a] + r - area_row0_[a]]++] = Edge{p.x, p.y, q.x, q.y};
      });
  }

  // --- areas per row (ascending) ------------------------------------------------------------
  row_start_.assign(size_t(ny_) + 1, 0);
  for (size_t a = 0; a < areas.size(); ++a)
    for (unsigned r = area_row0_[a]; r <= area_row1_[a] && area_row0_[a] <= area_row1_[a]; ++r)
      ++row_start_[r + 1];
  for (unsigned r = 0; r < ny_; ++r) row_start_[r + 1] += row_start_[r];
  row_areas_.resize(row_start_[ny_]);
  {
    std::vector<uint32_t> fill(row_start_.begin(), row_start_.end() - 1);
    for (size_t a = 0; a < areas.size(); ++a)
      for (unsigned r = area_row0_[a]; r <= area_row1_[a] && area_row0_[a] <= area_row1_[a]; ++r)
        row_areas_[fill[r]++] = static_cast<uint32_t>(a);
  }

  // --- cells touched by each area's edges (conservative supercover) -------------------------
  // Every cell a polygon edge may pass through is marked: the edge is walked row by row and
  // its x-range in each row band (widened by a slack far above rounding error) gives the
  // columns. Marking too many cells only costs speed; missing one would cost exactness.
  const double slack = 1e-9 * (std::fabs(x0_) + std::fabs(y0_) + width + height) + 1e-300;
  const size_t ncells = size_t(nx_) * ny_;
  std::vector<uint32_t> cell_count(ncells + 1, 0);
  std::vector<std::vector<uint32_t>> area_cells(areas.size());
  std::vector<uint32_t> touched;
  for (size_t a = 0; a < areas.size(); ++a) {
    touched.clear();
    for_each_edge(areas[a], [&](const XY& p, const XY& q) {
      const double min_x = std::min(p.x, q.x), max_x = std::max(p.x, q.x);
      const double min_y = std::min(p.y, q.y), max_y = std::max(p.y, q.y);
      const unsigned r0 = row_of(min_y - slack), r1 = row_of(max_y + slack);
      const double dy = q.y - p.y;
      for (unsigned r = r0; r <= r1; ++r) {
        const double band_lo = std::clamp(y0_ + r * cell_h_ - slack, min_y, max_y);
        const double band_hi = std::clamp(y0_ + (r + 1) * cell_h_ + slack, min_y, max_y);
        double lo = min_x, hi = max_x;
        if (dy != 0) {
          const double xa = p.x + (band_lo - p.y) * (q.x - p.x) / dy;
          const double xb = p.x + (band_hi - p.y) * (q.x - p.x) / dy;
          lo = std::max(min_x, std::min(xa, xb));
          hi = std::min(max_x, std::max(xa, xb));
          if (lo > hi) std::swap(lo, hi);
        }
        const unsigned c0 = col_of(lo - slack), c1 = col_of(hi + slack);
        for (unsigned c = c0; c <= c1; ++c) touched.push_back(r * nx_ + c);
      }
    });
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (uint32_t cell : touched) ++cell_count[cell + 1];
    area_cells[a] = touched;
  }
  for (size_t c = 0; c < ncells; ++c) cell_count[c + 1] += cell_count[c];
  std::vector<uint32_t> cell_areas(cell_count[ncells]);
  {
    std::vector<uint32_t> fill(cell_count.begin(), cell_count.end() - 1);
    for (size_t a = 0; a < areas.size(); ++a) {
      for (uint32_t cell : area_cells[a]) cell_areas[fill[cell]++] = static_cast<uint32_t>(a);
      std::vector<uint32_t>().swap(area_cells[a]);
    }
  }

  // --- fill the grid ------------------------------------------------------------------------
  // One scanline per row through the cell centres: the crossings of every edge with the
  // line y = cy, sorted by x, tell by parity which areas contain each centre (a full line
  // crosses every ring an even number of times, so the crossings left of cx decide). A
  // centre too close to a crossing to trust floating point, or a row whose line passes
  // through a vertex, falls back to the exact locate_slow(). Areas with no edge in a cell
  // hold all of it or none of it, so the centre's answer is the cell's answer.
  cells_.assign(ncells, kNoArea);
  cand_start_.push_back(0);
  struct Crossing {
    double x;
    uint32_t area;
  };
  std::vector<Crossing> crossings;
  std::vector<uint32_t> inside;  // areas containing the current centre (few)
  for (unsigned r = 0; r < ny_; ++r) {
    const double cy = y0_ + (r + 0.5) * cell_h_;
    crossings.clear();
    bool exact_row = false;
    for (uint32_t i = row_start_[r]; i < row_start_[r + 1] && !exact_row; ++i) {
      const uint32_t a = row_areas_[i];
      const uint32_t bucket = area_bucket_[a] + r - area_row0_[a];
      for (uint32_t k = edge_start_[bucket]; k < edge_start_[bucket + 1]; ++k) {
        const Edge& e = edges_[k];
        if (e.ay == cy || e.by == cy) exact_row = true;
        if ((e.ay > cy) != (e.by > cy))
          crossings.push_back({e.ax + (cy - e.ay) * (e.bx - e.ax) / (e.by - e.ay), a});
      }
    }
    std::sort(crossings.begin(), crossings.end(),
              [](const Crossing& p, const Crossing& q) { return p.x < q.x; });
    inside.clear();
    size_t next = 0;
    for (unsigned c = 0; c < nx_; ++c) {
      const size_t cell = size_t(r) * nx_ + c;
      const double cx = x0_ + (c + 0.5) * cell_w_;
      while (next < crossings.size() && crossings[next].x < cx) {
        const uint32_t a = crossings[next++].area;
        const auto it = std::find(inside.begin(), inside.end(), a);
        if (it == inside.end())
          inside.push_back(a);
        else
          inside.erase(it);
      }
      const bool near = (next < crossings.size() && crossings[next].x - cx <= slack) ||
                        (next > 0 && cx - crossings[next - 1].x <= slack);
      const std::span<const uint32_t> cands(cell_areas.data() + cell_count[cell],
                                            cell_count[cell + 1] - cell_count[cell]);
      // The lowest area holding the centre, skipping areas with edges in the cell.
      uint32_t cover = kNoArea;
      if (exact_row || near) {
        cover = locate_slow(cx, cy, cands);
      } else {
        for (uint32_t a : inside)
          if (a < cover && !std::binary_search(cands.begin(), cands.end(), a)) cover = a;
      }
      // Candidates above the cover can never win: the cover holds the whole cell.
      const auto useful = std::lower_bound(cands.begin(), cands.end(), cover);
      if (useful == cands.begin()) {
        cells_[cell] = cover;
      } else {
        cells_[cell] = kBoundary | static_cast<uint32_t>(boundary_cover_.size());
        boundary_cover_.push_back(cover);
        for (auto it = cands.begin(); it != useful; ++it) {
          // A candidate marked through the slack rows but whose own rows miss this row
          // cannot contain any point of it.
          if (r < area_row0_[*it] || r > area_row1_[*it]) continue;
          cands_.push_back(*it);
          cand_bucket_.push_back(area_bucket_[*it] + r - area_row0_[*it]);
        }
        cand_start_.push_back(static_cast<uint32_t>(cands_.size()));
      }
    }
  }
}

bool AreaIndex::closure_contains(uint32_t area, unsigned row, double x, double y) const {
  if (row < area_row0_[area] || row > area_row1_[area]) return false;
  return bucket_contains(area_bucket_[area] + row - area_row0_[area], x, y);
}

bool AreaIndex::bucket_contains(uint32_t bucket, double x, double y) const {
  bool inside = false;
  for (uint32_t i = edge_start_[bucket]; i < edge_start_[bucket + 1]; ++i) {
    const Edge& e = edges_[i];
    const bool a_above = e.ay > y, b_above = e.by > y;
    if (a_above != b_above) {
      // Crossing-number test with a ray towards +x and half-open edges [low y, high y);
      // the exact orientation tells on which side the edge passes, and 0 = on the edge.
      const int o = orient2d(e.ax, e.ay, e.bx, e.by, x, y);
      if (o == 0) return true;
      if ((o > 0) == (e.by > e.ay)) inside = !inside;
    } else if (e.ay == y || e.by == y) {
      // The ray passes through an endpoint (or along a horizontal edge): not a crossing
      // under the half-open rule, but the point may lie on the edge itself.
      if (x >= std::min(e.ax, e.bx) && x <= std::max(e.ax, e.bx) &&
          orient2d(e.ax, e.ay, e.bx, e.by, x, y) == 0)
        return true;
    }
  }
  return inside;
}

uint32_t AreaIndex::locate_slow(double x, double y, std::span<const uint32_t> skip) const {
  const unsigned r = row_of(y);
  for (uint32_t i = row_start_[r]; i < row_start_[r + 1]; ++i) {
    const uint32_t a = row_areas_[i];
    if (!area_env_[a].contains(XY{x, y})) continue;
    if (std::binary_search(skip.begin(), skip.end(), a)) continue;
    if (closure_contains(a, r, x, y)) return a;
  }
  return kNoArea;
}

uint32_t AreaIndex::locate(double x, double y) const {
  if (!(x >= x0_ && x <= x1_ && y >= y0_ && y <= y1_)) return kNoArea;
  const unsigned r = row_of(y);
  const uint32_t v = cells_[size_t(r) * nx_ + col_of(x)];
  if (v < kBoundary || v == kNoArea) return v;
  const uint32_t b = v & ~kBoundary;
  for (uint32_t i = cand_start_[b]; i < cand_start_[b + 1]; ++i)
    if (bucket_contains(cand_bucket_[i], x, y)) return cands_[i];
  return boundary_cover_[b];
}

void AreaIndex::locate_many(std::span<const double> x, std::span<const double> y,
                            std::span<uint32_t> out, unsigned threads) const {
  if (x.size() != y.size() || out.size() != x.size())
    throw Error(ErrorKind::internal, "AreaIndex::locate_many: spans differ in length");
  const size_t n = x.size();
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, n / 65536)));
  auto work = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) out[i] = locate(x[i], y[i]);
  };
  if (threads <= 1) return work(0, n);
  std::vector<std::jthread> pool;
  const size_t chunk = (n + threads - 1) / threads;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back(work, std::min(n, t * chunk), std::min(n, (t + 1) * chunk));
}

size_t AreaIndex::memory_bytes() const {
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  return bytes(edges_) + bytes(edge_start_) + bytes(area_bucket_) + bytes(area_row0_) +
         bytes(area_row1_) + bytes(area_env_) + bytes(row_start_) + bytes(row_areas_) +
         bytes(cells_) + bytes(boundary_cover_) + bytes(cand_start_) + bytes(cands_) +
         bytes(cand_bucket_);
}

}  // namespace brandpunt::index
