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

// stdout and stderr apart.
struct CliStreams {
  int exit_code = -1;
  std::string out, err;
};
CliStreams run_cli_streams(const std::string& args, const fs::path& dir) {
  const fs::path out = dir / "cli.out", err = dir / "cli.err";
  const std::string cmd = std::string(BRANDPUNT_BINARY_DIR) + "/tools/brandpunt/brandpunt " + args + " > '" +
                          out.string() + "' 2> '" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(Cli, help_lists_the_commands_on_stdout_and_exits_0) {
  const fs::path dir = fresh_dir("cli_help");
  for (const char* args : {"--help", "-h", "help"}) {
    const CliStreams r = run_cli_streams(args, dir);
    EXPECT_EQ(r.exit_code, 0) << args;
    for (const char* c : {"run", "init", "codes", "help"}) EXPECT_TRUE(has(r.out, c)) << args << ": " << r.out;
  }
  const CliStreams run = run_cli_streams("help run", dir);
  EXPECT_EQ(run.exit_code, 0);
  for (const char* opt : {"--out", "--profile", "--threads", "--quiet", "--language", "--end", "--months"})
    EXPECT_TRUE(has(run.out, opt)) << opt << ": " << run.out;
  EXPECT_EQ(run_cli_streams("run --help", dir).out, run.out);
}

TEST(Cli, version_names_brandpunt_gdal_geos_and_proj) {
  const fs::path dir = fresh_dir("cli_version");
  for (const char* args : {"--version", "-V"}) {
    const CliStreams r = run_cli_streams(args, dir);
    EXPECT_EQ(r.exit_code, 0);
    for (const char* lib : {"brandpunt 0.", "GDAL 3", "GEOS 3", "PROJ "}) EXPECT_TRUE(has(r.out, lib)) << r.out;
  }
}

TEST(Cli, unknown_commands_and_options_are_named_with_the_nearest_and_exit_2) {
  const fs::path dir = fresh_dir("cli_unknown");
  const CliStreams cmd = run_cli_streams("rnu x.toml", dir);
  EXPECT_EQ(cmd.exit_code, 2);
  EXPECT_TRUE(has(cmd.err, "unknown command 'rnu'")) << cmd.err;
  EXPECT_TRUE(has(cmd.err, "did you mean 'run'")) << cmd.err;
  EXPECT_TRUE(cmd.out.empty());
  const CliStreams opt = run_cli_streams("run x.toml --quite", dir);
  EXPECT_EQ(opt.exit_code, 2);
  EXPECT_TRUE(has(opt.err, "unknown option '--quite'")) << opt.err;
  EXPECT_TRUE(has(opt.err, "--quiet")) << opt.err;
  const CliStreams none = run_cli_streams("", dir);
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(has(none.err, "a command is required")) << none.err;
}

TEST(Cli, negative_threads_get_a_short_message_not_a_huge_range) {
  const fs::path dir = fresh_dir("cli_threads");
  const CliStreams r = run_cli_streams("run x.toml -j -1", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.err, "give 0 (all cores) or a number of threads")) << r.err;
  EXPECT_TRUE(has(r.err, "'-1'")) << r.err;
  EXPECT_LT(r.err.size(), 300u) << r.err;
}

TEST(Cli, codes_lists_every_code_as_table_and_csv) {
  const fs::path dir = fresh_dir("cli_codes");
  const CliStreams table = run_cli_streams("codes", dir);
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_TRUE(has(table.out, "fietsendiefstal")) << table.out;
  EXPECT_TRUE(has(table.out, "Bicycle theft"));
  EXPECT_TRUE(has(table.out, "Diefstal/inbraak woning"));
  const CliStreams csv = run_cli_streams("codes --csv", dir);
  EXPECT_EQ(csv.exit_code, 0);
  const auto rows = [&] {
    write_file(dir / "codes.csv", csv.out);
    return read_csv(dir / "codes.csv");
  }();
  ASSERT_GT(rows.size(), 60u);
  EXPECT_EQ(rows[0][0], "code");
  bool a72 = false;
  for (const auto& r : rows) a72 = a72 || (r[0] == "A72" && r[3] == "fietsendiefstal" && r[6] == "vermogen");
  EXPECT_TRUE(a72);
}

TEST(Cli, an_unknown_category_in_the_config_suggests_the_nearest_valid_one) {
  const fs::path dir = fresh_dir("cli_category");
  write_file(dir / "cat.toml", "[incidents]\npath = \"i.csv\"\nx = \"x\"\ny = \"y\"\ndate = \"d\"\ncategory = \"c\"\n"
                               "[taxonomy.codes]\nA1 = \"moord\"\n[areas.buurt]\npath = \"b.geojson\"\ncode = \"c\"\n");
  const CliStreams r = run_cli_streams("run '" + (dir / "cat.toml").string() + "'", dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(has(r.err, "unknown sub category 'moord'")) << r.err;
  EXPECT_TRUE(has(r.err, "did you mean 'moord_doodslag'")) << r.err;
  write_file(dir / "focus.toml", "[incidents]\npath = \"i.csv\"\nx = \"x\"\ny = \"y\"\ndate = \"d\"\ncategory = \"c\"\n"
                                 "[areas.buurt]\npath = \"b.geojson\"\ncode = \"c\"\n[focus]\ncategories = [\"hic\", \"fietsdiefstal\"]\n");
  const CliStreams f = run_cli_streams("run '" + (dir / "focus.toml").string() + "'", dir);
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_TRUE(has(f.err, "'fietsdiefstal'")) << f.err;
  EXPECT_TRUE(has(f.err, "did you mean 'fietsendiefstal'")) << f.err;
  EXPECT_TRUE(has(f.err, "row 11")) << f.err;
}

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
