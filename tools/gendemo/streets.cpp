#include "streets.hpp"

#include <geos_c.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <tuple>

#include "core/incidents.hpp"
#include "names.hpp"
#include "planar.hpp"

namespace brandpunt::gendemo {

namespace {

constexpr double kPi = 3.14159265358979323846;

double line_length(const LineString& l) {
  double len = 0;
  for (size_t i = 1; i < l.size(); ++i) len += planar::distance(l[i - 1], l[i]);
  return len;
}

// An edge shared by two buurten, found by matching the cm-snapped boundary segments.
struct BorderEdge {
  XY a, b;
  uint32_t left, right;  // the two buurten
};

std::vector<BorderEdge> border_edges(const City& city) {
  using Key = std::tuple<int64_t, int64_t, int64_t, int64_t>;
  std::vector<std::pair<Key, uint32_t>> recs;
  for (uint32_t bu = 0; bu < city.buurten.size(); ++bu) {
    auto add_ring = [&](const Ring& r) {
      for (size_t i = 1; i < r.size(); ++i) {
        int64_t ax = std::llround(r[i - 1].x * 100), ay = std::llround(r[i - 1].y * 100);
        int64_t bx = std::llround(r[i].x * 100), by = std::llround(r[i].y * 100);
        if (std::tie(bx, by) < std::tie(ax, ay)) {
          std::swap(ax, bx);
          std::swap(ay, by);
        }
        if (ax != bx || ay != by) recs.push_back({Key{ax, ay, bx, by}, bu});
      }
    };
    for (const auto& poly : city.buurten.geometry[bu]) {
      add_ring(poly.outer);
      for (const auto& h : poly.holes) add_ring(h);
    }
  }
  std::sort(recs.begin(), recs.end());
  std::vector<BorderEdge> edges;
  for (size_t i = 0; i + 1 < recs.size(); ++i) {
    if (recs[i].first != recs[i + 1].first || recs[i].second == recs[i + 1].second) continue;
    const auto& [ax, ay, bx, by] = recs[i].first;
    edges.push_back({{static_cast<double>(ax) / 100, static_cast<double>(ay) / 100},
                     {static_cast<double>(bx) / 100, static_cast<double>(by) / 100},
                     recs[i].second,
                     recs[i + 1].second});
    ++i;
  }
  return edges;
}

// Joins border edges into roads: at each node the two edge ends that continue most
// straight (bend < 50 degrees) are linked; chains are then walked and cut at max length.
std::vector<std::vector<uint32_t>> chain_edges(const std::vector<BorderEdge>& edges,
                                               double max_length_m) {
  std::map<std::pair<int64_t, int64_t>, std::vector<std::pair<uint32_t, int>>> nodes;
  auto end_point = [&](uint32_t e, int end) { return end == 0 ? edges[e].a : edges[e].b; };
  for (uint32_t e = 0; e < edges.size(); ++e)
    for (int end = 0; end < 2; ++end) {
      const XY p = end_point(e, end);
      nodes[{std::llround(p.x * 100), std::llround(p.y * 100)}].push_back({e, end});
    }
  std::vector<std::array<std::pair<int64_t, int>, 2>> link(edges.size(), {{{-1, 0}, {-1, 0}}});
  for (const auto& [key, ends] : nodes) {
    std::vector<std::tuple<double, size_t, size_t>> pairs;
    for (size_t i = 0; i < ends.size(); ++i)
      for (size_t j = i + 1; j < ends.size(); ++j) {
        auto dir = [&](const std::pair<uint32_t, int>& en) {
          const XY p = end_point(en.first, en.second), q = end_point(en.first, 1 - en.second);
          const double len = planar::distance(p, q);
          return XY{(q.x - p.x) / len, (q.y - p.y) / len};
        };
        const XY u = dir(ends[i]), v = dir(ends[j]);
        const double straight = -(u.x * v.x + u.y * v.y);  // 1 = straight on
        if (straight > 0.64) pairs.emplace_back(-straight, i, j);
      }
    std::sort(pairs.begin(), pairs.end());
    std::vector<bool> used(ends.size(), false);
    for (const auto& [s, i, j] : pairs) {
      if (used[i] || used[j]) continue;
      used[i] = used[j] = true;
      link[ends[i].first][static_cast<size_t>(ends[i].second)] = {ends[j].first, ends[j].second};
      link[ends[j].first][static_cast<size_t>(ends[j].second)] = {ends[i].first, ends[i].second};
    }
  }
  std::vector<bool> visited(edges.size(), false);
  std::vector<std::vector<uint32_t>> chains;
  for (uint32_t e = 0; e < edges.size(); ++e) {
    if (visited[e]) continue;
    uint32_t cur = e;
    int entry = 0;
    for (size_t steps = 0; steps < edges.size(); ++steps) {  // walk back to the chain start
      const auto [f, k] = link[cur][static_cast<size_t>(entry)];
      if (f < 0 || static_cast<uint32_t>(f) == e || visited[static_cast<size_t>(f)]) break;
      cur = static_cast<uint32_t>(f);
      entry = 1 - k;
    }
    std::vector<uint32_t> chain;
    double length = 0;
    while (!visited[cur]) {
      visited[cur] = true;
      const double len = planar::distance(edges[cur].a, edges[cur].b);
      if (!chain.empty() && length + len > max_length_m) {
        chains.push_back(std::move(chain));
        chain.clear();
        length = 0;
      }
      // Orient the edge along the walk so the chain is a connected line.
      chain.push_back(entry == 0 ? cur : (cur | 0x80000000u));
      length += len;
      const auto [f, k] = link[cur][static_cast<size_t>(1 - entry)];
      if (f < 0) break;
      cur = static_cast<uint32_t>(f);
      entry = k;
    }
    if (!chain.empty()) chains.push_back(std::move(chain));
  }
  return chains;
}

std::vector<LineString> parts_of(const GEOSGeometry* g, const geom::GeosContext& geos) {
  GEOSContextHandle_t ctx = geos.handle();
  std::vector<LineString> out;
  const int type = GEOSGeomTypeId_r(ctx, g);
  if (type == GEOS_LINESTRING) {
    if (!GEOSisEmpty_r(ctx, g)) out.push_back(geos.to_linestring(g));
  } else if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
    for (int i = 0; i < GEOSGetNumGeometries_r(ctx, g); ++i)
      for (auto& l : parts_of(GEOSGetGeometryN_r(ctx, g, i), geos)) out.push_back(std::move(l));
  }
  return out;
}

// Lines clipped to an area and merged back into maximal pieces.
std::vector<LineString> clip_lines(const std::vector<LineString>& lines, const GEOSGeometry* area,
                                   const geom::GeosContext& geos) {
  GEOSContextHandle_t ctx = geos.handle();
  std::vector<GEOSGeometry*> raw;
  for (const auto& l : lines) raw.push_back(geos.from(l).release());
  geom::GeosGeom multi = geos.wrap(GEOSGeom_createCollection_r(
      ctx, GEOS_MULTILINESTRING, raw.data(), static_cast<unsigned>(raw.size())));
  geom::GeosGeom clipped = geos.wrap(GEOSIntersection_r(ctx, multi.get(), area));
  geom::GeosGeom merged = geos.wrap(GEOSLineMerge_r(ctx, clipped.get()));
  return parts_of(merged.get(), geos);
}

uint32_t gemeente_of(const City& city, uint32_t buurt) {
  return city.stadsdeel_gemeente[city.wijk_stadsdeel[city.buurt_wijk[buurt]]];
}

}  // namespace

double StreetNetwork::length_m(uint32_t street) const { return line_length(line[street]); }

StreetNetwork generate_streets(const City& city, const StreetOptions& o, Rng& rng,
                               const geom::GeosContext& geos) {
  GEOSContextHandle_t ctx = geos.handle();
  StreetNetwork net;
  const size_t nb = city.buurten.size();
  std::vector<NamePool> pools(city.gemeenten.size());
  pools[0].reserve("Stationsstraat");
  pools[0].reserve("Grotestraat");
  std::vector<std::vector<uint32_t>> seg_buurten;  // per segment: buurten it serves

  auto add_street = [&](std::string name, LineString line, StreetKind kind, uint32_t home,
                        const std::vector<std::vector<uint32_t>>& per_segment_buurten) {
    const auto s = static_cast<uint32_t>(net.name.size());
    for (size_t i = 1; i < line.size(); ++i) {
      net.x0.push_back(line[i - 1].x);
      net.y0.push_back(line[i - 1].y);
      net.x1.push_back(line[i].x);
      net.y1.push_back(line[i].y);
      net.segment_street.push_back(s);
      seg_buurten.push_back(per_segment_buurten[i - 1]);
    }
    net.name.push_back(std::move(name));
    net.line.push_back(std::move(line));
    net.kind.push_back(kind);
    net.home_buurt.push_back(home);
  };

  // 1. Border roads.
  const std::vector<BorderEdge> edges = border_edges(city);
  for (const auto& chain : chain_edges(edges, o.max_main_length_m)) {
    LineString line;
    std::vector<std::vector<uint32_t>> sb;
    for (auto tagged : chain) {
      const BorderEdge& e = edges[tagged & 0x7fffffffu];
      const bool reversed = (tagged & 0x80000000u) != 0;
      if (line.empty()) line.push_back(reversed ? e.b : e.a);
      line.push_back(reversed ? e.a : e.b);
      sb.push_back({e.left, e.right});
    }
    const uint32_t g = gemeente_of(city, edges[chain[0] & 0x7fffffffu].left);
    add_street(pools[g].main_road(rng), std::move(line), StreetKind::border, kNoArea, sb);
  }

  // 2. Radial through roads from each town centre, clipped to the outline.
  geom::GeosGeom outline = geos.from(city.outline);
  std::vector<Envelope> buurt_env(nb);
  for (size_t b = 0; b < nb; ++b) buurt_env[b] = envelope_of(city.buurten.geometry[b]);
  auto buurt_at = [&](const XY& p) -> uint32_t {
    for (uint32_t b = 0; b < nb; ++b)
      if (buurt_env[b].contains(p) && planar::contains(city.buurten.geometry[b], p)) return b;
    return kNoArea;
  };
  for (size_t g = 0; g < city.gemeenten.size(); ++g) {
    const int n = g == 0 ? o.radials_first : o.radials_other;
    const XY c = city.gemeente_centre[g];
    const double radius = city.gemeente_radius_m[g];
    for (int k = 0; k < n; ++k) {
      double heading = 2 * kPi * k / n + rng.uniform(-0.25, 0.25);
      LineString line{
          {c.x + 0.04 * radius * std::cos(heading), c.y + 0.04 * radius * std::sin(heading)}};
      while (planar::distance(line.back(), c) < 1.3 * radius) {
        heading += rng.uniform(-0.08, 0.08);
        line.push_back(
            {line.back().x + 150 * std::cos(heading), line.back().y + 150 * std::sin(heading)});
      }
      for (auto& part : clip_lines({line}, outline.get(), geos)) {
        if (line_length(part) < 200) continue;
        std::vector<std::vector<uint32_t>> sb;
        for (size_t i = 1; i < part.size(); ++i) {
          const uint32_t b =
              buurt_at({(part[i - 1].x + part[i].x) / 2, (part[i - 1].y + part[i].y) / 2});
          sb.push_back(b == kNoArea ? std::vector<uint32_t>{} : std::vector<uint32_t>{b});
        }
        add_street(pools[g].main_road(rng), std::move(part), StreetKind::radial, kNoArea, sb);
      }
    }
  }

  // 3. A perturbed grid of residential streets in every buurt; the angle is shared per wijk
  //    so that neighbouring buurten line up, as a planned extension would.
  std::vector<double> wijk_angle(city.wijken.size());
  for (auto& a : wijk_angle) a = rng.uniform(0, kPi / 2);
  for (uint32_t b = 0; b < nb; ++b) {
    const uint32_t g = gemeente_of(city, b);
    const XY c = city.buurt_centroid[b];
    double reach = 0;
    for (const auto& poly : city.buurten.geometry[b])
      for (const auto& p : poly.outer) reach = std::max(reach, planar::distance(p, c));
    const double rel =
        std::min(1.0, planar::distance(c, city.gemeente_centre[g]) / city.gemeente_radius_m[g]);
    double spacing = o.spacing_centre_m + (o.spacing_outer_m - o.spacing_centre_m) * rel;
    if (city.industrial[b]) spacing *= 1.6;
    const double theta = wijk_angle[city.buurt_wijk[b]] + rng.uniform(-0.12, 0.12);
    geom::GeosGeom area = geos.from(city.buurten.geometry[b]);
    for (int family = 0; family < 2; ++family) {
      const double t = theta + family * kPi / 2;
      const XY u{std::cos(t), std::sin(t)}, n{-u.y, u.x};
      const double step = family == 0 ? spacing : spacing * o.cross_factor;
      std::vector<LineString> lines;
      for (double v = -reach + rng.uniform(0, step); v < reach; v += step) {
        LineString l;
        for (double s = -reach; s <= reach + 60; s += 60) {
          const double off = v + o.wiggle_m * rng.normal();
          l.push_back({c.x + u.x * s + n.x * off, c.y + u.y * s + n.y * off});
        }
        lines.push_back(std::move(l));
      }
      if (lines.empty()) continue;
      for (auto& part : clip_lines(lines, area.get(), geos)) {
        if (line_length(part) < o.min_length_m) continue;
        std::vector<std::vector<uint32_t>> sb(part.size() - 1, std::vector<uint32_t>{b});
        add_street(pools[g].street(rng), std::move(part), StreetKind::grid, b, sb);
      }
    }
  }

  // 4. The two planted streets: the longest grid streets of the two most central buurten.
  std::vector<uint32_t> central;
  for (uint32_t b = 0; b < nb; ++b)
    if (gemeente_of(city, b) == 0 && !city.industrial[b]) central.push_back(b);
  std::sort(central.begin(), central.end(), [&](uint32_t a, uint32_t b) {
    const double da = planar::distance(city.buurt_centroid[a], city.gemeente_centre[0]);
    const double db = planar::distance(city.buurt_centroid[b], city.gemeente_centre[0]);
    return da != db ? da < db : a < b;
  });
  std::vector<uint32_t> planted;
  for (auto b : central) {
    uint32_t best = kNoArea;
    double best_len = 0;
    for (uint32_t s = 0; s < net.size(); ++s)
      if (net.kind[s] == StreetKind::grid && net.home_buurt[s] == b && net.length_m(s) > best_len) {
        best_len = net.length_m(s);
        best = s;
      }
    if (best != kNoArea) planted.push_back(best);
    if (planted.size() == 2) break;
  }
  if (planted.size() < 2) planted.resize(2, 0);
  net.station_street = planted[0];
  net.shopping_street = planted[1];
  net.name[planted[0]] = "Stationsstraat";
  net.name[planted[1]] = "Grotestraat";
  net.station_buurt = net.home_buurt[planted[0]];
  net.shopping_buurt = net.home_buurt[planted[1]];

  // 5. Per-buurt segment lists for sampling incidents near streets.
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (uint32_t s = 0; s < seg_buurten.size(); ++s)
    for (auto b : seg_buurten[s]) pairs.push_back({b, s});
  std::sort(pairs.begin(), pairs.end());
  net.buurt_offset.assign(nb + 1, 0);
  for (const auto& [b, s] : pairs) {
    ++net.buurt_offset[b + 1];
    net.buurt_segment.push_back(s);
  }
  for (size_t b = 0; b < nb; ++b) net.buurt_offset[b + 1] += net.buurt_offset[b];
  net.buurt_cumlen_m.resize(net.buurt_segment.size());
  for (size_t b = 0; b < nb; ++b) {
    double acc = 0;
    for (uint32_t i = net.buurt_offset[b]; i < net.buurt_offset[b + 1]; ++i) {
      const uint32_t s = net.buurt_segment[i];
      acc += std::hypot(net.x1[s] - net.x0[s], net.y1[s] - net.y0[s]);
      net.buurt_cumlen_m[i] = acc;
    }
  }
  (void)ctx;
  return net;
}

StreetIndex::StreetIndex(const StreetNetwork& net, double cell_m) : net_(net), cell_m_(cell_m) {
  Envelope e;
  for (size_t s = 0; s < net.x0.size(); ++s) {
    e.expand(XY{net.x0[s], net.y0[s]});
    e.expand(XY{net.x1[s], net.y1[s]});
  }
  min_x_ = e.min_x;
  min_y_ = e.min_y;
  nx_ = static_cast<int64_t>((e.max_x - e.min_x) / cell_m) + 1;
  ny_ = static_cast<int64_t>((e.max_y - e.min_y) / cell_m) + 1;
  std::vector<std::pair<uint64_t, uint32_t>> cell_items;
  for (uint32_t s = 0; s < net.x0.size(); ++s) {
    const auto cx0 = static_cast<int64_t>((std::min(net.x0[s], net.x1[s]) - min_x_) / cell_m);
    const auto cx1 = static_cast<int64_t>((std::max(net.x0[s], net.x1[s]) - min_x_) / cell_m);
    const auto cy0 = static_cast<int64_t>((std::min(net.y0[s], net.y1[s]) - min_y_) / cell_m);
    const auto cy1 = static_cast<int64_t>((std::max(net.y0[s], net.y1[s]) - min_y_) / cell_m);
    for (int64_t cy = cy0; cy <= cy1; ++cy)
      for (int64_t cx = cx0; cx <= cx1; ++cx)
        cell_items.push_back({static_cast<uint64_t>(cy * nx_ + cx), s});
  }
  std::sort(cell_items.begin(), cell_items.end());
  offset_.assign(static_cast<size_t>(nx_ * ny_) + 1, 0);
  items_.reserve(cell_items.size());
  for (const auto& [c, s] : cell_items) {
    ++offset_[c + 1];
    items_.push_back(s);
  }
  for (size_t c = 0; c + 1 < offset_.size(); ++c) offset_[c + 1] += offset_[c];
}

uint32_t StreetIndex::nearest(const XY& p) const {
  const auto cx =
      std::clamp<int64_t>(static_cast<int64_t>(std::floor((p.x - min_x_) / cell_m_)), 0, nx_ - 1);
  const auto cy =
      std::clamp<int64_t>(static_cast<int64_t>(std::floor((p.y - min_y_) / cell_m_)), 0, ny_ - 1);
  double best_d2 = 1e300;
  uint32_t best_seg = 0;
  const int64_t max_ring = std::max(nx_, ny_);
  for (int64_t r = 0; r <= max_ring; ++r) {
    for (int64_t y = cy - r; y <= cy + r; ++y) {
      if (y < 0 || y >= ny_) continue;
      const bool edge_row = (y == cy - r || y == cy + r);
      for (int64_t x = cx - r; x <= cx + r; x += edge_row ? 1 : 2 * r) {
        if (x >= 0 && x < nx_) {
          const auto c = static_cast<size_t>(y * nx_ + x);
          for (uint32_t i = offset_[c]; i < offset_[c + 1]; ++i) {
            const uint32_t s = items_[i];
            const double dx = net_.x1[s] - net_.x0[s], dy = net_.y1[s] - net_.y0[s];
            const double len2 = dx * dx + dy * dy;
            double t = len2 > 0 ? ((p.x - net_.x0[s]) * dx + (p.y - net_.y0[s]) * dy) / len2 : 0;
            t = std::clamp(t, 0.0, 1.0);
            const double ex = net_.x0[s] + t * dx - p.x, ey = net_.y0[s] + t * dy - p.y;
            const double d2 = ex * ex + ey * ey;
            if (d2 < best_d2 || (d2 == best_d2 && s < best_seg)) {
              best_d2 = d2;
              best_seg = s;
            }
          }
        }
        if (r == 0) break;
      }
    }
    // Cells outside ring r are at least r * cell plus p's distance to the edge of its own
    // cell away from p (p lies in the centre cell).
    const double in_x = p.x - min_x_ - static_cast<double>(cx) * cell_m_;
    const double in_y = p.y - min_y_ - static_cast<double>(cy) * cell_m_;
    const double margin = std::max(0.0, std::min({in_x, cell_m_ - in_x, in_y, cell_m_ - in_y}));
    const double reach = static_cast<double>(r) * cell_m_ + margin;
    if (best_d2 < 1e300 && best_d2 <= reach * reach) break;
  }
  return net_.segment_street[best_seg];
}

}  // namespace brandpunt::gendemo
