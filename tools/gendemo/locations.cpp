#include "locations.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cmath>

#include "names.hpp"
#include "planar.hpp"

namespace brandpunt::gendemo {

CityLocations::CityLocations(const City& city, const StreetNetwork& streets)
    : city_(city), net_(streets), index_(streets) {
  for (const auto& g : city.buurten.geometry) env_.push_back(envelope_of(g));
  extent_ = envelope_of(city.outline);
}

XY CityLocations::uniform_in(uint32_t b, Rng& rng) const {
  const Envelope& e = env_[b];
  for (int attempt = 0; attempt < 10'000; ++attempt) {
    const XY p{rng.uniform(e.min_x, e.max_x), rng.uniform(e.min_y, e.max_y)};
    if (planar::contains(city_.buurten.geometry[b], p)) return p;
  }
  return city_.buurt_centroid[b];
}

XY CityLocations::in_area(uint32_t b, double p_street, Rng& rng) {
  const uint32_t lo = net_.buurt_offset[b], hi = net_.buurt_offset[b + 1];
  if (hi > lo && rng.uniform() < p_street) {
    const double total = net_.buurt_cumlen_m[hi - 1];
    for (int attempt = 0; attempt < 6; ++attempt) {
      const double r = rng.uniform() * total;
      const auto it =
          std::upper_bound(net_.buurt_cumlen_m.begin() + lo, net_.buurt_cumlen_m.begin() + hi, r);
      const uint32_t s = net_.buurt_segment[std::min<size_t>(
          static_cast<size_t>(it - net_.buurt_cumlen_m.begin()), hi - 1)];
      const double dx = net_.x1[s] - net_.x0[s], dy = net_.y1[s] - net_.y0[s];
      const double len = std::hypot(dx, dy);
      if (len <= 0) continue;
      const double t = rng.uniform(), offset = rng.uniform(3, 25) * (rng.uniform() < 0.5 ? -1 : 1);
      const XY along{net_.x0[s] + t * dx, net_.y0[s] + t * dy};
      // Homes and shops line both sides of a street; a border road has a buurt on each side.
      for (double side : {1.0, -1.0}) {
        const XY p{along.x - dy / len * offset * side, along.y + dx / len * offset * side};
        if (planar::contains(city_.buurten.geometry[b], p)) return p;
      }
    }
  }
  return uniform_in(b, rng);
}

XY CityLocations::on_street(uint32_t street, uint32_t b, Rng& rng) {
  // Segments of one street are contiguous in the flat arrays.
  const auto first =
      std::lower_bound(net_.segment_street.begin(), net_.segment_street.end(), street);
  const auto last = std::upper_bound(first, net_.segment_street.end(), street);
  const auto s0 = static_cast<size_t>(first - net_.segment_street.begin());
  const auto n = static_cast<size_t>(last - first);
  double total = 0;
  for (size_t i = 0; i < n; ++i)
    total += std::hypot(net_.x1[s0 + i] - net_.x0[s0 + i], net_.y1[s0 + i] - net_.y0[s0 + i]);
  XY along{};
  for (int attempt = 0; attempt < 8; ++attempt) {
    double r = rng.uniform() * total;
    size_t s = s0;
    for (size_t i = 0; i < n; ++i, ++s) {
      const double len = std::hypot(net_.x1[s] - net_.x0[s], net_.y1[s] - net_.y0[s]);
      if (r <= len || i + 1 == n) break;
      r -= len;
    }
    const double dx = net_.x1[s] - net_.x0[s], dy = net_.y1[s] - net_.y0[s];
    const double len = std::hypot(dx, dy);
    if (len <= 0) continue;
    const double t = rng.uniform(), offset = rng.uniform(1, 8) * (rng.uniform() < 0.5 ? -1 : 1);
    along = {net_.x0[s] + t * dx, net_.y0[s] + t * dy};
    const XY p{along.x - dy / len * offset, along.y + dx / len * offset};
    if (planar::contains(city_.buurten.geometry[b], p)) return p;
  }
  return along;
}

std::string_view CityLocations::street_name(const XY& p, Rng&) {
  return net_.name[index_.nearest(p)];
}

bool CityLocations::contains(uint32_t area, const XY& p) const {
  return planar::contains(city_.buurten.geometry[area], p);
}

bool ScatterLocations::contains(uint32_t area, const XY& p) const {
  geom::GeosGeom pt = geos_.point(p.x, p.y);
  return GEOSPreparedContains_r(geos_.handle(), prepared_[area].get(), pt.get()) == 1;
}

ScatterLocations::ScatterLocations(const std::vector<MultiPolygon>& areas,
                                   const geom::GeosContext& geos, Rng& name_rng)
    : geos_(geos) {
  for (const auto& a : areas) {
    geoms_.push_back(geos.from(a));
    if (!geos.is_valid(geoms_.back().get())) geoms_.back() = geos.make_valid(geoms_.back().get());
    prepared_.push_back(geos.prepare(geoms_.back().get()));
    env_.push_back(envelope_of(a));
    extent_.expand(env_.back());
  }
  NamePool pool;
  for (int i = 0; i < 400; ++i) names_.push_back(pool.street(name_rng));
}

XY ScatterLocations::in_area(uint32_t a, double, Rng& rng) {
  const Envelope& e = env_[a];
  XY p{(e.min_x + e.max_x) / 2, (e.min_y + e.max_y) / 2};
  for (int attempt = 0; attempt < 100'000; ++attempt) {
    p = {rng.uniform(e.min_x, e.max_x), rng.uniform(e.min_y, e.max_y)};
    geom::GeosGeom pt = geos_.point(p.x, p.y);
    if (GEOSPreparedContains_r(geos_.handle(), prepared_[a].get(), pt.get()) == 1) return p;
  }
  return p;
}

AreaModel area_model(const City& city, const StreetNetwork& streets) {
  AreaModel m;
  m.code = city.buurten.code;
  m.name = city.buurten.name;
  m.population = city.buurten.population;
  m.activity = city.activity;
  m.area_m2 = city.buurt_area_m2;
  for (uint32_t b = 0; b < city.buurten.size(); ++b)
    m.eligible.push_back(!city.industrial[b] && b != streets.station_buurt &&
                         b != streets.shopping_buurt);
  return m;
}

std::vector<PlantedStreet> planted_streets(const StreetNetwork& net) {
  std::vector<PlantedStreet> out;
  auto add = [&](uint32_t street, uint32_t buurt, const char* code, double multiplier) {
    const uint32_t lo = net.buurt_offset[buurt], hi = net.buurt_offset[buurt + 1];
    const double buurt_len = hi > lo ? net.buurt_cumlen_m[hi - 1] : 1.0;
    out.push_back(
        {street, buurt, net.name[street], code, multiplier, net.length_m(street) / buurt_len});
  };
  add(net.station_street, net.station_buurt, "1.2.3", 10);
  add(net.shopping_street, net.shopping_buurt, "1.2.4", 8);
  return out;
}

}  // namespace brandpunt::gendemo
