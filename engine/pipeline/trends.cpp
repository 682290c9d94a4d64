#include "pipeline/trends.hpp"

#include <cmath>

#include "core/error.hpp"
#include "core/incidents.hpp"
#include "core/parallel.hpp"
#include "time/calendar.hpp"
#include "time/cube.hpp"
#include "time/mann_kendall.hpp"

namespace brandpunt::pipeline {

const char* trend_label(const time::MannKendall& mk, double alpha) {
  if (mk.too_short) return "too_short";
  if (!(mk.p < alpha)) return "no_trend";
  return mk.S > 0 ? "increasing" : "decreasing";
}

namespace {

time::Cube group_cube(const aggregate::CountCube& cube, size_t g, const Periods& periods) {
  time::Cube c;
  c.n_locations = cube.n_areas;
  c.n_steps = static_cast<size_t>(periods.series.count);
  c.counts.resize(c.n_locations * c.n_steps);
  for (size_t a = 0; a < c.n_locations; ++a)
    for (size_t t = 0; t < c.n_steps; ++t)
      c.counts[a * c.n_steps + t] = cube.at(a, g, periods.series.first + static_cast<int>(t));
  return c;
}

// Words of a step for column descriptions: "monthly", "month", "months", "YYYY-MM".
struct StepWords {
  const char* adjective;
  const char* noun;
  const char* plural;
  const char* format;
};

StepWords words_of(time::Step step) {
  switch (step) {
    case time::Step::week: return {"weekly", "week", "weeks", "YYYY-Www, ISO week"};
    case time::Step::quarter: return {"quarterly", "quarter", "quarters", "YYYY-Qn"};
    case time::Step::month: break;
  }
  return {"monthly", "month", "months", "YYYY-MM"};
}

void store(Comparison& cmp, const time::PeriodChange& pc, size_t g, size_t n_groups) {
  cmp.available = pc.available;
  cmp.reason = pc.reason;
  cmp.current_label = pc.current_label;
  cmp.previous_label = pc.previous_label;
  if (!pc.available) return;
  for (size_t a = 0; a < pc.per_location.size(); ++a) cmp.per[a * n_groups + g] = pc.per_location[a];
}

}  // namespace

time::Window series_window(const Periods& periods, time::Step step) {
  auto start_of = [](int month) {
    const int year = month / 12;
    return time::seconds_from_civil(time::CivilDate{year, month - year * 12 + 1, 1});
  };
  time::Window w;
  w.start_s = start_of(periods.series.first);
  w.end_s = start_of(periods.series.first + periods.series.count);
  w.step = step;
  return w;
}

StepSeries step_series_from_months(const aggregate::CountCube& cube, size_t n_groups,
                                   const Periods& periods, time::Step step) {
  if (step == time::Step::week)
    throw Error(ErrorKind::internal, "step_series_from_months: weeks do not nest in months");
  StepSeries s;
  const time::Window months = series_window(periods, time::Step::month);
  s.window = months;
  for (size_t g = 0; g < n_groups; ++g) {
    time::Cube c = group_cube(cube, g, periods);
    s.groups.push_back(step == time::Step::quarter ? time::months_to_quarters(c, months, &s.window) : std::move(c));
  }
  return s;
}

StepSeries step_series_from_incidents(std::span<const uint32_t> location,
                                      std::span<const uint16_t> category,
                                      std::span<const int64_t> time_s,
                                      const std::vector<uint16_t>& cat_main, size_t n_mains,
                                      bool keep_detail, size_t n_locations,
                                      const Periods& periods, time::Step step) {
  if (location.size() != category.size() || location.size() != time_s.size())
    throw Error(ErrorKind::internal, "step_series_from_incidents: column sizes differ");
  StepSeries s;
  s.window = series_window(periods, step);
  const size_t n_steps = static_cast<size_t>(time::step_count(s.window));
  const size_t n_groups = 1 + n_mains + (keep_detail ? cat_main.size() : 0);
  s.groups.resize(n_groups);
  for (auto& c : s.groups) {
    c.n_locations = n_locations;
    c.n_steps = n_steps;
    c.counts.assign(n_locations * n_steps, 0);
  }
  // One pass; the step of a time is arithmetic (calendar.hpp), so no per-group rescans.
  for (size_t i = 0; i < location.size(); ++i) {
    const uint32_t a = location[i];
    if (a == kNoArea) continue;
    const int t = time::step_index(s.window, time_s[i]);
    if (t < 0) continue;  // outside the series: accounted for by the monthly cube
    if (a >= n_locations || category[i] >= cat_main.size())
      throw Error(ErrorKind::internal, "step_series_from_incidents: id out of range");
    const size_t bin = a * n_steps + static_cast<size_t>(t);
    ++s.groups[0].counts[bin];
    ++s.groups[1 + cat_main[category[i]]].counts[bin];
    if (keep_detail) ++s.groups[1 + n_mains + category[i]].counts[bin];
  }
  return s;
}

StepSeries roll_up(const StepSeries& series, std::span<const uint32_t> parent, size_t n_parents) {
  StepSeries r;
  r.window = series.window;
  for (const auto& c : series.groups) r.groups.push_back(time::roll_up(c, parent, n_parents));
  return r;
}

output::Table step_series_table(const std::vector<std::string>& codes, const StepSeries& series,
                                const std::vector<std::string>& group_keys, size_t n_groups,
                                AreaRange areas) {
  const StepWords words = words_of(series.window.step);
  output::Table t;
  t.add_string("code", "area code");
  t.add_string("category", "totaal or a main category");
  t.add_string(words.noun, words.format);
  t.add_integer("partial", std::string("1 when the series window covers the ") + words.noun + " only in part");
  t.add_integer("n", std::string("incidents in the ") + words.noun + " (inside the series window)");
  const size_t n_steps = series.groups.empty() ? 0 : series.groups[0].n_steps;
  std::vector<std::string> labels(n_steps);
  std::vector<int64_t> partial(n_steps);
  for (size_t k = 0; k < n_steps; ++k) {
    labels[k] = time::step_label(series.window, static_cast<int>(k));
    partial[k] = time::step_is_partial(series.window, static_cast<int>(k)) ? 1 : 0;
  }
  for (size_t a = areas.begin; a < areas.stop(codes.size()); ++a)
    for (size_t g = 0; g < n_groups && g < series.groups.size(); ++g)
      for (size_t k = 0; k < n_steps; ++k) {
        t.columns[0].strings.push_back(codes[a]);
        t.columns[1].strings.push_back(group_keys[g]);
        t.columns[2].strings.push_back(labels[k]);
        t.columns[3].ints.push_back(partial[k]);
        t.columns[4].ints.push_back(series.groups[g].at(a, k));
      }
  return t;
}

std::string LevelTrends::since(size_t i) const {
  const int k = emerging[i].since_step;
  return k < 0 || k >= time::step_count(window) ? std::string() : time::step_label(window, k);
}

LevelTrends level_trends(const aggregate::CountCube& cube, const LevelFigures& figures,
                         size_t n_groups, const Periods& periods, const weights::Weights& w,
                         const TimeOptions& options, const StepSeries& steps, unsigned threads) {
  if (steps.groups.size() < n_groups)
    throw Error(ErrorKind::internal, "level_trends: the step series lack category groups");
  LevelTrends tr;
  tr.n_areas = cube.n_areas;
  tr.n_groups = n_groups;
  tr.step = steps.window.step;
  const size_t N = tr.n_areas * n_groups;
  tr.mk.resize(N);
  tr.emerging.resize(N);
  tr.outliers.resize(N);
  tr.window = steps.window;
  tr.n_steps = time::step_count(steps.window);
  const time::Window window = series_window(periods, time::Step::month);
  time::EmergingOptions eo;
  eo.alpha = options.alpha;
  eo.trend_alpha = options.trend_alpha;
  eo.min_length = options.min_trend_length;
  eo.fdr = options.fdr;
  eo.threads = threads;
  eo.min_hot_count = options.min_hot_count;
  // Hot outliers: each step's own Local Moran (a persistent outlier is one in each month), BH
  // over all bins, at 95 % as Cluster and Outlier Analysis; "high" needs the minimum count too.
  time::OutlierOptions oo;
  oo.alpha = 0.05;
  oo.fdr = options.fdr;
  oo.min_high_count = options.min_hot_count;
  oo.threads = threads;
  const weights::Weights w_space = weights::binary(w);

  for (const char* key : {"period_prev", "period_ly", "month_prev", "month_ly", "rolling12_prev",
                          "quarter_prev", "quarter_ly"}) {
    Comparison c;
    c.key = key;
    c.per.resize(N);
    tr.comparisons.push_back(std::move(c));
  }
  tr.comparisons[0].current_label = tr.comparisons[1].current_label = periods.label(kCurrent);
  tr.comparisons[0].previous_label = periods.label(kPrevious);
  tr.comparisons[1].previous_label = periods.label(kLastYear);
  tr.comparisons[0].available = tr.comparisons[1].available = true;

  for (size_t g = 0; g < n_groups; ++g) {
    const time::Cube c = group_cube(cube, g, periods);  // monthly: the changes stay monthly
    const time::Cube& sc = steps.groups[g];            // the configured step: trends, emerging
    if (sc.n_locations != tr.n_areas)
      throw Error(ErrorKind::internal, "level_trends: the step series has another number of areas");
    core::parallel_chunks(tr.n_areas, threads, [&](size_t begin, size_t end) {
      std::vector<double> series(sc.n_steps);
      for (size_t a = begin; a < end; ++a) {
        for (size_t t = 0; t < sc.n_steps; ++t) series[t] = sc.at(a, t);
        tr.mk[a * n_groups + g] = time::mann_kendall(series, options.min_trend_length);
        for (int p : {kPrevious, kLastYear}) {
          const double cur = static_cast<double>(figures.period[figures.pi(a, g, kCurrent)]);
          const double prev = static_cast<double>(figures.period[figures.pi(a, g, p)]);
          tr.comparisons[p == kPrevious ? 0 : 1].per[a * n_groups + g] =
              time::compare_periods(cur, prev, 1, 1, options.change_alpha);
        }
      }
    }, 512);
    const std::vector<time::EmergingResult> em = time::emerging_hot_spots(w_space, sc, options.time_lags, eo);
    for (size_t a = 0; a < tr.n_areas; ++a) {
      tr.emerging[a * n_groups + g] = EmergingCell{em[a].category, em[a].since_step, em[a].n_hot, em[a].n_cold};
      // (the emerging result's own Mann-Kendall on z is not published: keep the summary)
    }
    if (tr.n_areas >= 3) {
      const std::vector<time::LocationOutliers> lo = time::local_outliers(w_space, sc, 0, oo);
      for (size_t a = 0; a < tr.n_areas; ++a)
        tr.outliers[a * n_groups + g] = OutlierCell{lo[a].pattern, lo[a].n_high_low};
    }
    const int last = static_cast<int>(c.n_steps) - 1;
    store(tr.comparisons[2], time::change_vs_previous(c, window, last, options.change_alpha, threads), g, n_groups);
    store(tr.comparisons[3], time::change_vs_year_before(c, window, last, options.change_alpha, threads), g, n_groups);
    store(tr.comparisons[4], time::change_rolling_year(c, window, last, options.change_alpha, threads), g, n_groups);
    time::Window qwin;
    const time::Cube q = time::months_to_quarters(c, window, &qwin);
    const int qlast = static_cast<int>(q.n_steps) - 1;
    if (qlast >= 0) {
      store(tr.comparisons[5], time::change_vs_previous(q, qwin, qlast, options.change_alpha, threads), g, n_groups);
      store(tr.comparisons[6], time::change_vs_year_before(q, qwin, qlast, options.change_alpha, threads), g, n_groups);
    }
  }
  nlohmann::json cmps = nlohmann::json::array();
  for (const auto& c : tr.comparisons)
    cmps.push_back({{"key", c.key}, {"current", c.current_label}, {"previous", c.previous_label},
                    {"available", c.available}, {"reason", c.reason}});
  const int n_steps = time::step_count(steps.window);
  nlohmann::json partial = nlohmann::json::array();
  for (int k = 0; k < n_steps; ++k)
    if (time::step_is_partial(steps.window, k)) partial.push_back(time::step_label(steps.window, k));
  tr.report = {{"step", time::to_string(steps.window.step)},
               {"steps", n_steps},
               {"first_step", n_steps > 0 ? time::step_label(steps.window, 0) : ""},
               {"last_step", n_steps > 0 ? time::step_label(steps.window, n_steps - 1) : ""},
               {"partial_steps", partial},
               {"series", aggregate::month_label(periods.series.first) + ".." +
                              aggregate::month_label(periods.series.first + periods.series.count - 1)},
               {"time_lags", options.time_lags},
               {"alpha", options.alpha},
               {"trend_alpha", options.trend_alpha},
               {"change_alpha", options.change_alpha},
               {"min_trend_length", options.min_trend_length},
               {"min_trend_length_unit", "steps"},
               {"fdr", options.fdr},
               {"min_hot_count", options.min_hot_count},
               {"outliers", "Local Moran per step (spdep localmoran, binary weights), BH over all bins, alpha 0.05; "
                            "high types need min_hot_count; ArcGIS Local Outlier Analysis categories"},
               {"change_test", "exact conditional binomial test of equal Poisson rates (two-sided, as R poisson.test)"},
               {"comparisons", cmps},
               {"comparisons_step", "month (quarters for quarter_*), whatever the step"}};
  return tr;
}

void append_trend_columns(output::Table& t, const LevelTrends& tr,
                          const std::vector<std::string>& group_keys, const PrivacyOptions& privacy) {
  const bool pub = privacy.profile == Profile::public_;
  const size_t G = tr.n_groups;
  const StepWords words = words_of(tr.step);
  const std::string adj = words.adjective, noun = words.noun;
  for (size_t g = 0; g < group_keys.size(); ++g) {
    const std::string& k = group_keys[g];
    t.add_string("trend_" + k, "Mann-Kendall trend of the " + adj + " series: increasing, decreasing, no_trend or too_short");
    for (size_t a = 0; a < tr.n_areas; ++a) t.columns.back().strings.push_back(trend_label(tr.mk[a * G + g], 0.10));
    t.add_real("sen_slope_" + k, "Sen's slope of the " + adj + " series (incidents per " + noun + "; null when too short)");
    for (size_t a = 0; a < tr.n_areas; ++a) {
      const auto& mk = tr.mk[a * G + g];
      const double v = pub ? rounded(mk.sen_slope, 2) : mk.sen_slope;
      t.columns.back().reals.push_back(mk.too_short ? 0 : v);
      t.columns.back().null.push_back(mk.too_short ? 1 : 0);
    }
    t.add_string("emerging_" + k, "emerging hot spot category (space-time Gi*, ArcGIS definitions)");
    for (size_t a = 0; a < tr.n_areas; ++a) t.columns.back().strings.push_back(time::to_string(tr.emerging[a * G + g].category));
    t.add_string("emerging_since_" + k, "first " + noun + " of the emerging pattern (" + words.format + "; empty = none)");
    for (size_t a = 0; a < tr.n_areas; ++a) t.columns.back().strings.push_back(tr.since(a * G + g));
    t.add_real("chg_" + k + "_ly_p", "p-value of the change against the same period a year earlier (exact Poisson test; null when not computable)");
    t.add_integer("chg_" + k + "_ly_sig", "1 = the change against a year earlier is significant, 0 = not");
    output::Column& pcol = t.columns[t.columns.size() - 2];
    output::Column& scol = t.columns.back();
    for (size_t a = 0; a < tr.n_areas; ++a) {
      const bool ok = tr.comparisons[1].available;
      const time::Change& c = tr.comparisons[1].per[a * G + g];
      const double p = pub ? rounded(c.p, 4) : c.p;
      pcol.reals.push_back(ok && std::isfinite(p) ? p : 0);
      pcol.null.push_back(ok && std::isfinite(p) ? 0 : 1);
      scol.ints.push_back(ok && c.significant ? 1 : 0);
      scol.null.push_back(ok ? 0 : 1);
    }
  }
}

output::Table trend_table(const std::vector<std::string>& codes, const LevelTrends& tr,
                          const std::vector<std::string>& group_keys, const PrivacyOptions& privacy, double alpha, AreaRange areas) {
  const bool pub = privacy.profile == Profile::public_;
  const size_t G = tr.n_groups;
  const StepWords words = words_of(tr.step);
  const std::string adj = words.adjective, noun = words.noun, plural = words.plural;
  output::Table t;
  t.add_string("code", "area code");
  t.add_string("category", "totaal or a main category");
  t.add_integer(plural, "length of the " + adj + " series");
  t.add_real("mk_s", "Mann-Kendall S of the " + adj + " series");
  t.add_real("mk_z", "Mann-Kendall Z (continuity corrected, tie-corrected variance; null when too short)");
  t.add_real("mk_p", "two-sided p of Z (null when too short)");
  t.add_real("sen_slope", "Sen's slope, incidents per " + noun);
  t.add_string("trend", "increasing, decreasing, no_trend or too_short");
  t.add_string("emerging", "emerging hot spot category");
  t.add_string("emerging_since", "first " + noun + " of the pattern");
  t.add_integer("hot_" + plural, plural + " that are a significant space-time hot spot");
  t.add_integer("cold_" + plural, plural + " that are a significant space-time cold spot");
  t.add_string("outlier", "space-time outlier category (ArcGIS Local Outlier Analysis: never_significant, only_high_high_cluster, "
                          "only_high_low_outlier, only_low_high_outlier, only_low_low_cluster, multiple_types)");
  t.add_integer("hot_outlier_" + plural, plural + " in which the area was a significant hot outlier (high among low neighbours)");
  for (const auto& c : tr.comparisons) {
    const std::string what = c.key + " (" + c.current_label + " vs " + c.previous_label + ")";
    t.add_integer(c.key + "_current", "count in the current part of " + what);
    t.add_integer(c.key + "_previous", "count in the previous part of " + what);
    t.add_real(c.key + "_pct", "relative change, % (null when the previous count is 0)");
    t.add_string(c.key + "_direction", "up, down or none, for " + what);
    t.add_real(c.key + "_p", "p-value of the exact Poisson rate test for " + what);
    t.add_integer(c.key + "_significant", "1 when p < the change alpha");
  }
  auto put_real = [](output::Column& col, double v) {
    col.reals.push_back(std::isfinite(v) ? v : 0);
    col.null.push_back(std::isfinite(v) ? 0 : 1);
  };
  for (size_t a = areas.begin; a < areas.stop(tr.n_areas); ++a)
    for (size_t g = 0; g < G; ++g) {
      const auto& mk = tr.mk[a * G + g];
      const auto& em = tr.emerging[a * G + g];
      size_t c = 0;
      t.columns[c++].strings.push_back(codes[a]);
      t.columns[c++].strings.push_back(group_keys[g]);
      t.columns[c++].ints.push_back(mk.n);
      put_real(t.columns[c++], mk.S);
      put_real(t.columns[c++], mk.too_short ? NAN : (pub ? rounded(mk.Z, 2) : mk.Z));
      put_real(t.columns[c++], mk.too_short ? NAN : (pub ? rounded(mk.p, 4) : mk.p));
      put_real(t.columns[c++], mk.too_short ? NAN : (pub ? rounded(mk.sen_slope, 2) : mk.sen_slope));
      t.columns[c++].strings.push_back(trend_label(mk, alpha));
      t.columns[c++].strings.push_back(time::to_string(em.category));
      t.columns[c++].strings.push_back(tr.since(a * G + g));
      t.columns[c++].ints.push_back(em.n_hot);
      t.columns[c++].ints.push_back(em.n_cold);
      const OutlierCell& ol = tr.outliers.empty() ? OutlierCell{} : tr.outliers[a * G + g];
      t.columns[c++].strings.push_back(time::to_string(ol.pattern));
      t.columns[c++].ints.push_back(ol.n_high_low);
      for (size_t k = 0; k < tr.comparisons.size(); ++k) {
        const Comparison& cmp = tr.comparisons[k];
        const time::Change& ch = cmp.per[a * G + g];
        const bool ok = cmp.available;
        t.columns[c].ints.push_back(ok ? static_cast<int64_t>(ch.current) : 0);
        t.columns[c++].null.push_back(ok ? 0 : 1);
        t.columns[c].ints.push_back(ok ? static_cast<int64_t>(ch.previous) : 0);
        t.columns[c++].null.push_back(ok ? 0 : 1);
        put_real(t.columns[c++], ok ? (pub ? rounded(ch.pct_change, 1) : ch.pct_change) : NAN);
        t.columns[c++].strings.push_back(!ok ? "" : ch.abs_change > 0 ? "up" : ch.abs_change < 0 ? "down" : "none");
        put_real(t.columns[c++], ok ? (pub ? rounded(ch.p, 4) : ch.p) : NAN);
        t.columns[c].ints.push_back(ok && ch.significant ? 1 : 0);
        t.columns[c++].null.push_back(ok ? 0 : 1);
      }
    }
  return t;
}

}  // namespace brandpunt::pipeline
