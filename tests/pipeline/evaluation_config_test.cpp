// [evaluation] and [[intervention]]: defaults, and every mistake an Error(config) that names the
// config file, the line and the key.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "pipeline/config.hpp"
#include "test_util.hpp"

using brandpunt::Error;
using brandpunt::ErrorKind;
using brandpunt::pipeline::load_config;
using namespace brandpunt::testing;

namespace {

const std::string kBase = R"([project]
name = "x"
[incidents]
path = "incidents.csv"
x = "x"
y = "y"
date = "datum"
category = "soort"
[areas.buurt]
path = "buurten.geojson"
code = "code"
)";  // 11 lines: the tests' own text starts on line 12

brandpunt::pipeline::PipelineConfig load(const std::string& name, const std::string& text) {
  const auto dir = fresh_dir("evalcfg_" + name);
  write_file(dir / "c.toml", text);
  return load_config((dir / "c.toml").string());
}

Error config_error(const std::string& name, const std::string& text) {
  try {
    load(name, text);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << name;
  return Error(ErrorKind::internal, "none");
}

}  // namespace

TEST(EvaluationConfig, defaults_and_values_are_read) {
  auto cfg = load("defaults", kBase);
  EXPECT_TRUE(cfg.analysis.evaluation);
  EXPECT_EQ(cfg.evaluation.horizon, 1);
  EXPECT_EQ(cfg.evaluation.top_n, 10);
  EXPECT_EQ(cfg.evaluation.random_draws, 199);
  EXPECT_TRUE(cfg.interventions.empty());
  cfg = load("values", kBase + R"([evaluation]
horizon = 3
top_n = 25
random_draws = 0
[[intervention]]
name = "Aanpak centrum"
areas = ["BU1", "BU2"]
start = "2025-04"
control = ["BU3"]
displacement_buffer_m = 250
category = "hic"
[[intervention]]
name = "Wijkaanpak"
level = "wijk"
areas = ["WK1"]
start = "2025-01"
before_months = 6
)");
  EXPECT_EQ(cfg.evaluation.horizon, 3);
  EXPECT_EQ(cfg.evaluation.top_n, 25);
  EXPECT_EQ(cfg.evaluation.random_draws, 0);
  ASSERT_EQ(cfg.interventions.size(), 2u);
  const auto& a = cfg.interventions[0];
  EXPECT_EQ(a.name, "Aanpak centrum");
  EXPECT_EQ(a.level, "buurt");
  EXPECT_EQ(a.category, "hic");
  EXPECT_EQ(a.areas, (std::vector<std::string>{"BU1", "BU2"}));
  EXPECT_EQ(a.control, std::vector<std::string>{"BU3"});
  EXPECT_EQ(a.displacement_buffer_m, 250);
  EXPECT_EQ(a.start_month, 2025 * 12 + 3);
  EXPECT_EQ(a.config_line, 16);
  EXPECT_EQ(cfg.interventions[1].level, "wijk");
  EXPECT_EQ(cfg.interventions[1].before_months, 6);
}

TEST(EvaluationConfig, bad_values_name_the_key_and_line) {
  struct Case {
    std::string text, field, says;
    int64_t line;
  };
  const std::vector<Case> cases = {
      {"[evaluation]\nhorizon = 0\n", "evaluation.horizon", "1..12", 13},
      {"[evaluation]\nhorizon = 1.5\n", "evaluation.horizon", "integer", 13},
      {"[evaluation]\ntop_n = 5000\n", "evaluation.top_n", "1..1000", 13},
      {"[evaluation]\nrandom_draws = -1\n", "evaluation.random_draws", "0..9999", 13},
      {"[evaluation]\nhorizn = 2\n", "evaluation.horizn", "unknown key (expected one of: horizon, top_n", 13},
      {"[intervention]\nname = \"x\"\n", "intervention", "[[intervention]]", -1},
      {"[[intervention]]\nareas = [\"BU1\"]\nstart = \"2025-01\"\n", "intervention[1].name", "missing required key", 12},
      {"[[intervention]]\nname = \"x\"\nstart = \"2025-01\"\n", "intervention[1].areas", "missing required key", 12},
      {"[[intervention]]\nname = \"x\"\nareas = []\nstart = \"2025-01\"\n", "intervention[1].areas", "at least one", 14},
      {"[[intervention]]\nname = \"x\"\nareas = [\"BU1\", 3]\nstart = \"2025-01\"\n", "intervention[1].areas", "array of area codes", 14},
      {"[[intervention]]\nname = \"x\"\nareas = [\"BU1\"]\n", "intervention[1].start", "missing required key", 12},
      {"[[intervention]]\nname = \"x\"\nareas = [\"BU1\"]\nstart = \"2025-13\"\n", "intervention[1].start", "'2025-13'", 15},
      {"[[intervention]]\nname = \"x\"\nareas = [\"BU1\"]\nstart = \"2025-01\"\ncontrol = [\"BU1\"]\n",
       "intervention[1].control", "'BU1' is already treated", 16},
      {"[[intervention]]\nname = \"x\"\nareas = [\"BU1\"]\nstart = \"2025-01\"\nlevel = \"straat\"\n",
       "intervention[1].level", "buurt or wijk", 16},
      {"[[intervention]]\nname = \"x\"\nareas = [\"BU1\"]\nstart = \"2025-01\"\ncategory = \"woninginbraak\"\n",
       "intervention[1].category", "totaal or a main category", 16},
      {"[[intervention]]\nname = \"x\"\nareas = [\"BU1\"]\nstart = \"2025-01\"\ndisplacement_buffer_m = -5\n",
       "intervention[1].displacement_buffer_m", "0..5000", 16},
      {"[[intervention]]\nname = \"x\"\nareas = [\"BU1\"]\nstart = \"2025-01\"\ndisplacement_control = [\"BU2\"]\n",
       "intervention[1].displacement_control", "needs a displacement zone", 16},
      {"[[intervention]]\nname = \"x\"\nareas = [\"BU1\"]\nstart = \"2025-01\"\nbefore = 3\n",
       "intervention[1].before", "unknown key (expected one of: name, level", 16},
      {"[[intervention]]\nname = \"x\"\nareas = [\"BU1\"]\nstart = \"2025-01\"\n[[intervention]]\nname = \"x\"\n"
       "areas = [\"BU2\"]\nstart = \"2025-01\"\n",
       "intervention[2].name", "defined twice", 17},
  };
  // A root key must come before the first table.
  const Error root = config_error("root", "evaluation = 3\n" + kBase);
  EXPECT_EQ(root.field(), "evaluation");
  EXPECT_NE(root.message().find("must be a table"), std::string::npos) << root.what();
  for (const auto& c : cases) {
    const Error e = config_error("bad", kBase + c.text);
    EXPECT_EQ(e.kind(), ErrorKind::config) << c.text;
    EXPECT_EQ(e.field(), c.field) << c.text << e.what();
    EXPECT_NE(e.message().find(c.says), std::string::npos) << c.text << e.what();
    EXPECT_NE(std::string(e.what()).find("c.toml"), std::string::npos) << e.what();
    if (c.line > 0) {
      EXPECT_EQ(e.row(), c.line) << c.text << e.what();
    }
  }
}
