// level_table: the published derived figures (rates, changes, areas) and the straat columns.
#include "pipeline/tables.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "output/csv_writer.hpp"

namespace brandpunt::pipeline {
namespace {

// One area, totaal only: 7 incidents now, 3 a year earlier, 3,000 inhabitants, 1,234,567 m².
struct OneArea {
  LevelInfo info;
  LevelFigures f;
  CategoryKeys keys{{"totaal"}, {"Totaal"}, {"All incidents"}, {""}};
  Periods periods;
  explicit OneArea(const std::string& level) {
    info.level = level;
    info.code = {"X1"};
    info.name = {"x"};
    info.parent = {"P"};
    info.stadsdeel = {"SD"};
    info.population = {3000};
    info.area_m2 = {1234567.0};
    f.n_areas = f.n_cats = f.n_groups = 1;
    f.period = {7, 5, 3};
    periods.first = {aggregate::month_index(2025, 10), aggregate::month_index(2025, 7), aggregate::month_index(2024, 10)};
  }
};

TEST(LevelTable, rates_changes_and_areas_are_published_rounded) {
  const OneArea a("buurt");
  const output::Table t = level_table(a.info, a.f, a.keys, a.periods);
  const std::string csv = output::to_csv(t);
  // 7 / 3000 × 1000 = 2.333… -> 2.33; (7 − 3) / 3 × 100 = 133.33… -> 133.3; 1.234567 km² -> 1.235.
  EXPECT_DOUBLE_EQ(t.find("rate_totaal")->reals[0], 2.33);
  EXPECT_DOUBLE_EQ(t.find("chg_totaal_ly_pct")->reals[0], 133.3);
  EXPECT_DOUBLE_EQ(t.find("area_km2")->reals[0], 1.235);
  EXPECT_NE(csv.find(",2.33,133.3\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",3000,1.235,2025-10..2025-12,"), std::string::npos) << csv;
}

TEST(LevelTable, straten_have_no_population_area_or_rate_fields) {
  const OneArea a("straat");
  const output::Table t = level_table(a.info, a.f, a.keys, a.periods);
  t.validate();
  EXPECT_EQ(t.find("population"), nullptr);
  EXPECT_EQ(t.find("area_km2"), nullptr);
  EXPECT_EQ(t.find("rate_totaal"), nullptr);
  ASSERT_NE(t.find("chg_totaal_ly_pct"), nullptr);
  EXPECT_DOUBLE_EQ(t.find("chg_totaal_ly_pct")->reals[0], 133.3);
  EXPECT_EQ(t.find("n_totaal_ly")->ints[0], 3);
}

}  // namespace
}  // namespace brandpunt::pipeline
