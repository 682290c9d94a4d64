#include "focus/policy.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"

namespace bf = brandpunt::focus;
using brandpunt::Error;

namespace {

toml::table parse(const char* text) { return toml::parse(text, std::string_view("focus.toml")); }

// Runs parse_policy and returns the Error it throws (fails the test when none is thrown).
Error policy_error(const char* text) {
  toml::table root = parse(text);
  try {
    bf::parse_policy(root["focus"].as_table(), "focus.toml");
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return Error(brandpunt::ErrorKind::internal, "none");
}

}  // namespace

TEST(FocusPolicy, missing_section_gives_documented_defaults) {
  const bf::Policy p = bf::parse_policy(nullptr, "x.toml");
  EXPECT_EQ(p.w_hotspot, 3);
  EXPECT_EQ(p.w_excess, 3);
  EXPECT_EQ(p.w_outlier, 2);
  EXPECT_EQ(p.w_rate, 0);
  EXPECT_EQ(p.w_volume, 1);
  EXPECT_EQ(p.w_trend, 1);
  EXPECT_EQ(p.w_emerging, 2);
  EXPECT_EQ(p.w_change, 1);
  EXPECT_EQ(p.exposure, bf::ExposureChoice::automatic);
  EXPECT_EQ(p.excess_alpha, 0.05);
  EXPECT_EQ(p.min_count, 5);
  EXPECT_EQ(p.rows, 10);
  EXPECT_EQ(p.near_miss_rows, 5);
  EXPECT_EQ(p.fading_rows, 5);
  EXPECT_EQ(p.language, "nl");
  EXPECT_NO_THROW(bf::validate(p));
}

TEST(FocusPolicy, reads_every_key_and_keeps_unset_weights) {
  toml::table root = parse(R"(
[focus]
weights = { hotspot = 4, volume = 2.5, excess = 1, outlier = 0.5 }
min_count = 8
rows = 20
near_miss_rows = 0
fading_rows = 2
exposure = "baseline"
excess_alpha = 0.1
language = "en"
)");
  const bf::Policy p = bf::parse_policy(root["focus"].as_table(), "focus.toml");
  EXPECT_EQ(p.w_hotspot, 4);
  EXPECT_EQ(p.w_volume, 2.5);
  EXPECT_EQ(p.w_excess, 1);
  EXPECT_EQ(p.w_outlier, 0.5);
  EXPECT_EQ(p.w_rate, 0);  // default kept
  EXPECT_EQ(p.fading_rows, 2);
  EXPECT_EQ(p.exposure, bf::ExposureChoice::baseline);
  EXPECT_EQ(p.excess_alpha, 0.1);
  EXPECT_EQ(p.min_count, 8);
  EXPECT_EQ(p.rows, 20);
  EXPECT_EQ(p.near_miss_rows, 0);
  EXPECT_EQ(p.language, "en");
}

TEST(FocusPolicy, weights_as_subtable_are_accepted) {
  toml::table root = parse("[focus.weights]\ntrend = 0\nchange = 3\n");
  const bf::Policy p = bf::parse_policy(root["focus"].as_table(), "focus.toml");
  EXPECT_EQ(p.w_trend, 0);
  EXPECT_EQ(p.w_change, 3);
}

TEST(FocusPolicy, errors_name_file_line_and_key) {
  Error e = policy_error("[focus]\nrows = 10\nweigths = { hotspot = 1 }\n");
  EXPECT_EQ(e.kind(), brandpunt::ErrorKind::config);
  EXPECT_EQ(e.file(), "focus.toml");
  EXPECT_EQ(e.row(), 3);
  EXPECT_EQ(e.field(), "focus.weigths");

  e = policy_error("[focus]\n\nweights = { hotspot = -1 }\n");
  EXPECT_EQ(e.row(), 3);
  EXPECT_EQ(e.field(), "focus.weights.hotspot");

  e = policy_error("[focus]\nweights = { hotpsot = 1 }\n");
  EXPECT_EQ(e.field(), "focus.weights.hotpsot");

  e = policy_error("[focus]\nweights = { rate = \"high\" }\n");
  EXPECT_EQ(e.field(), "focus.weights.rate");

  e = policy_error("[focus]\nlanguage = \"de\"\n");
  EXPECT_EQ(e.row(), 2);
  EXPECT_EQ(e.field(), "focus.language");

  e = policy_error("[focus]\nmin_count = 0\n");
  EXPECT_EQ(e.field(), "focus.min_count");

  e = policy_error("[focus]\nrows = 2.5\n");
  EXPECT_EQ(e.field(), "focus.rows");

  e = policy_error("[focus]\nexposure = \"people\"\n");
  EXPECT_EQ(e.field(), "focus.exposure");
  e = policy_error("[focus]\nexcess_alpha = 1.5\n");
  EXPECT_EQ(e.field(), "focus.excess_alpha");
  e = policy_error("[focus]\nfading_rows = -1\n");
  EXPECT_EQ(e.field(), "focus.fading_rows");

  e = policy_error(
      "[focus]\nweights = { hotspot = 0, excess = 0, outlier = 0, rate = 0, volume = 0, "
      "trend = 0, emerging = 0, change = 0 }\n");
  EXPECT_EQ(e.field(), "focus.weights");
  EXPECT_NE(std::string(e.what()).find("every score would be 0"), std::string::npos);
}

TEST(FocusPolicy, extra_keys_are_left_to_the_caller) {
  toml::table root = parse("[focus]\nreference_csv = \"ref.csv\"\nrows = 3\n");
  const bf::Policy p =
      bf::parse_policy(root["focus"].as_table(), "focus.toml", {}, {"reference_csv"});
  EXPECT_EQ(p.rows, 3);
}

TEST(FocusPolicy, levels_and_categories_are_checked) {
  toml::table root = parse(
      "[focus]\nlevels = [\"buurt\"]\ncategories = [\"hic\", \"woninginbraak\"]\n"
      "per_stadsdeel = false\n");
  auto exists = [](const std::string& k) { return k == "hic" || k == "woninginbraak"; };
  const bf::Policy p = bf::parse_policy(root["focus"].as_table(), "focus.toml", exists);
  EXPECT_EQ(p.levels, std::vector<std::string>{"buurt"});
  EXPECT_EQ(p.categories, (std::vector<std::string>{"hic", "woninginbraak"}));
  EXPECT_FALSE(p.per_stadsdeel);
  EXPECT_EQ(bf::Policy{}.categories.size(), 6u);

  Error e = policy_error("[focus]\nrows = 3\nlevels = [\"buurt\", \"blok\"]\n");
  EXPECT_EQ(e.row(), 3);
  EXPECT_EQ(e.field(), "focus.levels");
  EXPECT_NE(std::string(e.what()).find("unknown level 'blok'"), std::string::npos);
  e = policy_error("[focus]\ncategories = [\"hic\", \"drugs\"]\n");
  EXPECT_EQ(e.row(), 2);
  EXPECT_EQ(e.field(), "focus.categories");
  EXPECT_NE(std::string(e.what()).find("unknown category 'drugs'"), std::string::npos);
  e = policy_error("[focus]\nper_stadsdeel = 1\n");
  EXPECT_EQ(e.field(), "focus.per_stadsdeel");
}
