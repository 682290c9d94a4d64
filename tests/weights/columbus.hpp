// Test helper: the Columbus oracle (spdep 1.2-7, /work/shared/oracle) — polygons, GEOS
// centroids and the reference neighbour lists — plus an exact comparison of a Weights
// against one of its lists. Tests GTEST_SKIP when the shared folder is absent.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/geometry.hpp"
#include "weights/summary.hpp"
#include "weights/weights.hpp"

namespace brandpunt::weights::test {

inline std::filesystem::path oracle_dir() {
  return std::filesystem::path(BRANDPUNT_SHARED_DIR) / "oracle";
}

inline std::optional<nlohmann::json> load_json(const std::filesystem::path& p) {
  std::ifstream in(p);
  if (!in) return std::nullopt;
  return nlohmann::json::parse(in);
}

inline Ring ring_from(const nlohmann::json& coords) {
  Ring r;
  for (const auto& c : coords) r.push_back(XY{c[0].get<double>(), c[1].get<double>()});
  return r;
}

inline Polygon polygon_from(const nlohmann::json& rings) {
  Polygon p;
  p.outer = ring_from(rings[0]);
  for (size_t k = 1; k < rings.size(); ++k) p.holes.push_back(ring_from(rings[k]));
  return p;
}

// GeoJSON Polygon/MultiPolygon features, in file order.
inline std::vector<MultiPolygon> read_polygons(const nlohmann::json& fc) {
  std::vector<MultiPolygon> out;
  for (const auto& f : fc["features"]) {
    const auto& g = f["geometry"];
    MultiPolygon mp;
    if (g["type"] == "Polygon") {
      mp.push_back(polygon_from(g["coordinates"]));
    } else {
      for (const auto& rings : g["coordinates"]) mp.push_back(polygon_from(rings));
    }
    out.push_back(std::move(mp));
  }
  return out;
}

struct Columbus {
  std::vector<MultiPolygon> polygons;
  std::vector<XY> centroids;  // input.centroids (sf::st_centroid, GEOS)
  nlohmann::json weights;     // the "weights" object
};

inline std::optional<Columbus> load_columbus() {
  auto out = load_json(oracle_dir() / "out" / "columbus.json");
  auto geo = load_json(oracle_dir() / "data" / "columbus.geojson");
  if (!out || !geo) return std::nullopt;
  Columbus c;
  c.polygons = read_polygons(*geo);
  for (const auto& p : (*out)["input"]["centroids"])
    c.centroids.push_back(XY{p[0].get<double>(), p[1].get<double>()});
  c.weights = (*out)["weights"];
  return c;
}

// columbus.csv: the polygons as 17-digit WKT (the GeoJSON rounds some coordinates in the
// last digit) and the centroid_x/centroid_y columns. Empty when the file is absent.
struct ColumbusCsv {
  std::vector<std::string> wkt;
  std::vector<XY> centroids;
};
inline ColumbusCsv load_columbus_csv() {
  ColumbusCsv out;
  std::ifstream in(oracle_dir() / "data" / "columbus.csv");
  std::string line;
  if (!std::getline(in, line)) return out;  // header: id,POLYID,CRIME,centroid_x,centroid_y,...
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    size_t start = 0;
    for (int k = 0; k < 5; ++k) {
      const size_t comma = line.find(',', start);
      fields.push_back(line.substr(start, comma - start));
      start = comma + 1;
    }
    out.centroids.push_back(XY{std::stod(fields[3]), std::stod(fields[4])});
    const size_t open = line.find('"'), close = line.rfind('"');
    out.wkt.push_back(line.substr(open + 1, close - open - 1));
  }
  return out;
}

#define BP_LOAD_COLUMBUS(var)                                                              \
  auto var##_opt = ::brandpunt::weights::test::load_columbus();                            \
  if (!var##_opt) GTEST_SKIP() << "Columbus oracle not found under " BRANDPUNT_SHARED_DIR; \
  const auto& var = *var##_opt

// Exact equality with an oracle entry: summary fields and every neighbour list.
inline void expect_same_as_oracle(const Weights& w, const nlohmann::json& ref) {
  const WeightsSummary s = summarise(w);
  EXPECT_EQ(s.n, ref["n"].get<size_t>());
  EXPECT_EQ(s.n_links, ref["n_links"].get<size_t>());
  EXPECT_EQ(s.symmetric, ref["symmetric"].get<bool>());
  EXPECT_EQ(s.islands.size(), ref["n_islands"].get<size_t>());
  EXPECT_EQ(s.min_card, ref["min_card"].get<size_t>());
  EXPECT_EQ(s.max_card, ref["max_card"].get<size_t>());
  const auto lists = to_lists(w);
  ASSERT_EQ(lists.size(), ref["neighbours"].size());
  for (size_t i = 0; i < lists.size(); ++i)
    EXPECT_EQ(lists[i], ref["neighbours"][i].get<std::vector<uint32_t>>()) << "area " << i;
}

}  // namespace brandpunt::weights::test
