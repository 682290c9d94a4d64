#include "pipeline/trends.hpp"

#include <cmath>

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

time::Window series_window(const Periods& periods) {
  auto start_of = [](int month) {
    const int year = month / 12;
    return time::seconds_from_civil(time::CivilDate{year, month - year * 12 + 1, 1});
  };
  time::Window w;
  w.start_s = start_of(periods.series.first);
  w.end_s = start_of(periods.series.first + periods.series.count);
  w.step = time::Step::month;
  return w;
}

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

void store(Comparison& cmp, const time::PeriodChange& pc, size_t g, size_t n_groups) {
  cmp.available = pc.available;
  cmp.reason = pc.reason;
  cmp.current_label = pc.current_label;
  cmp.previous_label = pc.previous_label;
  if (!pc.available) return;
  for (size_t a = 0; a < pc.per_location.size(); ++a) cmp.per[a * n_groups + g] = pc.per_location[a];
}

double rounded(double v, int decimals) {
  const double f = std::pow(10.0, decimals);
  return std::isfinite(v) ? std::round(v * f) / f : v;
}

}  // namespace

LevelTrends level_trends(const aggregate::CountCube& cube, const LevelFigures& figures,
                         size_t n_groups, const Periods& periods, const weights::Weights& w,
                         const TimeOptions& options) {
  LevelTrends tr;
  tr.n_areas = cube.n_areas;
  tr.n_groups = n_groups;
  const size_t N = tr.n_areas * n_groups;
  tr.mk.resize(N);
  tr.emerging.resize(N);
  tr.since.resize(N);
  const time::Window window = series_window(periods);
  time::EmergingOptions eo;
  eo.alpha = options.alpha;
  eo.trend_alpha = options.trend_alpha;
  eo.min_length = options.min_trend_length;
  eo.fdr = options.fdr;
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
    const time::Cube c = group_cube(cube, g, periods);
    for (size_t a = 0; a < tr.n_areas; ++a) {
      std::vector<double> series(c.n_steps);
      for (size_t t = 0; t < c.n_steps; ++t) series[t] = c.at(a, t);
      tr.mk[a * n_groups + g] = time::mann_kendall(series, options.min_trend_length);
      for (int p : {kPrevious, kLastYear}) {
        const double cur = static_cast<double>(figures.period[figures.pi(a, g, kCurrent)]);
        const double prev = static_cast<double>(figures.period[figures.pi(a, g, p)]);
        tr.comparisons[p == kPrevious ? 0 : 1].per[a * n_groups + g] =
            time::compare_periods(cur, prev, 1, 1, options.change_alpha);
      }
    }
    const std::vector<time::EmergingResult> em = time::emerging_hot_spots(w_space, c, options.time_lags, eo);
    for (size_t a = 0; a < tr.n_areas; ++a) {
      tr.emerging[a * n_groups + g] = em[a];
      tr.since[a * n_groups + g] = time::since_label(em[a], window);
    }
    const int last = static_cast<int>(c.n_steps) - 1;
    store(tr.comparisons[2], time::change_vs_previous(c, window, last, options.change_alpha), g, n_groups);
    store(tr.comparisons[3], time::change_vs_year_before(c, window, last, options.change_alpha), g, n_groups);
    store(tr.comparisons[4], time::change_rolling_year(c, window, last, options.change_alpha), g, n_groups);
    time::Window qwin;
    const time::Cube q = time::months_to_quarters(c, window, &qwin);
    const int qlast = static_cast<int>(q.n_steps) - 1;
    if (qlast >= 0) {
      store(tr.comparisons[5], time::change_vs_previous(q, qwin, qlast, options.change_alpha), g, n_groups);
      store(tr.comparisons[6], time::change_vs_year_before(q, qwin, qlast, options.change_alpha), g, n_groups);
    }
  }
  nlohmann::json cmps = nlohmann::json::array();
  for (const auto& c : tr.comparisons)
    cmps.push_back({{"key", c.key}, {"current", c.current_label}, {"previous", c.previous_label},
                    {"available", c.available}, {"reason", c.reason}});
  tr.report = {{"step", "month"},
               {"series", aggregate::month_label(periods.series.first) + ".." +
                              aggregate::month_label(periods.series.first + periods.series.count - 1)},
               {"time_lags", options.time_lags},
               {"alpha", options.alpha},
               {"trend_alpha", options.trend_alpha},
               {"change_alpha", options.change_alpha},
               {"min_trend_length", options.min_trend_length},
               {"fdr", options.fdr},
               {"change_test", "exact conditional binomial test of equal Poisson rates (two-sided, as R poisson.test)"},
               {"comparisons", cmps}};
  return tr;
}

void append_trend_columns(output::Table& t, const LevelTrends& tr,
                          const std::vector<std::string>& group_keys, const LevelFigures& figures,
                          const PrivacyOptions& privacy) {
  const bool pub = privacy.profile == Profile::public_;
  const size_t G = tr.n_groups;
  for (size_t g = 0; g < group_keys.size(); ++g) {
    const std::string& k = group_keys[g];
    t.add_string("trend_" + k, "Mann-Kendall trend of the monthly series: increasing, decreasing, no_trend or too_short");
    for (size_t a = 0; a < tr.n_areas; ++a) t.columns.back().strings.push_back(trend_label(tr.mk[a * G + g], 0.10));
    t.add_real("sen_slope_" + k, "Sen's slope of the monthly series (incidents per month; null when too short)");
    for (size_t a = 0; a < tr.n_areas; ++a) {
      const auto& mk = tr.mk[a * G + g];
      const double v = pub ? rounded(mk.sen_slope, 2) : mk.sen_slope;
      t.columns.back().reals.push_back(mk.too_short ? 0 : v);
      t.columns.back().null.push_back(mk.too_short ? 1 : 0);
    }
    t.add_string("emerging_" + k, "emerging hot spot category (space-time Gi*, ArcGIS definitions)");
    for (size_t a = 0; a < tr.n_areas; ++a) t.columns.back().strings.push_back(time::to_string(tr.emerging[a * G + g].category));
    t.add_string("emerging_since_" + k, "first month of the emerging pattern (YYYY-MM; empty = none)");
    for (size_t a = 0; a < tr.n_areas; ++a) t.columns.back().strings.push_back(tr.since[a * G + g]);
    t.add_real("chg_" + k + "_ly_p", "p-value of the change against the same period a year earlier (exact Poisson test; null when suppressed)");
    t.add_integer("chg_" + k + "_ly_sig", "1 = the change against a year earlier is significant, 0 = not (null when suppressed)");
    output::Column& pcol = t.columns[t.columns.size() - 2];
    output::Column& scol = t.columns.back();
    for (size_t a = 0; a < tr.n_areas; ++a) {
      const bool ok = figures.period_flag[figures.pi(a, g, kCurrent)] == kExact &&
                      figures.period_flag[figures.pi(a, g, kLastYear)] == kExact;
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
                          const std::vector<std::string>& group_keys, const LevelFigures& figures,
                          const PrivacyOptions& privacy, double alpha) {
  const bool pub = privacy.profile == Profile::public_;
  const size_t G = tr.n_groups;
  output::Table t;
  t.add_string("code", "area code");
  t.add_string("category", "totaal or a main category");
  t.add_integer("months", "length of the monthly series");
  t.add_real("mk_s", "Mann-Kendall S of the monthly series");
  t.add_real("mk_z", "Mann-Kendall Z (continuity corrected, tie-corrected variance; null when too short)");
  t.add_real("mk_p", "two-sided p of Z (null when too short)");
  t.add_real("sen_slope", "Sen's slope, incidents per month");
  t.add_string("trend", "increasing, decreasing, no_trend or too_short");
  t.add_string("emerging", "emerging hot spot category");
  t.add_string("emerging_since", "first month of the pattern");
  t.add_integer("hot_months", "months that are a significant space-time hot spot");
  t.add_integer("cold_months", "months that are a significant space-time cold spot");
  for (const auto& c : tr.comparisons) {
    const std::string what = c.key + " (" + c.current_label + " vs " + c.previous_label + ")";
    if (!pub) {
      t.add_integer(c.key + "_current", "count in the current part of " + what);
      t.add_integer(c.key + "_previous", "count in the previous part of " + what);
      t.add_real(c.key + "_pct", "relative change, % (null when the previous count is 0)");
    }
    t.add_string(c.key + "_direction", "up, down or none, for " + what);
    t.add_real(c.key + "_p", "p-value of the exact Poisson rate test for " + what);
    t.add_integer(c.key + "_significant", "1 when p < the change alpha");
  }
  auto put_real = [](output::Column& col, double v) {
    col.reals.push_back(std::isfinite(v) ? v : 0);
    col.null.push_back(std::isfinite(v) ? 0 : 1);
  };
  for (size_t a = 0; a < tr.n_areas; ++a)
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
      t.columns[c++].strings.push_back(tr.since[a * G + g]);
      t.columns[c++].ints.push_back(em.n_hot);
      t.columns[c++].ints.push_back(em.n_cold);
      // The public profile shows derived comparisons only where their counts are not small.
      const bool period_ok = figures.period_flag[figures.pi(a, g, kCurrent)] == kExact;
      for (size_t k = 0; k < tr.comparisons.size(); ++k) {
        const Comparison& cmp = tr.comparisons[k];
        const time::Change& ch = cmp.per[a * G + g];
        bool ok = cmp.available;
        if (pub && ok) {
          const uint8_t other = k == 0 ? figures.period_flag[figures.pi(a, g, kPrevious)]
                                       : figures.period_flag[figures.pi(a, g, kLastYear)];
          ok = k <= 1 ? period_ok && other == kExact
                      : ch.current >= static_cast<double>(privacy.threshold) &&
                            ch.previous >= static_cast<double>(privacy.threshold);
        }
        if (!pub) {
          t.columns[c].ints.push_back(ok ? static_cast<int64_t>(ch.current) : 0);
          t.columns[c++].null.push_back(ok ? 0 : 1);
          t.columns[c].ints.push_back(ok ? static_cast<int64_t>(ch.previous) : 0);
          t.columns[c++].null.push_back(ok ? 0 : 1);
          put_real(t.columns[c++], ok ? ch.pct_change : NAN);
        }
        t.columns[c++].strings.push_back(!ok ? "" : ch.abs_change > 0 ? "up" : ch.abs_change < 0 ? "down" : "none");
        put_real(t.columns[c++], ok ? (pub ? rounded(ch.p, 4) : ch.p) : NAN);
        t.columns[c].ints.push_back(ok && ch.significant ? 1 : 0);
        t.columns[c++].null.push_back(ok ? 0 : 1);
      }
    }
  return t;
}

}  // namespace brandpunt::pipeline
