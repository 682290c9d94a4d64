// Issue 12 end to end: patterns planted by brandpunt-gendemo (--plant ...) come out of a full run
// with the label, the list they are on or off, their rank in their stadsdeel and the reason text
// an analyst would sign, for several seeds, on the demo city and on the real Maastricht buurten
// (no buurt population, no street data); and no reason in focus.md contradicts its numbers, in
// Dutch and in English.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "e2e_util.hpp"
#include "focus_checks.hpp"
#include "pipeline/pipeline.hpp"

using namespace brandpunt;
using namespace brandpunt::testing;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct PlantedRun {
  fs::path out;
  json truth, focus, run;
  std::map<std::string, std::map<std::string, std::string>> buurt;  // buurt.csv by code
  std::map<std::string, json> plant;                                  // truth "planted" by pattern
};

const std::map<std::string, std::string> kMain = {
    {"fietsendiefstal", "vermogen"}, {"straatroof", "hic"}, {"woninginbraak", "hic"}, {"mishandeling", "geweld"}};

// A list of focus.json by scope, level and category (null when absent).
const json* find_list(const json& focus, const std::string& scope, const std::string& level, const std::string& cat) {
  for (const auto& l : focus["lists"])
    if (l["scope"] == scope && l["level"] == level && l["category"] == cat) return &l;
  return nullptr;
}

int rank_of(const json& list, const std::string& code) {
  for (const auto& r : list["listed"])
    if (r["code"] == code) return r["rank"];
  return 0;
}

const json* row_of(const json& list, const char* section, const std::string& code) {
  for (const auto& r : list[section])
    if (r["code"] == code) return &r;
  return nullptr;
}

std::string joined(const json& row) {
  std::string s;
  for (const auto& r : row["reasons"]) s += r.get<std::string>() + "; ";
  return s;
}

// The demo city (city mode) or Maastricht (scatter mode) with every pattern planted.
// `pub`: the public profile, whose lists are computed from the released (noisy) counts, with a
// fixed noise seed; otherwise the restricted profile (exact counts).
PlantedRun run_planted(const std::string& name, int seed, const std::string& lang, bool maastricht,
                       const std::string& extra_flags = "", bool pub = false) {
  PlantedRun r;
  const fs::path dir = fresh_dir(name);
  const fs::path data = shared_dir() / "data" / "maastricht";
  std::string args = "--seed " + std::to_string(seed) + " --plant persistent_isolated,historical,new,cluster " +
                     extra_flags + " --out '" + (dir / "input").string() + "'";
  if (maastricht)
    args += " --incidents 12000 --no-streets --areas '" + (data / "buurten_2022_rd.gpkg").string() +
            "' --area-code-field buurtcode";
  else
    args += " --incidents 30000 --no-population";
  EXPECT_EQ(run_gendemo(args), 0);
  r.truth = json::parse(slurp(dir / "input" / "truth.json"));
  for (const auto& p : r.truth["planted"]) r.plant[p["pattern"]] = p;
  pipeline::PipelineConfig cfg;
  if (maastricht) {
    cfg = load_copied_config(fs::path(BRANDPUNT_SOURCE_DIR) / "geo-data" / "configs" / "maastricht.toml", dir);
    cfg.buurt.areas.path = (data / "buurten_2022_rd.gpkg").string();
    cfg.wijk.areas.path = (data / "wijken_2022_rd.gpkg").string();
  } else {
    cfg = load_copied_config(fs::path(BRANDPUNT_SOURCE_DIR) / "geo-data" / "demo.toml", dir);
    for (auto* a : {&cfg.buurt.areas, &cfg.wijk.areas, &cfg.stadsdeel.areas}) a->path = (dir / "input" / "city.gpkg").string();
    cfg.streets.path = (dir / "input" / "city.gpkg").string();
    cfg.indicators.clear();
  }
  cfg.incidents.path = (dir / "input" / "incidents.csv").string();
  cfg.output_dir = (dir / "out").string();
  cfg.analysis.surfaces = false;  // not needed for the lists; keeps the test quick
  cfg.focus.language = lang;
  cfg.privacy.profile = pub ? pipeline::Profile::public_ : pipeline::Profile::restricted;
  cfg.privacy.noise_seed = "focus-patterns-" + std::to_string(seed);
  const pipeline::RunResult result = pipeline::run(cfg);
  r.out = result.output_dir;
  r.focus = json::parse(slurp(r.out / "focus.json"));
  r.run = json::parse(slurp(r.out / "run.json"));
  r.buurt = csv_by_key(r.out / "buurt.csv", "code");
  return r;
}

// Every data row of a CSV as a column-name -> value map.
std::vector<std::map<std::string, std::string>> csv_rows(const fs::path& p) {
  const auto rows = read_csv(p);
  std::vector<std::map<std::string, std::string>> out;
  for (size_t r = 1; r < rows.size(); ++r) {
    auto& m = out.emplace_back();
    for (size_t c = 0; c < rows[0].size() && c < rows[r].size(); ++c) m[rows[0][c]] = rows[r][c];
  }
  return out;
}

// The monthly counts of one category of buurt_series.csv: code -> month ("2025-03") -> count.
std::map<std::string, std::map<std::string, int>> monthly(const fs::path& out, const std::string& category) {
  std::map<std::string, std::map<std::string, int>> by;
  for (const auto& row : csv_rows(out / "buurt_series.csv"))
    if (row.at("category") == category) by[row.at("code")][row.at("month")] = std::stoi(row.at("n"));
  return by;
}

// The checks every planted run must pass. `first_of_stadsdeel`: the persistent isolated buurt
// must be #1 of its stadsdeel (the Maastricht case); otherwise (the demo city, whose
// background has Gi* clusters of its own) only Gi* hot spots with a significant excess of
// their own may rank above it.
void check_patterns(const PlantedRun& r, const std::string& lang, bool first_of_stadsdeel) {
  const bool nl = lang == "nl";
  ASSERT_EQ(r.plant.size(), 4u);
  // Persistent isolated buurt: its neighbours are quiet, so Gi* may miss it; its excess and its
  // outliers must not: listed as a hot outlier with its excess and its neighbours' ratio.
  {
    const json& p = r.plant.at("persistent_isolated");
    const std::string code = p["code"], sd = r.buurt.at(code).at("stadsdeel_code");
    SCOPED_TRACE("persistent isolated " + code + " in " + sd);
    const json* list = find_list(r.focus, sd, "buurt", kMain.at(p["category"]));
    ASSERT_NE(list, nullptr);
    const int rank = rank_of(*list, code);
    ASSERT_GE(rank, 1) << "not listed";
    if (first_of_stadsdeel) {
      EXPECT_EQ(rank, 1) << joined((*list)["listed"][0]);
    }
    for (int i = 0; i + 1 < rank; ++i) {
      const json& above = (*list)["listed"][static_cast<size_t>(i)];
      EXPECT_EQ(above["gi_class"].get<std::string>().rfind("hot_", 0), 0u) << joined(above);
      EXPECT_TRUE(above["excess_significant"].get<bool>()) << joined(above);
    }
    const json* row = row_of(*list, "listed", code);
    ASSERT_NE(row, nullptr);
    EXPECT_TRUE((*row)["excess_significant"].get<bool>());
    EXPECT_GT((*row)["sir"].get<double>(), 2.0);
    EXPECT_TRUE((*row)["contrast_outlier"].get<bool>());
    EXPECT_EQ((*row)["components"]["outlier"].get<double>(), 1.0);
    EXPECT_LT((*row)["neighbour_ratio"].get<double>(), (*row)["sir"].get<double>() / 2);
    EXPECT_EQ(joined(*row).rfind(nl ? "hoge uitschieter: " : "hot outlier: ", 0), 0u) << joined(*row);
    EXPECT_NE(joined(*row).find(nl ? "× verwacht (" : "× expected ("), std::string::npos) << joined(*row);
    EXPECT_NE(joined(*row).find(nl ? "(hoger dan de buren: gecorrigeerde p " : "(above its neighbours: adjusted p "),
              std::string::npos)
        << joined(*row);
    EXPECT_EQ(row_of(*list, "fading", code), nullptr);
  }
  // New hot spot from month 25: first of its stadsdeel's hic list, new or consecutive since a
  // month of the planted months, and its quiet neighbours are no hot spots of any kind.
  {
    const json& p = r.plant.at("new");
    const std::string code = p["code"], sd = r.buurt.at(code).at("stadsdeel_code");
    SCOPED_TRACE("new " + code + " in " + sd);
    const json* list = find_list(r.focus, sd, "buurt", "hic");
    ASSERT_NE(list, nullptr);
    EXPECT_EQ(rank_of(*list, code), 1) << joined((*list)["listed"][0]);
    const json* row = row_of(*list, "listed", code);
    ASSERT_NE(row, nullptr);
    // A young hot pattern: new or consecutive by ArcGIS's definitions, or, when the Poisson
    // noise of the planted months left a gap in the run, sporadic with every hot month within
    // the planted ones. In each case since a planted month, said in the reason.
    const std::string e = (*row)["emerging"], since = (*row)["emerging_since"];
    const int planted_months = p["last_month_index"].get<int>() - p["first_month_index"].get<int>() + 1;
    EXPECT_TRUE(e == "new_hot_spot" || e == "consecutive_hot_spot" || e == "sporadic_hot_spot") << e;
    EXPECT_LE((*row)["n_hot"].get<int>(), planted_months);
    EXPECT_GE((*row)["n_hot"].get<int>(), 1);
    EXPECT_GE(since, p["first_month"].get<std::string>());
    const std::map<std::string, std::string> words = {
        {"new_hot_spot", nl ? "nieuwe hotspot sinds " : "new hot spot since "},
        {"consecutive_hot_spot", nl ? "opeenvolgende hotspot sinds " : "consecutive hot spot since "},
        {"sporadic_hot_spot", nl ? "sporadische hotspot sinds " : "sporadic hot spot since "}};
    EXPECT_NE(joined(*row).find(words.at(e) + since), std::string::npos) << joined(*row);
    // Its neighbours, whose background is a few incidents a month, are no young hot spot on
    // the strength of it: a neighbour that is new or consecutive had at least min_hot_count
    // incidents of its own a month, on average over the months of its run (time/emerging.hpp).
    const double min_hot = r.run["time"]["buurt"]["min_hot_count"].get<double>();
    EXPECT_GT(min_hot, 1.0);
    const auto series = monthly(r.out, "hic");
    for (const auto& row_t : csv_rows(r.out / "buurt_trends.csv")) {
      if (row_t.at("category") != "hic") continue;
      bool neighbour = false;
      for (const auto& n : p["neighbour_codes"]) neighbour = neighbour || n == row_t.at("code");
      if (!neighbour) continue;
      const std::string en = row_t.at("emerging");
      if (en != "new_hot_spot" && en != "consecutive_hot_spot") continue;
      const std::string since_n = row_t.at("emerging_since");
      ASSERT_FALSE(since_n.empty());
      double own = 0;
      int months = 0;
      for (const auto& [month, n] : series.at(row_t.at("code")))
        if (month >= since_n) own += n, ++months;
      EXPECT_GE(own, min_hot * months) << row_t.at("code") << " next to the new hot spot is " << en << " since "
                                       << since_n << " with " << own << " incidents in " << months << " months";
    }
  }
  // Historical (street robbery in the first half only): on no current hic list, in the fading
  // section of its stadsdeel's with the decrease in its reasons.
  {
    const json& p = r.plant.at("historical");
    const std::string code = p["code"], sd = r.buurt.at(code).at("stadsdeel_code");
    SCOPED_TRACE("historical " + code + " in " + sd);
    for (const std::string& scope : {std::string("gemeente"), sd}) {
      const json* list = find_list(r.focus, scope, "buurt", "hic");
      ASSERT_NE(list, nullptr);
      EXPECT_EQ(rank_of(*list, code), 0) << scope;
      EXPECT_EQ(row_of(*list, "near_misses", code), nullptr) << scope;
    }
    const json* list = find_list(r.focus, sd, "buurt", "hic");
    const json* row = row_of(*list, "fading", code);
    ASSERT_NE(row, nullptr) << "not in the fading section";
    const std::string why = joined(*row);
    EXPECT_TRUE(why.find(nl ? "dalende trend" : "falling trend") != std::string::npos ||
                why.find(nl ? "historische hotspot" : "historical hot spot") != std::string::npos)
        << why;
  }
  // A cluster across several buurten: the core is a Gi* hot spot on its stadsdeel's geweld list.
  {
    const json& p = r.plant.at("cluster");
    const std::string code = p["code"], sd = r.buurt.at(code).at("stadsdeel_code");
    SCOPED_TRACE("cluster " + code + " in " + sd);
    const json* list = find_list(r.focus, sd, "buurt", "geweld");
    ASSERT_NE(list, nullptr);
    const int rank = rank_of(*list, code);
    EXPECT_GE(rank, 1);
    EXPECT_LE(rank, 3);
    const json* row = row_of(*list, "listed", code);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ((*row)["gi_class"].get<std::string>().rfind("hot_", 0), 0u) << (*row)["gi_class"];
    EXPECT_EQ(joined(*row).rfind(nl ? "Gi* hotspot (" : "Gi* hot spot at ", 0), 0u) << joined(*row);
    // Most of its ring is hot too.
    int hot = 0;
    for (const auto& n : p["ring_codes"]) hot += r.buurt.at(n.get<std::string>()).at("gi_class_geweld").rfind("hot_", 0) == 0;
    EXPECT_GE(2 * hot, static_cast<int>(p["ring_codes"].size()));
  }
}

}  // namespace

class FocusPatterns : public ::testing::TestWithParam<int> {};

TEST_P(FocusPatterns, planted_patterns_come_out_with_their_label_list_rank_and_reasons_on_the_demo_city) {
  if (!fs::exists(gendemo_binary())) GTEST_SKIP() << "brandpunt-gendemo not built: " << gendemo_binary();
  const int seed = GetParam();
  const std::string lang = seed % 2 ? "nl" : "en";
  // Seed 3 also ends on a partial last month (data up to the 15th): the analysis ends with the
  // month before, says so, and no planted pattern fades on half a month.
  const bool partial = seed == 3;
  const PlantedRun r = run_planted("focus_patterns_demo_" + std::to_string(seed), seed, lang, false,
                                   partial ? "--partial-last-month" : "");
  check_patterns(r, lang, false);
  check_focus_texts(r.out, lang);
  if (partial) {
    ASSERT_TRUE(r.truth.contains("partial_last_month"));
    const std::string month = r.truth["partial_last_month"]["month"];
    EXPECT_EQ(r.run["parameters"]["period"]["partial_month_left_out"], month);
    EXPECT_LT(r.run["parameters"]["period"]["current"].get<std::string>().substr(9), month);
    bool warned = false;
    for (const auto& w : r.run["warnings"]) warned = warned || w.get<std::string>().find("is incomplete") != std::string::npos;
    EXPECT_TRUE(warned);
  } else {
    EXPECT_TRUE(r.run["parameters"]["period"]["partial_month_left_out"].is_null());
  }
  // The buurt without population: no invented rate, its excess from its own baseline share.
  ASSERT_EQ(r.truth["city"]["population_missing"].size(), 1u);
  const std::string missing = r.truth["city"]["population_missing"][0];
  EXPECT_EQ(r.buurt.at(missing).at("population"), "");
  EXPECT_EQ(r.buurt.at(missing).at("rate_totaal"), "");
  const json& by = r.run["focus"]["exposure_by_level"]["buurt"];
  EXPECT_EQ(by["baseline"], 1) << by;
  EXPECT_EQ(by["population"].get<int>(), static_cast<int>(r.buurt.size()) - 1) << by;
}

INSTANTIATE_TEST_SUITE_P(Seeds, FocusPatterns, ::testing::Values(1, 2, 3));

class FocusPatternsMaastricht : public ::testing::TestWithParam<int> {};

TEST_P(FocusPatternsMaastricht, real_buurten_without_population_or_streets_find_every_planted_pattern) {
  const fs::path data = shared_dir() / "data" / "maastricht";
  if (!fs::exists(data / "buurten_2022_rd.gpkg")) GTEST_SKIP() << "shared Maastricht data missing: " << data;
  if (!fs::exists(gendemo_binary())) GTEST_SKIP() << "brandpunt-gendemo not built: " << gendemo_binary();
  const int seed = GetParam();
  const std::string lang = seed % 2 ? "en" : "nl";
  // Seed 2 runs the public profile: its lists are computed from the released (noisy) counts.
  const bool pub = seed == 2;
  const PlantedRun r = run_planted("focus_patterns_mst_" + std::to_string(seed), seed, lang, true, "", pub);
  EXPECT_EQ(r.run["privacy"]["profile"], pub ? "public" : "restricted");
  check_patterns(r, lang, true);
  check_focus_texts(r.out, lang);
  // No buurt population: every buurt's expectation comes from its area.
  EXPECT_EQ(r.run["focus"]["exposure_by_level"]["buurt"]["area"], 44);
  // No street data: no straat level, said in run.json, no straat layers or lists.
  EXPECT_FALSE(r.run["straat_level"]["made"].get<bool>());
  EXPECT_FALSE(fs::exists(r.out / "straat.geojson"));
  EXPECT_FALSE(fs::exists(r.out / "straat.csv"));
  for (const auto& l : r.focus["lists"]) EXPECT_NE(l["level"], "straat");
  bool warned = false;
  for (const auto& w : r.run["warnings"]) warned = warned || w.get<std::string>().find("no straat level") != std::string::npos;
  EXPECT_TRUE(warned);
  const fs::path pack = r.out / "packs" / r.buurt.begin()->second.at("stadsdeel_code");
  EXPECT_FALSE(fs::exists(pack / "straat.geojson"));
  const std::string readme = slurp(pack / "README.md");
  EXPECT_NE(readme.find(lang == "nl" ? "geen straatniveau gemaakt" : "no street level was made"), std::string::npos) << readme;
}

INSTANTIATE_TEST_SUITE_P(Seeds, FocusPatternsMaastricht, ::testing::Values(1, 2));

TEST(FocusTexts, no_reason_in_the_demo_citys_focus_md_contradicts_its_numbers_in_either_language) {
  if (!fs::exists(gendemo_binary())) GTEST_SKIP() << "brandpunt-gendemo not built: " << gendemo_binary();
  const fs::path dir = fresh_dir("focus_texts_demo");
  ASSERT_EQ(run_gendemo("--out '" + (dir / "input").string() + "'"), 0);
  for (const std::string& lang : {std::string("nl"), std::string("en")}) {
    SCOPED_TRACE(lang);
    pipeline::PipelineConfig cfg = load_copied_config(fs::path(BRANDPUNT_SOURCE_DIR) / "geo-data" / "demo.toml", dir);
    for (auto* a : {&cfg.buurt.areas, &cfg.wijk.areas, &cfg.stadsdeel.areas}) a->path = (dir / "input" / "city.gpkg").string();
    cfg.streets.path = (dir / "input" / "city.gpkg").string();
    cfg.incidents.path = (dir / "input" / "incidents.csv").string();
    cfg.output_dir = (dir / ("out_" + lang)).string();
    cfg.analysis.surfaces = false;
    cfg.packs = false;
    cfg.indicators.clear();
    cfg.focus.language = lang;
    const pipeline::RunResult result = pipeline::run(cfg);
    check_focus_texts(result.output_dir, lang);
    const std::string md = slurp(fs::path(result.output_dir) / "focus.md");
    if (lang == "en") {
      for (const char* dutch : {"Totaal", "hele gemeente", "Redenen", "incidenten", "Vermogenscriminaliteit"})
        EXPECT_EQ(md.find(dutch), std::string::npos) << dutch;
      EXPECT_NE(md.find("city district "), std::string::npos);
    } else {
      EXPECT_NE(md.find("stadsdeel Centrum (SD01)"), std::string::npos);
    }
  }
}
