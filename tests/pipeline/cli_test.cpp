// The command line maps errors to exit codes in one place: 2 for bad input or config (with a
// message naming the file and field), 0 for success.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sys/wait.h>

#include "test_util.hpp"

using namespace brandpunt::testing;
namespace fs = std::filesystem;

namespace {

struct CliRun {
  int exit_code = -1;
  std::string output;
};

CliRun run_cli(const std::string& args, const fs::path& dir) {
  const fs::path log = dir / "cli.log";
  const std::string cmd = std::string(BRANDPUNT_BINARY_DIR) + "/tools/brandpunt/brandpunt " + args + " > '" +
                          log.string() + "' 2>&1";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(log)};
}

}  // namespace

TEST(Cli, a_missing_config_file_exits_2_and_names_the_file) {
  const fs::path dir = fresh_dir("cli_missing");
  const CliRun r = run_cli("run '" + (dir / "nope.toml").string() + "'", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("nope.toml"), std::string::npos) << r.output;
}

TEST(Cli, an_unknown_config_key_exits_2_and_names_the_line_and_key) {
  const fs::path dir = fresh_dir("cli_badkey");
  write_file(dir / "bad.toml", "[project]\nname = \"x\"\ncolour = \"red\"\n");
  const CliRun r = run_cli("run '" + (dir / "bad.toml").string() + "'", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("row 3"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("project.colour"), std::string::npos) << r.output;
}

TEST(Cli, an_unknown_crs_exits_2_and_names_the_crs) {
  const fs::path dir = fresh_dir("cli_crs");
  write_file(dir / "incidents.csv", "id,datum,x,y,soort\n1,01-01-2024,1,2,1.1.1\n");
  write_file(dir / "crs.toml", R"([project]
analysis_crs = "EPSG:99999"
[incidents]
path = "incidents.csv"
x = "x"
y = "y"
date = "datum"
category = "soort"
[areas.buurt]
path = "buurten.geojson"
code = "code"
parent = "wijk"
[areas.wijk]
path = "wijken.geojson"
code = "code"
[areas.stadsdeel]
same_as = "wijk"
)");
  write_file(dir / "buurten.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"BU1","wijk":"WK1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]})");
  write_file(dir / "wijken.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"WK1"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]})");
  const CliRun r = run_cli("run '" + (dir / "crs.toml").string() + "' -q", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("EPSG:99999"), std::string::npos) << r.output;
}

TEST(Cli, bad_arguments_exit_2_and_version_exits_0) {
  const fs::path dir = fresh_dir("cli_args");
  EXPECT_EQ(run_cli("run", dir).exit_code, 2);
  EXPECT_EQ(run_cli("run x.toml --profile open", dir).exit_code, 2);
  const CliRun v = run_cli("--version", dir);
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.output.find("brandpunt"), std::string::npos);
}
