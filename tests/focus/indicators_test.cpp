#include "focus/indicators.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace bf = brandpunt::focus;
using brandpunt::Error;

namespace {

bool known_category(const std::string& k) {
  static const std::set<std::string> keys{"hic", "vermogen", "bedreiging", "totaal"};
  return keys.count(k) > 0;
}

std::vector<bf::Indicator> parse(const std::string& text) {
  toml::table root = toml::parse(text, std::string_view("city.toml"));
  return bf::parse_indicators(root["indicator"].as_array(), "city.toml", known_category);
}

Error parse_error(const std::string& text) {
  try {
    parse(text);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return Error(brandpunt::ErrorKind::internal, "none");
}

bf::Indicator indicator(bf::Direction d, double target, bf::Measure m = bf::Measure::count) {
  bf::Indicator i;
  i.name = "test";
  i.categories = {"hic"};
  i.level = "gemeente";
  i.measure = m;
  i.direction = d;
  i.target = target;
  return i;
}

std::string status(bf::Direction d, double target, double count) {
  bf::IndicatorInput in;
  in.code = "GM0001";
  in.count_now = count;
  return bf::evaluate(indicator(d, target), in).status;
}

}  // namespace

TEST(FocusIndicators, parses_targets_directions_and_level_lists) {
  const auto v = parse(R"(
[[indicator]]
name = "Bedreiging per 1.000 inwoners"
category = "bedreiging"
level = "gemeente"
measure = "per_1000"
target = "< 3.5"

[[indicator]]
name = "Vermogen en HIC"
categories = ["vermogen", "hic"]
level = ["gemeente", "wijk", "buurt"]
measure = "per_1000"
period = "quarter"
target = "≤ 44"

[[indicator]]
name = "Aandeel HIC"
category = "hic"
level = "wijk"
measure = "share"
target = 20
direction = "ge"

[[indicator]]
name = "Aantal"
category = "totaal"
level = "buurt"
measure = "count"
target = ">= 1,5"
)");
  ASSERT_EQ(v.size(), 6u);
  EXPECT_EQ(v[0].name, "Bedreiging per 1.000 inwoners");
  EXPECT_EQ(v[0].categories, std::vector<std::string>{"bedreiging"});
  EXPECT_EQ(v[0].measure, bf::Measure::per_1000);
  EXPECT_EQ(v[0].direction, bf::Direction::lt);
  EXPECT_EQ(v[0].target, 3.5);
  EXPECT_EQ(v[0].period, "year");
  EXPECT_EQ(v[0].config_line, 2);
  EXPECT_EQ(v[1].categories, (std::vector<std::string>{"vermogen", "hic"}));
  EXPECT_EQ(v[1].level, "gemeente");
  EXPECT_EQ(v[2].level, "wijk");
  EXPECT_EQ(v[3].level, "buurt");
  EXPECT_EQ(v[3].direction, bf::Direction::le);
  EXPECT_EQ(v[3].target, 44);
  EXPECT_EQ(v[3].period, "quarter");
  EXPECT_EQ(bf::window_months(v[3].period), 3);
  EXPECT_EQ(v[4].direction, bf::Direction::ge);
  EXPECT_EQ(v[4].measure, bf::Measure::share);
  EXPECT_EQ(v[4].target, 20);
  EXPECT_EQ(v[5].direction, bf::Direction::ge);
  EXPECT_EQ(v[5].target, 1.5);
}

TEST(FocusIndicators, errors_name_the_config_line_and_field) {
  const std::string head = "[[indicator]]\nname = \"x\"\n";
  Error e = parse_error(head + "category = \"bedreiging\"\nlevel = \"gemeente\"\n" +
                        "measure = \"per_1000\"\ntarget = \"< 3.5\"\n\n" + head +
                        "category = \"bedrieging\"\nlevel = \"wijk\"\nmeasure = \"count\"\n" +
                        "target = \"< 3\"\n");
  EXPECT_EQ(e.kind(), brandpunt::ErrorKind::config);
  EXPECT_EQ(e.file(), "city.toml");
  EXPECT_EQ(e.row(), 10);
  EXPECT_EQ(e.field(), "indicator[2].category");
  EXPECT_NE(std::string(e.what()).find("unknown category 'bedrieging'"), std::string::npos);

  e = parse_error(head +
                  "category = \"hic\"\nlevel = \"stad\"\nmeasure = \"count\"\ntarget = \"< 3\"\n");
  EXPECT_EQ(e.row(), 4);
  EXPECT_EQ(e.field(), "indicator[1].level");

  e = parse_error(
      head + "category = \"hic\"\nlevel = \"wijk\"\nmeasure = \"per_100\"\ntarget = \"< 3\"\n");
  EXPECT_EQ(e.row(), 5);
  EXPECT_EQ(e.field(), "indicator[1].measure");

  e = parse_error(head +
                  "category = \"hic\"\nlevel = \"wijk\"\nmeasure = \"count\"\ntarget = 3.5\n");
  EXPECT_EQ(e.row(), 6);
  EXPECT_EQ(e.field(), "indicator[1].target");
  EXPECT_NE(std::string(e.what()).find("target without a direction"), std::string::npos);

  e = parse_error(head +
                  "category = \"hic\"\nlevel = \"wijk\"\nmeasure = \"count\"\ntarget = \"3.5\"\n");
  EXPECT_EQ(e.row(), 6);
  EXPECT_NE(std::string(e.what()).find("target without a direction"), std::string::npos);

  e = parse_error(head + "category = \"hic\"\nlevel = \"wijk\"\nmeasure = \"count\"\n" +
                  "period = \"week\"\ntarget = \"< 3\"\n");
  EXPECT_EQ(e.field(), "indicator[1].period");

  e = parse_error(head + "category = \"hic\"\nlevel = \"wijk\"\nmeasure = \"count\"\n" +
                  "target = \"< 3\"\ndirection = \"gt\"\n");
  EXPECT_EQ(e.row(), 7);
  EXPECT_EQ(e.field(), "indicator[1].direction");

  e = parse_error(head +
                  "category = \"hic\"\nlevel = \"wijk\"\nmesure = \"count\"\ntarget = \"< 3\"\n");
  EXPECT_EQ(e.row(), 5);
  EXPECT_EQ(e.field(), "indicator[1].mesure");

  e = parse_error(head + "category = \"hic\"\nlevel = \"wijk\"\ntarget = \"< 3\"\n");
  EXPECT_EQ(e.field(), "indicator[1].measure");
  EXPECT_EQ(e.row(), 1);  // a missing key points at the [[indicator]] header

  e = parse_error(head + "category = \"hic\"\nlevel = [\"wijk\", \"wijk\"]\nmeasure = \"count\"\n" +
                  "target = \"< 3\"\n");
  EXPECT_EQ(e.field(), "indicator[1].name");
}

TEST(FocusIndicators, status_at_the_edges_of_every_direction) {
  using D = bf::Direction;
  const double t = 3.5, eps = 0.01;
  struct Case {
    D d;
    const char *equal, *above, *below;
  };
  for (const Case& c :
       {Case{D::lt, "not_met", "not_met", "met"}, Case{D::le, "met", "not_met", "met"},
        Case{D::gt, "not_met", "met", "not_met"}, Case{D::ge, "met", "met", "not_met"}}) {
    SCOPED_TRACE(bf::to_string(c.d));
    EXPECT_EQ(status(c.d, t, t), c.equal);
    EXPECT_EQ(status(c.d, t, t + eps), c.above);
    EXPECT_EQ(status(c.d, t, t - eps), c.below);
    EXPECT_EQ(status(c.d, t, bf::kNaN), "no_data");
  }
}

TEST(FocusIndicators, per_1000_edges_are_exact_and_missing_population_is_no_data) {
  bf::IndicatorInput in;
  in.count_now = 35;
  in.count_prev = 40;
  in.population = 10000;
  const bf::Indicator lt = indicator(bf::Direction::lt, 3.5, bf::Measure::per_1000);
  const bf::Indicator le = indicator(bf::Direction::le, 3.5, bf::Measure::per_1000);
  bf::IndicatorResult r = bf::evaluate(le, in);
  EXPECT_EQ(r.value, 3.5);
  EXPECT_EQ(r.previous, 4.0);
  EXPECT_EQ(r.change, -0.5);
  EXPECT_EQ(r.status, "met");
  EXPECT_EQ(r.direction_text, "≤ 3.5");
  EXPECT_EQ(bf::evaluate(lt, in).status, "not_met");
  // (3.5 / 3) · 1000 / (1000 / 3) computes as 3.5000000000000004: still equal to the target.
  in.count_now = 3.5 / 3;
  in.population = 1000.0 / 3;
  r = bf::evaluate(le, in);
  EXPECT_NE(r.value, 3.5);
  EXPECT_EQ(r.status, "met");
  EXPECT_EQ(bf::evaluate(lt, in).status, "not_met");
  in.population = bf::kNaN;
  r = bf::evaluate(lt, in);
  EXPECT_EQ(r.status, "no_data");
  EXPECT_TRUE(std::isnan(r.value));
  EXPECT_TRUE(std::isnan(r.change));
  in.population = 0;
  EXPECT_EQ(bf::evaluate(lt, in).status, "no_data");
}

TEST(FocusIndicators, share_and_count_never_turn_missing_data_into_zero) {
  bf::IndicatorInput in;
  in.count_now = 0;
  in.totaal_now = 0;
  const bf::Indicator share = indicator(bf::Direction::le, 20, bf::Measure::share);
  EXPECT_EQ(bf::evaluate(share, in).status, "no_data");  // no incidents at all
  in.totaal_now = 40;
  in.count_now = 8;
  bf::IndicatorResult r = bf::evaluate(share, in);
  EXPECT_EQ(r.value, 20);
  EXPECT_EQ(r.status, "met");
  EXPECT_TRUE(std::isnan(r.previous));
  // A real zero count is data: it meets "< 3.5".
  in.count_now = 0;
  EXPECT_EQ(bf::evaluate(indicator(bf::Direction::lt, 3.5), in).status, "met");
  EXPECT_EQ(bf::evaluate(indicator(bf::Direction::lt, 3.5), in).value, 0);
}
