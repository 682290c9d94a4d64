#include "focus/reasons.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "focus/text.hpp"

namespace bf = brandpunt::focus;
using Strings = std::vector<std::string>;

namespace {

bf::Candidate known() {
  bf::Candidate c;
  c.level = "buurt";
  c.code = "BU09350101";
  c.category = "hic";
  c.category_label = "woninginbraak";
  c.gi_class = "hot_99";
  c.count = 14;
  c.count_ly = 9;
  c.change_ly_pct = 100.0 * (14 - 9) / 9;  // 55.6 %
  c.change_ly_p = 0.03;
  c.change_ly_significant = true;
  c.emerging = "intensifying_hot_spot";
  c.emerging_since = "2025-03";
  c.trend = "increasing";
  c.trend_p = 0.02;
  c.sen_slope = 1.3;
  c.eb_rate = 18;
  c.city_rate = 10;
  c.n_hot = 34;
  c.n_steps = 36;
  return c;
}

bf::Policy with_rate(const std::string& lang) {
  bf::Policy p;
  p.language = lang;
  p.w_rate = 2;  // the rate sentence appears only when the policy weighs it
  return p;
}

}  // namespace

TEST(FocusReasons, english_sentences_for_a_known_candidate) {
  EXPECT_EQ(bf::reasons(known(), with_rate("en")),
            (Strings{"Gi* hot spot at 99 % for woninginbraak",
                     "14 incidents, +56 % against the same period last year (significant)",
                     "intensifying hot spot since 2025-03 (hot in 34 of 36 months)",
                     "rising trend (Mann-Kendall p = 0.02; +1.3 per month)",
                     "1.8× the city average per 1,000 inhabitants (EB-adjusted: 18.0 against "
                     "10.0)"}));
  // The default policy does not weigh the rate: no rate sentence.
  EXPECT_EQ(bf::reasons(known(), "en").size(), 4u);
}

TEST(FocusReasons, dutch_sentences_use_decimal_commas) {
  EXPECT_EQ(bf::reasons(known(), with_rate("nl")),
            (Strings{"Gi* hotspot (99 %) voor woninginbraak",
                     "14 incidenten, +56 % t.o.v. dezelfde periode vorig jaar (significant)",
                     "intensiverende hotspot sinds 2025-03 (hotspot in 34 van 36 maanden)",
                     "stijgende trend (Mann-Kendall p = 0,02; +1,3 per maand)",
                     "1,8× het stedelijk gemiddelde per 1.000 inwoners (EB-gecorrigeerd: 18,0 "
                     "tegen 10,0)"}));
}

TEST(FocusReasons, excess_names_its_exposure_and_the_neighbours) {
  bf::Candidate c = known();
  c.gi_class = "not_significant";
  c.exposure = "population";
  c.expected = 4.2;
  c.sir = 14 / 4.2;
  c.excess_q = 0.0042;
  c.excess_significant = true;
  c.neighbour_ratio = 1.04;
  EXPECT_EQ(bf::reasons(c, "en")[0],
            "3.3× expected (14 against 4.2 from population; adjusted p = 0.004), neighbours 1.0×");
  c.exposure = "baseline";
  c.neighbour_ratio = bf::kNaN;
  EXPECT_EQ(bf::reasons(c, "nl")[0],
            "3,3× verwacht (14 tegen 4,2 op basis van het eigen aandeel in de reeks; gecorrigeerde "
            "p = 0,004)");
  c.excess_significant = false;  // a ratio that failed the test is no reason
  EXPECT_EQ(bf::reasons(c, "en")[0].find("expected"), std::string::npos);
}

TEST(FocusReasons, slopes_below_the_shown_precision_read_as_about_zero) {
  bf::Candidate c = known();
  c.sen_slope = 0.004;
  EXPECT_EQ(bf::reasons(c, "nl")[3], "stijgende trend (Mann-Kendall p = 0,02; ≈ 0 per maand)");
  c.sen_slope = 0.04;
  EXPECT_EQ(bf::reasons(c, "en")[3], "rising trend (Mann-Kendall p = 0.02; +0.04 per month)");
  EXPECT_EQ(bf::format_slope(-0.004, "en"), "≈ 0");
  EXPECT_EQ(bf::format_slope(-0.3, "nl"), "-0,3");
}

TEST(FocusReasons, a_comparison_period_without_data_says_no_data_not_none) {
  bf::Candidate c;
  c.count = 7;
  c.count_ly = 0;
  c.ly_has_data = false;
  EXPECT_EQ(bf::reasons(c, "en"), Strings{"7 incidents, no data for the same period last year"});
  EXPECT_EQ(bf::reasons(c, "nl"), Strings{"7 incidenten, geen gegevens over dezelfde periode vorig jaar"});
  c.ly_has_data = true;
  EXPECT_EQ(bf::reasons(c, "en"), Strings{"7 incidents, none in the same period last year"});
}

TEST(FocusReasons, the_slope_is_per_step_of_the_trend_series) {
  bf::Candidate c = known();
  c.step = "week";
  c.emerging_since = "2025-W03";
  const Strings en = bf::reasons(c, "en");
  EXPECT_EQ(en[2], "intensifying hot spot since 2025-W03 (hot in 34 of 36 weeks)");
  EXPECT_EQ(en[3], "rising trend (Mann-Kendall p = 0.02; +1.3 per week)");
  c.step = "quarter";
  EXPECT_EQ(bf::reasons(c, "nl")[3], "stijgende trend (Mann-Kendall p = 0,02; +1,3 per kwartaal)");
}

TEST(FocusReasons, no_significance_is_claimed_without_a_significant_test) {
  bf::Candidate c;
  c.category = "geweld";
  c.count = 2;
  c.count_ly = 1;
  c.change_ly_pct = 100;
  c.change_ly_p = 1.0;
  c.change_ly_significant = false;
  const Strings en = bf::reasons(c, "en");
  EXPECT_EQ(en, Strings{"2 incidents, +100 % against the same period last year (not significant)"});
  EXPECT_EQ(bf::reasons(c, "nl"),
            Strings{"2 incidenten, +100 % t.o.v. dezelfde periode vorig jaar (niet significant)"});
  for (const std::string& s : en) EXPECT_EQ(s.find("(significant)"), std::string::npos);
}

TEST(FocusReasons, only_signals_that_score_give_a_sentence) {
  bf::Candidate c;
  c.category = "totaal";
  c.count = 1;
  c.count_ly = 0;
  c.gi_class = "cold_95";
  c.emerging = "persistent_cold_spot";
  c.trend = "decreasing";
  c.eb_rate = 10.2;  // 1.02× the city: not worth a sentence
  c.city_rate = 10;
  EXPECT_EQ(bf::reasons(c, "en"), Strings{"1 incident, none in the same period last year"});
  EXPECT_EQ(bf::reasons(c, "nl"), Strings{"1 incident, geen in dezelfde periode vorig jaar"});
  c.count_suppressed = true;
  EXPECT_EQ(bf::reasons(c, "en"), Strings{"count suppressed (below the privacy threshold)"});
}

TEST(FocusReasons, only_a_fading_row_says_a_hot_spot_is_over) {
  bf::Candidate c;
  c.count = 6;
  c.emerging = "historical_hot_spot";
  c.emerging_since = "2025-02";
  c.n_hot = 33;
  c.n_steps = 36;
  bf::Policy en;
  en.language = "en";
  EXPECT_EQ(bf::fading_reasons(c, en)[0], "historical hot spot: hot in 33 of 36 months, no longer since 2025-02");
  bf::Policy nl;
  EXPECT_EQ(bf::fading_reasons(c, nl)[0], "historische hotspot: hotspot in 33 van 36 maanden, niet meer sinds 2025-02");
  // On a current row (Gi* still hot in the period) the same pattern is a plain count.
  c.gi_class = "hot_95";
  const Strings current = bf::reasons(c, en);
  EXPECT_EQ(current[2], "hot in 33 of 36 months, not in the last month");
  for (const std::string& s : current) EXPECT_EQ(s.find("no longer"), std::string::npos) << s;
}

TEST(FocusText, numbers_follow_the_language_and_never_the_locale) {
  EXPECT_EQ(bf::format_number(1234.5, 1, "nl"), "1234,5");
  EXPECT_EQ(bf::format_number(12345.5, 1, "nl"), "12.345,5");
  EXPECT_EQ(bf::format_number(12345.5, 1, "en"), "12,345.5");
  EXPECT_EQ(bf::format_number(-0.001, 2, "en"), "0.00");
  EXPECT_EQ(bf::format_number(bf::kNaN, 2, "en"), "");
  EXPECT_EQ(bf::format_count(1234567, "nl"), "1.234.567");
  EXPECT_EQ(bf::format_percent(-19.6, "nl"), "-20 %");
  EXPECT_EQ(bf::format_percent(0.2, "en"), "0 %");
  EXPECT_EQ(bf::format_p(0.0004, "nl"), "< 0,001");
  EXPECT_EQ(bf::format_p(0.0042, "en"), "0.004");
  EXPECT_EQ(bf::parse_decimal(" 3,5 ").value_or(0), 3.5);
  EXPECT_FALSE(bf::parse_decimal("1,234,5").has_value());
  EXPECT_EQ(bf::emerging_text("oscillating_cold_spot", "nl"), "oscillerende coldspot");
  EXPECT_EQ(bf::csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
}
