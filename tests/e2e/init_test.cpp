// `brandpunt init` on the real police exports in ../shared/data: the config it writes runs
// without edits to a correct result.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "e2e_util.hpp"
#include "pipeline/pipeline.hpp"

using namespace brandpunt;
using namespace brandpunt::testing;
namespace fs = std::filesystem;

namespace {

struct Init {
  int exit_code = -1;
  std::string out, err;
};

Init run_init(const fs::path& input, const fs::path& config) {
  const fs::path out = config.string() + ".out", err = config.string() + ".err";
  const std::string cmd = std::string(BRANDPUNT_BINARY_DIR) + "/tools/brandpunt/brandpunt init '" + input.string() +
                          "' -o '" + config.string() + "' > '" + out.string() + "' 2> '" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

Init run_check(const fs::path& config, const std::string& extra = "") {
  const fs::path out = config.string() + ".check.out", err = config.string() + ".check.err";
  const std::string cmd = std::string(BRANDPUNT_BINARY_DIR) + "/tools/brandpunt/brandpunt check '" + config.string() +
                          "' " + extra + " > '" + out.string() + "' 2> '" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

}  // namespace

TEST(E2eInit, groningen_export_gives_a_config_that_runs_and_assigns_like_the_cbs_join) {
  const fs::path data = shared_dir() / "data" / "groningen";
  if (!fs::exists(data / "fietsdiefstal_2013_2017.csv")) GTEST_SKIP() << "shared Groningen data missing";
  const fs::path dir = fresh_dir("e2e_init_groningen");
  const Init init = run_init(data, dir / "groningen.toml");
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_TRUE(has(init.out, "EPSG:28992")) << init.out;
  EXPECT_TRUE(has(init.out, "incidents.date_format = iso")) << init.out;
  EXPECT_TRUE(has(init.out, "Every code in incident_code is in the taxonomy")) << init.out;

  // check reads everything and writes nothing.
  const Init chk = run_check(dir / "groningen.toml");
  EXPECT_EQ(chk.exit_code, 0) << chk.out << chk.err;
  EXPECT_TRUE(has(chk.out, "15,947 rows read")) << chk.out;
  EXPECT_TRUE(has(chk.out, "in the study area: 15,931")) << chk.out;
  EXPECT_TRUE(has(chk.out, "data from 2013-01 to 2017-09")) << chk.out;
  // The export stops on 2017-09-20 (108 incidents in September against ~190 a month): the last
  // complete month ends the analysis (issue 12).
  EXPECT_TRUE(has(chk.out, "analysis 2017-06..2017-08")) << chk.out;
  EXPECT_TRUE(has(chk.out, "108 buurt")) << chk.out;
  EXPECT_FALSE(fs::exists(dir / "brandpunt-out"));
  const Init sample = run_check(dir / "groningen.toml", "--sample 1000");
  EXPECT_EQ(sample.exit_code, 0);
  EXPECT_TRUE(has(sample.out, "1,000 rows read (a sample")) << sample.out;

  pipeline::PipelineConfig cfg = pipeline::load_config((dir / "groningen.toml").string());
  EXPECT_EQ(cfg.incidents.x_field, "x_rd");
  EXPECT_EQ(cfg.buurt.areas.parent_field, "WK_CODE");
  EXPECT_EQ(cfg.gemeente_code, "GM0014");
  cfg.privacy.profile = pipeline::Profile::restricted;  // for the assignment table
  const pipeline::RunResult r = pipeline::run(cfg);
  // As the hand-written geo-data/configs/groningen.toml (tests/e2e/groningen_test.cpp).
  EXPECT_EQ(r.accounting.read, 15947);
  EXPECT_EQ(r.accounting.rejected, 0);
  EXPECT_EQ(r.accounting.outside, 16);
  EXPECT_EQ(r.accounting.assigned, 15931);
  const auto src = read_csv(data / "fietsdiefstal_2013_2017.csv");
  const auto asg = read_csv(fs::path(r.output_dir) / "incident_assignment.csv");
  ASSERT_EQ(asg.size(), src.size());
  size_t c_wk = 0, c_date = 0;
  for (size_t c = 0; c < src[0].size(); ++c) {
    if (src[0][c] == "cbs_wk_code_2017") c_wk = c;
    if (src[0][c] == "begin_dt") c_date = c;
  }
  int64_t wijk_mismatches = 0, in_period = 0;
  for (size_t i = 1; i < src.size(); ++i) {
    if (asg[i][1].empty()) continue;
    wijk_mismatches += asg[i][2] != src[i][c_wk];
    const std::string month = src[i][c_date].substr(0, 7);
    in_period += month == "2017-06" || month == "2017-07" || month == "2017-08";
  }
  EXPECT_EQ(wijk_mismatches, 0);
  // The default period: the last 3 complete months with data (2017-06..2017-08; September is
  // partial and left out, with a warning in run.json).
  EXPECT_EQ(sum_column(fs::path(r.output_dir) / "buurt.csv", "n_totaal"), in_period);
  EXPECT_EQ(sum_column(fs::path(r.output_dir) / "buurt.csv", "n_vermogen"), in_period);
}

TEST(E2eInit, atlanta_export_gets_utm_16n_month_day_year_dates_and_unmapped_codes) {
  const fs::path data = shared_dir() / "data" / "atlanta";
  if (!fs::exists(data / "cobra_2022.csv")) GTEST_SKIP() << "shared Atlanta data missing";
  const fs::path dir = fresh_dir("e2e_init_atlanta");
  const Init init = run_init(data, dir / "atlanta.toml");
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_TRUE(has(init.out, "UTM zone 16N")) << init.out;
  EXPECT_TRUE(has(init.out, "incidents.date_format = mdy")) << init.out;
  EXPECT_TRUE(has(init.out, "Unmapped codes")) << init.out;
  for (const char* code : {"LARCENY-FROM VEHICLE", "AUTO THEFT", "HOMICIDE"}) EXPECT_TRUE(has(init.out, code)) << code;
  const pipeline::PipelineConfig cfg = pipeline::load_config((dir / "atlanta.toml").string());
  EXPECT_EQ(cfg.analysis_crs, "EPSG:32616");
  EXPECT_EQ(cfg.incidents.crs, "EPSG:4326");
  EXPECT_EQ(cfg.incidents.x_field, "long");
  EXPECT_EQ(cfg.incidents.date_field, "occur_date");
  EXPECT_EQ(cfg.incidents.date_format, "mdy");
  EXPECT_EQ(cfg.incidents.time_field, "occur_time");
  EXPECT_EQ(cfg.unmapped_codes, "overig");
  EXPECT_TRUE(cfg.extra_codes.empty());  // listed as comments, unmapped until mapped
  EXPECT_FALSE(cfg.wijk.present());      // a hexagon grid: no wijken
  // A second init refuses to overwrite the config.
  EXPECT_EQ(run_init(data, dir / "atlanta.toml").exit_code, 2);

  const Init chk = run_check(dir / "atlanta.toml");
  EXPECT_EQ(chk.exit_code, 0) << chk.out << chk.err;
  EXPECT_TRUE(has(chk.out, "counted under overig until mapped")) << chk.out;
  EXPECT_TRUE(has(chk.out, "LARCENY-FROM VEHICLE")) << chk.out;
  EXPECT_TRUE(has(chk.out, "date_format mdy")) << chk.out;
  EXPECT_TRUE(has(chk.out, "no wijk level")) << chk.out;
  // A wrong CRS puts every point outside the study area: check says so and exits 2.
  {
    std::string text = slurp(dir / "atlanta.toml");
    const std::string from = "crs = \"EPSG:4326\"";
    text.replace(text.find(from), from.size(), "crs = \"EPSG:28992\"");
    write_file(dir / "wrong_crs.toml", text);
    const Init bad = run_check(dir / "wrong_crs.toml");
    EXPECT_EQ(bad.exit_code, 2) << bad.out;
    EXPECT_TRUE(has(bad.out, "PROBLEM")) << bad.out;
  }

  // The config runs as written: every offence counted (under overig until its code is mapped),
  // in the hexagons, with the codes listed in run.json (restricted: a public run.json names no
  // codes found in the data) and no wijk or stadsdeel layer.
  pipeline::PipelineConfig restricted = cfg;
  restricted.privacy.profile = pipeline::Profile::restricted;
  const pipeline::RunResult r = pipeline::run(restricted);
  EXPECT_EQ(r.accounting.read, 19383);
  EXPECT_TRUE(r.accounting.balanced());
  EXPECT_GT(r.accounting.assigned, 18000);  // lat/long in the 181 hexagons (UTM 16N)
  EXPECT_LT(r.accounting.rejected, 20);     // a few rows without a usable date
  const auto run = nlohmann::json::parse(slurp(fs::path(r.output_dir) / "run.json"));
  int64_t unmapped = 0;
  for (const auto& [code, n] : run["taxonomy"]["unmapped_codes"].items()) unmapped += n.get<int64_t>();
  EXPECT_EQ(run["taxonomy"]["unmapped_codes"].size(), 7u);
  EXPECT_EQ(unmapped, r.accounting.read - r.accounting.rejected);
  EXPECT_TRUE(fs::exists(fs::path(r.output_dir) / "buurt.geojson"));
  EXPECT_FALSE(fs::exists(fs::path(r.output_dir) / "wijk.geojson"));
  EXPECT_FALSE(fs::exists(fs::path(r.output_dir) / "stadsdeel.geojson"));
  EXPECT_EQ(read_csv(fs::path(r.output_dir) / "buurt.csv").size(), 182u);  // 181 hexagons
  // The whole city clusters: global Moran's I of the totaal is positive and significant.
  const auto& global = run["hotspots"]["buurt"]["global"];
  ASSERT_FALSE(global.empty());
  EXPECT_EQ(global[0]["category"], "totaal");
  EXPECT_GT(global[0]["moran_i"].get<double>(), 0.1);
  EXPECT_LT(global[0]["moran_p_randomisation"].get<double>(), 0.01);
}
