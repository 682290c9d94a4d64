// The demo city: buurten tile the outline exactly, the hierarchy nests, codes are CBS-style,
// the street network is named and indexed correctly, and the random transforms are pinned.
#include "city.hpp"

#include <geos_c.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <regex>
#include <set>

#include "core/error.hpp"
#include "planar.hpp"
#include "rng.hpp"
#include "streets.hpp"

using namespace brandpunt;
using namespace brandpunt::gendemo;

namespace {

struct Demo {
  geom::GeosContext geos;
  City city;
  StreetNetwork streets;
  Demo() {
    Rng root(42);
    Rng city_rng = root.fork(1), street_rng = root.fork(2);
    city = generate_city(CityOptions{}, city_rng, geos);
    streets = generate_streets(city, StreetOptions{}, street_rng, geos);
  }
};

const Demo& demo() {
  static const Demo d;
  return d;
}

double geos_area(const geom::GeosContext& geos, const GEOSGeometry* g) {
  double a = 0;
  GEOSArea_r(geos.handle(), g, &a);
  return a;
}

}  // namespace

TEST(GendemoRng, engine_is_the_standard_mt19937_64) {
  // The standard fixes the 10000th output of a default-seeded mt19937_64 ([rand.predef]);
  // our transforms sit on this sequence, so equal seeds give equal files everywhere.
  Rng rng(5489u);
  uint64_t v = 0;
  for (int i = 0; i < 10000; ++i) v = rng.next();
  EXPECT_EQ(v, 9981545732273789042ULL);
}

TEST(GendemoRng, poisson_has_the_right_mean_and_variance) {
  Rng rng(1);
  for (double lambda : {0.3, 3.5, 80.0}) {
    double sum = 0, sum2 = 0;
    const int n = 40000;
    for (int i = 0; i < n; ++i) {
      const auto k = static_cast<double>(rng.poisson(lambda));
      sum += k;
      sum2 += k * k;
    }
    const double mean = sum / n, var = sum2 / n - mean * mean;
    EXPECT_NEAR(mean, lambda, 4 * std::sqrt(lambda / n)) << lambda;
    EXPECT_NEAR(var / lambda, 1.0, 0.05) << lambda;
  }
}

TEST(GendemoCity, default_city_has_the_requested_shape) {
  const City& c = demo().city;
  EXPECT_EQ(c.buurten.size(), 100u);
  EXPECT_GE(c.wijken.size(), 17u);
  EXPECT_LE(c.wijken.size(), 21u);
  EXPECT_EQ(c.stadsdelen.size(), 7u);
  ASSERT_EQ(c.gemeenten.size(), 1u);
  EXPECT_EQ(c.gemeenten.code[0], "GM0999");
  EXPECT_EQ(c.gemeenten.name[0], "Demostad");
  EXPECT_EQ(c.stadsdelen.name[0], "Centrum");
  double people = 0;
  int small = 0;
  for (size_t b = 0; b < c.buurten.size(); ++b) {
    people += c.buurten.population[b];
    EXPECT_EQ(c.buurten.population[b], std::round(c.buurten.population[b]));
    if (c.buurten.population[b] < 100) ++small;
  }
  EXPECT_EQ(people, 150000);
  EXPECT_GE(small, 2);  // bedrijventerreinen, for rate stability tests downstream
}

TEST(GendemoCity, buurten_tile_the_outline_without_gaps_or_overlaps) {
  const auto& geos = demo().geos;
  const City& c = demo().city;
  GEOSContextHandle_t ctx = geos.handle();
  std::vector<geom::GeosGeom> g;
  std::vector<GEOSGeometry*> raw;
  for (const auto& mp : c.buurten.geometry) {
    g.push_back(geos.from(mp));
    ASSERT_TRUE(geos.is_valid(g.back().get())) << geos.validity_reason(g.back().get());
    raw.push_back(geos.from(mp).release());
  }
  geom::GeosGeom all = geos.wrap(GEOSGeom_createCollection_r(
      ctx, GEOS_GEOMETRYCOLLECTION, raw.data(), static_cast<unsigned>(raw.size())));
  geom::GeosGeom u = geos.wrap(GEOSUnaryUnion_r(ctx, all.get()));
  geom::GeosGeom outline = geos.from(c.outline);
  const double outline_area = geos_area(geos, outline.get());
  EXPECT_NEAR(geos_area(geos, u.get()) / outline_area, 1.0, 1e-6);
  geom::GeosGeom gaps = geos.wrap(GEOSSymDifference_r(ctx, u.get(), outline.get()));
  EXPECT_LT(geos_area(geos, gaps.get()), 1e-6 * outline_area);
  double sum = 0, overlap = 0;
  for (size_t i = 0; i < g.size(); ++i) {
    sum += geos_area(geos, g[i].get());
    const Envelope ei = envelope_of(c.buurten.geometry[i]);
    for (size_t j = i + 1; j < g.size(); ++j) {
      const Envelope ej = envelope_of(c.buurten.geometry[j]);
      if (ei.max_x < ej.min_x || ej.max_x < ei.min_x || ei.max_y < ej.min_y || ej.max_y < ei.min_y)
        continue;
      geom::GeosGeom x = geos.wrap(GEOSIntersection_r(ctx, g[i].get(), g[j].get()));
      overlap += geos_area(geos, x.get());
    }
  }
  EXPECT_NEAR(sum / outline_area, 1.0, 1e-6);
  EXPECT_LT(overlap, 1e-6 * outline_area);
}

TEST(GendemoCity, hierarchy_nests_and_codes_follow_cbs) {
  const auto& geos = demo().geos;
  const City& c = demo().city;
  GEOSContextHandle_t ctx = geos.handle();
  const std::regex bu("BU0999[0-9]{4}"), wk("WK0999[0-9]{2}"), sd("SD0[1-7]");
  std::set<std::string> wijk_codes(c.wijken.code.begin(), c.wijken.code.end());
  std::set<std::string> sd_codes(c.stadsdelen.code.begin(), c.stadsdelen.code.end());
  std::set<std::string> bu_codes(c.buurten.code.begin(), c.buurten.code.end());
  EXPECT_EQ(bu_codes.size(), c.buurten.size());
  EXPECT_EQ(wijk_codes.size(), c.wijken.size());
  for (size_t b = 0; b < c.buurten.size(); ++b) {
    EXPECT_TRUE(std::regex_match(c.buurten.code[b], bu)) << c.buurten.code[b];
    EXPECT_TRUE(wijk_codes.count(c.buurten.parent[b]));
    EXPECT_EQ(c.buurten.parent[b], c.wijken.code[c.buurt_wijk[b]]);
    // CBS: the buurt code starts with the digits of its wijk code.
    EXPECT_EQ(c.buurten.code[b].substr(2, 6), c.buurten.parent[b].substr(2, 6));
  }
  for (size_t w = 0; w < c.wijken.size(); ++w) {
    EXPECT_TRUE(std::regex_match(c.wijken.code[w], wk)) << c.wijken.code[w];
    EXPECT_TRUE(sd_codes.count(c.wijken.parent[w]));
    // The wijk polygon is the union of its buurten (symmetric difference ~ 0).
    std::vector<GEOSGeometry*> parts;
    double pop = 0;
    for (size_t b = 0; b < c.buurten.size(); ++b)
      if (c.buurt_wijk[b] == w) {
        parts.push_back(geos.from(c.buurten.geometry[b]).release());
        pop += c.buurten.population[b];
      }
    ASSERT_FALSE(parts.empty());
    geom::GeosGeom coll = geos.wrap(GEOSGeom_createCollection_r(
        ctx, GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())));
    geom::GeosGeom u = geos.wrap(GEOSUnaryUnion_r(ctx, coll.get()));
    geom::GeosGeom wg = geos.from(c.wijken.geometry[w]);
    geom::GeosGeom diff = geos.wrap(GEOSSymDifference_r(ctx, u.get(), wg.get()));
    EXPECT_LT(geos_area(geos, diff.get()), 1e-6 * geos_area(geos, wg.get())) << c.wijken.code[w];
    EXPECT_EQ(pop, c.wijken.population[w]);
    // k-means does not promise contiguity; for the shipped seed every wijk is one piece.
    EXPECT_EQ(c.wijken.geometry[w].size(), 1u) << c.wijken.code[w];
  }
  for (size_t s = 0; s < c.stadsdelen.size(); ++s) {
    EXPECT_TRUE(std::regex_match(c.stadsdelen.code[s], sd));
    EXPECT_EQ(c.stadsdelen.parent[s], "GM0999");
  }
  std::set<std::string> names(c.stadsdelen.name.begin(), c.stadsdelen.name.end());
  EXPECT_EQ(names.size(), 7u);
}

TEST(GendemoStreets, names_are_unique_and_the_planted_streets_are_central) {
  const StreetNetwork& s = demo().streets;
  const City& c = demo().city;
  EXPECT_GT(s.size(), 700u);
  EXPECT_LT(s.size(), 1500u);
  std::set<std::string> names(s.name.begin(), s.name.end());
  EXPECT_EQ(names.size(), s.size());
  EXPECT_EQ(s.name[s.station_street], "Stationsstraat");
  EXPECT_EQ(s.name[s.shopping_street], "Grotestraat");
  EXPECT_GT(s.length_m(s.station_street), 150);
  // Central: within a fifth of the town radius of the centre.
  EXPECT_LT(planar::distance(c.buurt_centroid[s.station_buurt], c.gemeente_centre[0]),
            0.2 * c.gemeente_radius_m[0]);
  // Some street crosses a buurt border (radial through roads).
  bool crosses = false;
  for (size_t i = 0; i < s.size() && !crosses; ++i) {
    if (s.kind[i] != StreetKind::radial) continue;
    std::set<size_t> touched;
    for (const auto& p : s.line[i])
      for (size_t b = 0; b < c.buurten.size(); ++b)
        if (planar::contains(c.buurten.geometry[b], p)) touched.insert(b);
    crosses = touched.size() > 1;
  }
  EXPECT_TRUE(crosses);
}

TEST(GendemoStreets, index_finds_the_nearest_street_like_brute_force) {
  const StreetNetwork& s = demo().streets;
  const StreetIndex index(s);
  Rng rng(3);
  const Envelope e = envelope_of(demo().city.outline);
  for (int i = 0; i < 300; ++i) {
    const XY p{rng.uniform(e.min_x, e.max_x), rng.uniform(e.min_y, e.max_y)};
    double best = 1e300;
    for (size_t k = 0; k < s.x0.size(); ++k) {
      const double dx = s.x1[k] - s.x0[k], dy = s.y1[k] - s.y0[k];
      double t = ((p.x - s.x0[k]) * dx + (p.y - s.y0[k]) * dy) / (dx * dx + dy * dy);
      t = std::clamp(t, 0.0, 1.0);
      best = std::min(best, std::hypot(s.x0[k] + t * dx - p.x, s.y0[k] + t * dy - p.y));
    }
    // The returned street has a segment at exactly the brute-force minimum distance.
    const uint32_t street = index.nearest(p);
    double got = 1e300;
    for (size_t k = 0; k < s.x0.size(); ++k) {
      if (s.segment_street[k] != street) continue;
      const double dx = s.x1[k] - s.x0[k], dy = s.y1[k] - s.y0[k];
      double t = ((p.x - s.x0[k]) * dx + (p.y - s.y0[k]) * dy) / (dx * dx + dy * dy);
      t = std::clamp(t, 0.0, 1.0);
      got = std::min(got, std::hypot(s.x0[k] + t * dx - p.x, s.y0[k] + t * dy - p.y));
    }
    EXPECT_DOUBLE_EQ(got, best);
  }
}

TEST(GendemoCity, refuses_too_few_buurten) {
  geom::GeosContext geos;
  Rng rng(1);
  CityOptions o;
  o.buurten = 3;
  EXPECT_THROW(generate_city(o, rng, geos), brandpunt::Error);
}

TEST(GendemoCity, national_scale_splits_into_gemeenten_with_cbs_codes) {
  geom::GeosContext geos;
  Rng rng(9);
  CityOptions o;
  o.buurten = 250;
  o.buurten_per_wijk = 2;  // 125 wijken: more than one gemeente can number
  o.lloyd_iterations = 0;
  const City c = generate_city(o, rng, geos);
  ASSERT_GE(c.gemeenten.size(), 2u);
  EXPECT_EQ(c.gemeenten.name[0], "Demostad");
  const std::regex bu("BU[0-9]{8}");
  std::set<std::string> codes;
  for (size_t b = 0; b < c.buurten.size(); ++b) {
    EXPECT_TRUE(std::regex_match(c.buurten.code[b], bu)) << c.buurten.code[b];
    // The buurt's GM digits are those of the gemeente it nests in.
    const auto g = c.stadsdeel_gemeente[c.wijk_stadsdeel[c.buurt_wijk[b]]];
    EXPECT_EQ(c.buurten.code[b].substr(2, 4), c.gemeenten.code[g].substr(2, 4));
    codes.insert(c.buurten.code[b]);
  }
  EXPECT_EQ(codes.size(), c.buurten.size());
  for (size_t w = 0; w < c.wijken.size(); ++w)
    EXPECT_LE(std::stoi(c.wijken.code[w].substr(6, 2)), 99);
}
