#include "pipeline/tables.hpp"

#include <cmath>

namespace brandpunt::pipeline {

namespace {

const char* kPeriodSuffix[3] = {"", "_prev", "_ly"};
const char* kPeriodWords[3] = {"the analysis period", "the previous period",
                               "the same period a year earlier"};

void put_count(output::Column& n, int64_t value) {
  n.ints.push_back(value);
  n.null.push_back(0);
}

// Room for `rows` values in every column (long tables: no regrowth of millions of strings).
void reserve_rows(output::Table& t, size_t rows) {
  for (output::Column& c : t.columns) {
    if (c.type == output::FieldType::string) c.strings.reserve(rows);
    if (c.type == output::FieldType::real) c.reals.reserve(rows);
    if (c.type == output::FieldType::integer) c.ints.reserve(rows);
  }
}

// Published precision of the derived figures: rates per 1,000 inhabitants to 2 decimals,
// changes in percent to 1, areas in km² to 3 (1,000 m²). They come from the published counts.
constexpr int kRateDecimals = 2, kPercentDecimals = 1, kAreaDecimals = 3;

void put_real(output::Column& c, double v) {
  const bool ok = std::isfinite(v);
  c.reals.push_back(ok ? v : 0.0);
  c.null.push_back(ok ? 0 : 1);
}

void add_identity(output::Table& t, const LevelInfo& info) {
  t.add_string("code", "area code (BU/WK/stadsdeel/GM code; straat: buurtcode:street name)");
  t.add_string("name", "area name");
  t.add_string("level", "straat, buurt, wijk, stadsdeel or gemeente");
  t.add_string("parent_code", "code of the containing area one level up");
  t.add_string("stadsdeel_code", "code of the stadsdeel the area lies in");
  t.columns[0].strings = info.code;
  t.columns[1].strings = info.name;
  t.columns[2].strings.assign(info.code.size(), info.level);
  t.columns[3].strings = info.parent;
  t.columns[4].strings = info.stadsdeel;
}

}  // namespace

output::Table level_table(const LevelInfo& info, const LevelFigures& f, const CategoryKeys& cats,
                          const Periods& periods) {
  // Straten have no inhabitants and no area: their layer has no population, area or rate fields
  // (they would be null in every row of the largest layer).
  const bool areal = info.level != "straat";
  output::Table t;
  add_identity(t, info);
  if (areal) {
    output::Column& pop = t.add_integer("population", "inhabitants (null = no data)");
    for (size_t a = 0; a < f.n_areas; ++a) {
      const double p = info.population[a];
      pop.ints.push_back(std::isfinite(p) ? static_cast<int64_t>(std::llround(p)) : 0);
      pop.null.push_back(std::isfinite(p) ? 0 : 1);
    }
    output::Column& area = t.add_real("area_km2", "area in km² (3 decimals)");
    for (size_t a = 0; a < f.n_areas; ++a) put_real(area, rounded(info.area_m2[a] / 1e6, kAreaDecimals));
  }
  t.add_string("period", "the analysis period, first..last month").strings.assign(f.n_areas, periods.label(kCurrent));
  const size_t per_group = areal ? 5 : 4;  // 3 counts, rate when areal, change
  for (size_t g = 0; g < f.n_groups; ++g) {
    const std::string& key = cats.keys[g];
    for (int p = 0; p < 3; ++p)
      t.add_integer("n_" + key + kPeriodSuffix[p], "incidents '" + cats.labels[g] + "' in " + kPeriodWords[p]);
    if (areal)
      t.add_real("rate_" + key, "incidents '" + cats.labels[g] + "' in the analysis period per 1,000 inhabitants, 2 decimals (null = no population)");
    t.add_real("chg_" + key + "_ly_pct", "change against the same period a year earlier, %, 1 decimal (null when the year-earlier count is 0)");
  }
  const size_t base = t.columns.size() - f.n_groups * per_group;
  for (size_t a = 0; a < f.n_areas; ++a) {
    for (size_t g = 0; g < f.n_groups; ++g) {
      const size_t col = base + g * per_group;
      for (int p = 0; p < 3; ++p) put_count(t.columns[col + static_cast<size_t>(p)], f.period[f.pi(a, g, p)]);
      const double pop_a = info.population[a];
      const double cur = static_cast<double>(f.period[f.pi(a, g, kCurrent)]);
      const double ly = static_cast<double>(f.period[f.pi(a, g, kLastYear)]);
      if (areal) put_real(t.columns[col + 3], pop_a > 0 ? rounded(cur / pop_a * 1000.0, kRateDecimals) : NAN);
      put_real(t.columns[col + per_group - 1], ly > 0 ? rounded((cur - ly) / ly * 100.0, kPercentDecimals) : NAN);
    }
  }
  return t;
}

output::Table category_table(const LevelInfo& info, const LevelFigures& f,
                             const CategoryKeys& cats, const Periods& periods, AreaRange areas) {
  output::Table t;
  t.add_string("code", "area code");
  t.add_string("category", "category key (totaal, main or sub category)");
  t.add_string("main_category", "main category of a sub category (empty for totaal and mains)");
  t.add_string("period", "the analysis period, first..last month");
  for (int p = 0; p < 3; ++p)
    t.add_integer(std::string("n") + kPeriodSuffix[p], std::string("incidents in ") + kPeriodWords[p]);
  t.add_real("rate", "per 1,000 inhabitants in the analysis period, 2 decimals (null = no population)");
  const std::string period = periods.label(kCurrent);
  const size_t rows = (areas.stop(f.n_areas) - std::min(areas.begin, areas.stop(f.n_areas))) * f.n_cats;
  reserve_rows(t, rows);
  for (size_t a = areas.begin; a < areas.stop(f.n_areas); ++a)
    for (size_t c = 0; c < f.n_cats; ++c) {
      t.columns[0].strings.push_back(info.code[a]);
      t.columns[1].strings.push_back(cats.keys[c]);
      t.columns[2].strings.push_back(cats.main_of[c]);
      t.columns[3].strings.push_back(period);
      for (int p = 0; p < 3; ++p) put_count(t.columns[4 + static_cast<size_t>(p)], f.period[f.pi(a, c, p)]);
      const double pop_a = info.population[a];
      put_real(t.columns[7], pop_a > 0 ? rounded(static_cast<double>(f.period[f.pi(a, c, kCurrent)]) / pop_a * 1000.0, kRateDecimals)
                                       : NAN);
    }
  return t;
}

output::Table series_table(const LevelInfo& info, const LevelFigures& f, const CategoryKeys& cats,
                           AreaRange areas) {
  output::Table t;
  t.add_string("code", "area code");
  t.add_string("category", "totaal or a main category");
  t.add_string("month", "YYYY-MM");
  t.add_integer("n", "incidents in the month");
  std::vector<std::string> months(f.n_series);
  for (size_t m = 0; m < f.n_series; ++m) months[m] = aggregate::month_label(f.series_first + static_cast<int>(m));
  const size_t rows = (areas.stop(f.n_areas) - std::min(areas.begin, areas.stop(f.n_areas))) * f.n_groups * f.n_series;
  reserve_rows(t, rows);
  for (size_t a = areas.begin; a < areas.stop(f.n_areas); ++a)
    for (size_t g = 0; g < f.n_groups; ++g)
      for (size_t m = 0; m < f.n_series; ++m) {
        t.columns[0].strings.push_back(info.code[a]);
        t.columns[1].strings.push_back(cats.keys[g]);
        t.columns[2].strings.push_back(months[m]);
        put_count(t.columns[3], f.monthly[f.mi(a, g, m)]);
      }
  return t;
}

void append_series_columns(output::Table& t, const LevelFigures& f, const std::vector<std::string>& group_keys) {
  if (f.n_series == 0) return;
  t.add_string("series_first", "first month of the series_* arrays (YYYY-MM)");
  t.columns.back().strings.assign(f.n_areas, aggregate::month_label(f.series_first));
  for (size_t g = 0; g < group_keys.size() && g < f.n_groups; ++g) {
    t.add_string("series_" + group_keys[g], "monthly counts of " + group_keys[g] +
                                                " as a JSON array from series_first on");
    output::Column& c = t.columns.back();
    for (size_t a = 0; a < f.n_areas; ++a) {
      std::string text = "[";
      for (size_t m = 0; m < f.n_series; ++m) {
        if (m) text += ',';
        text += std::to_string(f.monthly[f.mi(a, g, m)]);
      }
      c.strings.push_back(text + "]");
    }
  }
}

CategoryKeys category_keys(const Taxonomy& t, bool with_subs) {
  CategoryKeys k;
  k.keys.push_back("totaal");
  k.labels.push_back("Totaal");
  k.labels_en.push_back("All incidents");
  k.main_of.push_back("");
  for (const auto& m : t.mains) {
    k.keys.push_back(m.key);
    k.labels.push_back(m.label_nl);
    k.labels_en.push_back(m.label_en.empty() ? m.label_nl : m.label_en);
    k.main_of.push_back("");
  }
  if (with_subs)
    for (const auto& s : t.subs) {
      k.keys.push_back(s.key);
      k.labels.push_back(s.label_nl);
      k.labels_en.push_back(s.label_en.empty() ? s.label_nl : s.label_en);
      k.main_of.push_back(t.mains[s.main].key);
    }
  return k;
}

nlohmann::json table_schema(const output::Table& t) {
  nlohmann::json cols = nlohmann::json::array();
  for (const auto& c : t.columns)
    cols.push_back({{"name", c.name}, {"type", output::to_string(c.type)}, {"description", c.description}});
  return cols;
}

}  // namespace brandpunt::pipeline
