// End to end on the generated demo city Demostad (tools/gendemo, default seed), checked
// against the ground truth the generator plants and writes to truth.json: the deliberately bad
// rows (by reason and row number), the planted buurt and street hotspots, and, in the public
// profile, that no incident location and no single suppressed figure can be recovered.
//
// The demo is generated and each profile run once per test program (the suite's shared state),
// with geo-data/demo.toml copied next to the generated files so its relative paths hold.
#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "e2e_util.hpp"
#include "pipeline/pipeline.hpp"

using namespace brandpunt;
using namespace brandpunt::testing;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::vector<std::string> kMains = {"totaal",   "hic",          "vermogen", "geweld",
                                         "overlast", "ondermijning", "overig"};

std::set<int64_t> truth_rows(const json& truth, std::initializer_list<const char*> reasons) {
  std::set<int64_t> rows;
  for (const char* reason : reasons)
    for (const auto& r : truth["bad_rows"]["by_reason"][reason]["rows"])
      rows.insert(r.get<int64_t>());
  return rows;
}

bool is_hot(const std::string& gi_class) { return gi_class.rfind("hot_", 0) == 0; }

}  // namespace

class E2eDemo : public ::testing::Test {
 protected:
  // The generated city (once per process). The folder is named after the first test that asks,
  // so that ctest -j (one process per test) never has two processes share one.
  static const fs::path& city() {
    static const fs::path dir = [] {
      const fs::path d = fresh_dir(std::string("e2e_demo_") +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
      if (fs::exists(gendemo_binary()) && run_gendemo("--out '" + (d / "demo").string() + "'") == 0)
        fs::copy_file(fs::path(BRANDPUNT_SOURCE_DIR) / "geo-data" / "demo.toml", d / "demo.toml");
      return d;
    }();
    return dir;
  }
  static bool have_city() { return fs::exists(city() / "demo.toml"); }
  static const json& truth() {
    static const json t = json::parse(slurp(city() / "demo" / "truth.json"));
    return t;
  }
  // One run per profile, with demo.toml's settings.
  static const pipeline::RunResult& run(pipeline::Profile profile) {
    static std::map<pipeline::Profile, std::unique_ptr<pipeline::RunResult>> runs;
    auto& slot = runs[profile];
    if (!slot) {
      pipeline::PipelineConfig cfg = pipeline::load_config((city() / "demo.toml").string());
      cfg.privacy.profile = profile;
      cfg.output_dir = (city() / (std::string("out-") + pipeline::to_string(profile))).string();
      slot = std::make_unique<pipeline::RunResult>(pipeline::run(cfg));
    }
    return *slot;
  }
  void SetUp() override {
    if (!have_city()) GTEST_SKIP() << "brandpunt-gendemo missing or failed: " << gendemo_binary();
  }
};

TEST_F(E2eDemo, restricted_profile_accounts_for_every_planted_bad_row_by_row_number) {
  const auto& r = run(pipeline::Profile::restricted);
  const fs::path out = r.output_dir;
  for (const std::string level : {"straat", "buurt", "wijk", "stadsdeel"})
    EXPECT_TRUE(fs::exists(out / (level + ".geojson"))) << level;

  const auto& a = r.accounting;
  const json& t = truth();
  EXPECT_TRUE(a.balanced());
  EXPECT_EQ(a.read, a.assigned + a.outside + a.rejected);
  EXPECT_EQ(a.read, t["counts"]["rows"].get<int64_t>());
  EXPECT_EQ(a.assigned, t["counts"]["valid_rows"].get<int64_t>());
  EXPECT_EQ(a.rejected + a.outside, t["counts"]["bad_rows"].get<int64_t>());

  // Unusable rows are rejected (with the reason; x and y swapped as swapped_coordinates, since
  // the swapped point lies in a buurt), the well-formed but misplaced ones (50 km east) are
  // outside: row for row.
  const auto rejected = truth_rows(t, {"empty_x", "unparseable_date", "unknown_code", "swapped_xy"});
  const auto outside = truth_rows(t, {"far_outside"});
  std::set<int64_t> rejected_rows, outside_rows;
  for (const auto& row : csv_column(out / "rejects.csv", "row"))
    rejected_rows.insert(std::stoll(row));
  const auto assignment = read_csv(out / "incident_assignment.csv");
  for (size_t i = 1; i < assignment.size(); ++i)
    if (assignment[i].at(1).empty()) outside_rows.insert(std::stoll(assignment[i].at(0)));
  EXPECT_EQ(rejected_rows, rejected);
  EXPECT_EQ(outside_rows, outside);
  EXPECT_EQ(assignment.size() - 1, static_cast<size_t>(a.assigned + a.outside));
  const json run_json = json::parse(slurp(out / "run.json"));
  const json& by_reason = run_json["accounting"]["rejected_by_reason"];
  EXPECT_EQ(by_reason.value("missing_coordinate", 0),
            t["bad_rows"]["by_reason"]["empty_x"]["count"].get<int>());
  EXPECT_EQ(by_reason.value("unparseable_date", 0),
            t["bad_rows"]["by_reason"]["unparseable_date"]["count"].get<int>());
  EXPECT_EQ(by_reason.value("unknown_category", 0),
            t["bad_rows"]["by_reason"]["unknown_code"]["count"].get<int>());
  EXPECT_EQ(by_reason.value("swapped_coordinates", 0),
            t["bad_rows"]["by_reason"]["swapped_xy"]["count"].get<int>());

  // Roll-ups agree with the buurten.
  const int64_t gem = std::stoll(csv_column(out / "gemeente.csv", "n_totaal").at(0));
  for (const std::string level : {"buurt", "wijk", "stadsdeel"})
    EXPECT_EQ(sum_column(out / (level + ".csv"), "n_totaal"), gem) << level;
}

TEST_F(E2eDemo, planted_persistent_buurt_and_street_hotspots_are_found_hot) {
  const fs::path out = run(pipeline::Profile::restricted).output_dir;
  const auto hotspots = read_csv(out / "buurt_hotspots.csv");
  ASSERT_FALSE(hotspots.empty());
  ASSERT_EQ(std::vector<std::string>(hotspots[0].begin(), hotspots[0].begin() + 2),
            (std::vector<std::string>{"code", "category"}));
  const size_t c_class = 6;
  ASSERT_EQ(hotspots[0].at(c_class), "gi_class");
  auto buurt_class = [&](const std::string& code, const std::string& category) {
    for (const auto& row : hotspots)
      if (row.at(0) == code && row.at(1) == category) return row.at(c_class);
    return std::string("<no row>");
  };
  int planted = 0;
  for (const auto& h : truth()["hotspots"]["buurten"]) {
    // Persistent: planted in every month. New: planted in the last 6 months, so throughout the
    // analysed last quarter. (Diminishing has faded by then: not asserted.)
    const std::string pattern = h["pattern"];
    if (pattern != "persistent" && pattern != "new") continue;
    ++planted;
    const std::string cls = buurt_class(h["code"], h["category"]);
    EXPECT_TRUE(is_hot(cls)) << pattern << " hotspot " << h["code"] << " " << h["category"] << ": "
                             << cls;
  }
  EXPECT_GE(planted, 2);

  // Planted streets: their straat (buurt code + street name) is hot for the main category
  // vermogen in straat.csv and in straat_hotspots.csv.
  const auto straat = csv_by_key(out / "straat.csv", "code");
  const auto straat_hot = read_csv(out / "straat_hotspots.csv");
  ASSERT_EQ(truth()["hotspots"]["streets"].size(), 2u);
  for (const auto& s : truth()["hotspots"]["streets"]) {
    const std::string code =
        s["buurtcode"].get<std::string>() + ":" + s["straatnaam"].get<std::string>();
    ASSERT_EQ(straat.count(code), 1u) << code;
    EXPECT_TRUE(is_hot(straat.at(code).at("gi_class_vermogen")))
        << code << ": " << straat.at(code).at("gi_class_vermogen");
    std::string cls = "<no row>";
    for (const auto& row : straat_hot)
      if (row.at(0) == code && row.at(1) == "vermogen") cls = row.at(c_class);
    EXPECT_TRUE(is_hot(cls)) << code << ": " << cls;
  }
}

TEST_F(E2eDemo, public_profile_reveals_no_incident_location_and_publishes_additive_released_counts) {
  const auto& r = run(pipeline::Profile::public_);
  const fs::path out = r.output_dir;
  EXPECT_TRUE(r.accounting.balanced());
  EXPECT_EQ(r.accounting.read, truth()["counts"]["rows"].get<int64_t>());
  EXPECT_FALSE(fs::exists(out / "incident_assignment.csv"));
  for (const std::string level : {"straat", "buurt", "wijk", "stadsdeel"})
    EXPECT_TRUE(fs::exists(out / (level + ".geojson"))) << level;

  // No incident coordinates: no column or property named like one (the KDE raster and the
  // hexagon grid are aggregates, exempt), and no field equal to any incident's x or y.
  std::set<std::string> coords;
  {
    const auto incidents = read_csv(city() / "demo" / "incidents.csv");
    size_t cx = 0;
    while (cx < incidents[0].size() && incidents[0][cx] != "x") ++cx;
    ASSERT_LT(cx + 1, incidents[0].size());
    for (size_t i = 1; i < incidents.size(); ++i)
      for (size_t c : {cx, cx + 1})
        if (c < incidents[i].size() && incidents[i][c].size() >= 6) coords.insert(incidents[i][c]);
  }
  ASSERT_GT(coords.size(), 1000u);
  const std::set<std::string> coordinate_names = {"x",         "y",        "lon",  "lat",
                                                  "longitude", "latitude", "x_rd", "y_rd"};
  int64_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(out)) {  // packs/ included
    if (!entry.is_regular_file()) continue;
    const std::string f = fs::relative(entry.path(), out).string(),
                      name = entry.path().filename().string();
    const auto ext = entry.path().extension();
    if (ext == ".tif") continue;  // the KDE raster: a smoothed surface, binary
    ++files;
    const std::string text = slurp(entry.path());
    // Every number in the file (runs of digits and dots) is no incident's x or y as written.
    int64_t leaks = 0;
    for (size_t i = 0; i < text.size();) {
      size_t j = i;
      while (j < text.size() &&
             (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == '.'))
        ++j;
      if (j > i)
        leaks += coords.count(text.substr(i, j - i)), i = j;
      else
        ++i;
    }
    EXPECT_EQ(leaks, 0) << f << " holds incident coordinates";
    if (name.rfind("grid", 0) == 0) continue;  // hexagon cells may carry their centre
    if (ext == ".csv") {
      for (const auto& column : csv_header(entry.path()))
        EXPECT_EQ(coordinate_names.count(column), 0u) << f << " has a column " << column;
    } else if (ext == ".geojson") {
      const json gj = json::parse(text);
      for (const auto& feature : gj["features"]) {
        for (const auto& [key, value] : feature["properties"].items())
          EXPECT_EQ(coordinate_names.count(key), 0u) << f << " has a property " << key;
        // Areas and streets only: a point could be an incident (or a mean of a few).
        const std::string type =
            feature["geometry"].is_null() ? "" : feature["geometry"]["type"].get<std::string>();
        EXPECT_TRUE(type != "Point" && type != "MultiPoint") << f << " has point geometries";
      }
    }
  }
  EXPECT_GT(files, 20);
  // No record rows in public: the rejects are counted per reason, with noise, in run.json.
  EXPECT_FALSE(fs::exists(out / "rejects.csv"));

  // Released counts: every level adds up exactly to the one above (no differencing can
  // isolate anything: every count carries its own noise), and they stay close to the exact
  // counts (mean absolute error per buurt count within 2x the expected error in run.json).
  const auto buurt = csv_by_key(out / "buurt.csv", "code");
  const auto wijk = csv_by_key(out / "wijk.csv", "code");
  const auto stadsdeel = csv_by_key(out / "stadsdeel.csv", "code");
  const auto gemeente = csv_by_key(out / "gemeente.csv", "code");
  ASSERT_GE(wijk.size(), 15u);
  ASSERT_EQ(stadsdeel.size(), 7u);
  ASSERT_EQ(gemeente.size(), 1u);
  using Rows = std::map<std::string, std::map<std::string, std::string>>;
  auto check = [&](const char* relation, const Rows& parents, const Rows& children, const std::string& key) {
    for (const auto& [pcode, p] : parents)
      for (const std::string& cat : kMains)
        for (const std::string per : {"", "_prev", "_ly"}) {
          const std::string f = "n_" + cat + per;
          int64_t sum = 0;
          for (const auto& [ccode, c] : children)
            if (key.empty() || c.at(key) == pcode) sum += std::stoll(c.at(f));
          EXPECT_EQ(sum, std::stoll(p.at(f))) << relation << ": " << pcode << " " << f;
        }
  };
  check("wijk -> buurten", wijk, buurt, "parent_code");
  check("stadsdeel -> wijken", stadsdeel, wijk, "parent_code");
  check("stadsdeel -> buurten", stadsdeel, buurt, "stadsdeel_code");
  check("gemeente -> stadsdelen", gemeente, stadsdeel, "");
  const auto exact = csv_by_key(fs::path(run(pipeline::Profile::restricted).output_dir) / "buurt.csv", "code");
  const json run_json = json::parse(slurp(out / "run.json"));
  const double expected = run_json["privacy"]["tables"]["buurt"]["period"]["main"].get<double>();
  double abs_error = 0;
  int64_t cells = 0;
  for (const auto& [code, row] : buurt)
    for (const std::string& cat : kMains) abs_error += std::abs(std::stod(row.at("n_" + cat)) - std::stod(exact.at(code).at("n_" + cat))), ++cells;
  EXPECT_GT(abs_error / static_cast<double>(cells), 0.2 * expected);
  EXPECT_LT(abs_error / static_cast<double>(cells), 2.0 * expected);
}
