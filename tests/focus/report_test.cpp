#include "focus/report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "focus/reference.hpp"

namespace bf = brandpunt::focus;
namespace fs = std::filesystem;
using brandpunt::Error;

namespace {

bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

std::vector<bf::Candidate> buurten() {
  std::vector<bf::Candidate> v;
  for (auto [code, n, cls] :
       {std::tuple{"BU01", 14, "hot_99"}, {"BU02", 9, "hot_95"}, {"BU03", 3, "hot_90"}}) {
    bf::Candidate c;
    c.level = "buurt";
    c.category = "hic";
    c.category_label = "HIC";
    c.code = code;
    c.name = std::string("Buurt|") + code;  // a pipe must not break the table
    c.count = n;
    c.gi_class = cls;
    c.period_label = "2025-10..2025-12";
    v.push_back(c);
  }
  return v;
}

bf::IndicatorResult result(std::string code, std::string name, double value, double prev,
                           std::string status) {
  bf::IndicatorResult r;
  r.indicator = "Bedreiging per 1.000 inwoners";
  r.code = code;
  r.name = name;
  r.level = "gemeente";
  r.measure = bf::Measure::per_1000;
  r.period = "year";
  r.value = value;
  r.previous = prev;
  r.change = value - prev;
  r.target = 3.5;
  r.direction = bf::Direction::lt;
  r.direction_text = "< 3.5";
  r.status = status;
  return r;
}

std::string write_temp(const std::string& name, const std::string& text) {
  const fs::path p = fs::temp_directory_path() / ("brandpunt_focus_" + name);
  std::ofstream(p, std::ios::binary) << text;
  return p.string();
}

}  // namespace

TEST(FocusReport, focus_markdown_lists_rows_near_misses_and_signals) {
  bf::Policy p;
  p.language = "en";
  const bf::FocusList l = bf::rank(buurten(), p, "gemeente");
  bf::Signal s;
  s.text = "Rechtstraat is a Gi* hot spot";
  const std::string md = bf::focus_markdown({l}, {s}, "en");
  EXPECT_TRUE(contains(md, "## Neighbourhoods · HIC · citywide"));
  EXPECT_TRUE(contains(md, "Period: 2025-10..2025-12. 2 of 3 areas qualify; the list holds 2 areas (at most 10)."));
  EXPECT_TRUE(contains(md, "| 1 | BU01 | Buurt\\|BU01 | "));
  EXPECT_TRUE(contains(md, " | 14 | Gi* hot spot at 99 % for HIC; 14 incidents |\n"));
  EXPECT_TRUE(contains(md, "| 2 | BU02 | Buurt\\|BU02 | "));
  EXPECT_TRUE(contains(md, "### Just below the cut-off"));
  EXPECT_TRUE(contains(md, "| BU03 | Buurt\\|BU03 | "));
  EXPECT_TRUE(contains(md, "Gi* hot spot (90 %) but only 3 incidents (minimum 5)"));
  EXPECT_TRUE(contains(md, "- Rechtstraat is a Gi* hot spot\n"));
  const std::string nl = bf::focus_markdown({l}, {}, "nl");
  EXPECT_TRUE(contains(nl, "## Buurten · HIC · hele gemeente"));
  EXPECT_TRUE(contains(nl, "Periode: 2025-10..2025-12. 2 van 3 gebieden komen in aanmerking; de lijst telt 2 gebieden (maximaal 10)."));
  EXPECT_TRUE(contains(nl, "_Geen signalen._"));
}

TEST(FocusReport, headers_name_the_stadsdeel_and_dutch_stays_grammatical) {
  bf::Policy p;
  std::vector<bf::Candidate> v = buurten();
  for (auto& c : v) c.stadsdeel = "SD01", c.stadsdeel_name = "Centrum";
  v[1].gi_class = v[2].gi_class = "not_significant";  // one area qualifies, one is volume only
  v[2].count = 6;
  v[2].stadsdeel = "SD02";
  v[2].stadsdeel_name = "Noord";
  const std::vector<bf::FocusList> lists = bf::rank_scopes(v, p);
  ASSERT_EQ(lists.size(), 3u);
  const std::string nl = bf::focus_markdown(lists, {}, "nl");
  EXPECT_TRUE(contains(nl, "## Buurten · HIC · stadsdeel Centrum (SD01)\n")) << nl;
  EXPECT_TRUE(contains(nl, "1 van 2 gebieden komt in aanmerking; de lijst telt 1 gebied (maximaal 10). "
                           "1 gebied heeft genoeg incidenten maar geen signaal naast het aantal."))
      << nl;
  EXPECT_TRUE(contains(nl, "Het enige gebied komt niet in aanmerking.")) << nl;  // SD02
  p.language = "en";
  const std::string en = bf::focus_markdown(bf::rank_scopes(v, p), {}, "en");
  EXPECT_TRUE(contains(en, "## Neighbourhoods · HIC · city district Centrum (SD01)\n")) << en;
  EXPECT_TRUE(contains(en, "1 of 2 areas qualifies; the list holds 1 area (at most 10). "
                           "1 area has enough incidents but no signal beyond the count."))
      << en;
  EXPECT_TRUE(contains(en, "volume only: 9 incidents, no signal beyond the count")) << en;
  EXPECT_FALSE(contains(en, "incidenten")) << en;
}

TEST(FocusReport, faded_areas_get_their_own_section) {
  bf::Policy p;
  std::vector<bf::Candidate> v = buurten();
  v[1].gi_class = "not_significant";
  v[1].emerging = "historical_hot_spot";
  v[1].emerging_since = "2025-06";
  v[1].n_hot = 20;
  v[1].n_steps = 22;
  const bf::FocusList l = bf::rank(v, p, "gemeente");
  const std::string nl = bf::focus_markdown({l}, {}, "nl");
  EXPECT_TRUE(contains(nl, "\n### Afgenomen\n")) << nl;
  EXPECT_TRUE(contains(nl, "| BU02 | Buurt\\|BU02 | 9 | historische hotspot: hotspot in 20 van 22 maanden, "
                           "niet meer sinds 2025-06; 9 incidenten |"))
      << nl;
  const std::string en = bf::focus_markdown({l}, {}, "en");
  EXPECT_TRUE(contains(en, "\n### Fading\n")) << en;
  const std::string csv = bf::focus_csv({l});
  EXPECT_TRUE(contains(csv, ",fading,")) << csv;
  const nlohmann::json j = bf::focus_json({l}, {});
  ASSERT_EQ(j["lists"][0]["fading"].size(), 1u);
  EXPECT_EQ(j["lists"][0]["fading"][0]["code"], "BU02");
  EXPECT_EQ(j["lists"][0]["fading"][0]["section"], "fading");
  EXPECT_EQ(j["lists"][0]["fading"][0]["n_hot"], 20);
  EXPECT_EQ(j["lists"][0]["fading_areas"], 1);
}

TEST(FocusReport, a_series_shorter_than_the_trend_minimum_says_so) {
  std::vector<bf::Candidate> v = buurten();
  for (auto& c : v) c.trend = "too_short", c.trend_length = 3, c.min_trend_length = 4;
  const bf::FocusList l = bf::rank(v, bf::Policy{}, "gemeente");
  EXPECT_TRUE(l.trends_too_short);
  EXPECT_TRUE(contains(bf::focus_markdown({l}, {}, "nl"),
                       "De reeks telt 3 maanden, minder dan de 4 die een trend vraagt: geen trends."));
  EXPECT_TRUE(contains(bf::focus_markdown({l}, {}, "en"),
                       "The series has 3 months, fewer than the 4 a trend needs: no trends."));
}

TEST(FocusReport, focus_csv_has_one_line_per_row) {
  bf::Policy p;
  p.language = "en";
  const std::string csv = bf::focus_csv({bf::rank(buurten(), p, "gemeente")});
  size_t lines = 0;
  for (char ch : csv) lines += ch == '\n';
  EXPECT_EQ(lines, 4u);  // header + 2 listed + 1 near miss
  EXPECT_TRUE(contains(csv, "\ngemeente,buurt,hic,1,1,BU01,Buurt|BU01,,,"));
  EXPECT_TRUE(contains(csv, "\ngemeente,buurt,hic,0,0,BU03,"));
}

TEST(FocusReport, output_bytes_do_not_depend_on_input_order) {
  bf::Policy p;
  p.w_volume = 0;  // BU01 and BU02 tie on score: count and code decide
  std::vector<bf::Candidate> v = buurten();
  v[1].gi_class = "hot_99";
  v[0].stadsdeel = v[2].stadsdeel = "SD2";
  v[1].stadsdeel = "SD1";
  const std::string a = bf::focus_csv(bf::rank_scopes(v, p));
  std::reverse(v.begin(), v.end());
  const std::vector<bf::FocusList> lists = bf::rank_scopes(v, p);
  EXPECT_EQ(bf::focus_csv(lists), a);
  ASSERT_EQ(lists.size(), 3u);
  EXPECT_EQ(lists[0].scope, "gemeente");
  EXPECT_EQ(lists[1].scope, "SD1");
  EXPECT_EQ(lists[2].scope, "SD2");
  EXPECT_EQ(lists[2].listed.size(), 1u);
}

TEST(FocusReport, indicator_markdown_and_csv_carry_every_row) {
  std::vector<bf::IndicatorResult> rs = {result("GM0935", "Maastricht", 3.25, 3.75, "met"),
                                         result("WK01", "Centrum", 4.5, 4.0, "not_met"),
                                         result("WK02", "Oost", bf::kNaN, bf::kNaN, "no_data")};
  rs[2].change = bf::kNaN;
  const std::string md = bf::indicators_markdown(rs, "Indicatoren 2025-12", "nl");
  EXPECT_TRUE(contains(md, "# Indicatoren 2025-12\n"));
  EXPECT_TRUE(contains(md, "Maat: per 1.000 inwoners · periode: jaar (12 maanden) · doel: < 3,5"));
  EXPECT_TRUE(contains(md, "1 van 3 gebieden halen het doel, 1 niet, 1 zonder gegevens."));
  EXPECT_TRUE(contains(md, "| Maastricht | GM0935 | 3,25 | 3,75 | -0,50 | < 3,5 | gehaald |\n"));
  EXPECT_TRUE(contains(md, "| Centrum | WK01 | 4,50 | 4,00 | +0,50 | < 3,5 | niet gehaald |\n"));
  EXPECT_TRUE(contains(
      md, "| Oost | WK02 | geen gegevens | geen gegevens | – | < 3,5 | geen gegevens |\n"));
  EXPECT_EQ(bf::indicators_csv(rs),
            "indicator,level,code,name,measure,period,value,previous,change,direction,target,"
            "status\n"
            "Bedreiging per 1.000 inwoners,gemeente,GM0935,Maastricht,per_1000,year,3.25,3.75,"
            "-0.5,lt,3.5,met\n"
            "Bedreiging per 1.000 inwoners,gemeente,WK01,Centrum,per_1000,year,4.5,4,0.5,lt,3.5,"
            "not_met\n"
            "Bedreiging per 1.000 inwoners,gemeente,WK02,Oost,per_1000,year,,,,lt,3.5,no_data\n");
}

TEST(FocusReference, reads_both_separators_and_compares_places) {
  const std::string comma = write_temp("ref_comma.csv",
                                       "\xEF\xBB\xBFGemeente,Indicator,Value,bron\n"
                                       "Heerlen,Bedreiging per 1.000 inwoners,4.1,CBS\n"
                                       "Venlo,\"Bedreiging per 1.000 inwoners\",3.2,CBS\n"
                                       "Sittard,Bedreiging per 1.000 inwoners,,CBS\n"
                                       "Venlo,Fietsdiefstal,12,CBS\n");
  const auto refs = bf::read_reference_csv(comma);
  ASSERT_EQ(refs.size(), 4u);
  EXPECT_EQ(refs[1].gemeente, "Venlo");
  EXPECT_EQ(refs[1].value, 3.2);
  EXPECT_TRUE(std::isnan(refs[2].value));
  const std::string semi =
      write_temp("ref_semi.csv", "gemeente;indicator;value\r\nHeerlen;X;4,1\r\n");
  EXPECT_EQ(bf::read_reference_csv(semi)[0].value, 4.1);

  const std::string md =
      bf::reference_markdown({result("GM0935", "Maastricht", 3.43, 3.6, "met")}, refs, "nl");
  EXPECT_TRUE(
      contains(md, "| Indicator | Doel | Maastricht | Heerlen | Venlo | Sittard | Positie |"));
  EXPECT_TRUE(
      contains(md, "| Bedreiging per 1.000 inwoners | < 3,5 | 3,43 | 4,10 | 3,20 | – | 2 van 3 |"));
  EXPECT_TRUE(contains(md, "ingesteld: Fietsdiefstal."));
}

TEST(FocusReference, errors_name_file_row_and_field) {
  auto error_of = [](const std::string& path) {
    try {
      bf::read_reference_csv(path);
    } catch (const Error& e) {
      return e;
    }
    ADD_FAILURE() << "no error for " << path;
    return Error(brandpunt::ErrorKind::internal, "none");
  };
  Error e = error_of(write_temp("ref_nocol.csv", "gemeente,indicator\nA,B\n"));
  EXPECT_EQ(e.kind(), brandpunt::ErrorKind::format);
  EXPECT_EQ(e.field(), "value");
  e = error_of(write_temp("ref_bad.csv", "gemeente,indicator,value\nA,B,1\nA,C,veel\n"));
  EXPECT_EQ(e.row(), 2);
  EXPECT_EQ(e.field(), "value");
  EXPECT_TRUE(contains(e.file(), "ref_bad.csv"));
  e = error_of(write_temp("ref_dup.csv", "gemeente,indicator,value\nA,B,1\nA,B,2\n"));
  EXPECT_EQ(e.row(), 2);
  EXPECT_EQ(e.field(), "indicator");
  e = error_of(write_temp("ref_short.csv", "gemeente,indicator,value\nA,B\n"));
  EXPECT_EQ(e.row(), 1);
  e = error_of("/nonexistent/ref.csv");
  EXPECT_EQ(e.kind(), brandpunt::ErrorKind::io);
}
