// Incidents and ground truth, read back from the files the generator writes: same seed gives
// the same bytes; planted hotspots and trends show in the data; every bad row listed in
// truth.json is bad in the way it says, and every other row is clean.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/error.hpp"
#include "core/taxonomy.hpp"
#include "generate.hpp"
#include "gpkg.hpp"
#include "planar.hpp"
#include "weights/contiguity.hpp"

using namespace brandpunt;
using namespace brandpunt::gendemo;
using json = nlohmann::ordered_json;

namespace {

// One folder per process and name: ctest runs the tests of this file in parallel processes.
std::string temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("brandpunt-gendemo-test-" + name + "-" + std::to_string(::getpid()));
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
  std::string id, datum, x, y, soort, straat;
};

std::vector<Row> read_rows(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "registratienummer,datum,x,y,soort,straat");
  std::vector<Row> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) f.push_back(field);
    if (!line.empty() && line.back() == ',') f.push_back("");
    EXPECT_EQ(f.size(), 6u) << line;
    f.resize(6);
    rows.push_back({f[0], f[1], f[2], f[3], f[4], f[5]});
  }
  return rows;
}

// Parses "dd-mm-yyyy hh:mm" or "yyyy-mm-ddThh:mm" with a real calendar check; returns the
// month index since 2023-01, or -1 when unparseable.
int month_index(const std::string& s) {
  int d = 0, m = 0, y = 0, hh = 0, mm = 0;
  char tail = 0;
  if (std::sscanf(s.c_str(), "%2d-%2d-%4d %2d:%2d%c", &d, &m, &y, &hh, &mm, &tail) != 5 &&
      std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d%c", &y, &m, &d, &hh, &mm, &tail) != 5)
    return -1;
  static constexpr int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1] || hh > 23 || mm > 59) return -1;
  if (m == 2 && d == 29 && y % 4 != 0) return -1;
  return (y - 2023) * 12 + m - 1;
}

// One default city with 30,000 incidents, shared by the tests below.
struct Generated {
  std::string dir;
  json truth;
  std::vector<Row> rows;
  AreaSource buurten;
  Generated() {
    DemoOptions o;
    o.out_dir = dir = temp_dir("main");
    o.seed = 42;
    o.incidents.incidents = 30'000;
    truth = generate_demo(o);
    rows = read_rows(dir + "/incidents.csv");
    buurten = read_area_layer(dir + "/city.gpkg", "buurtcode");  // first layer: buurten
  }
  // Index of the buurt containing (x, y), or -1.
  int buurt_at(double x, double y) const {
    for (size_t b = 0; b < buurten.code.size(); ++b)
      if (planar::contains(buurten.geometry[b], XY{x, y})) return static_cast<int>(b);
    return -1;
  }
};

const Generated& generated() {
  static const Generated g;
  return g;
}

}  // namespace

TEST(GendemoIncidents, same_seed_gives_identical_files_and_another_seed_does_not) {
  DemoOptions o;
  o.city.buurten = 30;
  o.incidents.incidents = 3000;
  const std::string a = temp_dir("a"), b = temp_dir("b"), c = temp_dir("c");
  o.out_dir = a;
  generate_demo(o);
  o.out_dir = b;
  generate_demo(o);
  for (const char* f :
       {"incidents.csv", "truth.json", "population.csv", "buurt_stadsdeel.csv", "city.gpkg"}) {
    const std::string bytes = slurp(a + "/" + f);
    EXPECT_FALSE(bytes.empty()) << f;
    EXPECT_EQ(bytes, slurp(b + "/" + f)) << f;
  }
  o.seed = 43;
  o.out_dir = c;
  generate_demo(o);
  EXPECT_NE(slurp(a + "/incidents.csv"), slurp(c + "/incidents.csv"));
  for (const auto& entry : std::filesystem::directory_iterator(c))  // no temporary files left
    EXPECT_EQ(entry.path().filename().string().find("tmp"), std::string::npos) << entry.path();
}

TEST(GendemoIncidents, planted_near_repeats_append_rows_and_change_no_other_row) {
  DemoOptions o;
  o.city.buurten = 30;
  o.incidents.incidents = 3000;
  const std::string plain = temp_dir("nr0"), planted = temp_dir("nr1");
  o.out_dir = plain;
  const json t0 = generate_demo(o);
  o.out_dir = planted;
  o.incidents.near_repeat_series = 25;
  o.incidents.near_repeat_radius_m = 80;
  o.incidents.near_repeat_days = 5;
  const json t1 = generate_demo(o);
  const auto r0 = read_rows(plain + "/incidents.csv"), r1 = read_rows(planted + "/incidents.csv");
  ASSERT_GT(r1.size(), r0.size());
  for (size_t i = 0; i < r0.size(); ++i) {
    EXPECT_EQ(r0[i].datum, r1[i].datum) << i;
    EXPECT_EQ(r0[i].x, r1[i].x) << i;
  }
  const auto& nr = t1["near_repeat"];
  EXPECT_EQ(nr["series"], 25);
  EXPECT_EQ(nr["rows"].get<size_t>(), r1.size() - r0.size());
  EXPECT_EQ(t1["counts"]["rows"].get<size_t>(), r1.size());
  for (const auto& s : nr["by_series"]) {
    ASSERT_GE(s["rows"].size(), 1u);
    const Row& src = r1[s["rows"][0].get<size_t>() - 1];
    EXPECT_EQ(src.soort, "1.1.1");
    for (const auto& row : s["rows"]) {
      const Row& f = r1[row.get<size_t>() - 1];
      EXPECT_EQ(f.soort, "1.1.1");
      EXPECT_LE(std::hypot(std::stod(f.x) - std::stod(src.x), std::stod(f.y) - std::stod(src.y)),
                80.01);
      const int dm = month_index(f.datum) - month_index(src.datum);
      EXPECT_TRUE(dm == 0 || dm == 1) << f.datum << " after " << src.datum;
    }
  }
  EXPECT_FALSE(t0.contains("near_repeat"));
}

TEST(GendemoIncidents, counts_in_truth_match_the_file) {
  const auto& g = generated();
  EXPECT_EQ(g.truth["counts"]["rows"].get<size_t>(), g.rows.size());
  EXPECT_NEAR(static_cast<double>(g.rows.size()), 30'000, 4 * std::sqrt(30'000.0));
  std::map<std::string, int64_t> by_code;
  std::set<int64_t> bad;
  for (const auto& [reason, r] : g.truth["bad_rows"]["by_reason"].items())
    for (auto row : r["rows"]) bad.insert(row.get<int64_t>());
  for (size_t i = 0; i < g.rows.size(); ++i)
    if (!bad.count(static_cast<int64_t>(i + 1))) ++by_code[g.rows[i].soort];
  for (const auto& [code, n] : g.truth["counts"]["by_category"].items())
    EXPECT_EQ(by_code[code], n.get<int64_t>()) << code;
  // The mix is realistic: bicycle theft beats shoplifting beats overvallen by far.
  EXPECT_GT(by_code["1.2.3"], by_code["2.5.2"]);
  EXPECT_GT(by_code["2.5.2"], 20 * by_code["1.4.7"]);
}

TEST(GendemoIncidents, bad_rows_are_bad_as_listed_and_the_rest_are_clean) {
  const auto& g = generated();
  const Taxonomy tax = Taxonomy::dutch_default();
  std::map<int64_t, std::string> reason_of;
  int64_t listed = 0;
  for (const auto& [reason, r] : g.truth["bad_rows"]["by_reason"].items()) {
    EXPECT_GT(r["count"].get<int>(), 0) << reason;  // every reject path is exercised
    for (auto row : r["rows"]) reason_of[row.get<int64_t>()] = reason;
    listed += r["count"].get<int64_t>();
  }
  EXPECT_EQ(listed, g.truth["bad_rows"]["count"].get<int64_t>());
  EXPECT_NEAR(static_cast<double>(listed) / static_cast<double>(g.rows.size()), 0.001, 0.0006);
  Envelope all;
  for (const auto& geom : g.buurten.geometry) all.expand(envelope_of(geom));
  int iso = 0;
  for (size_t i = 0; i < g.rows.size(); ++i) {
    const Row& r = g.rows[i];
    const auto it = reason_of.find(static_cast<int64_t>(i + 1));
    const std::string reason = it == reason_of.end() ? "" : it->second;
    const bool empty_x = r.x.empty();
    const bool bad_date = month_index(r.datum) < 0;
    const bool unknown = !tax.lookup(r.soort).has_value();
    const double x = empty_x ? 0 : std::stod(r.x), y = std::stod(r.y);
    const bool swapped = !empty_x && x > y;  // RD New: x < y everywhere in the Netherlands
    const bool outside = !empty_x && !swapped && !all.contains(XY{x, y});
    EXPECT_EQ(empty_x, reason == "empty_x") << i;
    EXPECT_EQ(bad_date, reason == "unparseable_date") << r.datum;
    EXPECT_EQ(unknown, reason == "unknown_code") << r.soort;
    EXPECT_EQ(swapped, reason == "swapped_xy") << i;
    EXPECT_EQ(outside, reason == "far_outside") << i;
    if (r.datum.find('T') != std::string::npos) ++iso;
    EXPECT_FALSE(r.straat.empty());
  }
  // Mostly Dutch dates, some ISO 8601.
  EXPECT_GT(iso, static_cast<int>(g.rows.size()) / 20);
  EXPECT_LT(iso, static_cast<int>(g.rows.size()) / 5);
}

TEST(GendemoIncidents, planted_buurt_hotspots_and_trends_show_in_the_data) {
  const auto& g = generated();
  std::set<int64_t> bad;
  for (const auto& [reason, r] : g.truth["bad_rows"]["by_reason"].items())
    for (auto row : r["rows"]) bad.insert(row.get<int64_t>());
  // Per (buurt, code, month) counts by point-in-polygon on the written buurten.
  std::map<std::tuple<int, std::string, int>, int> n;
  std::map<std::string, int> city_total;
  for (size_t i = 0; i < g.rows.size(); ++i) {
    if (bad.count(static_cast<int64_t>(i + 1))) continue;
    const Row& r = g.rows[i];
    ++n[{g.buurt_at(std::stod(r.x), std::stod(r.y)), r.soort, month_index(r.datum)}];
    ++city_total[r.soort];
  }
  auto count = [&](int b, const std::string& code, int m0, int m1) {
    int total = 0;
    for (int m = m0; m < m1; ++m) {
      auto it = n.find({b, code, m});
      if (it != n.end()) total += it->second;
    }
    return total;
  };
  const auto& hot = g.truth["hotspots"]["buurten"];
  ASSERT_EQ(hot.size(), 4u);
  std::map<std::string, double> population;
  {
    std::ifstream in(g.dir + "/population.csv");
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line))
      population[line.substr(0, line.find(','))] = std::stod(line.substr(line.find(',') + 1));
  }
  double total_pop = 0;
  for (const auto& [code, p] : population) total_pop += p;
  auto index_of = [&](const std::string& code) {
    for (size_t i = 0; i < g.buurten.code.size(); ++i)
      if (g.buurten.code[i] == code) return static_cast<int>(i);
    return -1;
  };
  for (const auto& h : hot) {
    const std::string code = h["code"], soort = h["soort"], pattern = h["pattern"];
    const int b = index_of(code);
    ASSERT_GE(b, 0) << code;
    const int all = count(b, soort, 0, 36);
    EXPECT_NEAR(all, h["generated"].get<int>(), 2) << code;
    // The ring: every ring buurt together, far above its background, below the core's rate.
    std::vector<int> ring;
    for (const auto& r : h["ring_codes"]) ring.push_back(index_of(r.get<std::string>()));
    ASSERT_FALSE(ring.empty()) << code;
    auto ring_count = [&](int m0, int m1) {
      int total = 0;
      for (int r : ring) total += count(r, soort, m0, m1);
      return total;
    };
    EXPECT_NEAR(ring_count(0, 36), h["ring_generated"].get<int>(), 2) << code;
    const double ring_bg = h["ring_expected_background"].get<double>();
    EXPECT_GT(h["ring_multiplier"].get<double>(), 1.0);
    EXPECT_LT(h["ring_multiplier"].get<double>(), h["multiplier"].get<double>());
    // Far above what its share of the city's inhabitants would predict.
    const double fair_share = city_total[soort] * population[code] / total_pop;
    const double bg_month = h["expected_background"].get<double>() / 36;
    auto months_above = [&](int m0, int m1) {  // months where the core beats 1.5x background
      int k = 0;
      for (int m = m0; m < m1; ++m) k += count(b, soort, m, m + 1) > 1.5 * bg_month;
      return k;
    };
    if (pattern == "persistent") {
      EXPECT_GT(all, 3.0 * fair_share) << code << " " << soort;
      EXPECT_GT(all, 4.0 * h["expected_background"].get<double>()) << code;
      EXPECT_GT(ring_count(0, 36), 2.0 * ring_bg) << code;
      EXPECT_GE(months_above(0, 36), 30) << code;  // hot nearly every month, not sporadically
    } else if (pattern == "new") {
      // Monthly rate in the last 6 months far above the rate before, in core and ring.
      EXPECT_GT(count(b, soort, 30, 36) / 6.0, 3.0 * (count(b, soort, 0, 30) + 1) / 30.0) << code;
      EXPECT_GT(ring_count(30, 36) / 6.0, 2.0 * (ring_count(0, 30) + 1) / 30.0) << code;
      EXPECT_GE(months_above(30, 36), 5) << code;
    } else if (pattern == "diminishing") {
      EXPECT_GT(count(b, soort, 0, 6), 2 * count(b, soort, 30, 36)) << code;
      EXPECT_GT(ring_count(0, 6), 2 * ring_count(30, 36)) << code;
      EXPECT_GT(ring_count(0, 36), 2.0 * ring_bg) << code;
      EXPECT_GT(count(b, soort, 30, 36), 6 * bg_month) << code;  // still above background
    }
  }
  for (const char* p : {"new", "persistent", "diminishing"})
    EXPECT_TRUE(g.truth["trends"].contains(p)) << p;
}

TEST(GendemoIncidents, planted_clusters_are_queen_rings_that_neither_overlap_nor_touch) {
  const auto& g = generated();
  weights::ContiguityOptions opt;
  opt.snap_m = weights::kRealWorldSnap_m;
  const auto queen = weights::to_lists(weights::contiguity(g.buurten.geometry, opt));
  std::map<std::string, uint32_t> index;
  for (uint32_t i = 0; i < g.buurten.code.size(); ++i) index[g.buurten.code[i]] = i;
  std::vector<std::set<uint32_t>> clusters;
  for (const auto& h : g.truth["hotspots"]["buurten"]) {
    const uint32_t core = index.at(h["code"].get<std::string>());
    std::set<uint32_t> ring;
    for (const auto& r : h["ring_codes"]) ring.insert(index.at(r.get<std::string>()));
    // The ring is exactly the core's queen neighbours (read back from city.gpkg).
    EXPECT_EQ(ring, std::set<uint32_t>(queen[core].begin(), queen[core].end())) << h["code"];
    ring.insert(core);
    clusters.push_back(ring);
  }
  ASSERT_EQ(clusters.size(), 4u);
  for (size_t i = 0; i < clusters.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      for (uint32_t a : clusters[i]) {
        EXPECT_FALSE(clusters[j].count(a)) << i << " overlaps " << j;
        for (uint32_t n : queen[a]) EXPECT_FALSE(clusters[j].count(n)) << i << " touches " << j;
      }
}

TEST(GendemoIncidents, planted_street_hotspots_show_on_their_street) {
  const auto& g = generated();
  const auto& streets = g.truth["hotspots"]["streets"];
  ASSERT_EQ(streets.size(), 2u);
  for (const auto& s : streets) {
    int on_street = 0;
    for (const auto& r : g.rows)
      if (r.straat == s["straatnaam"].get<std::string>() &&
          r.soort == s["soort"].get<std::string>())
        ++on_street;
    EXPECT_GT(s["planted"].get<int>(), 0);
    EXPECT_GT(on_street, 4.0 * s["expected_background"].get<double>()) << s["straatnaam"];
  }
  EXPECT_EQ(streets[0]["straatnaam"], "Stationsstraat");
}

TEST(GendemoScatter, scatters_inside_a_real_layer_and_rejects_degrees) {
  const std::string mst =
      std::string(BRANDPUNT_SHARED_DIR) + "/data/maastricht/buurten_2022_rd.gpkg";
  if (!std::filesystem::exists(mst)) GTEST_SKIP() << "shared data not found: " << mst;
  DemoOptions o;
  o.out_dir = temp_dir("scatter");
  o.areas_path = mst;
  o.incidents.incidents = 4000;
  const json truth = generate_demo(o);
  EXPECT_EQ(truth["mode"], "scatter");
  EXPECT_EQ(truth["crs"], "EPSG:28992");
  EXPECT_FALSE(std::filesystem::exists(o.out_dir + "/city.gpkg"));
  const AreaSource areas = read_area_layer(mst, "buurtcode");
  std::set<int64_t> bad;
  for (const auto& [reason, r] : truth["bad_rows"]["by_reason"].items())
    for (auto row : r["rows"]) bad.insert(row.get<int64_t>());
  const auto rows = read_rows(o.out_dir + "/incidents.csv");
  int outside = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (bad.count(static_cast<int64_t>(i + 1))) continue;
    const XY p{std::stod(rows[i].x), std::stod(rows[i].y)};
    bool in = false;
    for (const auto& geom : areas.geometry) in = in || planar::contains(geom, p);
    outside += !in;
  }
  EXPECT_EQ(outside, 0);
  std::set<std::string> codes(areas.code.begin(), areas.code.end());
  for (const auto& h : truth["hotspots"]["buurten"])
    EXPECT_TRUE(codes.count(h["code"].get<std::string>()));

  o.areas_path = std::string(BRANDPUNT_SHARED_DIR) + "/data/maastricht/buurten_2022_wgs84.geojson";
  o.out_dir = temp_dir("scatter-wgs84");
  try {
    generate_demo(o);
    FAIL() << "a layer in degrees must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::crs);
  }
}

TEST(GendemoOptions, start_month_is_parsed_strictly) {
  IncidentOptions o;
  parse_start("2024-03", o);
  EXPECT_EQ(o.start_year, 2024);
  EXPECT_EQ(o.start_month, 3);
  for (const char* bad : {"2024-13", "2024", "03-2024", "2024-03x"})
    EXPECT_THROW(parse_start(bad, o), Error) << bad;
}
