#include "city.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>

#include "core/error.hpp"
#include "names.hpp"
#include "planar.hpp"

namespace brandpunt::gendemo {

namespace {

constexpr double kPi = 3.14159265358979323846;

double snap(double v, double grid) { return std::round(v / grid) * grid; }

// A smooth, irregular town outline: a circle whose radius is modulated by a few low
// harmonics with seeded amplitudes and phases (radius never below 2/3 of the mean).
Ring make_outline(const CityOptions& o, double r0, Rng& rng) {
  double amp[6] = {}, phase[6] = {};
  for (int k = 2; k <= 5; ++k) {
    amp[k] = rng.uniform(0.02, 0.16 / (k - 1));
    phase[k] = rng.uniform(0, 2 * kPi);
  }
  constexpr int kVertices = 256;
  Ring ring;
  for (int i = 0; i < kVertices; ++i) {
    const double t = 2 * kPi * i / kVertices;
    double f = 1;
    for (int k = 2; k <= 5; ++k) f += amp[k] * std::cos(k * t + phase[k]);
    ring.push_back({snap(o.centre.x + r0 * f * std::cos(t), o.grid_m),
                    snap(o.centre.y + r0 * f * std::sin(t), o.grid_m)});
  }
  ring.push_back(ring.front());
  return ring;
}

// Voronoi cells of `seeds`, snapped to the grid and clipped to the outline. Cells that lie
// inside the outline are kept as they are; the others are intersected on the same grid, so
// that an edge shared by two cells has identical coordinates in both (exact tiling).
std::vector<MultiPolygon> clipped_cells(const std::vector<XY>& seeds, const GEOSGeometry* outline,
                                        const GEOSPreparedGeometry* prepared, double grid,
                                        const geom::GeosContext& geos) {
  GEOSContextHandle_t ctx = geos.handle();
  std::vector<GEOSGeometry*> points;
  points.reserve(seeds.size());
  for (const auto& s : seeds) points.push_back(GEOSGeom_createPointFromXY_r(ctx, s.x, s.y));
  geom::GeosGeom sites = geos.wrap(GEOSGeom_createCollection_r(
      ctx, GEOS_MULTIPOINT, points.data(), static_cast<unsigned>(points.size())));
  geom::GeosGeom diagram = geos.wrap(GEOSVoronoiDiagram_r(ctx, sites.get(), outline, 0.0, 0));
  const int n = GEOSGetNumGeometries_r(ctx, diagram.get());
  std::vector<MultiPolygon> cells;
  cells.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const GEOSGeometry* cell = GEOSGetGeometryN_r(ctx, diagram.get(), i);
    // Snap by hand exactly as GEOS's fixed PrecisionModel does (round(v * scale) / scale,
    // half up; RD coordinates are positive): GEOSGeom_setPrecision would run a full
    // overlay per cell, which dominated the run time at 15,000 buurten.
    MultiPolygon mp = geos.to_multipolygon(cell);
    const double scale = 1.0 / grid;
    for (auto& poly : mp)
      for (auto& p : poly.outer)
        p = {std::round(p.x * scale) / scale, std::round(p.y * scale) / scale};
    geom::GeosGeom snapped = geos.from(mp);
    if (!GEOSPreparedContains_r(ctx, prepared, snapped.get()))
      mp = geos.to_multipolygon(
          geos.wrap(GEOSIntersectionPrec_r(ctx, snapped.get(), outline, grid)).get());
    if (area_of(mp) > 0) cells.push_back(std::move(mp));
  }
  return cells;
}

// Splits `idx` into k groups of near-equal size by recursive median cuts along the longer
// axis (a k-d partition): balanced, spatially compact, deterministic.
void kd_groups(const std::vector<XY>& pts, std::vector<uint32_t> idx, int k,
               std::vector<std::vector<uint32_t>>& out) {
  if (k <= 1 || idx.size() <= 1) {
    out.push_back(std::move(idx));
    return;
  }
  Envelope e;
  for (auto i : idx) e.expand(pts[i]);
  const bool by_x = (e.max_x - e.min_x) >= (e.max_y - e.min_y);
  std::sort(idx.begin(), idx.end(), [&](uint32_t a, uint32_t b) {
    const double va = by_x ? pts[a].x : pts[a].y, vb = by_x ? pts[b].x : pts[b].y;
    return va != vb ? va < vb : a < b;
  });
  const int k1 = k / 2;
  const size_t cut = idx.size() * static_cast<size_t>(k1) / static_cast<size_t>(k);
  kd_groups(pts, std::vector<uint32_t>(idx.begin(), idx.begin() + static_cast<long>(cut)), k1, out);
  kd_groups(pts, std::vector<uint32_t>(idx.begin() + static_cast<long>(cut), idx.end()), k - k1,
            out);
}

// k-means (Lloyd 1982) seeded by the k-d partition; returns compact labels 0..k'-1.
std::vector<uint32_t> kmeans(const std::vector<XY>& pts, int k, int iterations) {
  std::vector<uint32_t> all(pts.size());
  std::iota(all.begin(), all.end(), 0u);
  std::vector<std::vector<uint32_t>> groups;
  kd_groups(pts, all, k, groups);
  std::vector<XY> centre;
  std::vector<uint32_t> label(pts.size());
  for (size_t g = 0; g < groups.size(); ++g) {
    XY c{};
    for (auto i : groups[g]) {
      c.x += pts[i].x / static_cast<double>(groups[g].size());
      c.y += pts[i].y / static_cast<double>(groups[g].size());
      label[i] = static_cast<uint32_t>(g);
    }
    centre.push_back(c);
  }
  for (int it = 0; it < iterations; ++it) {
    for (size_t i = 0; i < pts.size(); ++i) {
      double best = 1e300;
      for (size_t c = 0; c < centre.size(); ++c) {
        const double dx = pts[i].x - centre[c].x, dy = pts[i].y - centre[c].y;
        const double d = dx * dx + dy * dy;
        if (d < best) {
          best = d;
          label[i] = static_cast<uint32_t>(c);
        }
      }
    }
    std::vector<XY> sum(centre.size());
    std::vector<double> count(centre.size(), 0);
    for (size_t i = 0; i < pts.size(); ++i) {
      sum[label[i]].x += pts[i].x;
      sum[label[i]].y += pts[i].y;
      count[label[i]] += 1;
    }
    for (size_t c = 0; c < centre.size(); ++c)
      if (count[c] > 0) centre[c] = {sum[c].x / count[c], sum[c].y / count[c]};
  }
  std::vector<int64_t> remap(centre.size(), -1);
  uint32_t next = 0;
  for (auto& l : label) {
    if (remap[l] < 0) remap[l] = next++;
    l = static_cast<uint32_t>(remap[l]);
  }
  return label;
}

// Compass names by angle (radians, counter-clockwise from east), as Dutch stadsdelen are named.
struct Direction {
  const char* name;
  double angle_deg;
};
constexpr Direction kCompass[8] = {{"Oost", 0},        {"Noordoost", 45}, {"Noord", 90},
                                   {"Noordwest", 135}, {"West", 180},     {"Zuidwest", 225},
                                   {"Zuid", 270},      {"Zuidoost", 315}};

double angle_gap_deg(double a_deg, double b_deg) {
  const double d = std::fmod(std::abs(a_deg - b_deg), 360.0);
  return d > 180 ? 360 - d : d;
}

std::string two_digits(size_t n) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02zu", n);
  return buf;
}

geom::GeosGeom union_of(const std::vector<const MultiPolygon*>& parts, double grid,
                        const geom::GeosContext& geos) {
  GEOSContextHandle_t ctx = geos.handle();
  std::vector<GEOSGeometry*> raw;
  raw.reserve(parts.size());
  for (const auto* p : parts)
    for (const auto& poly : *p) raw.push_back(geos.from(poly).release());
  geom::GeosGeom all = geos.wrap(GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, raw.data(),
                                                             static_cast<unsigned>(raw.size())));
  return geos.wrap(GEOSUnaryUnionPrec_r(ctx, all.get(), grid));
}

MultiPolygon checked(geom::GeosGeom g, const geom::GeosContext& geos) {
  if (!geos.is_valid(g.get())) g = geos.make_valid(g.get());
  return geos.to_multipolygon(g.get());
}

}  // namespace

City generate_city(const CityOptions& o, Rng& rng, const geom::GeosContext& geos) {
  if (o.buurten < 7) throw Error(ErrorKind::config, "--buurten must be at least 7");
  GEOSContextHandle_t ctx = geos.handle();
  const auto n_buurten = static_cast<size_t>(o.buurten);
  const double r0 = std::sqrt(static_cast<double>(o.buurten) * o.buurt_area_m2 / kPi);

  City city;
  const MultiPolygon outline_mp{Polygon{make_outline(o, r0, rng), {}}};
  geom::GeosGeom outline =
      geos.wrap(GEOSGeom_setPrecision_r(ctx, geos.from(outline_mp).get(), o.grid_m, 0));
  geom::GeosPrepared prepared = geos.prepare(outline.get());
  city.outline = geos.to_multipolygon(outline.get());

  // Seeds: denser near the centre for a town (small inner-city buurten), uniform at scale.
  const bool centre_bump = o.buurten <= 2000;
  const Envelope env = envelope_of(city.outline);
  std::vector<XY> seeds;
  while (seeds.size() < n_buurten) {
    const XY p{rng.uniform(env.min_x, env.max_x), rng.uniform(env.min_y, env.max_y)};
    if (!planar::contains(city.outline, p)) continue;
    if (centre_bump) {
      const double r = planar::distance(p, o.centre) / r0;
      if (rng.uniform() >= (1 + 3 * std::exp(-(r / 0.35) * (r / 0.35))) / 4) continue;
    }
    seeds.push_back(p);
  }
  std::vector<MultiPolygon> cells =
      clipped_cells(seeds, outline.get(), prepared.get(), o.grid_m, geos);
  for (int it = 0; it < o.lloyd_iterations; ++it) {  // Lloyd relaxation: seeds to centroids
    seeds.clear();
    for (const auto& c : cells) seeds.push_back(planar::centroid(c));
    cells = clipped_cells(seeds, outline.get(), prepared.get(), o.grid_m, geos);
  }
  const size_t nb = cells.size();
  std::vector<XY> centroid(nb);
  std::vector<double> area(nb);
  for (size_t b = 0; b < nb; ++b) {
    centroid[b] = planar::centroid(cells[b]);
    area[b] = area_of(cells[b]);
  }

  // Wijken by k-means; gemeenten by a balanced k-d partition of the wijken.
  const int k_wijken =
      std::max(1, static_cast<int>(std::lround(static_cast<double>(nb) / o.buurten_per_wijk)));
  const std::vector<uint32_t> wijk_of = kmeans(centroid, k_wijken, 8);
  const size_t nw = *std::max_element(wijk_of.begin(), wijk_of.end()) + 1;
  std::vector<XY> wijk_centroid(nw);
  std::vector<double> wijk_area(nw, 0);
  for (size_t b = 0; b < nb; ++b) {
    wijk_centroid[wijk_of[b]].x += centroid[b].x * area[b];
    wijk_centroid[wijk_of[b]].y += centroid[b].y * area[b];
    wijk_area[wijk_of[b]] += area[b];
  }
  for (size_t w = 0; w < nw; ++w)
    wijk_centroid[w] = {wijk_centroid[w].x / wijk_area[w], wijk_centroid[w].y / wijk_area[w]};
  const int k_gemeenten =
      static_cast<int>((nw + static_cast<size_t>(o.max_wijken_per_gemeente) - 1) /
                       static_cast<size_t>(o.max_wijken_per_gemeente));
  std::vector<uint32_t> all_w(nw);
  std::iota(all_w.begin(), all_w.end(), 0u);
  std::vector<std::vector<uint32_t>> gm_wijken;
  kd_groups(wijk_centroid, all_w, k_gemeenten, gm_wijken);
  {  // the group nearest the requested centre becomes Demostad (GM0999)
    size_t best = 0;
    double best_d = 1e300;
    for (size_t g = 0; g < gm_wijken.size(); ++g)
      for (auto w : gm_wijken[g])
        if (planar::distance(wijk_centroid[w], o.centre) < best_d) {
          best_d = planar::distance(wijk_centroid[w], o.centre);
          best = g;
        }
    std::swap(gm_wijken[0], gm_wijken[best]);
  }
  const size_t ng = gm_wijken.size();

  // Town centres and radii; then per-buurt distance to its own town centre.
  std::vector<uint32_t> gm_of_wijk(nw);
  for (size_t g = 0; g < ng; ++g)
    for (auto w : gm_wijken[g]) gm_of_wijk[w] = static_cast<uint32_t>(g);
  city.gemeente_centre.assign(ng, XY{});
  city.gemeente_radius_m.assign(ng, 0);
  {
    std::vector<double> gm_area(ng, 0);
    for (size_t b = 0; b < nb; ++b) {
      const auto g = gm_of_wijk[wijk_of[b]];
      city.gemeente_centre[g].x += centroid[b].x * area[b];
      city.gemeente_centre[g].y += centroid[b].y * area[b];
      gm_area[g] += area[b];
    }
    for (size_t g = 0; g < ng; ++g) {
      city.gemeente_centre[g] = {city.gemeente_centre[g].x / gm_area[g],
                                 city.gemeente_centre[g].y / gm_area[g]};
      city.gemeente_radius_m[g] = std::sqrt(gm_area[g] / kPi);
    }
    if (ng == 1) city.gemeente_centre[0] = o.centre;
  }
  std::vector<double> rel_r(nb);
  for (size_t b = 0; b < nb; ++b) {
    const auto g = gm_of_wijk[wijk_of[b]];
    rel_r[b] = planar::distance(centroid[b], city.gemeente_centre[g]) / city.gemeente_radius_m[g];
  }

  // Stadsdelen per gemeente: the wijken nearest the centre form Centrum, the rest are cut
  // into compass sectors by angle, starting at the widest angular gap.
  std::vector<std::vector<std::vector<uint32_t>>> gm_sd(ng);  // gemeente -> stadsdeel -> wijken
  std::vector<std::vector<std::string>> gm_sd_name(ng);
  for (size_t g = 0; g < ng; ++g) {
    auto ws = gm_wijken[g];
    const XY c = city.gemeente_centre[g];
    const size_t s_count = std::min(static_cast<size_t>(o.stadsdelen_per_gemeente), ws.size());
    std::sort(ws.begin(), ws.end(), [&](uint32_t a, uint32_t b) {
      const double da = planar::distance(wijk_centroid[a], c),
                   db = planar::distance(wijk_centroid[b], c);
      return da != db ? da < db : a < b;
    });
    const size_t n_centre =
        s_count <= 1 ? ws.size() : std::max<size_t>(1, (ws.size() + s_count / 2) / s_count);
    gm_sd[g].push_back(std::vector<uint32_t>(ws.begin(), ws.begin() + static_cast<long>(n_centre)));
    gm_sd_name[g].push_back("Centrum");
    std::vector<std::pair<double, uint32_t>> ring;
    for (size_t i = n_centre; i < ws.size(); ++i) {
      const double a =
          std::atan2(wijk_centroid[ws[i]].y - c.y, wijk_centroid[ws[i]].x - c.x) * 180 / kPi;
      ring.push_back({a < 0 ? a + 360 : a, ws[i]});
    }
    std::sort(ring.begin(), ring.end());
    if (ring.empty()) continue;
    size_t start = 0;
    double widest = -1;
    for (size_t i = 0; i < ring.size(); ++i) {
      const double next = i + 1 < ring.size() ? ring[i + 1].first : ring[0].first + 360;
      if (next - ring[i].first > widest) {
        widest = next - ring[i].first;
        start = (i + 1) % ring.size();
      }
    }
    std::rotate(ring.begin(), ring.begin() + static_cast<long>(start), ring.end());
    const size_t sectors = std::min(s_count - 1, ring.size());
    std::vector<double> mean_angle;
    for (size_t s = 0; s < sectors; ++s) {
      const size_t lo = ring.size() * s / sectors, hi = ring.size() * (s + 1) / sectors;
      std::vector<uint32_t> members;
      double sx = 0, sy = 0;
      for (size_t i = lo; i < hi; ++i) {
        members.push_back(ring[i].second);
        sx += std::cos(ring[i].first * kPi / 180);
        sy += std::sin(ring[i].first * kPi / 180);
      }
      gm_sd[g].push_back(members);
      const double a = std::atan2(sy, sx) * 180 / kPi;
      mean_angle.push_back(a < 0 ? a + 360 : a);
    }
    // Greedy unique compass names: closest (sector, direction) pairs first.
    std::vector<std::tuple<double, size_t, size_t>> pairs;
    for (size_t s = 0; s < sectors; ++s)
      for (size_t d = 0; d < 8; ++d)
        pairs.emplace_back(angle_gap_deg(mean_angle[s], kCompass[d].angle_deg), s, d);
    std::sort(pairs.begin(), pairs.end());
    std::vector<std::string> names(sectors);
    std::vector<bool> used(8, false);
    for (const auto& [gap, s, d] : pairs)
      if (names[s].empty() && !used[d]) {
        names[s] = kCompass[d].name;
        used[d] = true;
      }
    for (auto& n : names) gm_sd_name[g].push_back(n);
  }

  // Population: area x density falling off from the town centre (thinner in the shopping
  // core), a few bedrijventerreinen with < 100 inhabitants; largest remainder to the total.
  const int64_t total = o.inhabitants > 0 ? o.inhabitants : 1500 * static_cast<int64_t>(nb);
  std::vector<uint8_t> industrial(nb, 0);
  {
    std::vector<uint32_t> outer;
    for (size_t b = 0; b < nb; ++b)
      if (rel_r[b] > 0.6) outer.push_back(static_cast<uint32_t>(b));
    const size_t n_ind = std::min(outer.size(), std::max<size_t>(1, nb / 50));
    for (size_t i = 0; i < n_ind; ++i) {
      const size_t j = i + rng.below(outer.size() - i);
      std::swap(outer[i], outer[j]);
      industrial[outer[i]] = 1;
    }
  }
  std::vector<double> pop(nb, 0), weight(nb, 0), activity(nb, 0);
  double weight_sum = 0;
  int64_t assigned = 0;
  for (size_t b = 0; b < nb; ++b) {
    const double r = rel_r[b];
    activity[b] = 0.03 + std::exp(-(r / 0.25) * (r / 0.25));
    const double jitter = rng.uniform(0.75, 1.25);
    if (industrial[b]) {
      pop[b] = static_cast<double>(10 + rng.below(85));
      assigned += static_cast<int64_t>(pop[b]);
      activity[b] = 0.02;
      continue;
    }
    double density = 0.3 + 2.0 * std::exp(-(r / 0.5) * (r / 0.5));
    if (r < 0.15) density *= 0.7;
    weight[b] = area[b] * density * jitter;
    weight_sum += weight[b];
  }
  {
    const double rest = static_cast<double>(std::max<int64_t>(0, total - assigned));
    std::vector<std::pair<double, uint32_t>> remainder;
    int64_t floor_sum = 0;
    for (size_t b = 0; b < nb; ++b) {
      if (industrial[b]) continue;
      const double exact = rest * weight[b] / weight_sum;
      pop[b] = std::floor(exact);
      floor_sum += static_cast<int64_t>(pop[b]);
      remainder.push_back({-(exact - pop[b]), static_cast<uint32_t>(b)});
    }
    std::sort(remainder.begin(), remainder.end());
    for (int64_t i = 0;
         i < static_cast<int64_t>(rest) - floor_sum && i < static_cast<int64_t>(remainder.size());
         ++i)
      pop[remainder[static_cast<size_t>(i)].second] += 1;
  }

  // Codes, names and the final order: gemeente, stadsdeel, wijk, buurt (inner first).
  NamePool town_names;
  for (size_t g = 0; g < ng; ++g) {
    char gm[24];
    std::snprintf(gm, sizeof gm, "%04zu", 999 + g);
    const std::string gm_code = std::string("GM") + gm;
    const std::string gm_name = g == 0 ? std::string("Demostad") : town_names.gemeente(rng);
    if (g == 0) town_names.reserve(gm_name);
    const XY c = city.gemeente_centre[g];
    const auto gi = static_cast<uint32_t>(city.gemeenten.size());
    city.gemeenten.code.push_back(gm_code);
    city.gemeenten.name.push_back(gm_name);
    city.gemeenten.parent.push_back("");
    NamePool area_names;
    size_t wijk_number = 0;
    for (size_t s = 0; s < gm_sd[g].size(); ++s) {
      const auto si = static_cast<uint32_t>(city.stadsdelen.size());
      city.stadsdelen.code.push_back(ng == 1 ? "SD" + two_digits(s + 1)
                                             : "SD" + std::string(gm) + two_digits(s + 1));
      city.stadsdelen.name.push_back(ng == 1 ? gm_sd_name[g][s] : gm_name + " " + gm_sd_name[g][s]);
      city.stadsdelen.parent.push_back(gm_code);
      city.stadsdeel_gemeente.push_back(gi);
      auto ws = gm_sd[g][s];
      std::sort(ws.begin(), ws.end(), [&](uint32_t a, uint32_t b) {
        const double da = planar::distance(wijk_centroid[a], c),
                     db = planar::distance(wijk_centroid[b], c);
        return da != db ? da < db : a < b;
      });
      for (auto w : ws) {
        const auto wi = static_cast<uint32_t>(city.wijken.size());
        const std::string wk_code = "WK" + std::string(gm) + two_digits(++wijk_number);
        city.wijken.code.push_back(wk_code);
        city.wijken.name.push_back("Wijk " + two_digits(wijk_number) + " " + area_names.buurt(rng));
        city.wijken.parent.push_back(city.stadsdelen.code[si]);
        city.wijk_stadsdeel.push_back(si);
        std::vector<uint32_t> bs;
        for (size_t b = 0; b < nb; ++b)
          if (wijk_of[b] == w) bs.push_back(static_cast<uint32_t>(b));
        std::sort(bs.begin(), bs.end(), [&](uint32_t a, uint32_t b) {
          return rel_r[a] != rel_r[b] ? rel_r[a] < rel_r[b] : a < b;
        });
        size_t buurt_number = 0;
        for (auto b : bs) {
          city.buurten.code.push_back("BU" + std::string(gm) + two_digits(wijk_number) +
                                      two_digits(++buurt_number));
          std::string name = area_names.buurt(rng);
          if (industrial[b]) name = "Bedrijventerrein " + name;
          city.buurten.name.push_back(name);
          city.buurten.parent.push_back(wk_code);
          city.buurten.population.push_back(pop[b]);
          city.buurten.geometry.push_back(checked(geos.from(cells[b]), geos));
          city.buurt_wijk.push_back(wi);
          city.buurt_gemeente_code.push_back(gm_code);
          city.buurt_centroid.push_back(centroid[b]);
          city.buurt_area_m2.push_back(area[b]);
          city.activity.push_back(activity[b]);
          city.industrial.push_back(industrial[b]);
        }
      }
    }
  }
  city.buurten.level = "buurt";
  city.wijken.level = "wijk";
  city.stadsdelen.level = "stadsdeel";
  city.gemeenten.level = "gemeente";

  // Dissolve upward on the same grid; populations are sums of the level below.
  auto dissolve = [&](const AreaLayer& lower, const std::vector<uint32_t>& up, AreaLayer& upper) {
    std::vector<std::vector<const MultiPolygon*>> parts(upper.size());
    upper.population.assign(upper.size(), 0);
    for (size_t i = 0; i < lower.size(); ++i) {
      parts[up[i]].push_back(&lower.geometry[i]);
      upper.population[up[i]] += lower.population[i];
    }
    for (size_t u = 0; u < upper.size(); ++u)
      upper.geometry.push_back(checked(union_of(parts[u], o.grid_m, geos), geos));
  };
  dissolve(city.buurten, city.buurt_wijk, city.wijken);
  dissolve(city.wijken, city.wijk_stadsdeel, city.stadsdelen);
  dissolve(city.stadsdelen, city.stadsdeel_gemeente, city.gemeenten);
  return city;
}

}  // namespace brandpunt::gendemo
