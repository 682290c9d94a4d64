#include "focus/rank.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "focus/text.hpp"

namespace bf = brandpunt::focus;

namespace {

bf::Candidate buurt(std::string code, int64_t count) {
  bf::Candidate c;
  c.level = "buurt";
  c.category = "hic";
  c.code = code;
  c.name = "Buurt " + code;
  c.stadsdeel = "SD1";
  c.count = count;
  c.city_rate = 10;
  return c;
}

// Three buurten whose scores are worked out by hand (default weights: hotspot 3, excess 3,
// outlier 2, rate 0, volume 1, trend 1, emerging 2, change 1):
//   A: hot_99, 20 incidents (the maximum)                  3·1 + 1·1                  = 4.000
//   B: hot_90, 5 incidents, surely 8× expected (L = 8)     3·0.5 + 3·1 + log 6/log 21 = 5.0885
//   C: intensifying, rising trend, 10 incidents            2·1 + 1·1 + log 11/log 21  = 3.7876
std::vector<bf::Candidate> three() {
  bf::Candidate a = buurt("BU01", 20);
  a.gi_class = "hot_99";
  bf::Candidate b = buurt("BU02", 5);
  b.gi_class = "hot_90";
  b.exposure = "area";
  b.sir = 5 / 0.4;
  b.expected = 0.4;
  b.sir_lower = 8;
  b.excess_q = 0.004;
  b.excess_significant = true;
  bf::Candidate c = buurt("BU03", 10);
  c.emerging = "intensifying_hot_spot";
  c.emerging_since = "2025-03";
  c.trend = "increasing";
  c.trend_p = 0.02;
  return {a, b, c};
}

std::vector<std::string> codes(const std::vector<bf::Row>& rows) {
  std::vector<std::string> out;
  for (const bf::Row& r : rows) out.push_back(r.c.code);
  return out;
}

}  // namespace

TEST(FocusRank, orders_by_the_hand_computed_score) {
  const bf::FocusList l = bf::rank(three(), bf::Policy{}, "gemeente");
  ASSERT_EQ(l.listed.size(), 3u);
  EXPECT_EQ(codes(l.listed), (std::vector<std::string>{"BU02", "BU01", "BU03"}));
  EXPECT_NEAR(l.listed[0].score, 1.5 + 3 + std::log(6.0) / std::log(21.0), 1e-12);
  EXPECT_NEAR(l.listed[0].score, 5.088519055, 1e-9);
  EXPECT_NEAR(l.listed[1].score, 4.0, 1e-12);
  EXPECT_NEAR(l.listed[2].score, 3.787609657, 1e-9);
  EXPECT_EQ(l.listed[0].rank, 1);
  EXPECT_EQ(l.listed[2].rank, 3);
  EXPECT_TRUE(l.listed[0].listed);
  EXPECT_EQ(l.listed[0].parts.hotspot, 0.5);
  EXPECT_EQ(l.listed[0].parts.excess, 1.0);
  EXPECT_EQ(l.listed[1].parts.volume, 1.0);
  EXPECT_EQ(l.level, "buurt");
  EXPECT_EQ(l.category, "hic");
  EXPECT_EQ(l.candidates, 3);
  EXPECT_EQ(l.eligible, 3);
}

TEST(FocusRank, raising_the_volume_weight_reorders_as_computed_by_hand) {
  // w_volume 1 -> 5: A = 3 + 5 = 8, B = 4.5 + 5·0.5885 = 7.4426, C = 3 + 5·0.7876 = 6.938.
  bf::Policy p;
  p.w_volume = 5;
  const bf::FocusList l = bf::rank(three(), p, "gemeente");
  EXPECT_EQ(codes(l.listed), (std::vector<std::string>{"BU01", "BU02", "BU03"}));
  EXPECT_NEAR(l.listed[0].score, 8.0, 1e-12);
  EXPECT_NEAR(l.listed[1].score, 7.442595277, 1e-9);
  EXPECT_NEAR(l.listed[2].score, 6.938048285, 1e-9);
}

TEST(FocusRank, weight_change_in_the_config_file_changes_the_order) {
  toml::table a = toml::parse("[focus]\nweights = { volume = 1 }\n", std::string_view("a.toml"));
  toml::table b = toml::parse("[focus]\nweights = { volume = 5 }\n", std::string_view("b.toml"));
  const auto la = bf::rank(three(), bf::parse_policy(a["focus"].as_table(), "a.toml"), "gemeente");
  const auto lb = bf::rank(three(), bf::parse_policy(b["focus"].as_table(), "b.toml"), "gemeente");
  EXPECT_EQ(codes(la.listed), (std::vector<std::string>{"BU02", "BU01", "BU03"}));
  EXPECT_EQ(codes(lb.listed), (std::vector<std::string>{"BU01", "BU02", "BU03"}));
}

TEST(FocusRank, ties_break_on_count_then_code_whatever_the_input_order) {
  bf::Policy p;
  p.w_volume = 0;  // all four score exactly 3 (hot_99), so only the tie-breakers decide
  std::vector<bf::Candidate> v;
  for (auto [code, n] : {std::pair{"BU09", 7}, {"BU02", 7}, {"BU05", 12}, {"BU01", 6}}) {
    bf::Candidate c = buurt(code, n);
    c.gi_class = "hot_99";
    v.push_back(c);
  }
  const std::vector<std::string> expected{"BU05", "BU02", "BU09", "BU01"};
  std::sort(v.begin(), v.end(), [](auto& x, auto& y) { return x.code < y.code; });
  do {
    EXPECT_EQ(codes(bf::rank(v, p, "gemeente").listed), expected);
  } while (
      std::next_permutation(v.begin(), v.end(), [](auto& x, auto& y) { return x.code < y.code; }));
}

TEST(FocusRank, below_min_count_is_a_near_miss_with_its_reason) {
  std::vector<bf::Candidate> v = three();
  bf::Candidate small = buurt("BU07", 3);
  small.exposure = "area";
  small.expected = 1.25;
  small.sir = 2.4;
  small.sir_lower = 1.1;
  small.excess_significant = true;
  v.push_back(small);
  bf::Policy p;
  p.language = "en";
  const bf::FocusList l = bf::rank(v, p, "gemeente");
  EXPECT_EQ(codes(l.listed), (std::vector<std::string>{"BU02", "BU01", "BU03"}));
  ASSERT_EQ(l.near_misses.size(), 1u);
  const bf::Row& r = l.near_misses[0];
  EXPECT_EQ(r.c.code, "BU07");
  EXPECT_FALSE(r.listed);
  EXPECT_EQ(r.rank, 0);
  EXPECT_EQ(r.held_back,
            std::vector<std::string>{"2.4× expected but only 3 incidents (minimum 5)"});
  p.language = "nl";
  EXPECT_EQ(bf::rank(v, p, "gemeente").near_misses[0].held_back[0],
            "2,4× verwacht maar slechts 3 incidenten (minimum 5)");
  // With the rate weighed, a high rate leads instead when there is no excess.
  v.back().excess_significant = false;
  v.back().eb_rate = 24;  // 2.4× the city
  p.w_rate = 2;
  EXPECT_EQ(bf::rank(v, p, "gemeente").near_misses[0].held_back[0],
            "hoog risico (2,4× de stad) maar slechts 3 incidenten (minimum 5)");
}

TEST(FocusRank, suppressed_counts_are_never_listed) {
  bf::Candidate s = buurt("BU00", 0);
  s.count_suppressed = true;
  s.gi_class = "hot_99";
  s.emerging = "new_hot_spot";  // the highest score of all, yet not listed
  std::vector<bf::Candidate> v = three();
  v.push_back(s);
  bf::Policy p;
  p.language = "en";
  const bf::FocusList l = bf::rank(v, p, "gemeente");
  for (const bf::Row& r : l.listed) EXPECT_NE(r.c.code, "BU00");
  ASSERT_FALSE(l.near_misses.empty());
  EXPECT_EQ(l.near_misses[0].c.code, "BU00");
  EXPECT_EQ(l.near_misses[0].parts.volume, 0);
  EXPECT_EQ(l.near_misses[0].held_back[0],
            "Gi* hot spot (99 %) but count suppressed (below the privacy threshold)");
  EXPECT_EQ(l.eligible, 3);
}

TEST(FocusRank, a_suppressed_count_hides_its_rate_from_score_and_text) {
  bf::Candidate s = buurt("BU00", 0);
  s.count_suppressed = true;
  s.eb_rate = 30;  // 3× the city, but derived from the hidden count
  s.excess_significant = true;
  s.sir = 3;
  s.sir_lower = 2.5;
  EXPECT_EQ(bf::components(s, bf::Policy{}, 20).rate, 0.0);
  EXPECT_EQ(bf::components(s, bf::Policy{}, 20).excess, 0.0);
  s.gi_class = "hot_95";
  bf::Policy p;
  p.language = "en";
  std::vector<bf::Candidate> v = three();
  v.push_back(s);
  const bf::FocusList l = bf::rank(v, p, "gemeente");
  ASSERT_EQ(l.near_misses.size(), 1u);
  EXPECT_EQ(l.near_misses[0].score, 2.25);  // hot spot only
  EXPECT_EQ(l.near_misses[0].reasons,
            (std::vector<std::string>{"Gi* hot spot at 95 % for hic",
                                      "count suppressed (below the privacy threshold)"}));
  EXPECT_EQ(l.near_misses[0].held_back[0],
            "Gi* hot spot (95 %) but count suppressed (below the privacy threshold)");
}

TEST(FocusRank, cut_off_and_places_of_eligible_near_misses) {
  bf::Policy p;
  p.rows = 2;
  p.language = "en";
  const bf::FocusList l = bf::rank(three(), p, "gemeente");
  EXPECT_EQ(codes(l.listed), (std::vector<std::string>{"BU02", "BU01"}));
  ASSERT_EQ(l.near_misses.size(), 1u);
  EXPECT_EQ(l.near_misses[0].held_back[0],
            "score 3.79, below the cut-off 4.00 (place 3, list of 2)");
  p.language = "nl";
  EXPECT_EQ(bf::rank(three(), p, "gemeente").near_misses[0].held_back[0],
            "score 3,79, onder de grens 4,00 (plaats 3, lijst van 2)");
  EXPECT_EQ(l.eligible, 3);
  EXPECT_EQ(l.rows, 2);
}

TEST(FocusRank, near_miss_rows_limits_the_near_misses) {
  bf::Policy p;
  p.rows = 1;
  p.near_miss_rows = 1;
  const bf::FocusList l = bf::rank(three(), p, "gemeente");
  EXPECT_EQ(codes(l.listed), std::vector<std::string>{"BU02"});
  EXPECT_EQ(codes(l.near_misses), std::vector<std::string>{"BU01"});
}

TEST(FocusRank, zero_scores_are_neither_listed_nor_near_misses) {
  bf::Policy p;
  p.w_volume = 0;
  std::vector<bf::Candidate> v = three();
  v.push_back(buurt("BU08", 50));  // nothing but volume, which weighs 0 here
  const bf::FocusList l = bf::rank(v, p, "gemeente");
  EXPECT_EQ(l.listed.size(), 3u);
  EXPECT_TRUE(l.near_misses.empty());
  EXPECT_EQ(l.candidates, 4);
}

TEST(FocusRank, stadsdeel_scope_keeps_its_own_areas_and_its_own_volume_scale) {
  std::vector<bf::Candidate> v = three();
  v[0].stadsdeel = "SD2";  // A (20 incidents) leaves SD1
  const bf::FocusList sd1 = bf::rank(v, bf::Policy{}, "SD1");
  EXPECT_EQ(sd1.scope, "SD1");
  EXPECT_EQ(codes(sd1.listed), (std::vector<std::string>{"BU02", "BU03"}));
  EXPECT_EQ(sd1.listed[1].parts.volume, 1.0);  // C is now the busiest of its list
  EXPECT_EQ(codes(bf::rank(v, bf::Policy{}, "SD2").listed), std::vector<std::string>{"BU01"});
  EXPECT_TRUE(bf::rank(v, bf::Policy{}, "SD9").listed.empty());
}

TEST(FocusRank, component_scores_follow_the_documented_tables) {
  bf::Policy p;
  bf::Candidate c = buurt("X", 4);
  auto k = [&] { return bf::components(c, p, 4); };
  for (auto [cls, want] : {std::pair{"hot_99", 1.0},
                           {"hot_95", 0.75},
                           {"hot_90", 0.5},
                           {"not_significant", 0.0},
                           {"cold_99", 0.0}}) {
    c.gi_class = cls;
    EXPECT_EQ(k().hotspot, want) << cls;
  }
  for (auto [key, want] : {std::pair{"new_hot_spot", 1.0},
                           {"consecutive_hot_spot", 1.0},
                           {"intensifying_hot_spot", 1.0},
                           {"persistent_hot_spot", 0.75},
                           {"sporadic_hot_spot", 0.5},
                           {"oscillating_hot_spot", 0.5},
                           {"diminishing_hot_spot", 0.0},
                           {"historical_hot_spot", 0.0},
                           {"new_cold_spot", 0.0},
                           {"no_pattern", 0.0}}) {
    c.emerging = key;
    EXPECT_EQ(k().emerging, want) << key;
  }
  c.eb_rate = 15;  // 1.5× -> 0.25
  EXPECT_EQ(k().rate, 0.25);
  c.eb_rate = 8;  // below the city -> 0
  EXPECT_EQ(k().rate, 0.0);
  c.eb_rate = 50;  // capped at 1
  EXPECT_EQ(k().rate, 1.0);
  c.city_rate = bf::kNaN;
  EXPECT_EQ(k().rate, 0.0);
  c.change_ly_pct = 80;
  EXPECT_EQ(k().change, 0.0);  // not significant
  c.change_ly_significant = true;
  EXPECT_EQ(k().change, 1.0);
  c.change_ly_pct = -40;  // a significant fall is no reason for focus
  EXPECT_EQ(k().change, 0.0);
  c.trend = "decreasing";
  EXPECT_EQ(k().trend, 0.0);
  c.trend = "increasing";
  EXPECT_EQ(k().trend, 1.0);
  // Excess: log L / log 8 of the one-sided lower limit when significant, capped at 1.
  c.sir_lower = 2;
  EXPECT_EQ(k().excess, 0.0);  // not significant
  c.excess_significant = true;
  EXPECT_NEAR(k().excess, 1.0 / 3, 1e-15);
  c.sir_lower = 3;
  EXPECT_NEAR(k().excess, 0.528320834, 1e-9);
  c.sir_lower = 9;
  EXPECT_EQ(k().excess, 1.0);
  c.sir_lower = 0.8;
  EXPECT_EQ(k().excess, 0.0);
  // Outlier: Local Moran HL after BH, else twice the share of hot-outlier steps.
  c.n_steps = 36;
  c.n_high_low = 9;
  EXPECT_EQ(k().outlier, 0.5);
  c.n_high_low = 30;
  EXPECT_EQ(k().outlier, 1.0);
  c.n_high_low = 0;
  c.lisa_quadrant = "HL";
  EXPECT_EQ(k().outlier, 0.0);  // not significant
  c.lisa_significant = true;
  EXPECT_EQ(k().outlier, 1.0);
  c.lisa_quadrant = "HH";
  EXPECT_EQ(k().outlier, 0.0);  // a cluster is Gi*'s business
}

TEST(FocusRank, mixed_levels_or_repeated_codes_are_refused) {
  std::vector<bf::Candidate> v = three();
  v[1].level = "wijk";
  EXPECT_THROW(bf::rank(v, bf::Policy{}, "gemeente"), brandpunt::Error);
  v = three();
  v[2].code = v[0].code;
  EXPECT_THROW(bf::rank(v, bf::Policy{}, "gemeente"), brandpunt::Error);
  EXPECT_TRUE(bf::rank({}, bf::Policy{}, "gemeente").listed.empty());
}

TEST(FocusRank, volume_only_rows_are_near_misses_and_the_list_may_be_shorter) {
  std::vector<bf::Candidate> v = three();
  for (auto [code, n] : {std::pair{"BU10", 48}, {"BU11", 30}}) v.push_back(buurt(code, n));
  bf::Policy p;
  p.language = "en";
  const bf::FocusList l = bf::rank(v, p, "gemeente");
  EXPECT_EQ(codes(l.listed), (std::vector<std::string>{"BU02", "BU01", "BU03"}));
  EXPECT_EQ(l.eligible, 3);
  EXPECT_EQ(l.volume_only, 2);
  ASSERT_EQ(l.near_misses.size(), 2u);
  EXPECT_EQ(l.near_misses[0].c.code, "BU10");
  EXPECT_EQ(l.near_misses[0].held_back[0], "volume only: 48 incidents, no signal beyond the count");
  p.language = "nl";
  EXPECT_EQ(bf::rank(v, p, "gemeente").near_misses[1].held_back[0],
            "alleen volume: 30 incidenten, geen signaal naast het aantal");
}

TEST(FocusRank, rounding_never_makes_a_score_equal_the_cut_off_it_missed) {
  // 0.8495 and 0.8504 both read 0.85 with two decimals and 0.850 with three.
  const auto [a, b] = bf::format_distinct(0.8495, 0.8504, "nl");
  EXPECT_EQ(a, "0,8495");
  EXPECT_EQ(b, "0,8504");
  EXPECT_EQ(bf::format_distinct(0.84, 0.85, "en"), (std::pair<std::string, std::string>{"0.84", "0.85"}));
  bf::Policy p;
  p.rows = 1;
  p.w_volume = 0;
  p.w_hotspot = 0.8504;
  p.w_emerging = 0.8495 / 0.5;  // a sporadic hot spot scores half the weight
  bf::Candidate x = buurt("BU20", 9), y = buurt("BU21", 9);
  x.gi_class = "hot_99";
  y.emerging = "sporadic_hot_spot";
  const bf::FocusList l = bf::rank({x, y}, p, "gemeente");
  ASSERT_EQ(l.near_misses.size(), 1u);
  EXPECT_EQ(l.near_misses[0].held_back[0], "score 0,8495, onder de grens 0,8504 (plaats 2, lijst van 1)");
}

TEST(FocusRank, faded_patterns_leave_the_list_for_their_own_section) {
  bf::Policy p;
  p.language = "en";
  std::vector<bf::Candidate> v = three();
  // Street robbery only in the first half of the series: a falling trend and -82 % over the
  // last 12 months; its current background volume would otherwise list it.
  bf::Candidate hist = buurt("BU30", 12);
  hist.trend = "decreasing";
  hist.trend_p = 1e-6;
  hist.sen_slope = -0.4;
  hist.rolling_current = 12;
  hist.rolling_previous = 66;
  hist.rolling_pct = 100.0 * (12.0 / 66 - 1);
  hist.rolling_p = 1e-9;
  hist.rolling_significant = true;
  hist.excess_significant = true;  // still above its expectation: stays off the list anyway
  hist.sir = 1.6;
  hist.sir_lower = 1.05;
  hist.expected = 7.5;
  hist.exposure = "area";
  v.push_back(hist);
  bf::Candidate dim = buurt("BU31", 40);  // ArcGIS diminishing: hot 35 of 36, weakening
  dim.emerging = "diminishing_hot_spot";
  dim.n_hot = 35;
  dim.n_steps = 36;
  dim.gi_class = "hot_95";
  v.push_back(dim);
  bf::Candidate old = buurt("BU32", 6);  // historical, not Gi* hot any more
  old.emerging = "historical_hot_spot";
  old.emerging_since = "2025-11";
  old.n_hot = 33;
  old.n_steps = 36;
  v.push_back(old);
  bf::Candidate still = old;  // historical in the monthly series, but Gi* hot in the period
  still.code = "BU33";
  still.gi_class = "hot_99";
  v.push_back(still);
  bf::Candidate steady = hist;  // falling, but a persistent hot spot now: stays current
  steady.code = "BU34";
  steady.emerging = "persistent_hot_spot";
  v.push_back(steady);

  const bf::FocusList l = bf::rank(v, p, "gemeente");
  for (const bf::Row& r : l.listed)
    for (const char* code : {"BU30", "BU31", "BU32"}) EXPECT_NE(r.c.code, code);
  for (const bf::Row& r : l.near_misses)
    for (const char* code : {"BU30", "BU31", "BU32"}) EXPECT_NE(r.c.code, code);
  EXPECT_EQ(codes(l.fading), (std::vector<std::string>{"BU30", "BU31", "BU32"}));
  EXPECT_EQ(l.fading_areas, 3);
  for (const bf::Row& r : l.fading) EXPECT_TRUE(r.fading && !r.listed && r.rank == 0);
  EXPECT_EQ(l.fading[0].reasons,
            (std::vector<std::string>{
                "falling trend (Mann-Kendall p < 0.001; -0.4 per month)",
                "last 12 months -82 % against the 12 before (12 against 66; significant)",
                "12 incidents",
                "1.6× expected (12 against 7.5 from area)"}));
  EXPECT_EQ(l.fading[1].reasons[0], "diminishing hot spot: hot in 35 of 36 months, its intensity falling");
  EXPECT_EQ(l.fading[2].reasons[0], "historical hot spot: hot in 33 of 36 months, no longer since 2025-11");
  // Gi* hot in the period keeps BU33 current, and its line never says it is no longer hot.
  bool found = false;
  for (const bf::Row& r : l.listed) {
    if (r.c.code != "BU33") continue;
    found = true;
    EXPECT_EQ(r.reasons, (std::vector<std::string>{"Gi* hot spot at 99 % for hic", "6 incidents",
                                                   "hot in 33 of 36 months, not in the last month"}));
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(bf::is_fading(hist));
  EXPECT_FALSE(bf::is_fading(steady));
  std::string why;
  EXPECT_TRUE(bf::is_fading(dim, &why));
  EXPECT_EQ(why, "diminishing");
  p.fading_rows = 1;
  const bf::FocusList short_list = bf::rank(v, p, "gemeente");
  EXPECT_EQ(short_list.fading.size(), 1u);
  EXPECT_EQ(short_list.fading_areas, 3);
}

TEST(FocusRank, a_persistent_isolated_buurt_ranks_on_its_excess_and_outlier) {
  // 45 incidents where 14.6 are expected, quiet neighbours: Gi* is not significant, yet the
  // excess (L = 2.3) and the hot outlier put it first, ahead of a busier area with volume only.
  bf::Candidate iso = buurt("BU40", 45);
  iso.exposure = "area";
  iso.expected = 14.6;
  iso.sir = 45 / 14.6;
  iso.sir_lower = 2.33;
  iso.excess_q = 1e-8;
  iso.excess_significant = true;
  iso.neighbour_ratio = 0.4;
  iso.lisa_quadrant = "HL";
  iso.lisa_significant = true;
  iso.emerging = "sporadic_hot_spot";
  iso.emerging_since = "2025-10";
  iso.n_hot = 28;
  iso.n_steps = 36;
  iso.n_high_low = 30;
  bf::Candidate busy = buurt("BU41", 60);
  bf::Policy p;
  p.language = "en";
  const bf::FocusList l = bf::rank({iso, busy}, p, "gemeente");
  ASSERT_EQ(codes(l.listed), std::vector<std::string>{"BU40"});
  EXPECT_EQ(l.listed[0].reasons,
            (std::vector<std::string>{
                "hot outlier (Local Moran HL): 3.1× expected (45 against 14.6 from area; adjusted "
                "p < 0.001), neighbours 0.4×",
                "45 incidents", "hot outlier in 30 of 36 months",
                "sporadic hot spot since 2025-10 (hot in 28 of 36 months)"}));
  p.language = "nl";
  EXPECT_EQ(bf::rank({iso, busy}, p, "gemeente").listed[0].reasons[0],
            "hoge uitschieter (Local Moran HL): 3,1× verwacht (45 tegen 14,6 op basis van "
            "oppervlakte; gecorrigeerde p < 0,001), buren 0,4×");
}
