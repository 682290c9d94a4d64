// The config loader: every mistake in the text is an Error(config) naming the file, line and
// key, never an "unexpected error" from deeper down (stoi, toml++).
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "core/text.hpp"
#include "pipeline/config.hpp"
#include "test_util.hpp"

using namespace std::string_literals;
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
parent = "wijk"
[areas.wijk]
path = "wijken.geojson"
code = "code"
[areas.stadsdeel]
same_as = "wijk"
)";

Error config_error(const std::string& name, const std::string& text) {
  const auto dir = fresh_dir("config_" + name);
  write_file(dir / "c.toml", text);
  try {
    load_config((dir / "c.toml").string());
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << name;
  return Error(ErrorKind::internal, "none");
}

}  // namespace

TEST(Config, a_month_that_is_not_yyyy_mm_names_the_key_and_line) {
  for (const char* bad : {"2024-ab", "2024-13", "24-01", "2024-1", "abcd-01", "2024-00", "+202-01"}) {
    const Error e = config_error("month", kBase + "[period]\nend = \"" + bad + "\"\n");
    EXPECT_EQ(e.kind(), ErrorKind::config) << bad;
    EXPECT_EQ(e.field(), "period.end") << bad;
    EXPECT_EQ(e.row(), 19) << bad;
    EXPECT_NE(e.message().find(bad), std::string::npos) << e.what();
  }
  const auto dir = fresh_dir("config_month_ok");
  write_file(dir / "c.toml", kBase + "[period]\nend = \"2024-06\"\n");
  EXPECT_EQ(load_config((dir / "c.toml").string()).period.end_month, "2024-06");
}

TEST(Config, text_is_checked_before_the_toml_parser_sees_it) {
  // Non-ASCII where a bare key or value is expected (UB inside toml++ before this check).
  Error e = config_error("bare", kBase + "[project]\nnaam = Caf\xC3\xA9\n"s);
  EXPECT_EQ(e.kind(), ErrorKind::config);
  EXPECT_EQ(e.row(), 19);
  EXPECT_NE(e.message().find("outside a quoted string"), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("column 11"), std::string::npos) << e.what();
  e = config_error("bare_key", "[project]\nn\xC3\xA9 = 1\n"s);
  EXPECT_EQ(e.row(), 2);
  e = config_error("latin1", kBase + "[areas.gemeente]\nname = \"Caf\xE9\"\n"s);
  EXPECT_EQ(e.row(), 19);
  EXPECT_NE(e.message().find("0xE9"), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("not valid UTF-8"), std::string::npos) << e.what();
  EXPECT_TRUE(brandpunt::core::is_utf8(e.what()));
  e = config_error("nul", kBase + "# comment\0\n"s);
  EXPECT_EQ(e.row(), 18);
  EXPECT_NE(e.message().find("U+0000"), std::string::npos) << e.what();
  e = config_error("lone_byte", "\xFF"s);
  EXPECT_EQ(e.row(), 1);
  // Non-ASCII inside strings and comments is fine.
  const auto dir = fresh_dir("config_text_ok");
  write_file(dir / "c.toml", kBase + "# Caf\xC3\xA9\n[areas.gemeente]\nname = \"'s-Hertogenbosch Caf\xC3\xA9\"\n"
                                     "[taxonomy.codes]\n\"A\xC3\xA9\" = \"fietsendiefstal\"\n");
  EXPECT_EQ(load_config((dir / "c.toml").string()).gemeente_name, "'s-Hertogenbosch Caf\xC3\xA9");
}

TEST(Config, new_text_and_repair_keys_are_read_and_checked) {
  const auto dir = fresh_dir("config_keys");
  std::string text = kBase;
  text.insert(text.find("[areas.buurt]"), "encoding = \"cp1252\"\nmax_record_bytes = 4096\nmax_record_lines = 5\n");
  text.insert(text.find("[areas.wijk]"), "max_repair_loss = 0.25\n");
  write_file(dir / "c.toml", text);
  const auto cfg = load_config((dir / "c.toml").string());
  EXPECT_EQ(cfg.incidents.encoding, "cp1252");
  EXPECT_EQ(cfg.incidents.max_record_bytes, 4096u);
  EXPECT_EQ(cfg.incidents.max_record_lines, 5);
  EXPECT_DOUBLE_EQ(cfg.buurt.areas.max_repair_loss, 0.25);
  EXPECT_DOUBLE_EQ(cfg.wijk.areas.max_repair_loss, 0.01);
  std::string bad = kBase;
  bad.insert(bad.find("[areas.buurt]"), "encoding = \"klingon\"\n");
  EXPECT_EQ(config_error("enc", bad).field(), "incidents.encoding");
  bad = kBase;
  bad.insert(bad.find("[areas.wijk]"), "max_repair_loss = 2\n");
  EXPECT_EQ(config_error("loss", bad).field(), "areas.buurt.max_repair_loss");
  bad = kBase;
  bad.insert(bad.find("[areas.buurt]"), "delimiter = \"\\\"\"\n");
  EXPECT_EQ(config_error("delim", bad).field(), "incidents.delimiter");
}
