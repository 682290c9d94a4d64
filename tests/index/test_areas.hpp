// Test helpers shared by tests/index and tests/assign: synthetic tilings with exactly
// representable vertices, an OGR reader for the real buurten, and a GEOS "covers" oracle.
#pragma once

#include <geos_c.h>
#include <ogr_api.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/geometry.hpp"
#include "core/incidents.hpp"
#include "geom/geos.hpp"

namespace brandpunt::testing {

inline Ring box_ring(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}

// An n x n lattice jittered by multiples of 1/64 (so edge midpoints and quarter points are
// exactly representable and exactly on their edge); every cell is one quadrilateral area,
// and cells with (i + j) % 3 == 0 are split along a diagonal into two triangles, giving
// vertices shared by 3 to 8 areas. Area order is shuffled with the seed so that "lowest
// index" is not simply "lowest row".
inline std::vector<MultiPolygon> jittered_tiling(int n, uint32_t seed, double cell = 100.0) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> jitter(-12, 12);  // at most 3/16 cell: quads stay convex
  std::vector<XY> v((n + 1) * (n + 1));
  for (int j = 0; j <= n; ++j)
    for (int i = 0; i <= n; ++i) {
      const bool border_x = i == 0 || i == n, border_y = j == 0 || j == n;
      v[j * (n + 1) + i] = {i * cell + (border_x ? 0 : jitter(rng) * cell / 64),
                            j * cell + (border_y ? 0 : jitter(rng) * cell / 64)};
    }
  auto at = [&](int i, int j) { return v[j * (n + 1) + i]; };
  std::vector<MultiPolygon> areas;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const XY a = at(i, j), b = at(i + 1, j), c = at(i + 1, j + 1), d = at(i, j + 1);
      if ((i + j) % 3 == 0) {
        areas.push_back({Polygon{{a, b, c, a}, {}}});
        areas.push_back({Polygon{{a, c, d, a}, {}}});
      } else {
        areas.push_back({Polygon{{a, b, c, d, a}, {}}});
      }
    }
  std::shuffle(areas.begin(), areas.end(), rng);
  return areas;
}

// Lowest index of the areas whose closure contains (x, y), by GEOS "covers"; kNoArea if none.
class CoversOracle {
 public:
  explicit CoversOracle(const std::vector<MultiPolygon>& areas) {
    for (const auto& a : areas) {
      geoms_.push_back(geos_.from(a));
      prepared_.push_back(geos_.prepare(geoms_.back().get()));
      envs_.push_back(envelope_of(a));
    }
  }
  uint32_t lowest(double x, double y) const {
    auto p = geos_.point(x, y);
    for (size_t i = 0; i < prepared_.size(); ++i) {
      if (!envs_[i].contains(XY{x, y})) continue;
      if (GEOSPreparedCovers_r(geos_.handle(), prepared_[i].get(), p.get()) == 1)
        return static_cast<uint32_t>(i);
    }
    return kNoArea;
  }
  int count(double x, double y) const {
    auto p = geos_.point(x, y);
    int n = 0;
    for (size_t i = 0; i < prepared_.size(); ++i)
      n += envs_[i].contains(XY{x, y}) &&
           GEOSPreparedCovers_r(geos_.handle(), prepared_[i].get(), p.get()) == 1;
    return n;
  }

 private:
  geom::GeosContext geos_;
  std::vector<geom::GeosGeom> geoms_;
  std::vector<geom::GeosPrepared> prepared_;
  std::vector<Envelope> envs_;
};

// Reads the polygons of the first layer of a vector file with the OGR C API, in file
// order, plus the values of one string field. Empty when the file cannot be opened.
inline std::vector<MultiPolygon> read_polygons(const std::string& path, const char* field,
                                               std::vector<std::string>* values) {
  OGRRegisterAll();
  std::vector<MultiPolygon> out;
  OGRDataSourceH ds = OGROpen(path.c_str(), 0, nullptr);
  if (!ds) return out;
  OGRLayerH layer = OGR_DS_GetLayer(ds, 0);
  OGR_L_ResetReading(layer);
  auto ring_of = [](OGRGeometryH r) {
    Ring ring(OGR_G_GetPointCount(r));
    for (int i = 0; i < static_cast<int>(ring.size()); ++i)
      ring[i] = {OGR_G_GetX(r, i), OGR_G_GetY(r, i)};
    return ring;
  };
  auto polygon_of = [&](OGRGeometryH g) {
    Polygon p;
    p.outer = ring_of(OGR_G_GetGeometryRef(g, 0));
    for (int k = 1; k < OGR_G_GetGeometryCount(g); ++k)
      p.holes.push_back(ring_of(OGR_G_GetGeometryRef(g, k)));
    return p;
  };
  while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    MultiPolygon mp;
    if (g && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPolygon) mp.push_back(polygon_of(g));
    if (g && wkbFlatten(OGR_G_GetGeometryType(g)) == wkbMultiPolygon)
      for (int k = 0; k < OGR_G_GetGeometryCount(g); ++k)
        mp.push_back(polygon_of(OGR_G_GetGeometryRef(g, k)));
    out.push_back(std::move(mp));
    if (values && field) {
      const int idx = OGR_F_GetFieldIndex(f, field);
      values->push_back(idx >= 0 ? OGR_F_GetFieldAsString(f, idx) : "");
    }
    OGR_F_Destroy(f);
  }
  OGR_DS_Destroy(ds);
  return out;
}

inline std::string shared_path(const std::string& rel) {
  return std::string(BRANDPUNT_SHARED_DIR) + "/" + rel;
}

}  // namespace brandpunt::testing
