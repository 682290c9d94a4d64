// Patterns planted on demand (brandpunt-gendemo --plant ..., --no-streets, --no-population,
// --partial-last-month): each shows in the generated rows where and when truth.json says, and
// the default city keeps its content when nothing is asked for.
#include <gtest/gtest.h>
#include <unistd.h>

#include <gdal.h>
#include <ogr_api.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "generate.hpp"
#include "gpkg.hpp"
#include "planar.hpp"

using namespace brandpunt;
using namespace brandpunt::gendemo;
using json = nlohmann::ordered_json;

namespace {

std::string temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("brandpunt-gendemo-plant-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir.string();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Row {
  std::string datum, x, y, soort, straat;
  int month = -1, day = 0;  // month since the start; day of the month
};

std::vector<Row> read_rows(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) f.push_back(field);
    if (!line.empty() && line.back() == ',') f.push_back("");
    f.resize(6);
    Row r{f[1], f[2], f[3], f[4], f[5]};
    int d = 0, m = 0, y = 0, hh = 0, mm = 0;
    if (std::sscanf(r.datum.c_str(), "%2d-%2d-%4d %2d:%2d", &d, &m, &y, &hh, &mm) == 5 ||
        std::sscanf(r.datum.c_str(), "%4d-%2d-%2dT%2d:%2d", &y, &m, &d, &hh, &mm) == 5) {
      r.month = (y - 2023) * 12 + m - 1;
      r.day = d;
    }
    rows.push_back(r);
  }
  return rows;
}

struct Planted {
  std::string dir;
  json truth;
  std::vector<Row> rows;
  AreaSource buurten;
  Planted() {
    DemoOptions o;
    o.out_dir = dir = temp_dir("all");
    o.incidents.incidents = 30'000;
    o.incidents.plant = {true, true, true, true};
    o.incidents.last_month_days = 15;
    o.no_streets = true;
    o.no_population = true;
    truth = generate_demo(o);
    rows = read_rows(dir + "/incidents.csv");
    buurten = read_area_layer(dir + "/city.gpkg", "buurtcode");
  }
  int buurt_of(const Row& r) const {
    const XY p{std::atof(r.x.c_str()), std::atof(r.y.c_str())};
    for (size_t b = 0; b < buurten.code.size(); ++b)
      if (planar::contains(buurten.geometry[b], p)) return static_cast<int>(b);
    return -1;
  }
  size_t index_of(const std::string& code) const {
    for (size_t b = 0; b < buurten.code.size(); ++b)
      if (buurten.code[b] == code) return b;
    return SIZE_MAX;
  }
};

const Planted& planted() {
  static const Planted p;
  return p;
}

}  // namespace

TEST(GendemoPlant, every_requested_pattern_is_planted_apart_from_the_others) {
  const Planted& p = planted();
  ASSERT_TRUE(p.truth.contains("planted"));
  std::map<std::string, json> by_pattern;
  for (const auto& e : p.truth["planted"]) by_pattern[e["pattern"]] = e;
  ASSERT_EQ(by_pattern.size(), 4u);
  for (const char* k : {"persistent_isolated", "historical", "new", "cluster"}) EXPECT_EQ(by_pattern.count(k), 1u) << k;
  // The default clusters are replaced, not added to.
  EXPECT_TRUE(p.truth["hotspots"]["buurten"].empty());
  // No two patterns share a buurt (cores and rings).
  std::set<std::string> seen;
  for (const auto& e : p.truth["planted"]) {
    EXPECT_TRUE(seen.insert(e["code"].get<std::string>()).second) << e["code"];
    for (const auto& r : e["ring_codes"]) EXPECT_TRUE(seen.insert(r.get<std::string>()).second) << r;
  }
  EXPECT_TRUE(by_pattern["persistent_isolated"]["ring_codes"].empty());
  EXPECT_TRUE(by_pattern["new"]["ring_codes"].empty());
  EXPECT_FALSE(by_pattern["cluster"]["ring_codes"].empty());
  EXPECT_EQ(by_pattern["new"]["first_month"], "2025-01");    // month 25 of 36
  EXPECT_EQ(by_pattern["historical"]["last_month"], "2024-06");  // the first 18 months
}

TEST(GendemoPlant, planted_counts_show_where_and_when_the_truth_says) {
  const Planted& p = planted();
  for (const auto& e : p.truth["planted"]) {
    const std::string pattern = e["pattern"], soort = e["soort"];
    const size_t core = p.index_of(e["code"]);
    ASSERT_NE(core, SIZE_MAX) << pattern;
    const int first = e["first_month_index"], last = e["last_month_index"];
    std::vector<int64_t> per_month(36, 0);
    for (const Row& r : p.rows)
      if (r.soort == soort && r.month >= 0 && p.buurt_of(r) == static_cast<int>(core)) ++per_month[static_cast<size_t>(r.month)];
    double inside = 0, outside = 0;
    int n_in = 0, n_out = 0;
    for (int m = 0; m < 35; ++m) {  // the partial last month aside
      (m >= first && m <= last ? inside : outside) += static_cast<double>(per_month[static_cast<size_t>(m)]);
      (m >= first && m <= last ? n_in : n_out) += 1;
    }
    const double rate_in = inside / n_in;
    const double want = e["per_month"].get<double>();
    // The planted rate on top of a background of a few a month at most.
    EXPECT_GT(rate_in, 0.8 * want) << pattern;
    EXPECT_LT(rate_in, want + 6) << pattern;
    if (n_out > 0) {
      EXPECT_LT(outside / n_out, 0.35 * want) << pattern << ": active outside its months";
    }
    // Generated counts in the truth are about the planted rate times the months.
    const double months = last - first + (last == 35 ? 0.5 : 1.0);  // 15 of 31 days in the last
    EXPECT_NEAR(e["generated"].get<double>(), want * months, 5 * std::sqrt(want * months)) << pattern;
  }
}

TEST(GendemoPlant, no_streets_no_population_and_a_partial_last_month) {
  const Planted& p = planted();
  // No street data: every straat field is empty and city.gpkg has no straten layer.
  for (const Row& r : p.rows) ASSERT_TRUE(r.straat.empty()) << r.datum;
  EXPECT_FALSE(p.truth["street_names"].get<bool>());
  EXPECT_FALSE(p.truth["city"]["street_layer"].get<bool>());
  GDALAllRegister();
  GDALDatasetH ds = GDALOpenEx((p.dir + "/city.gpkg").c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
  ASSERT_NE(ds, nullptr);
  EXPECT_EQ(GDALDatasetGetLayerByName(ds, "straten"), nullptr);
  // One buurt without population: null in the GeoPackage, no row in population.csv.
  ASSERT_EQ(p.truth["city"]["population_missing"].size(), 1u);
  const std::string missing = p.truth["city"]["population_missing"][0];
  OGRLayerH layer = GDALDatasetGetLayerByName(ds, "buurten");
  ASSERT_NE(layer, nullptr);
  int nulls = 0, found = 0;
  OGR_L_ResetReading(layer);
  for (OGRFeatureH f; (f = OGR_L_GetNextFeature(layer)) != nullptr; OGR_F_Destroy(f)) {
    const int code = OGR_F_GetFieldIndex(f, "buurtcode"), pop = OGR_F_GetFieldIndex(f, "aantal_inwoners");
    const bool is_null = !OGR_F_IsFieldSetAndNotNull(f, pop);
    nulls += is_null;
    if (missing == OGR_F_GetFieldAsString(f, code)) found += is_null;
  }
  GDALClose(ds);
  EXPECT_EQ(nulls, 1);
  EXPECT_EQ(found, 1);
  EXPECT_EQ(slurp(p.dir + "/population.csv").find(missing), std::string::npos);
  for (const auto& e : p.truth["planted"]) EXPECT_NE(e["code"], missing);
  // The data stop on the 15th of the last month.
  EXPECT_EQ(p.truth["partial_last_month"]["month"], "2025-12");
  EXPECT_EQ(p.truth["partial_last_month"]["last_day"], 15);
  int64_t last_month = 0;
  for (const Row& r : p.rows) {
    if (r.month != 35) continue;
    ++last_month;
    EXPECT_LE(r.day, 15) << r.datum;
  }
  EXPECT_GT(last_month, 200);  // about half a month of a city with ~830 a month
}

TEST(GendemoPlant, nothing_asked_keeps_the_default_city_and_its_clusters) {
  DemoOptions o;
  o.city.buurten = 30;
  o.incidents.incidents = 3000;
  o.out_dir = temp_dir("default");
  const json a = generate_demo(o);
  EXPECT_FALSE(a.contains("planted"));
  EXPECT_FALSE(a.contains("partial_last_month"));
  EXPECT_EQ(a["hotspots"]["buurten"].size(), 4u);
  EXPECT_TRUE(a["city"]["population_missing"].empty());
  // Planting uses the same city: the areas file is byte-identical.
  DemoOptions q = o;
  q.out_dir = temp_dir("planted");
  q.incidents.plant.new_hotspot = true;
  const json b = generate_demo(q);
  EXPECT_EQ(slurp(o.out_dir + "/city.gpkg"), slurp(q.out_dir + "/city.gpkg"));
  EXPECT_EQ(b["planted"].size(), 1u);
}
