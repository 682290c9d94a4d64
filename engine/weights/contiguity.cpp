#include "weights/contiguity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>

#include "core/error.hpp"

namespace brandpunt::weights {

namespace {

struct Vertex {
  uint64_t cell;  // grid cell, packed (column << 32 | row): sorting groups cells column-wise
  double x, y;
  uint32_t area;
  uint32_t vid;  // index among the area's distinct vertices
};

// One meeting pair of vertices: areas (a << 32 | b) with a < b, and their vertex ids.
struct Match {
  uint64_t areas;
  uint64_t vids;
  friend bool operator<(const Match& l, const Match& r) {
    return l.areas < r.areas || (l.areas == r.areas && l.vids < r.vids);
  }
  friend bool operator==(const Match&, const Match&) = default;
};

inline uint64_t pack(uint32_t hi, uint32_t lo) { return (uint64_t{hi} << 32) | lo; }
inline uint32_t high(uint64_t v) { return static_cast<uint32_t>(v >> 32); }
inline uint32_t low(uint64_t v) { return static_cast<uint32_t>(v); }

// The vertices of one area: every ring of every part without its closing copy, each
// distinct point once.
void area_vertices(const MultiPolygon& mp, size_t area, std::vector<XY>& out) {
  out.clear();
  const auto add_ring = [&](const Ring& ring) {
    size_t m = ring.size();
    if (m > 1 && ring.front() == ring.back()) --m;
    for (size_t k = 0; k < m; ++k) {
      if (!std::isfinite(ring[k].x) || !std::isfinite(ring[k].y))
        throw Error(ErrorKind::geometry,
                    "area " + std::to_string(area) + " has a non-finite vertex");
      out.push_back(ring[k]);
    }
  };
  for (const Polygon& p : mp) {
    add_ring(p.outer);
    for (const Ring& h : p.holes) add_ring(h);
  }
  std::sort(out.begin(), out.end(),
            [](const XY& l, const XY& r) { return l.x < r.x || (l.x == r.x && l.y < r.y); });
  out.erase(std::unique(out.begin(), out.end()), out.end());
}

// spdep polypolyC's test, in the same order of operations.
inline bool meets(const Vertex& p, const Vertex& q, double snap) {
  const double dx = p.x - q.x;
  if (std::fabs(dx) > snap) return false;
  const double dy = p.y - q.y;
  if (std::fabs(dy) > snap) return false;
  return std::hypot(dx, dy) <= snap;
}

void compare(const Vertex& p, const Vertex& q, double snap, std::vector<Match>& out) {
  if (p.area == q.area || !meets(p, q, snap)) return;
  if (p.area < q.area)
    out.push_back(Match{pack(p.area, q.area), pack(p.vid, q.vid)});
  else
    out.push_back(Match{pack(q.area, p.area), pack(q.vid, p.vid)});
}

// Rook needs a matching of size two between A's and B's vertices. In a bipartite graph that
// holds exactly when both sides have at least two distinct matched vertices (otherwise all
// edges share one vertex, a star, whose largest matching has size one).
bool shares_stretch(std::vector<Match>::const_iterator first,
                    std::vector<Match>::const_iterator last, std::vector<uint32_t>& scratch) {
  // Matches are sorted by A's vertex id, so distinct ones are counted by runs.
  size_t distinct_a = 0;
  for (auto it = first; it != last; ++it)
    if (it == first || high(it->vids) != high(std::prev(it)->vids)) ++distinct_a;
  if (distinct_a < 2) return false;
  scratch.clear();
  for (auto it = first; it != last; ++it) scratch.push_back(low(it->vids));
  std::sort(scratch.begin(), scratch.end());
  return std::unique(scratch.begin(), scratch.end()) - scratch.begin() >= 2;
}

const char* method_name(Contiguity rule) { return rule == Contiguity::queen ? "queen" : "rook"; }

}  // namespace

Weights contiguity(const std::vector<MultiPolygon>& areas, const ContiguityOptions& options) {
  const double snap = options.snap_m;
  if (!std::isfinite(snap) || snap < 0)
    throw Error(ErrorKind::config, "contiguity: snap_m must be finite and >= 0");
  const size_t n = areas.size();
  if (n >= UINT32_MAX) throw Error(ErrorKind::config, "contiguity: too many areas");

  // Distinct vertices of every area, and the coordinate range.
  size_t total = 0;
  for (const MultiPolygon& mp : areas)
    for (const Polygon& p : mp) {
      total += p.outer.size();
      for (const Ring& h : p.holes) total += h.size();
    }
  std::vector<Vertex> verts;
  verts.reserve(total);
  std::vector<XY> scratch_xy;
  Envelope env;
  for (size_t i = 0; i < n; ++i) {
    area_vertices(areas[i], i, scratch_xy);
    for (size_t k = 0; k < scratch_xy.size(); ++k) {
      const XY& p = scratch_xy[k];
      env.expand(p);
      verts.push_back(Vertex{0, p.x, p.y, static_cast<uint32_t>(i), static_cast<uint32_t>(k)});
    }
  }
  if (verts.empty())
    return from_lists(std::vector<std::vector<uint32_t>>(n), method_name(options.rule));

  // Grid of square cells of side > snap: two meeting vertices lie in the same or adjacent
  // cells (the 1e-9 margin absorbs the rounding of (x - min) / cell at d == snap). The side
  // is also at least 1/2^30 of the coordinate range, so that column and row fit in 32 bits
  // each (with room for the +1 neighbours); for a tiny snap that only means a few more
  // vertices per cell to compare.
  const double range = std::max(env.max_x - env.min_x, env.max_y - env.min_y);
  double cell = std::max(snap * (1 + 1e-9), range / 1073741824.0);
  if (!(cell > 0)) cell = 1;  // a single point, or all vertices equal, with snap 0
  for (Vertex& v : verts) {
    const auto col = static_cast<uint32_t>(std::floor((v.x - env.min_x) / cell)) + 1;
    const auto row = static_cast<uint32_t>(std::floor((v.y - env.min_y) / cell)) + 1;
    v.cell = pack(col, row);
  }
  std::sort(verts.begin(), verts.end(),
            [](const Vertex& l, const Vertex& r) { return l.cell < r.cell; });

  // Visit each occupied cell with its four "forward" neighbours — (col, row+1) and
  // (col+1, row-1 .. row+1) — so that every pair of cells is compared once. Cells are
  // sorted, so the first candidate in column col+1 only moves forward: a running cursor.
  std::vector<Match> matches;
  const auto cell_end = [&](size_t begin) {
    size_t end = begin;
    while (end < verts.size() && verts[end].cell == verts[begin].cell) ++end;
    return end;
  };
  const auto against = [&](size_t b0, size_t e0, size_t b1, size_t e1) {
    for (size_t p = b0; p < e0; ++p)
      for (size_t q = b1; q < e1; ++q) compare(verts[p], verts[q], snap, matches);
  };
  size_t cursor = 0;  // first vertex with cell >= (col+1, row-1)
  for (size_t begin = 0; begin < verts.size();) {
    const size_t end = cell_end(begin);
    const uint64_t key = verts[begin].cell;
    for (size_t p = begin; p < end; ++p)
      for (size_t q = p + 1; q < end; ++q) compare(verts[p], verts[q], snap, matches);
    if (end < verts.size() && verts[end].cell == key + 1) against(begin, end, end, cell_end(end));
    const uint64_t first = pack(high(key) + 1, low(key) - 1),
                   last = pack(high(key) + 1, low(key) + 1);
    cursor = std::max(cursor, end);
    while (cursor < verts.size() && verts[cursor].cell < first) ++cursor;
    for (size_t b = cursor; b < verts.size() && verts[b].cell <= last;) {
      const size_t e = cell_end(b);
      against(begin, end, b, e);
      b = e;
    }
    begin = end;
  }
  std::sort(matches.begin(), matches.end());
  matches.erase(std::unique(matches.begin(), matches.end()), matches.end());

  std::vector<std::vector<uint32_t>> lists(n);
  std::vector<uint32_t> scratch;
  for (auto first = matches.begin(); first != matches.end();) {
    auto last = first;
    while (last != matches.end() && last->areas == first->areas) ++last;
    if (options.rule == Contiguity::queen || shares_stretch(first, last, scratch)) {
      lists[high(first->areas)].push_back(low(first->areas));
      lists[low(first->areas)].push_back(high(first->areas));
    }
    first = last;
  }
  return from_lists(lists, method_name(options.rule));
}

}  // namespace brandpunt::weights
