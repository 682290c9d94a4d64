// Issue 4's time step and grid cube on the generated demo city: the [time] step (week,
// quarter) drives the trends and emerging hot spots, and the grid carries a cell × step cube
// whose emerging categories find the planted persistent cluster.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "core/error.hpp"
#include "io/area_reader.hpp"
#include "pipeline/config.hpp"
#include "pipeline/pipeline.hpp"
#include "test_util.hpp"
#include "time/calendar.hpp"
#include "time/mann_kendall.hpp"

using namespace brandpunt;
using namespace brandpunt::testing;
namespace fs = std::filesystem;

namespace {

std::string test_name() { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }

// The demo city with the default seed, in a folder of the running test's own.
fs::path demo_dir() {
  const fs::path d = fresh_dir("demo_time_" + test_name());
  const std::string cmd = std::string(BRANDPUNT_BINARY_DIR) + "/tools/gendemo/brandpunt-gendemo --quiet --out '" +
                          (d / "demo").string() + "'";
  return std::system(cmd.c_str()) == 0 ? d : fs::path();
}

// The shipped demo config with `extra` appended, pointed at the generated data.
pipeline::PipelineConfig demo_config(const fs::path& dir, const std::string& extra = "") {
  write_file(dir / "demo.toml", slurp(fs::path(BRANDPUNT_SOURCE_DIR) / "geo-data" / "demo.toml") + extra);
  auto cfg = pipeline::load_config((dir / "demo.toml").string());
  cfg.output_dir = (dir / "out").string();
  cfg.packs = false;
  return cfg;
}

nlohmann::json run_json(const pipeline::RunResult& r) {
  return nlohmann::json::parse(slurp(fs::path(r.output_dir) / "run.json"));
}

// Sum of n per (code, category) of a long series table.
std::map<std::pair<std::string, std::string>, int64_t> totals(const fs::path& csv) {
  std::map<std::pair<std::string, std::string>, int64_t> out;
  const auto rows = read_csv(csv);
  size_t n = 0;
  while (rows[0][n] != "n") ++n;
  for (size_t r = 1; r < rows.size(); ++r) out[{rows[r][0], rows[r][1]}] += std::stoll(rows[r][n]);
  return out;
}

int column(const std::vector<std::string>& header, const std::string& name) {
  for (size_t c = 0; c < header.size(); ++c)
    if (header[c] == name) return static_cast<int>(c);
  ADD_FAILURE() << "no column " << name;
  return 0;
}

bool ring_contains(const Ring& ring, XY p) {
  bool in = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
    if ((ring[i].y > p.y) != (ring[j].y > p.y) &&
        p.x < ring[i].x + (p.y - ring[i].y) * (ring[j].x - ring[i].x) / (ring[j].y - ring[i].y))
      in = !in;
  return in;
}

bool contains(const MultiPolygon& mp, XY p) {
  for (const auto& poly : mp) {
    if (!ring_contains(poly.outer, p)) continue;
    bool in_hole = false;
    for (const auto& h : poly.holes) in_hole = in_hole || ring_contains(h, p);
    if (!in_hole) return true;
  }
  return false;
}

}  // namespace

TEST(TimeConfig, step_is_parsed_and_an_unknown_step_is_a_config_error_naming_the_key) {
  const fs::path dir = fresh_dir("time_config_step");
  const std::string base = slurp(fs::path(BRANDPUNT_SOURCE_DIR) / "geo-data" / "demo.toml");
  write_file(dir / "a.toml", base);
  EXPECT_EQ(pipeline::load_config((dir / "a.toml").string()).time.step, "month");
  for (const char* step : {"week", "month", "quarter"}) {
    write_file(dir / "a.toml", base + "\n[time]\nstep = \"" + step + "\"\n");
    EXPECT_EQ(pipeline::load_config((dir / "a.toml").string()).time.step, step);
  }
  write_file(dir / "a.toml", base + "\n[time]\ntime_lags = 1\nstep = \"fortnight\"\n");
  int64_t line = 0;
  {
    std::istringstream lines(slurp(dir / "a.toml"));
    std::string text;
    for (int64_t n = 1; std::getline(lines, text); ++n)
      if (text.rfind("step =", 0) == 0) line = n;
  }
  try {
    pipeline::load_config((dir / "a.toml").string());
    FAIL() << "expected a config error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::config);
    EXPECT_EQ(e.field(), "time.step");
    EXPECT_EQ(e.row(), line);
    EXPECT_NE(std::string(e.what()).find("a.toml"), std::string::npos) << e.what();
  }
}

TEST(DemoTimeStep, a_week_run_has_the_iso_weeks_of_the_series_with_partial_edges_and_sums_to_the_months) {
  const fs::path dir = demo_dir();
  ASSERT_FALSE(dir.empty()) << "brandpunt-gendemo failed";
  auto cfg = demo_config(dir, "\n[time]\nstep = \"week\"\n");
  cfg.privacy.profile = pipeline::Profile::restricted;
  const auto result = pipeline::run(cfg);
  const fs::path out = result.output_dir;
  const auto run = run_json(result);

  // The ISO weeks touched by the series months, counted here from the calendar alone.
  const std::string series = run["parameters"]["period"]["series"];  // "2023-01..2025-12"
  const int64_t d0 = time::days_from_seconds(time::parse_iso_date(series.substr(0, 7) + "-01"));
  const int y1 = std::stoi(series.substr(9, 4)), m1 = std::stoi(series.substr(14, 2));
  const int64_t d1 = time::days_from_civil({m1 == 12 ? y1 + 1 : y1, m1 == 12 ? 1 : m1 + 1, 1}) - 1;
  const int64_t monday0 = d0 - (time::iso_weekday(d0) - 1), monday1 = d1 - (time::iso_weekday(d1) - 1);
  const int64_t weeks = (monday1 - monday0) / 7 + 1;
  const bool first_partial = time::iso_weekday(d0) != 1, last_partial = time::iso_weekday(d1) != 7;
  auto label = [](int64_t day) {
    const time::IsoWeek w = time::iso_week(day);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-W%02d", w.year, w.week);
    return std::string(buf);
  };
  std::vector<std::string> partial;
  if (first_partial) partial.push_back(label(d0));
  if (last_partial) partial.push_back(label(d1));
  for (const char* level : {"straat", "buurt", "wijk"}) {
    const auto& t = run["time"][level];
    EXPECT_EQ(t["step"], "week") << level;
    EXPECT_EQ(t["steps"].get<int64_t>(), weeks) << level;
    EXPECT_EQ(t["first_step"], label(d0));
    EXPECT_EQ(t["last_step"], label(d1));
    EXPECT_EQ(t["partial_steps"].get<std::vector<std::string>>(), partial) << level;
  }
  // The demo's 2023-01..2025-12 starts on a Sunday and ends on a Wednesday.
  EXPECT_EQ(partial, (std::vector<std::string>{"2022-W52", "2026-W01"}));
  EXPECT_EQ(run["grid"]["space_time"]["step"], "week");
  EXPECT_EQ(run["grid"]["space_time"]["steps"].get<int64_t>(), weeks);

  // The weekly table (restricted only): edges flagged, and per area and category it sums to the
  // protected monthly series (exact in this profile) — the same incidents, cut differently.
  const auto rows = read_csv(out / "buurt_series_week.csv");
  ASSERT_GT(rows.size(), 1u);
  const int c_week = column(rows[0], "week"), c_partial = column(rows[0], "partial");
  for (size_t r = 1; r < rows.size(); ++r) {
    const bool edge = rows[r][c_week] == label(d0) || rows[r][c_week] == label(d1);
    EXPECT_EQ(rows[r][c_partial], edge ? "1" : "0") << rows[r][c_week];
  }
  for (const char* level : {"buurt", "wijk"}) {
    const auto weekly = totals(out / (std::string(level) + "_series_week.csv"));
    const auto monthly = totals(out / (std::string(level) + "_series.csv"));
    EXPECT_EQ(weekly, monthly) << level;
    int64_t sum = 0;
    for (const auto& [k, v] : weekly) sum += k.second == "totaal" ? v : 0;
    EXPECT_GT(sum, 10000) << level;
  }
  EXPECT_EQ(rows.size() - 1, totals(out / "buurt_series_week.csv").size() * static_cast<size_t>(weeks));

  // Trends are on the weeks: length, labels and descriptions say so.
  const auto trends = read_csv(out / "buurt_trends.csv");
  const int c_len = column(trends[0], "weeks"), c_since = column(trends[0], "emerging_since");
  const std::regex week_label(R"(\d{4}-W\d{2})");
  int with_since = 0;
  for (size_t r = 1; r < trends.size(); ++r) {
    EXPECT_EQ(std::stoll(trends[r][c_len]), weeks);
    if (trends[r][c_since].empty()) continue;
    EXPECT_TRUE(std::regex_match(trends[r][c_since], week_label)) << trends[r][c_since];
    ++with_since;
  }
  EXPECT_GT(with_since, 0);
  for (const auto& col : run["schema"]["buurt"])
    EXPECT_EQ(col["description"].get<std::string>().find("monthly series"), std::string::npos) << col["name"];
  bool weekly_slope = false;
  for (const auto& col : run["schema"]["buurt_trends"])
    weekly_slope = weekly_slope || col["description"] == "Sen's slope, incidents per week";
  EXPECT_TRUE(weekly_slope);
}

TEST(DemoTimeStep, a_quarter_run_tests_trends_on_the_quarter_sums_and_public_gets_no_quarter_series) {
  const fs::path dir = demo_dir();
  ASSERT_FALSE(dir.empty()) << "brandpunt-gendemo failed";
  auto cfg = demo_config(dir, "\n[time]\nstep = \"quarter\"\n");
  cfg.privacy.profile = pipeline::Profile::restricted;
  const auto result = pipeline::run(cfg);
  const fs::path out = result.output_dir;
  const auto run = run_json(result);
  EXPECT_EQ(run["time"]["buurt"]["step"], "quarter");
  EXPECT_EQ(run["time"]["buurt"]["steps"], 12);
  EXPECT_TRUE(run["time"]["buurt"]["partial_steps"].empty());

  // Quarter sums of the exact monthly series, per buurt and category.
  std::map<std::pair<std::string, std::string>, std::vector<double>> quarters;
  const auto series = read_csv(out / "buurt_series.csv");
  for (size_t r = 1; r < series.size(); ++r) {
    auto& q = quarters[{series[r][0], series[r][1]}];
    const int month = std::stoi(series[r][2].substr(5, 2));
    const size_t k = static_cast<size_t>(std::stoi(series[r][2].substr(0, 4)) - 2023) * 4 + static_cast<size_t>((month - 1) / 3);
    if (q.size() <= k) q.resize(k + 1, 0);
    q[k] += std::stod(series[r][3]);
  }
  const auto trends = read_csv(out / "buurt_trends.csv");
  const int c_s = column(trends[0], "mk_s"), c_slope = column(trends[0], "sen_slope"),
            c_len = column(trends[0], "quarters"), c_since = column(trends[0], "emerging_since");
  const std::regex quarter_label(R"(\d{4}-Q[1-4])");
  size_t checked = 0;
  bool nonzero = false;
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t r = 1; r < trends.size(); ++r) {
    const auto it = quarters.find({trends[r][0], trends[r][1]});
    // Sub categories have no published series (every category key is unique: see the
    // taxonomy test).
    if (it == quarters.end() || !seen.insert(it->first).second) continue;
    ASSERT_EQ(it->second.size(), 12u);
    const time::MannKendall mk = time::mann_kendall(it->second);
    EXPECT_EQ(std::stod(trends[r][c_s]), mk.S) << trends[r][0] << " " << trends[r][1];
    EXPECT_NEAR(std::stod(trends[r][c_slope]), mk.sen_slope, 1e-9) << trends[r][0];
    EXPECT_EQ(trends[r][c_len], "12");
    if (!trends[r][c_since].empty()) {
      EXPECT_TRUE(std::regex_match(trends[r][c_since], quarter_label)) << trends[r][c_since];
    }
    nonzero = nonzero || mk.S != 0;
    ++checked;
  }
  EXPECT_EQ(checked, quarters.size());
  EXPECT_TRUE(nonzero);
  EXPECT_TRUE(fs::exists(out / "buurt_series_quarter.csv"));

  // The public profile publishes the quarters too: sums of its released months, so they add up.
  cfg.privacy.profile = pipeline::Profile::public_;
  cfg.privacy.noise_seed = "quarters";
  cfg.output_dir = (dir / "out-public").string();
  const auto pub = pipeline::run(cfg);
  const fs::path po = pub.output_dir;
  EXPECT_EQ(totals(po / "buurt_series_quarter.csv"), totals(po / "buurt_series.csv"));
}

TEST(DemoGrid, cells_of_the_planted_persistent_cluster_are_hot_over_time_and_nothing_persists_far_from_every_cluster) {
  const fs::path dir = demo_dir();
  ASSERT_FALSE(dir.empty()) << "brandpunt-gendemo failed";
  // Both profiles find the planted cluster hot and nothing far from it. Its persistence is
  // checked on the exact counts: in the public profile the noise on a cell's monthly count
  // (about 2) is above the pattern's monthly count, so its months are hot on and off
  // (sporadic; docs/DESIGN.md).
  for (const auto profile : {pipeline::Profile::restricted, pipeline::Profile::public_}) {
  SCOPED_TRACE(pipeline::to_string(profile));
  auto cfg = demo_config(dir);  // monthly
  cfg.privacy.profile = profile;
  cfg.privacy.noise_seed = "demo-grid";
  cfg.output_dir = (dir / pipeline::to_string(profile)).string();
  const auto result = pipeline::run(cfg);
  const auto run = run_json(result);
  const auto truth = nlohmann::json::parse(slurp(dir / "demo" / "truth.json"));
  const auto grid = nlohmann::json::parse(slurp(fs::path(result.output_dir) / "grid_hotspots.geojson"));

  // The KDE stays on the analysis period; the grid cube has the whole series.
  const auto& st = run["grid"]["space_time"];
  EXPECT_EQ(st["step"], "month");
  EXPECT_EQ(st["steps"], 36);
  int64_t series_total = 0;
  for (const auto& [key, n] : totals(fs::path(result.output_dir) / "gemeente_series.csv"))
    series_total += key.second == "totaal" ? n : 0;
  // The grid's cells are released below the (released) gemeente, with a remainder for incidents
  // in no cell (near 0): the cells add up to the gemeente within that remainder's noise.
  EXPECT_NEAR(st["incidents"].get<double>(), static_cast<double>(series_total), 40);
  const auto gemeente = csv_by_key(fs::path(result.output_dir) / "gemeente.csv", "code");
  EXPECT_NEAR(run["kde"]["incidents"].get<double>(), std::stod(gemeente.begin()->second.at("n_totaal")), 10);

  // Cell centres from the lattice ids (engine/density/grid.hpp: pointy-top hexagons of
  // circumradius R, centre (R√3(q + r/2), 1.5 R r), equal in area to a square of cell_m).
  ASSERT_EQ(run["grid"]["shape"], "hexagon");
  const double R = run["grid"]["cell_m"].get<double>() * std::sqrt(2.0 / (3.0 * std::sqrt(3.0)));
  const double band_m = run["grid"]["distance_band_m"];
  io::AreaReadReport report;
  const AreaLayer buurten = io::read_areas(cfg.buurt.areas, cfg.analysis_crs, report);
  std::map<std::string, std::string> cluster_of;  // buurt code -> pattern of its planted cluster
  for (const auto& h : truth["hotspots"]["buurten"]) {
    cluster_of[h["code"]] = h["pattern"];
    for (const auto& r : h["ring_codes"]) cluster_of[r.get<std::string>()] = h["pattern"];
  }
  const std::set<std::string> hot_pattern = {"new_hot_spot", "consecutive_hot_spot", "intensifying_hot_spot",
                                             "persistent_hot_spot", "diminishing_hot_spot", "sporadic_hot_spot",
                                             "oscillating_hot_spot"};
  const std::regex month_label(R"(\d{4}-\d{2})");
  struct Cell {
    XY centre;
    std::string cluster;
    std::string emerging_hic;
  };
  std::vector<Cell> cells;
  for (const auto& f : grid["features"]) {
    const auto& p = f["properties"];
    for (const char* k : {"emerging_totaal", "emerging_since_totaal", "trend_totaal", "sen_slope_totaal",
                          "emerging_hic", "trend_hic"})
      ASSERT_TRUE(p.contains(k)) << k;
    const std::string since = p["emerging_since_totaal"];
    if (!since.empty()) {
      EXPECT_TRUE(std::regex_match(since, month_label)) << since;
    }
    if (p["emerging_totaal"] == "no_pattern") {
      EXPECT_TRUE(since.empty());
    }

    const std::string id = p["id"];
    const size_t us = id.find('_');
    const double q = std::stod(id.substr(1, us - 1)), r = std::stod(id.substr(us + 1));
    Cell c{{R * std::sqrt(3.0) * (q + r / 2), 1.5 * R * r}, "", p["emerging_hic"]};
    for (size_t b = 0; b < buurten.size(); ++b)
      if (contains(buurten.geometry[b], c.centre)) {
        const auto it = cluster_of.find(buurten.code[b]);
        if (it != cluster_of.end()) c.cluster = it->second;
      }
    cells.push_back(c);
  }
  ASSERT_EQ(cells.size(), run["grid"]["cells"].get<size_t>());

  // The persistent cluster was planted in woninginbraak (main category hic), 8x in its core
  // buurt and 4x in the ring, in every month. On totaal it drowns in the city's density
  // gradient, so the check is on the hic columns.
  int in_cluster = 0, hot_in_cluster = 0, persistent_in_cluster = 0, far = 0, hot_far = 0;
  for (const Cell& c : cells) {
    if (c.cluster == "persistent") {
      ++in_cluster;
      hot_in_cluster += hot_pattern.count(c.emerging_hic) > 0;
      persistent_in_cluster += c.emerging_hic == "persistent_hot_spot" || c.emerging_hic == "intensifying_hot_spot";
    }
    if (!c.cluster.empty()) continue;
    // Farther than the distance band from every planted cell: no planted cell is a neighbour.
    bool near = false;
    for (const Cell& o : cells)
      near = near || (!o.cluster.empty() && std::hypot(o.centre.x - c.centre.x, o.centre.y - c.centre.y) <= band_m);
    if (near) continue;
    ++far;
    hot_far += hot_pattern.count(c.emerging_hic) > 0;
    // Far from every cluster nothing persists: bins hot by chance (FDR at 10 % over the cube,
    // or the background's own density at a local band) come and go.
    for (const char* lasting : {"persistent_hot_spot", "intensifying_hot_spot", "diminishing_hot_spot"})
      EXPECT_NE(c.emerging_hic, lasting) << "a cell far from every cluster";

  }
  EXPECT_GT(in_cluster, 20);
  // Public: the noise on a cell's monthly count (about 2) against a local band (779 m, capped at
  // the cells' own scale, density/scale.hpp) leaves about a quarter of the cluster's cells hot
  // (32 of 131 with noise seed "demo-grid"; at the uncapped 1.6 km band more than a third).
  if (profile == pipeline::Profile::restricted) {
    EXPECT_GE(hot_in_cluster * 3, in_cluster) << hot_in_cluster << " of " << in_cluster;
  } else {
    EXPECT_GE(hot_in_cluster * 5, in_cluster) << hot_in_cluster << " of " << in_cluster;
  }
  if (profile == pipeline::Profile::restricted) {
    EXPECT_GE(persistent_in_cluster * 4, in_cluster) << persistent_in_cluster << " of " << in_cluster;
  }
  EXPECT_GT(far, 50);
  // The band is local now (capped at the cells' own scale, density/scale.hpp), so "far" starts
  // closer to the clusters and reaches the dense centre: a few sporadic cells there, at most
  // the 10 % a false discovery rate of 10 % allows.
  EXPECT_LE(hot_far * 10, far) << hot_far << " of " << far;
  }
}
