#include "focus/cross_level.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace bf = brandpunt::focus;

namespace {

bf::Candidate area(std::string level, std::string code, std::string parent, std::string cls,
                   int64_t count = 10, std::string category = "hic") {
  bf::Candidate c;
  c.level = level;
  c.code = code;
  c.name = "N" + code;
  c.parent_code = parent;
  c.gi_class = cls;
  c.count = count;
  c.category = category;
  c.city_rate = 10;
  return c;
}

}  // namespace

TEST(FocusCrossLevel, finds_hot_streets_in_cool_buurten_and_hot_buurten_in_average_wijken) {
  // W1 average (rate 10.5 vs city 10), W2 above the band (15), W3 itself hot.
  std::vector<bf::Candidate> wijken = {area("wijk", "W1", "SD", "not_significant"),
                                       area("wijk", "W2", "SD", "not_significant"),
                                       area("wijk", "W3", "SD", "hot_95")};
  wijken[0].rate = 10.5;
  wijken[1].rate = 15;
  wijken[2].rate = 10;
  std::vector<bf::Candidate> buurten = {
      area("buurt", "B1", "W1", "hot_99", 14),  // -> signal (average wijk)
      area("buurt", "B2", "W2", "hot_95"),      // wijk not average
      area("buurt", "B3", "W3", "hot_90"),      // wijk hot
      area("buurt", "B4", "W1", "not_significant"),
      area("buurt", "B5", "W1", "cold_95"),
      area("buurt", "B1", "W1", "hot_99", 9, "geweld"),  // no geweld wijk rows: no signal
  };
  std::vector<bf::Candidate> straten = {
      area("straat", "S3", "B5", "hot_90", 3),  // cold buurt -> signal
      area("straat", "S1", "B4", "hot_95", 9),  // cool buurt -> signal
      area("straat", "S2", "B1", "hot_99"),     // buurt hot: nothing missed
      area("straat", "S4", "B9", "hot_99"),     // unknown buurt: no claim
      area("straat", "S5", "B4", "not_significant"),
  };
  bf::Policy p;
  p.language = "en";
  const auto sig = bf::cross_level_signals(straten, buurten, wijken, p);
  ASSERT_EQ(sig.size(), 3u);
  EXPECT_EQ(sig[0].kind, "hot_straat_in_cool_buurt");
  EXPECT_EQ(sig[0].code, "S1");  // ordered by parent code: B4 before B5
  EXPECT_EQ(sig[0].parent_code, "B4");
  EXPECT_EQ(sig[0].text,
            "NS1 is a Gi* hot spot at 95 % for hic (9 incidents), but buurt NB4 as a whole is "
            "not (not significant)");
  EXPECT_EQ(sig[1].code, "S3");
  EXPECT_EQ(sig[1].text,
            "NS3 is a Gi* hot spot at 90 % for hic (3 incidents), but buurt NB5 as a whole is "
            "not (a cold spot at 95 %)");
  EXPECT_EQ(sig[2].kind, "hot_buurt_in_average_wijk");
  EXPECT_EQ(sig[2].code, "B1");
  EXPECT_EQ(sig[2].parent_code, "W1");
  EXPECT_EQ(sig[2].parent_name, "NW1");
  EXPECT_EQ(sig[2].text,
            "NB1 is a Gi* hot spot at 99 % for hic (14 incidents), while wijk NW1 is average "
            "(1.1× the city average per 1,000 inhabitants)");

  p.language = "nl";
  const auto nl = bf::cross_level_signals(straten, buurten, wijken, p);
  EXPECT_EQ(nl[0].text,
            "NS1 is een Gi* hotspot (95 %) voor hic (9 incidenten), maar buurt NB4 als geheel "
            "niet (niet significant)");
  EXPECT_EQ(nl[2].text,
            "NB1 is een Gi* hotspot (99 %) voor hic (14 incidenten), terwijl wijk NW1 gemiddeld "
            "is (1,1× het stedelijk gemiddelde per 1.000 inwoners)");
}

TEST(FocusCrossLevel, band_edges_and_count_fallback_without_population) {
  // No population: compare wijk counts with their mean (100). 80 is on the band's edge
  // (inside), 121 outside, 99 inside.
  std::vector<bf::Candidate> wijken = {area("wijk", "W1", "", "not_significant", 80),
                                       area("wijk", "W2", "", "not_significant", 121),
                                       area("wijk", "W3", "", "not_significant", 99)};
  for (auto& w : wijken) w.city_rate = bf::kNaN;
  std::vector<bf::Candidate> buurten = {area("buurt", "B1", "W1", "hot_95"),
                                        area("buurt", "B2", "W2", "hot_95"),
                                        area("buurt", "B3", "W3", "hot_95")};
  bf::Policy p;
  p.language = "en";
  auto sig = bf::cross_level_signals({}, buurten, wijken, p);
  ASSERT_EQ(sig.size(), 2u);
  EXPECT_EQ(sig[0].code, "B1");
  EXPECT_EQ(sig[1].code, "B3");
  EXPECT_NE(sig[0].text.find("(0.8× the mean count per wijk)"), std::string::npos);
  // A suppressed wijk count cannot be judged average.
  wijken[0].count_suppressed = true;
  sig = bf::cross_level_signals({}, buurten, wijken, p);
  for (const auto& s : sig) EXPECT_NE(s.code, "B1");
}

TEST(FocusCrossLevel, order_does_not_depend_on_input_order) {
  std::vector<bf::Candidate> buurten = {area("buurt", "B1", "W", "not_significant"),
                                        area("buurt", "B2", "W", "not_significant")};
  std::vector<bf::Candidate> straten = {area("straat", "S9", "B2", "hot_99"),
                                        area("straat", "S1", "B2", "hot_99"),
                                        area("straat", "S5", "B1", "hot_99")};
  const auto a = bf::cross_level_signals(straten, buurten, {}, bf::Policy{});
  std::reverse(straten.begin(), straten.end());
  const auto b = bf::cross_level_signals(straten, buurten, {}, bf::Policy{});
  ASSERT_EQ(a.size(), 3u);
  ASSERT_EQ(b.size(), 3u);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].text, b[i].text);
  EXPECT_EQ(a[0].code, "S5");
  EXPECT_EQ(a[1].code, "S1");
  EXPECT_EQ(a[2].code, "S9");
}
