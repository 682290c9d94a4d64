// End to end on the real Maastricht CBS buurten and wijken 2022 (/work/shared/data/maastricht)
// with 20,000 incidents scattered over them by brandpunt-gendemo (scatter mode), public profile.
//
// Maastricht has population per wijk only: every buurt rate must say "no data" (empty), never
// an invented number; its 7 wijken serve as stadsdelen (same_as = "wijk").
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "e2e_util.hpp"
#include "pipeline/pipeline.hpp"

using namespace brandpunt;
using namespace brandpunt::testing;
namespace fs = std::filesystem;

TEST(E2eMaastricht,
     real_buurten_with_scattered_incidents_give_complete_layers_and_no_invented_rates) {
  const fs::path data = shared_dir() / "data" / "maastricht";
  const fs::path buurten = data / "buurten_2022_rd.gpkg", wijken = data / "wijken_2022_rd.gpkg";
  for (const auto& f : {buurten, wijken})
    if (!fs::exists(f)) GTEST_SKIP() << "shared Maastricht data missing: " << f;
  if (!fs::exists(gendemo_binary()))
    GTEST_SKIP() << "brandpunt-gendemo not built: " << gendemo_binary();

  const fs::path dir = fresh_dir("e2e_maastricht");
  ASSERT_EQ(run_gendemo("--areas '" + buurten.string() +
                        "' --area-code-field buurtcode --incidents 20000 --out '" +
                        (dir / "input").string() + "'"),
            0);
  const auto truth = nlohmann::json::parse(slurp(dir / "input" / "truth.json"));
  ASSERT_EQ(truth["mode"], "scatter");
  ASSERT_EQ(truth["areas"]["count"], 44);

  pipeline::PipelineConfig cfg = load_copied_config(
      fs::path(BRANDPUNT_SOURCE_DIR) / "geo-data" / "configs" / "maastricht.toml", dir);
  cfg.incidents.path = (dir / "input" / "incidents.csv").string();
  cfg.buurt.areas.path = buurten.string();
  cfg.wijk.areas.path = wijken.string();
  cfg.privacy.profile = pipeline::Profile::public_;
  cfg.output_dir = (dir / "out").string();
  const pipeline::RunResult r = pipeline::run(cfg);
  const fs::path out = r.output_dir;

  // Accounting: every generated row is read; the deliberately bad rows are exactly the
  // rejected (empty x, bad date, unknown code, x/y swapped: swapped_coordinates, as the swapped
  // point lies in a buurt) plus the outside ones (far away).
  const auto& a = r.accounting;
  EXPECT_TRUE(a.balanced());
  EXPECT_EQ(a.read, truth["counts"]["rows"].get<int64_t>());
  const auto& bad = truth["bad_rows"]["by_reason"];
  EXPECT_EQ(a.rejected, bad["empty_x"]["count"].get<int64_t>() +
                            bad["unparseable_date"]["count"].get<int64_t>() +
                            bad["unknown_code"]["count"].get<int64_t>() + bad["swapped_xy"]["count"].get<int64_t>());
  EXPECT_EQ(a.outside, bad["far_outside"]["count"].get<int64_t>());
  EXPECT_EQ(a.assigned, truth["counts"]["valid_rows"].get<int64_t>());
  const auto run = nlohmann::json::parse(slurp(out / "run.json"));
  EXPECT_EQ(run["accounting"]["balanced"], true);
  EXPECT_EQ(run["privacy"]["profile"], "public");

  // The levels: 44 buurten, 7 wijken, the same 7 as stadsdelen, one gemeente.
  const auto buurt = csv_by_key(out / "buurt.csv", "code");
  const auto wijk = csv_by_key(out / "wijk.csv", "code");
  const auto stadsdeel = csv_by_key(out / "stadsdeel.csv", "code");
  EXPECT_EQ(buurt.size(), 44u);
  EXPECT_EQ(wijk.size(), 7u);
  ASSERT_EQ(stadsdeel.size(), 7u);
  for (const auto& [code, w] : wijk) EXPECT_EQ(stadsdeel.count(code), 1u) << code;
  const auto gem = csv_by_key(out / "gemeente.csv", "code");
  ASSERT_EQ(gem.count("GM0935"), 1u);

  // Population: none per buurt (so no buurt rate), 121,150 over the wijken.
  for (const auto& [code, b] : buurt) {
    EXPECT_EQ(b.at("population"), "") << code;
    EXPECT_EQ(b.at("rate_totaal"), "") << code;
    EXPECT_TRUE(b.at("parent_code").rfind("WK0935", 0) == 0 && wijk.count(b.at("parent_code")))
        << code;
  }
  int64_t wijk_population = 0;
  for (const auto& [code, w] : wijk) {
    ASSERT_FALSE(w.at("population").empty()) << code;
    wijk_population += std::stoll(w.at("population"));
    EXPECT_FALSE(w.at("rate_totaal").empty()) << code;
  }
  EXPECT_EQ(wijk_population, 121150);
  EXPECT_EQ(gem.at("GM0935").at("population"), "121150");

  // Every layer opens in GDAL.
  if (!have_program("ogrinfo"))
    GTEST_SKIP() << "ogrinfo not installed (gdal-bin): layers not opened";
  int layers = 0;
  for (const auto& f : r.files) {
    const auto ext = fs::path(f).extension();
    if (ext != ".geojson" && ext != ".gpkg" && ext != ".fgb") continue;
    const std::string cmd = "ogrinfo -q -so -al '" + (out / f).string() + "' >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << f;
    ++layers;
  }
  EXPECT_GE(layers, 4);  // buurt, wijk, stadsdeel, gemeente at least
  for (const std::string level : {"buurt", "wijk", "stadsdeel", "gemeente"})
    EXPECT_TRUE(fs::exists(out / (level + ".geojson"))) << level;
  // A straat layer exactly when there are straten (issue 12: no empty straat layers).
  const bool straten = run["straat_level"]["made"].get<bool>();
  EXPECT_EQ(fs::exists(out / "straat.geojson"), straten);
  // A complete review pack for each of the 7 stadsdelen (the wijken), whose layers were opened above.
  int packs = 0;
  for (const auto& [code, w] : wijk) {
    for (const char* f : {"README.md", "buurt.geojson", "wijk.geojson", "grid_hotspots.geojson", "focus.md", "focus.csv"})
      EXPECT_TRUE(fs::exists(out / "packs" / code / f)) << code << "/" << f;
    EXPECT_EQ(fs::exists(out / "packs" / code / "straat.geojson"), straten) << code;
    ++packs;
  }
  EXPECT_EQ(packs, 7);
}
