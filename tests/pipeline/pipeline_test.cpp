// End to end on a small hand-built city whose every count is known.
//
// 16 buurten of 250 m × 250 m in a 4 × 4 grid (RD New), 4 wijken of 2 × 2 buurten, 2 stadsdelen
// given by a buurt -> stadsdeel table. Incidents are placed at buurt centres, on a shared border,
// outside the city and as bad rows.
#include "pipeline/pipeline.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <optional>
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "pipeline/config.hpp"
#include "pipeline/protection.hpp"
#include "io/incident_reader.hpp"
#include "stats/getis_ord.hpp"
#include "test_util.hpp"
#include "time/change.hpp"
#include "time/mann_kendall.hpp"
#include "weights/weights.hpp"

using namespace brandpunt;
using namespace brandpunt::testing;
namespace fs = std::filesystem;

namespace {

constexpr double kX0 = 180000, kY0 = 320000, kSide = 250;

std::string buurt_code(int col, int row) {
  return "BU0999" + std::to_string(10 + (row / 2) * 2 + col / 2) + std::to_string(10 + row * 4 + col);
}
std::string wijk_code(int col, int row) { return "WK0999" + std::to_string(10 + (row / 2) * 2 + col / 2); }

// A city in `dir`: buurten.geojson, wijken.geojson, stadsdeel.csv, and a config.
void write_city(const fs::path& dir, const std::string& incidents_csv, const std::string& extra_config = "") {
  std::string buurten = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)";
  std::string sd = "buurtcode,stadsdeel\n";
  for (int row = 0; row < 4; ++row)
    for (int col = 0; col < 4; ++col) {
      const double x = kX0 + col * kSide, y = kY0 + row * kSide;
      char ring[256];
      std::snprintf(ring, sizeof ring, "[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]", x, y, x + kSide, y,
                    x + kSide, y + kSide, x, y + kSide, x, y);
      if (row || col) buurten += ",";
      buurten += R"({"type":"Feature","properties":{"code":")" + buurt_code(col, row) + R"(","naam":"Buurt )" +
                 std::to_string(row * 4 + col) + R"(","wijk":")" + wijk_code(col, row) +
                 R"(","inw":1000},"geometry":{"type":"Polygon","coordinates":[)" + ring + "]}}";
      sd += buurt_code(col, row) + "," + (row < 2 ? "SD01" : "SD02") + "\n";
    }
  buurten += "]}";
  std::string wijken = R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"features":[)";
  for (int w = 0; w < 4; ++w) {
    const int col = (w % 2) * 2, row = (w / 2) * 2;
    const double x = kX0 + col * kSide, y = kY0 + row * kSide, s = 2 * kSide;
    char ring[256];
    std::snprintf(ring, sizeof ring, "[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]", x, y, x + s, y, x + s,
                  y + s, x, y + s, x, y);
    if (w) wijken += ",";
    wijken += R"({"type":"Feature","properties":{"code":")" + wijk_code(col, row) + R"(","naam":"Wijk )" +
              std::to_string(w) + R"("},"geometry":{"type":"Polygon","coordinates":[)" + ring + "]}}";
  }
  wijken += "]}";
  write_file(dir / "buurten.geojson", buurten);
  write_file(dir / "wijken.geojson", wijken);
  write_file(dir / "stadsdeel.csv", sd);
  write_file(dir / "incidents.csv", incidents_csv);
  write_file(dir / "city.toml", R"([project]
name = "Teststad"
output_dir = "out"
[incidents]
path = "incidents.csv"
id = "id"
x = "x"
y = "y"
date = "datum"
category = "soort"
street = "straat"
[areas.buurt]
path = "buurten.geojson"
code = "code"
name = "naam"
parent = "wijk"
population = "inw"
[areas.wijk]
path = "wijken.geojson"
code = "code"
name = "naam"
[areas.stadsdeel]
table = "stadsdeel.csv"
table_key = "buurtcode"
table_value = "stadsdeel"
[areas.gemeente]
code = "GM0999"
name = "Teststad"
[period]
end = "2024-03"
months = 3
series_months = 15
)" + extra_config);
}

std::string centre(int col, int row) {
  return std::to_string(kX0 + col * kSide + kSide / 2) + ";" + std::to_string(kY0 + row * kSide + kSide / 2);
}

// The incidents of the main scenario; the expected figures are asserted below.
std::string scenario_csv() {
  std::string csv = "id;datum;x;y;soort;straat\n";
  int id = 0;
  auto add = [&](const std::string& date, const std::string& xy, const std::string& code, const std::string& street) {
    csv += "R" + std::to_string(++id) + ";" + date + ";" + xy + ";" + code + ";" + street + "\n";
  };
  for (int i = 0; i < 7; ++i) add("0" + std::to_string(i + 1) + "-03-2024 10:00", centre(0, 0), "1.1.1", "Kerkstraat");
  for (int i = 0; i < 6; ++i) add("2024-01-1" + std::to_string(i) + "T08:30", centre(0, 0), "1.2.3", "Kerkstraat");
  add("15-02-2024", centre(1, 0), "1.2.3", "Molenweg");      // small count: 2 in buurt (1,0)
  add("16-02-2024", centre(1, 0), "1.2.3", "Molenweg");
  add("10-02-2024 12:00", std::to_string(kX0 + kSide) + ";" + std::to_string(kY0 + 100), "1.1.1", "Grensweg");  // border
  add("05-02-2023", centre(0, 0), "1.1.1", "Kerkstraat");   // a year earlier
  add("05-11-2023", centre(0, 0), "1.1.1", "Kerkstraat");   // previous period
  add("05-05-2019", centre(0, 0), "1.1.1", "Kerkstraat");   // before the series window
  add("01-03-2024", "170000;320000", "1.1.1", "Elders");     // outside the city
  add("01-03-2024", ";320000", "1.1.1", "Kerkstraat");       // missing x
  add("31-02-2024", centre(2, 2), "1.1.1", "Kerkstraat");    // no such date
  add("01-03-2024", centre(2, 2), "9.9.9", "Kerkstraat");    // unknown code
  for (int i = 0; i < 5; ++i) add("2024-03-0" + std::to_string(i + 1), centre(3, 3), "1.4.5", "");  // no street
  return csv;
}

pipeline::RunResult run_city(const fs::path& dir, const std::string& profile, unsigned threads = 1) {
  pipeline::PipelineConfig cfg = pipeline::load_config((dir / "city.toml").string());
  cfg.privacy.profile = profile == "public" ? pipeline::Profile::public_ : pipeline::Profile::restricted;
  cfg.threads = threads;
  cfg.privacy.noise_seed = "pipeline-test";  // reproducible public noise
  cfg.output_dir = (dir / ("out-" + profile + "-" + std::to_string(threads))).string();
  return pipeline::run(cfg);
}

}  // namespace

TEST(Pipeline, accounts_for_every_record_and_counts_exactly_in_the_restricted_profile) {
  const fs::path dir = fresh_dir("pipeline_restricted");
  write_city(dir, scenario_csv());
  const pipeline::RunResult r = run_city(dir, "restricted");
  const auto& a = r.accounting;
  EXPECT_EQ(a.read, 28);
  EXPECT_EQ(a.rejected, 3);
  EXPECT_EQ(a.outside, 1);
  EXPECT_EQ(a.assigned, 24);
  EXPECT_TRUE(a.balanced());
  EXPECT_EQ(a.assigned_out_of_window, 1);  // the 2019 record

  const fs::path out = r.output_dir;
  const auto buurt = csv_by_key(out / "buurt.csv", "code");
  ASSERT_EQ(buurt.size(), 16u);
  // Buurt (0,0): 7 woninginbraak in 2024-03 plus the border point (lowest code wins).
  const auto& b00 = buurt.at(buurt_code(0, 0));
  EXPECT_EQ(b00.at("n_hic"), "8");
  EXPECT_EQ(b00.at("n_vermogen"), "6");
  EXPECT_EQ(b00.at("n_totaal"), "14");
  EXPECT_EQ(b00.at("n_hic_prev"), "1");
  EXPECT_EQ(b00.at("n_hic_ly"), "1");
  EXPECT_EQ(b00.at("rate_totaal"), "14");  // per 1,000 of 1000 inhabitants
  EXPECT_EQ(b00.at("chg_hic_ly_pct"), "700");
  EXPECT_EQ(buurt.at(buurt_code(1, 0)).at("n_vermogen"), "2");
  EXPECT_EQ(buurt.at(buurt_code(3, 3)).at("n_geweld"), "5");
  EXPECT_EQ(buurt.at(buurt_code(2, 2)).at("n_totaal"), "0");

  // Roll-ups: the wijk and stadsdeel of buurt (0,0) and the gemeente.
  EXPECT_EQ(csv_by_key(out / "wijk.csv", "code").at(wijk_code(0, 0)).at("n_totaal"), "16");
  EXPECT_EQ(csv_by_key(out / "stadsdeel.csv", "code").at("SD01").at("n_totaal"), "16");
  EXPECT_EQ(csv_by_key(out / "stadsdeel.csv", "code").at("SD02").at("n_totaal"), "5");
  EXPECT_EQ(csv_by_key(out / "gemeente.csv", "code").at("GM0999").at("n_totaal"), "21");
  EXPECT_EQ(csv_by_key(out / "gemeente.csv", "code").at("GM0999").at("population"), "16000");

  // Straten: street name within buurt; records without a street are in no straat.
  const auto straat = csv_by_key(out / "straat.csv", "code");
  EXPECT_EQ(straat.at(buurt_code(0, 0) + ":Kerkstraat").at("n_totaal"), "13");
  EXPECT_EQ(straat.at(buurt_code(0, 0) + ":Grensweg").at("n_totaal"), "1");
  EXPECT_EQ(straat.at(buurt_code(1, 0) + ":Molenweg").at("n_vermogen"), "2");
  // Straten have no inhabitants or area: no population, area or rate fields (buurten have them).
  for (const char* field : {"population", "area_km2", "rate_totaal", "rate_hic"}) {
    EXPECT_EQ(straat.begin()->second.count(field), 0u) << field;
    EXPECT_EQ(b00.count(field), 1u) << field;
  }
  EXPECT_EQ(straat.begin()->second.count("chg_totaal_ly_pct"), 1u);
  // Derived figures are published rounded: rates to 2 decimals, changes to 1, areas to 3
  // (tables_test.cpp checks values that are not whole numbers).
  auto decimals = [](const std::string& v) { return v.find('.') == std::string::npos ? 0 : v.size() - v.find('.') - 1; };
  for (const auto& [code, row] : buurt)
    for (const auto& [field, value] : row) {
      if (field.rfind("rate_", 0) == 0) {
        EXPECT_LE(decimals(value), 2u) << code << " " << field << " " << value;
      }
      const bool pct = field.rfind("chg_", 0) == 0 && field.size() > 4 && field.compare(field.size() - 4, 4, "_pct") == 0;
      if (pct) {
        EXPECT_LE(decimals(value), 1u) << code << " " << field << " " << value;
      }
      if (field == "area_km2") {
        EXPECT_LE(decimals(value), 3u) << code << " " << value;
      }
    }

  // Monthly series and sub categories.
  const auto series = read_csv(out / "buurt_series.csv");
  int march_hic = -1;
  for (const auto& row : series)
    if (row[0] == buurt_code(0, 0) && row[1] == "hic" && row[2] == "2024-03") march_hic = std::stoi(row[3]);
  EXPECT_EQ(march_hic, 7);
  bool found_sub = false;
  for (const auto& row : read_csv(out / "buurt_categories.csv"))
    if (row[0] == buurt_code(0, 0) && row[1] == "woninginbraak") found_sub = (row[4] == "8");
  EXPECT_TRUE(found_sub);

  // Rejects name the row and the field.
  const auto rejects = read_csv(out / "rejects.csv");
  ASSERT_EQ(rejects.size(), 4u);  // header + 3

  // run.json records the accounting and the profile.
  const auto run = nlohmann::json::parse(slurp(out / "run.json"));
  EXPECT_EQ(run["accounting"]["read"], 28);
  EXPECT_EQ(run["accounting"]["balanced"], true);
  EXPECT_EQ(run["privacy"]["profile"], "restricted");
  EXPECT_EQ(run["inputs"].size(), 5u);  // config, incidents, buurten, wijken, stadsdeel table
  for (const auto& in : run["inputs"]) EXPECT_EQ(in["sha256"].get<std::string>().size(), 64u);

  // The restricted profile also says where each record went.
  const auto assignment = csv_by_key(out / "incident_assignment.csv", "row");
  EXPECT_EQ(assignment.at("16").at("buurt_code"), buurt_code(0, 0));  // the border point
  EXPECT_EQ(assignment.at("20").at("buurt_code"), "");              // outside
  // Exact monthly straat series exist only here (the public profile neither counts nor writes them).
  int64_t kerkstraat_months = 0;
  for (const auto& row : read_csv(out / "straat_series.csv"))
    if (row.at(0) == buurt_code(0, 0) + ":Kerkstraat" && row.at(1) == "totaal") kerkstraat_months += std::stoll(row.at(3));
  EXPECT_GE(kerkstraat_months, 13);

  // Only here the evaluation reads incidents: the hour x weekday profile holds every incident
  // of the analysis period once (no windows: weight 1 each), per category as in the gemeente
  // table; the Knox table of the period's burglaries counts their pairs.
  EXPECT_TRUE(run["evaluation"]["time_of_day"]["computed"].get<bool>());
  std::map<std::string, double> profile;
  int64_t knox_pairs = 0;
  for (const auto& row : read_csv(out / "evaluation.csv")) {
    if (row.size() < 8 || row[7].empty()) continue;
    if (row[0] == "time_of_day") profile[row[3]] += std::stod(row[7]);
    if (row[0] == "near_repeat" && row[6] == "observed") knox_pairs += std::stoll(row[7]);
  }
  const auto g = csv_by_key(out / "gemeente.csv", "code").begin()->second;
  EXPECT_EQ(profile["totaal"], std::stod(g.at("n_totaal")));
  EXPECT_EQ(profile["hic"], std::stod(g.at("n_hic")));
  if (run["evaluation"]["near_repeat"]["computed"].get<bool>()) {
    const int64_t n = run["evaluation"]["near_repeat"]["incidents"];
    EXPECT_EQ(knox_pairs, n * (n - 1) / 2);
  }
}

TEST(Pipeline, public_profile_publishes_released_counts_that_add_up_and_carry_noise) {
  const fs::path dir = fresh_dir("pipeline_public");
  write_city(dir, scenario_csv());
  const pipeline::RunResult r = run_city(dir, "public");
  const pipeline::RunResult exact = run_city(dir, "restricted");
  const fs::path out = r.output_dir;
  const std::vector<std::string> cats = {"totaal", "hic", "vermogen", "geweld", "overlast", "ondermijning", "overig"};
  const std::vector<std::string> mains(cats.begin() + 1, cats.end());
  std::map<std::string, std::map<std::string, std::map<std::string, std::string>>> level;
  for (const std::string l : {"straat", "buurt", "wijk", "stadsdeel", "gemeente"}) level[l] = csv_by_key(out / (l + ".csv"), "code");
  // Every count is a non-negative integer; no count is hidden (no flags, no nulls).
  for (const auto& [l, rows] : level)
    for (const auto& [code, row] : rows)
      for (const auto& [field, value] : row) {
        EXPECT_EQ(field.find("_flag"), std::string::npos) << l << " " << field;
        if (field.rfind("n_", 0) == 0) {
          ASSERT_FALSE(value.empty()) << l << " " << code << " " << field;
          EXPECT_GE(std::stoll(value), 0) << l << " " << code << " " << field;
        }
      }
  // Additive: each level is the sum of the one below, totaal the sum of the mains.
  auto n = [](const std::map<std::string, std::string>& row, const std::string& f) { return std::stoll(row.at(f)); };
  const std::pair<const char*, const char*> links[] = {{"buurt", "wijk"}, {"wijk", "stadsdeel"}, {"stadsdeel", "gemeente"}};
  for (const auto& [child, parent] : links)
    for (const auto& [pcode, prow] : level[parent])
      for (const std::string& c : cats)
        for (const std::string per : {"", "_prev", "_ly"}) {
          int64_t sum = 0;
          for (const auto& [ccode, crow] : level[child])
            if (crow.at("parent_code") == pcode) sum += n(crow, "n_" + c + per);
          EXPECT_EQ(sum, n(prow, "n_" + c + per)) << child << " -> " << parent << " " << pcode << " " << c << per;
        }
  for (const auto& [l, rows] : level)
    for (const auto& [code, row] : rows) {
      int64_t sum = 0;
      for (const std::string& m : mains) sum += n(row, "n_" + m);
      EXPECT_EQ(sum, n(row, "n_totaal")) << l << " " << code;
    }
  // Months add up to the period where the period lies in the series.
  std::map<std::string, int64_t> last_three;
  const std::string period = level["buurt"].begin()->second.at("period");  // "YYYY-MM..YYYY-MM"
  const std::string first = period.substr(0, 7), last = period.substr(9, 7);
  const auto series = read_csv(out / "buurt_series.csv");
  for (size_t i = 1; i < series.size(); ++i)
    if (series[i][1] == "totaal" && series[i][2] >= first && series[i][2] <= last) last_three[series[i][0]] += std::stoll(series[i][3]);
  for (const auto& [code, row] : level["buurt"]) EXPECT_EQ(last_three[code], n(row, "n_totaal")) << code;
  // The counts carry noise: they differ from the exact ones somewhere, by a few incidents.
  const auto exact_buurt = csv_by_key(fs::path(exact.output_dir) / "buurt.csv", "code");
  int64_t differ = 0, cells = 0;
  for (const auto& [code, row] : level["buurt"])
    for (const std::string& c : cats) {
      const int64_t d = n(row, "n_" + c) - n(exact_buurt.at(code), "n_" + c);
      differ += d != 0, ++cells;
      EXPECT_LE(std::abs(d), 15) << code << " " << c;
    }
  EXPECT_GT(differ, 0);
  // No restricted-only outputs (no record rows: no incident_assignment.csv, no rejects.csv); the
  // budget and the expected errors in run.json.
  EXPECT_FALSE(fs::exists(out / "incident_assignment.csv"));
  EXPECT_FALSE(fs::exists(out / "rejects.csv"));
  const auto run = nlohmann::json::parse(slurp(out / "run.json"));
  EXPECT_EQ(run["privacy"]["profile"], "public");
  // The accounting is released with noise: every reason listed (zeros too), the totals the
  // sums of their parts, each part near the exact count (28 read, 3 rejected).
  const auto& acc = run["accounting"];
  EXPECT_EQ(acc["rejected_by_reason"].size(), std::size(io::reject_reason::all));
  int64_t by_reason = 0;
  for (const auto& [reason, n] : acc["rejected_by_reason"].items()) by_reason += n.get<int64_t>();
  EXPECT_EQ(acc["rejected"].get<int64_t>(), by_reason);
  EXPECT_EQ(acc["read"].get<int64_t>(),
            acc["assigned"].get<int64_t>() + acc["outside"].get<int64_t>() + acc["rejected"].get<int64_t>());
  EXPECT_EQ(acc["assigned"].get<int64_t>(),
            acc["assigned_in_window"].get<int64_t>() + acc["assigned_out_of_window"].get<int64_t>());
  const double sd = std::sqrt(pipeline::kAccountingSensitivity2 / (2 * run["privacy"]["split"]["accounting"].get<double>()));
  EXPECT_NEAR(acc["expected_abs_error"].get<double>(), sd * std::sqrt(2 / std::acos(-1.0)), 0.05 * sd);
  EXPECT_NEAR(acc["rejected"].get<double>(), 3, 9 * 6 * sd);  // nine parts, each within 6 σ
  EXPECT_DOUBLE_EQ(run["privacy"]["split"]["accounting"].get<double>(), 0.01);
  // The incident file is named, but its size and hash (which would confirm a guessed export)
  // are withheld; the area files keep theirs.
  size_t hashed = 0;
  for (const auto& in : run["inputs"]) {
    const bool incidents = in["path"].get<std::string>().find("incidents.csv") != std::string::npos;
    EXPECT_EQ(in["sha256"].is_null(), incidents) << in["path"];
    hashed += !incidents;
  }
  EXPECT_EQ(hashed, 4u);
  EXPECT_DOUBLE_EQ(run["privacy"]["rho"].get<double>(), 1.0);
  EXPECT_LE(run["privacy"]["rho_spent"].get<double>(), 1.0);
  EXPECT_GT(run["privacy"]["epsilon"].get<double>(), 1.0);
  EXPECT_GT(run["privacy"]["tables"]["buurt"]["period"]["totaal"].get<double>(), 0.5);
  EXPECT_EQ(slurp(out / "run.json").find("pipeline-test"), std::string::npos);  // the seed is never written
}

TEST(Pipeline, public_noise_follows_the_seed_and_comes_from_the_os_without_one) {
  const fs::path dir = fresh_dir("pipeline_noise_seed");
  write_city(dir, scenario_csv());
  auto load = [&](const std::string& name, std::optional<std::string> seed) {
    pipeline::PipelineConfig cfg = pipeline::load_config((dir / "city.toml").string());
    cfg.privacy.noise_seed = seed;
    cfg.output_dir = (dir / name).string();
    pipeline::run(cfg);
    return slurp(dir / name / "buurt.csv") + slurp(dir / name / "straat_series.csv");
  };
  const std::string a = load("a", "one"), b = load("b", "one"), c = load("c", "two");
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(load("d", std::nullopt), load("e", std::nullopt));
}

namespace {

// Every file of a run with 1 and with 2 threads is byte-identical.
void expect_same_bytes_at_one_and_two_threads(const fs::path& dir) {
  expect_same_outputs(run_city(dir, "public", 1), run_city(dir, "public", 2));
}

}  // namespace

TEST(Pipeline, output_is_byte_identical_for_one_and_two_threads) {
  const fs::path dir = fresh_dir("pipeline_threads");
  write_city(dir, scenario_csv());
  expect_same_bytes_at_one_and_two_threads(dir);
}

TEST(Pipeline, a_week_step_run_is_byte_identical_for_one_and_two_threads) {
  const fs::path dir = fresh_dir("pipeline_threads_week");
  write_city(dir, scenario_csv(), "[time]\nstep = \"week\"\n[output]\nseries_property = true\n");
  expect_same_bytes_at_one_and_two_threads(dir);
}

TEST(Pipeline, every_layer_opens_with_ogrinfo) {
  if (std::system("command -v ogrinfo >/dev/null 2>&1") != 0) GTEST_SKIP() << "ogrinfo not installed (gdal-bin)";
  const fs::path dir = fresh_dir("pipeline_ogrinfo");
  write_city(dir, scenario_csv(), "[output]\nformats = [\"geojson\", \"gpkg\", \"fgb\", \"csv\"]\n");
  const auto r = run_city(dir, "public");
  int layers = 0;
  for (const auto& f : r.files) {
    const auto ext = fs::path(f).extension();
    if (ext != ".geojson" && ext != ".gpkg" && ext != ".fgb") continue;
    const std::string cmd = "ogrinfo -q -so -al '" + (fs::path(r.output_dir) / f).string() + "' >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << f;
    ++layers;
  }
  // Every layer the run promises, in each format where it can exist.
  for (const std::string f : {"buurt.geojson", "wijk.geojson", "stadsdeel.geojson",
                              "gemeente.geojson", "space_time_hotspots.geojson", "grid_hotspots.geojson",
                              "kde_contours.geojson", "focus.geojson", "buurt.gpkg", "buurt.fgb",
                              "packs/SD01/buurt.geojson", "packs/SD01/grid_hotspots.geojson"})
    EXPECT_TRUE(std::find(r.files.begin(), r.files.end(), f) != r.files.end()) << f;
  // In the public profile this scenario's street names are too rare to be published: no
  // straten, so no straat level and no (empty) straat layer in any format (issue 12).
  const auto run = nlohmann::json::parse(slurp(fs::path(r.output_dir) / "run.json"));
  EXPECT_FALSE(run["straat_level"]["made"].get<bool>());
  for (const std::string f : {"straat.geojson", "straat.gpkg", "straat.fgb", "straat.csv", "packs/SD02/straat.geojson"})
    EXPECT_TRUE(std::find(r.files.begin(), r.files.end(), f) == r.files.end()) << f;
  EXPECT_GE(layers, 40);
  EXPECT_TRUE(std::find(r.files.begin(), r.files.end(), "kde.tif") != r.files.end());
  const std::string gdalinfo = "gdalinfo '" + (fs::path(r.output_dir) / "kde.tif").string() + "' >/dev/null 2>&1";
  EXPECT_EQ(std::system(gdalinfo.c_str()), 0);
}

TEST(Pipeline, public_straten_from_the_registrations_street_names_keep_their_codes) {
  // No street layer: names typed into the registrations become straten when their noisy count
  // reaches the threshold. Two frequent names are published and a rare one, sorted last, is
  // not; compacting the selection once emptied the codes of the names before the first one
  // left out, and the focus lists stopped on a repeated (empty) code.
  const fs::path dir = fresh_dir("pipeline_public_record_streets");
  std::string csv = "id;datum;x;y;soort;straat\n";
  int id = 0;
  auto add = [&](int month, int day, int col, const std::string& street) {
    char date[16];
    std::snprintf(date, sizeof date, "2024-%02d-%02d", month, day);
    csv += "R" + std::to_string(++id) + ";" + date + ";" + centre(col, 0) + ";1.1.1;" + street + "\n";
  };
  for (int m = 1; m <= 3; ++m)
    for (int d = 1; d <= 25; ++d) add(m, d, 0, "Akkerweg"), add(m, d, 1, "Beukenlaan 12");
  add(3, 2, 0, "Zandpad 3");
  write_city(dir, csv);
  const auto r = run_city(dir, "public");
  const auto run = nlohmann::json::parse(slurp(fs::path(r.output_dir) / "run.json"));
  EXPECT_TRUE(run["straat_level"]["made"].get<bool>());
  const auto straat = csv_by_key(fs::path(r.output_dir) / "straat.csv", "code");
  std::vector<std::string> codes;
  for (const auto& [code, row] : straat) codes.push_back(code);
  EXPECT_EQ(codes, (std::vector<std::string>{buurt_code(0, 0) + ":Akkerweg", buurt_code(1, 0) + ":Beukenlaan"}));
  EXPECT_EQ(straat.at(buurt_code(0, 0) + ":Akkerweg").at("name"), "Akkerweg");
  const auto focus = nlohmann::json::parse(slurp(fs::path(r.output_dir) / "focus.json"));
  bool straat_list = false;
  for (const auto& l : focus["lists"]) straat_list = straat_list || l["level"] == "straat";
  EXPECT_TRUE(straat_list);
}

TEST(Pipeline, bad_config_and_missing_inputs_stop_with_errors_naming_the_place) {
  const fs::path dir = fresh_dir("pipeline_errors");
  write_city(dir, scenario_csv(), "[privacy]\nprofile = \"open\"\n");
  int64_t profile_line = 0;
  {
    std::istringstream lines(slurp(dir / "city.toml"));
    std::string line;
    for (int64_t n = 1; std::getline(lines, line); ++n)
      if (line.rfind("profile", 0) == 0) profile_line = n;
  }
  try {
    pipeline::load_config((dir / "city.toml").string());
    FAIL() << "expected a config error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::config);
    EXPECT_EQ(e.field(), "privacy.profile");
    EXPECT_EQ(e.row(), profile_line);
  }
  write_city(dir, scenario_csv(), "[period2]\nmonths = 3\n");
  EXPECT_THROW(pipeline::load_config((dir / "city.toml").string()), Error);
  write_city(dir, scenario_csv());
  fs::remove(dir / "wijken.geojson");
  auto cfg = pipeline::load_config((dir / "city.toml").string());
  cfg.output_dir = (dir / "out").string();
  try {
    pipeline::run(cfg);
    FAIL() << "expected an I/O error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("wijken.geojson"), std::string::npos) << e.what();
  }
  EXPECT_THROW(pipeline::load_config((dir / "nope.toml").string()), Error);
}

TEST(Pipeline, analysis_switches_leave_counts_unchanged_and_skip_only_the_steps_turned_off) {
  const fs::path dir = fresh_dir("pipeline_analysis_off");
  write_city(dir, scenario_csv());
  const auto full = run_city(dir, "public");
  write_city(dir, scenario_csv(),
             "[analysis]\nhotspots = false\ntrends = false\nsurfaces = false\n");
  const auto core = run_city(dir, "public");
  auto has = [](const pipeline::RunResult& r, const std::string& f) {
    return std::find(r.files.begin(), r.files.end(), f) != r.files.end();
  };
  for (const char* f : {"buurt_hotspots.csv", "buurt_trends.csv", "grid_hotspots.geojson", "kde.tif",
                        "focus.csv", "space_time_hotspots.geojson"}) {
    EXPECT_TRUE(has(full, f)) << f;
    EXPECT_FALSE(has(core, f)) << f;
  }
  for (const char* f : {"straat.geojson", "buurt.geojson", "wijk.geojson", "stadsdeel.geojson", "buurt.csv",
                        "buurt_series.csv", "run.json"})
    EXPECT_TRUE(has(core, f)) << f;
  // The published counts and their protection do not depend on the analysis steps.
  const auto a = read_csv(fs::path(full.output_dir) / "buurt.csv");
  const auto b = read_csv(fs::path(core.output_dir) / "buurt.csv");
  ASSERT_EQ(a.size(), b.size());
  std::map<std::string, size_t> col_b;
  for (size_t c = 0; c < b[0].size(); ++c) col_b[b[0][c]] = c;
  EXPECT_EQ(col_b.count("gi_z_totaal"), 0u);
  EXPECT_EQ(col_b.count("trend_totaal"), 0u);
  size_t compared = 0;
  for (size_t c = 0; c < a[0].size(); ++c) {
    auto it = col_b.find(a[0][c]);
    if (it == col_b.end()) continue;
    for (size_t r = 1; r < a.size(); ++r) EXPECT_EQ(a[r][c], b[r][it->second]) << a[0][c];
    ++compared;
  }
  EXPECT_GT(compared, 20u);
  const auto run = nlohmann::json::parse(slurp(fs::path(core.output_dir) / "run.json"));
  EXPECT_EQ(run["analysis"]["hotspots"], false);
  EXPECT_EQ(run["analysis"]["focus"], false);  // follows hotspots and trends by default
  EXPECT_FALSE(run.contains("hotspots"));
  EXPECT_EQ(run["accounting"]["balanced"], true);
}

TEST(Pipeline, focus_without_hotspots_is_a_config_error_naming_the_key) {
  const fs::path dir = fresh_dir("pipeline_analysis_error");
  write_city(dir, scenario_csv(), "[analysis]\nhotspots = false\nfocus = true\n");
  try {
    pipeline::load_config((dir / "city.toml").string());
    FAIL() << "expected a config error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::config);
    EXPECT_EQ(e.field(), "analysis.focus");
  }
  write_city(dir, scenario_csv(), "[analysis]\nsurfaces = \"no\"\n");
  EXPECT_THROW(pipeline::load_config((dir / "city.toml").string()), Error);
}

TEST(Pipeline, series_property_puts_the_protected_monthly_series_on_the_layers) {
  const fs::path dir = fresh_dir("pipeline_series_property");
  write_city(dir, scenario_csv(), "[output]\nseries_property = true\n");
  const auto r = run_city(dir, "public");
  const auto layer = csv_by_key(fs::path(r.output_dir) / "buurt.csv", "code");
  const auto series = read_csv(fs::path(r.output_dir) / "buurt_series.csv");
  ASSERT_FALSE(layer.empty());
  ASSERT_GT(series.size(), 1u);
  // Rebuild each buurt's totaal array from the series table and compare with the property.
  std::map<std::string, std::vector<std::string>> want;
  std::string first_month;
  for (size_t i = 1; i < series.size(); ++i) {
    if (series[i][1] != "totaal") continue;
    if (first_month.empty() || series[i][2] < first_month) first_month = series[i][2];
    want[series[i][0]].push_back(series[i][3]);
  }
  size_t checked = 0;
  for (const auto& [code, values] : want) {
    std::string text = "[";
    for (size_t m = 0; m < values.size(); ++m) text += (m ? "," : "") + values[m];
    text += "]";
    ASSERT_EQ(layer.at(code).at("series_totaal"), text) << code;
    EXPECT_EQ(layer.at(code).at("series_first"), first_month);
    EXPECT_EQ(text.find("null"), std::string::npos);  // released counts: none is hidden
    ++checked;
  }
  EXPECT_EQ(checked, layer.size());
  // In GeoJSON the property is a real JSON array (GDAL writes JSON-looking strings as JSON).
  const auto geo = nlohmann::json::parse(slurp(fs::path(r.output_dir) / "buurt.geojson"));
  for (const auto& f : geo["features"]) {
    const auto& prop = f["properties"]["series_totaal"];
    ASSERT_TRUE(prop.is_array());
    EXPECT_EQ(prop.dump(), nlohmann::json::parse(layer.at(f["properties"]["code"].get<std::string>()).at("series_totaal")).dump());
  }
  // Without the option the layer has no series columns.
  const fs::path plain = fresh_dir("pipeline_series_property_off");
  write_city(plain, scenario_csv());
  const auto r2 = run_city(plain, "public");
  EXPECT_EQ(csv_by_key(fs::path(r2.output_dir) / "buurt.csv", "code").begin()->second.count("series_totaal"), 0u);
}

// A reader of the public output recomputes every statistic from the published counts alone
// (docs/DESIGN.md, Privacy: protect first, then analyse): Gi* from the released buurt counts
// and the queen neighbours of the public polygons, the change tests from the released counts of
// both periods, Mann-Kendall and Sen's slope from the released monthly series, and the rates from
// the released counts and the population. Any statistic computed from the exact counts would
// differ somewhere, because the released counts differ from the exact ones.
TEST(Pipeline, every_public_statistic_is_recomputed_from_the_published_counts) {
  const fs::path dir = fresh_dir("pipeline_recompute");
  write_city(dir, scenario_csv(), R"(
[[indicator]]
name = "Misdrijven per 1.000"
categories = ["hic", "vermogen", "geweld", "overlast", "ondermijning", "overig"]
level = ["buurt"]
measure = "per_1000"
period = "year"
target = "< 3.5"
[[indicator]]
name = "Aandeel overlast"
category = "overlast"
level = ["buurt"]
measure = "share"
period = "quarter"
target = "<= 25"
)");
  const fs::path out = run_city(dir, "public").output_dir;
  const auto buurt = csv_by_key(out / "buurt.csv", "code");
  ASSERT_EQ(buurt.size(), 16u);
  const std::vector<std::string> cats = {"totaal", "hic", "vermogen", "geweld", "overlast", "ondermijning", "overig"};

  // Queen neighbours of the 4 x 4 grid of squares, self included (Gi*).
  std::vector<std::string> codes;
  std::vector<std::vector<uint32_t>> lists;
  for (int row = 0; row < 4; ++row)
    for (int col = 0; col < 4; ++col) {
      codes.push_back(buurt_code(col, row));
      std::vector<uint32_t> nb;
      for (int r = row - 1; r <= row + 1; ++r)
        for (int c = col - 1; c <= col + 1; ++c)
          if ((r != row || c != col) && r >= 0 && r < 4 && c >= 0 && c < 4) nb.push_back(static_cast<uint32_t>(r * 4 + c));
      lists.push_back(nb);
    }
  const weights::Weights w = weights::with_self(weights::from_lists(lists));
  size_t gi_checked = 0;
  for (const std::string& c : cats) {
    std::vector<double> x;
    for (const auto& code : codes) x.push_back(std::stod(buurt.at(code).at("n_" + c)));
    const stats::LocalG g = stats::local_g(w, x);
    for (size_t i = 0; i < codes.size(); ++i) {
      const auto& row = buurt.at(codes[i]);
      EXPECT_NEAR(std::stod(row.at("gi_z_" + c)), g.z[i], 0.005 + 1e-9) << codes[i] << " " << c;
      EXPECT_NEAR(std::stod(row.at("gi_p_" + c)), g.p[i], 0.00005 + 1e-9) << codes[i] << " " << c;
      gi_checked += std::abs(g.z[i]) > 0.5;
    }
  }
  EXPECT_GT(gi_checked, 10u);  // the released counts are not all equal: real z-scores were checked

  // Rates per 1,000 inhabitants from the released count and the published population.
  for (const auto& [code, row] : buurt)
    for (const std::string& c : cats)
      EXPECT_NEAR(std::stod(row.at("rate_" + c)), std::stod(row.at("n_" + c)) / std::stod(row.at("population")) * 1000, 0.005 + 1e-9)
          << code << " " << c;

  // Monthly series as published; the trend table's Mann-Kendall S, p and Sen's slope and its
  // change tests follow from them and from the released period counts.
  std::map<std::pair<std::string, std::string>, std::vector<double>> series;
  const auto s = read_csv(out / "buurt_series.csv");
  for (size_t r = 1; r < s.size(); ++r) series[{s[r][0], s[r][1]}].push_back(std::stod(s[r][3]));
  const auto trends = read_csv(out / "buurt_trends.csv");
  auto col = [&](const std::string& name) {
    const auto it = std::find(trends[0].begin(), trends[0].end(), name);
    EXPECT_NE(it, trends[0].end()) << name;
    return static_cast<size_t>(it - trends[0].begin());
  };
  const size_t c_s = col("mk_s"), c_p = col("mk_p"), c_slope = col("sen_slope"), c_cur = col("period_prev_current"),
               c_prev = col("period_prev_previous"), c_chg_p = col("period_prev_p"), c_ly = col("period_ly_previous"),
               c_ly_p = col("period_ly_p");
  size_t trend_checked = 0, moving = 0;
  for (size_t r = 1; r < trends.size(); ++r) {
    const std::string& code = trends[r][0];
    const std::string& cat = trends[r][1];
    // Sub categories have trends from their released months, which are not published as a
    // series (post-processing of the same release); totaal and the mains are checked.
    const auto it = series.find({code, cat});
    if (it == series.end()) continue;
    ASSERT_EQ(it->second.size(), 15u);
    const time::MannKendall mk = time::mann_kendall(it->second);
    EXPECT_EQ(std::stod(trends[r][c_s]), mk.S) << code << " " << cat;
    EXPECT_NEAR(std::stod(trends[r][c_p]), mk.p, 0.00005 + 1e-9) << code << " " << cat;
    EXPECT_NEAR(std::stod(trends[r][c_slope]), mk.sen_slope, 0.005 + 1e-9) << code << " " << cat;
    // The period's counts are the sums of the released months and equal the layer's counts.
    const auto& b = buurt.at(code);
    EXPECT_EQ(trends[r][c_cur], b.at("n_" + cat)) << code << " " << cat;
    EXPECT_EQ(trends[r][c_prev], b.at("n_" + cat + "_prev")) << code << " " << cat;
    EXPECT_EQ(trends[r][c_ly], b.at("n_" + cat + "_ly")) << code << " " << cat;
    const double cur = std::stod(trends[r][c_cur]);
    EXPECT_EQ(cur, it->second[12] + it->second[13] + it->second[14]) << code << " " << cat;
    EXPECT_NEAR(std::stod(trends[r][c_chg_p]), time::compare_periods(cur, std::stod(trends[r][c_prev])).p, 0.00005 + 1e-9)
        << code << " " << cat;
    EXPECT_NEAR(std::stod(trends[r][c_ly_p]), time::compare_periods(cur, std::stod(trends[r][c_ly])).p, 0.00005 + 1e-9)
        << code << " " << cat;
    ++trend_checked;
    moving += mk.S != 0;
  }
  EXPECT_EQ(trend_checked, 16u * cats.size());
  EXPECT_GT(moving, 10u);

  // Indicators: the last 12 released months per 1,000 inhabitants, and a share of the period.
  const auto ind = read_csv(out / "indicators_quarter.csv");
  ASSERT_GT(ind.size(), 1u);
  size_t ind_checked = 0, nonzero_rate = 0;
  for (size_t r = 1; r < ind.size(); ++r) {
    if (ind[r][1] != "buurt") continue;
    const std::string& code = ind[r][2];
    const double value = ind[r][6].empty() ? NAN : std::stod(ind[r][6]);
    if (ind[r][4] == "per_1000") {
      const auto& m = series.at({code, "totaal"});
      const double year = std::accumulate(m.end() - 12, m.end(), 0.0);
      EXPECT_NEAR(value, year / std::stod(buurt.at(code).at("population")) * 1000, 1e-9) << code;
      nonzero_rate += year > 0;
    } else {
      ASSERT_EQ(ind[r][4], "share");
      const double total = std::stod(buurt.at(code).at("n_totaal"));
      if (total > 0) {
        EXPECT_NEAR(value, std::stod(buurt.at(code).at("n_overlast")) / total * 100, 1e-9) << code;
      } else {
        EXPECT_EQ(ind[r][11], "no_data") << code;  // no share of nothing
      }
    }
    ++ind_checked;
  }
  EXPECT_EQ(ind_checked, 32u);
  EXPECT_GT(nonzero_rate, 3u);

  // Evaluation (issue 15): the previous period's top 10 buurten by count, scored on this period,
  // and the Gini of the period counts, from the same published columns.
  std::map<std::string, std::map<std::string, double>> ev;  // category -> measure -> value
  for (const auto& row : read_csv(out / "evaluation.csv")) {
    if (row.size() < 8 || row[1] != "buurt" || row[7].empty()) continue;
    if (row[0] == "out_of_sample" && row[4] == "top_n" && row[2].rfind("GM", 0) == 0) ev[row[3]][row[6]] = std::stod(row[7]);
    if (row[0] == "concentration") ev["gini_" + row[3]][row[6]] = std::stod(row[7]);
  }
  size_t eval_checked = 0;
  for (const std::string& c : cats) {
    std::vector<std::string> ranked;
    double total = 0, area = 0;
    for (const auto& [code, row] : buurt) {
      if (std::stod(row.at("n_" + c + "_prev")) > 0) ranked.push_back(code);
      total += std::stod(row.at("n_" + c));
      area += std::stod(row.at("area_km2"));
    }
    auto prev = [&](const std::string& code) { return std::stod(buurt.at(code).at("n_" + c + "_prev")); };
    std::sort(ranked.begin(), ranked.end(), [&](const std::string& a, const std::string& b) {
      return prev(a) != prev(b) ? prev(a) > prev(b) : a < b;
    });
    ranked.resize(std::min<size_t>(ranked.size(), 10));
    double hits = 0, a = 0;
    for (const auto& code : ranked) hits += std::stod(buurt.at(code).at("n_" + c)), a += std::stod(buurt.at(code).at("area_km2"));
    // This scenario's incidents start in the analysis period: its previous period lists nothing.
    EXPECT_EQ(ev[c]["areas"], static_cast<double>(ranked.size())) << c;
    if (!ranked.empty() && total > 0) {
      EXPECT_EQ(ev[c]["hits"], hits) << c;
      EXPECT_NEAR(ev[c]["pai"], (hits / total) / (a / area), 1e-3 * (hits / total) / (a / area)) << c;
    }
    if (total == 0) continue;
    double diff = 0;
    for (const auto& [u, ru] : buurt)
      for (const auto& [v, rv] : buurt) diff += std::fabs(std::stod(ru.at("n_" + c)) - std::stod(rv.at("n_" + c)));
    EXPECT_NEAR(ev["gini_" + c]["gini"], diff / (2 * 16.0 * total), 1e-12) << c;
    ++eval_checked;
  }
  EXPECT_GE(eval_checked, 3u);  // the categories with incidents in the period
  // No incident-level evaluation in the public profile.
  const auto run_json = nlohmann::json::parse(slurp(out / "run.json"));
  EXPECT_FALSE(run_json["evaluation"]["near_repeat"]["computed"].get<bool>());
  EXPECT_FALSE(run_json["evaluation"]["time_of_day"]["computed"].get<bool>());
}
