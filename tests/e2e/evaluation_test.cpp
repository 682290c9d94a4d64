// Issue 15 end to end on the demo city with planted patterns (public profile, released counts):
// the previous period's lists find the planted hot spots better than random lists, every scored
// list follows from the published counts, and an [[intervention]] on the planted new hot spot
// gives the WDD, SE, z and E-test that an independent recomputation from buurt_series.csv gives.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "aggregate/cube.hpp"
#include "e2e_util.hpp"
#include "evaluate/intervention.hpp"
#include "pipeline/pipeline.hpp"

using namespace brandpunt;
using namespace brandpunt::testing;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::map<std::string, std::string> kMain = {
    {"fietsendiefstal", "vermogen"}, {"straatroof", "hic"}, {"woninginbraak", "hic"}, {"mishandeling", "geweld"}};

// evaluation.csv as (section, level, scope, category, subject, period) -> measure -> value.
using Key = std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
std::map<Key, std::map<std::string, std::string>> read_evaluation(const fs::path& p) {
  const auto rows = read_csv(p);
  std::map<Key, std::map<std::string, std::string>> out;
  EXPECT_EQ(rows.at(0), (std::vector<std::string>{"section", "level", "scope", "category", "subject", "period",
                                                  "measure", "value"}));
  for (size_t r = 1; r < rows.size(); ++r)
    out[{rows[r][0], rows[r][1], rows[r][2], rows[r][3], rows[r][4], rows[r][5]}][rows[r][6]] = rows[r].size() > 7 ? rows[r][7] : "";
  return out;
}

double num(const std::map<std::string, std::string>& m, const std::string& k) {
  const auto it = m.find(k);
  if (it == m.end() || it->second.empty()) return NAN;
  return std::stod(it->second);
}

// The one entry of a section whatever its period (the back-test summary's is the series).
const std::map<std::string, std::string>& any_period(const std::map<Key, std::map<std::string, std::string>>& eval,
                                                     const std::string& sec, const std::string& lvl,
                                                     const std::string& scope, const std::string& cat,
                                                     const std::string& subj) {
  const auto it = eval.lower_bound({sec, lvl, scope, cat, subj, ""});
  static const std::map<std::string, std::string> none;
  if (it == eval.end() || std::get<0>(it->first) != sec || std::get<1>(it->first) != lvl ||
      std::get<2>(it->first) != scope || std::get<3>(it->first) != cat || std::get<4>(it->first) != subj) {
    ADD_FAILURE() << "no " << sec << " " << lvl << " " << scope << " " << cat << " " << subj;
    return none;
  }
  return it->second;
}

struct Demo {
  fs::path out;
  json truth, run;
  std::map<std::string, json> plant;
  std::map<std::string, std::map<std::string, std::string>> buurt;
  std::map<Key, std::map<std::string, std::string>> eval;
  std::vector<std::string> control;
};

// One run for every test here (ctest runs each test in its own process: one run each).
Demo run_demo(const std::string& name) {
  Demo d;
  const fs::path dir = fresh_dir(name);
  EXPECT_EQ(run_gendemo("--seed 7 --plant persistent_isolated,new,cluster --incidents 30000 --no-population --out '" +
                        (dir / "input").string() + "'"),
            0);
  d.truth = json::parse(slurp(dir / "input" / "truth.json"));
  for (const auto& p : d.truth["planted"]) d.plant[p["pattern"]] = p;
  pipeline::PipelineConfig cfg = load_copied_config(fs::path(BRANDPUNT_SOURCE_DIR) / "geo-data" / "demo.toml", dir);
  for (auto* a : {&cfg.buurt.areas, &cfg.wijk.areas, &cfg.stadsdeel.areas}) a->path = (dir / "input" / "city.gpkg").string();
  cfg.streets.path = (dir / "input" / "city.gpkg").string();
  cfg.incidents.path = (dir / "input" / "incidents.csv").string();
  cfg.output_dir = (dir / "out").string();
  cfg.indicators.clear();
  cfg.privacy.noise_seed = "evaluation-e2e";
  cfg.analysis.surfaces = false;  // the grid's scores are not checked here; keeps the test quick
  cfg.output.formats = {"csv"};   // the tables are what is checked; no GeoJSON to write
  // The intervention: the planted new hot spot from its first planted month, with the buurten
  // that touch it as the displacement zone (buffer 0), against the quiet buurten around the
  // persistent isolated one (no planted pattern in them).
  const json& n = d.plant.at("new");
  pipeline::InterventionConfig iv;
  iv.name = "Aanpak nieuw";
  iv.index = 1;
  iv.category = kMain.at(n["category"]);
  iv.areas = {n["code"]};
  iv.start_month = aggregate::parse_month(n["first_month"]);
  iv.displacement_buffer_m = 0;
  std::set<std::string> taken{n["code"]};
  for (const auto& c : n["neighbour_codes"]) taken.insert(c.get<std::string>());
  for (const auto& h : d.truth["planted"]) {
    taken.insert(h["code"].get<std::string>());
    for (const auto& c : h["ring_codes"]) taken.insert(c.get<std::string>());
  }
  for (const auto& c : d.plant.at("persistent_isolated")["neighbour_codes"])
    if (!taken.count(c.get<std::string>())) iv.control.push_back(c);
  EXPECT_GE(iv.control.size(), 2u);
  d.control = iv.control;
  cfg.interventions.push_back(iv);
  const pipeline::RunResult result = pipeline::run(cfg);
  d.out = result.output_dir;
  d.run = json::parse(slurp(d.out / "run.json"));
  d.buurt = csv_by_key(d.out / "buurt.csv", "code");
  d.eval = read_evaluation(d.out / "evaluation.csv");
  return d;
}

}  // namespace

TEST(Evaluation, planted_hot_spots_beat_random_lists_and_every_number_follows_from_the_published_counts) {
  const Demo d = run_demo("evaluation_demo");
  ASSERT_TRUE(d.run.contains("evaluation"));
  const json& ev = d.run["evaluation"];
  const std::string gm = "GM0999", t1 = ev["periods"]["t1"], t2 = ev["periods"]["t2"], period = t1 + "->" + t2;
  EXPECT_EQ(ev["options"]["top_n"], 10);
  EXPECT_EQ(ev["options"]["horizon"], 1);
  // The public profile reads no incident: no near-repeat or time-of-day rows, and run.json says why.
  EXPECT_FALSE(ev["near_repeat"]["computed"].get<bool>());
  EXPECT_NE(ev["near_repeat"]["reason"].get<std::string>().find("restricted profile only"), std::string::npos);
  EXPECT_FALSE(ev["time_of_day"]["computed"].get<bool>());
  for (const auto& [k, v] : d.eval) {
    EXPECT_NE(std::get<0>(k), "near_repeat");
    EXPECT_NE(std::get<0>(k), "time_of_day");
  }

  // Near repeat at buurt level from the released buurt x month cube: every pair of the period's
  // burglaries in one cell of the table.
  ASSERT_TRUE(ev["near_repeat_area"]["computed"].get<bool>());
  EXPECT_EQ(ev["near_repeat_area"]["source"], "the released buurt x month counts");
  {
    const int64_t n = ev["near_repeat_area"]["incidents"];
    double observed = 0;
    int cells = 0;
    for (const auto& [k, v] : d.eval)
      if (std::get<0>(k) == "near_repeat_area") observed += num(v, "observed"), ++cells;
    EXPECT_EQ(cells, 9);
    EXPECT_GT(n, 100);
    EXPECT_EQ(observed, static_cast<double>(n * (n - 1) / 2));
  }

  // The planted persistent patterns: last period's top 10 catches this period's incidents far
  // better than random lists of 10 buurten, whose PAI is about 1.
  for (const char* pattern : {"persistent_isolated", "cluster"}) {
    const std::string cat = kMain.at(d.plant.at(pattern)["category"]);
    SCOPED_TRACE(std::string(pattern) + " " + cat);
    const auto& m = d.eval.at({"out_of_sample", "buurt", gm, cat, "top_n", period});
    EXPECT_GT(num(m, "pai"), num(m, "random_p95_pai"));
    EXPECT_GT(num(m, "pai"), 2.0);
    EXPECT_NEAR(num(m, "random_mean_pai"), 1.0, 0.35);
    EXPECT_LT(num(m, "random_p"), 0.05);
    EXPECT_GT(num(m, "pei"), 0.3);
    EXPECT_LE(num(m, "pei"), 1.0 + 1e-12);
    const auto& b = any_period(d.eval, "backtest", "buurt", gm, cat, "top_n");
    EXPECT_GT(num(b, "mean_pai"), 1.5);
    EXPECT_GE(num(b, "months"), 30);
  }

  // Every out-of-sample top 10 of the buurten, citywide and per stadsdeel, recomputed from the
  // published buurt.csv: the previous period's counts rank, this period's counts score.
  const std::vector<std::string> cats = {"totaal", "hic", "vermogen", "geweld", "overlast", "ondermijning", "overig"};
  std::set<std::string> scopes{gm};
  for (const auto& [code, row] : d.buurt) scopes.insert(row.at("stadsdeel_code"));
  int checked = 0;
  for (const std::string& scope : scopes)
    for (const std::string& cat : cats) {
      std::vector<std::string> codes;
      double total = 0, area = 0;
      for (const auto& [code, row] : d.buurt)
        if (scope == gm || row.at("stadsdeel_code") == scope) {
          codes.push_back(code);
          total += std::stod(row.at("n_" + cat));
          area += std::stod(row.at("area_km2"));
        }
      auto prev = [&](const std::string& c) { return std::stod(d.buurt.at(c).at("n_" + cat + "_prev")); };
      std::vector<std::string> ranked;
      for (const auto& c : codes)
        if (prev(c) > 0) ranked.push_back(c);
      std::sort(ranked.begin(), ranked.end(), [&](const std::string& a, const std::string& b) {
        return prev(a) != prev(b) ? prev(a) > prev(b) : a < b;
      });
      if (ranked.size() > 10) ranked.resize(10);
      double hits = 0, a = 0, hits_before = 0, total_before = 0;
      for (const auto& c : ranked) {
        hits += std::stod(d.buurt.at(c).at("n_" + cat));
        hits_before += prev(c);
        a += std::stod(d.buurt.at(c).at("area_km2"));
      }
      for (const auto& c : codes) total_before += prev(c);
      SCOPED_TRACE(scope + " " + cat);
      const auto it = d.eval.find({"out_of_sample", "buurt", scope, cat, "top_n", period});
      ASSERT_NE(it, d.eval.end());
      const auto& m = it->second;
      EXPECT_EQ(num(m, "areas"), static_cast<double>(ranked.size()));
      if (ranked.empty()) continue;  // nothing in T1: an empty list, nothing to score
      EXPECT_EQ(num(m, "hits"), hits);
      if (total == 0) continue;
      EXPECT_EQ(num(m, "incidents"), total);
      EXPECT_NEAR(num(m, "hit_rate"), hits / total, 1e-12);
      // area_km2 is published to 3 decimals: the share of area agrees to that rounding.
      const double pai = (hits / total) / (a / area);
      EXPECT_NEAR(num(m, "pai"), pai, 2e-3 * pai);
      EXPECT_NEAR(num(m, "rri"), pai / ((hits_before / total_before) / (a / area)), 4e-3 * pai);
      ++checked;
    }
  EXPECT_GE(checked, 20);

  // One back-test month from buurt_series.csv: month m's top 10 scored on month m + 1.
  {
    const std::string cat = kMain.at(d.plant.at("cluster")["category"]);
    std::map<std::string, std::map<std::string, double>> series;  // month -> code -> n
    for (const auto& row : read_csv(d.out / "buurt_series.csv"))
      if (row.size() > 3 && row[1] == cat) series[row[2]][row[0]] = std::stod(row[3]);
    auto it = series.begin();
    const auto m0 = it->first, m1 = std::next(it)->first;
    std::vector<std::string> ranked;
    for (const auto& [code, n] : series[m0])
      if (n > 0) ranked.push_back(code);
    std::sort(ranked.begin(), ranked.end(), [&](const std::string& a, const std::string& b) {
      return series[m0][a] != series[m0][b] ? series[m0][a] > series[m0][b] : a < b;
    });
    ranked.resize(std::min<size_t>(ranked.size(), 10));
    double hits = 0, total = 0, a = 0, area = 0;
    for (const auto& c : ranked) hits += series[m1][c], a += std::stod(d.buurt.at(c).at("area_km2"));
    for (const auto& [code, n] : series[m1]) total += n, area += std::stod(d.buurt.at(code).at("area_km2"));
    const auto& m = d.eval.at({"backtest_month", "buurt", gm, cat, "top_n", m0 + "->" + m1});
    EXPECT_NEAR(num(m, "hit_rate"), hits / total, 1e-12);
    EXPECT_NEAR(num(m, "pai"), (hits / total) / (a / area), 2e-3 * (hits / total) / (a / area));
  }

  // Concentration of the buurten's totaal: the population Gini of the published counts, above
  // what random allocation of as many incidents gives.
  {
    std::vector<double> x;
    for (const auto& [code, row] : d.buurt) x.push_back(std::stod(row.at("n_totaal")));
    double sum = 0, diff = 0;
    for (double v : x) sum += v;
    for (double u : x)
      for (double v : x) diff += std::fabs(u - v);
    const double n = static_cast<double>(x.size()), g = diff / (2 * n * n * (sum / n));
    const auto& m = d.eval.at({"concentration", "buurt", gm, "totaal", "", t2});
    EXPECT_NEAR(num(m, "gini"), g, 1e-12);
    EXPECT_GT(num(m, "gini"), num(m, "random_gini") + 0.1);
    EXPECT_LE(num(m, "areas_for_25pct"), num(m, "areas_for_50pct"));
    EXPECT_LT(num(m, "lorenz_50pct"), 0.5);
  }

  // The intervention on the planted new hot spot, recomputed from buurt_series.csv.
  {
    ASSERT_EQ(ev["interventions"].size(), 1u);
    const json& iv = ev["interventions"][0];
    const json& n = d.plant.at("new");
    const std::string cat = kMain.at(n["category"]);
    std::set<std::string> neighbours;
    for (const auto& c : n["neighbour_codes"]) neighbours.insert(c.get<std::string>());
    std::vector<std::string> displacement = iv["groups"]["displacement"]["codes"];
    ASSERT_FALSE(displacement.empty());
    // Buffer 0: exactly the buurten that touch the treated one, other than the control.
    std::set<std::string> expected_d;
    for (const auto& c : neighbours)
      if (std::find(d.control.begin(), d.control.end(), c) == d.control.end()) expected_d.insert(c);
    EXPECT_EQ(std::set<std::string>(displacement.begin(), displacement.end()), expected_d);

    const int start = aggregate::parse_month(n["first_month"]);
    const int mb = iv["months_before"], ma = iv["months_after"];
    std::map<std::string, std::map<int, double>> series;  // code -> month -> n
    for (const auto& row : read_csv(d.out / "buurt_series.csv"))
      if (row.size() > 3 && row[1] == cat) series[row[0]][aggregate::parse_month(row[2])] = std::stod(row[3]);
    auto sums = [&](const std::vector<std::string>& codes) {
      std::pair<double, double> s{0, 0};
      for (const auto& c : codes)
        for (int m = start - mb; m < start + ma; ++m) (m < start ? s.first : s.second) += series.at(c).at(m);
      return s;
    };
    const auto [t0, t1c] = sums({n["code"]});
    const auto [c0, c1] = sums(d.control);
    const auto [d0, d1] = sums(displacement);
    const double wdd = (t1c / ma - t0 / mb) - (c1 / ma - c0 / mb) + (d1 / ma - d0 / mb);
    const double var = (t0 + c0 + d0) / (mb * mb) + (t1c + c1 + d1) / (ma * ma);
    const std::string iv_name = iv["name"];
    const auto& e = d.eval.at({"intervention", "buurt", iv_name, cat, "effect", iv["period"]});
    const auto& tr = d.eval.at({"intervention", "buurt", iv_name, cat, "treated", iv["period"]});
    EXPECT_EQ(num(tr, "before"), t0);
    EXPECT_EQ(num(tr, "after"), t1c);
    EXPECT_NEAR(num(e, "wdd"), wdd, 1e-9);
    EXPECT_NEAR(num(e, "wdd_se"), std::sqrt(var), 1e-9);
    EXPECT_NEAR(num(e, "wdd_z"), wdd / std::sqrt(var), 1e-9);
    EXPECT_NEAR(num(e, "e_test_p"), evaluate::e_test(t1c, t0, ma, mb), 1e-12);
    EXPECT_NEAR(iv["wdd"].get<double>(), wdd, 1e-9);
    // A new hot spot from the start month: a significant increase, and the verdict says so.
    EXPECT_GT(wdd, 0);
    EXPECT_GT(num(e, "wdd_z"), 1.96);
    EXPECT_LT(num(e, "e_test_p"), 0.05);
    const std::string verdict = iv["verdict"];
    EXPECT_EQ(verdict.rfind("+", 0), 0u) << verdict;
    EXPECT_NE(verdict.find("significant bij 5 %"), std::string::npos) << verdict;
    EXPECT_EQ(verdict.find("niet significant"), std::string::npos) << verdict;

    // Its stadsdeel's pack says it, and so does evaluation.md.
    const std::string sd = d.buurt.at(n["code"]).at("stadsdeel_code");
    const std::string readme = slurp(d.out / "packs" / sd / "README.md");
    EXPECT_NE(readme.find("## Evaluatie"), std::string::npos);
    EXPECT_NE(readme.find("**Aanpak nieuw**: " + verdict), std::string::npos);
    const std::string md = slurp(d.out / "evaluation.md");
    EXPECT_NE(md.find("### Aanpak nieuw"), std::string::npos);
    EXPECT_NE(md.find("## Voorspelde de lijst van de vorige periode deze periode?"), std::string::npos);
  }
}
