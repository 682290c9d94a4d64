// Stage 08: the analysis period, the periods it is compared with, and the monthly series.
#include <algorithm>
#include <climits>
#include <map>

#include "core/error.hpp"
#include "pipeline/stages.hpp"
#include "time/series_fit.hpp"

namespace brandpunt::pipeline {

namespace {

// "2100-01, 2101-03" (at most 12 months named).
std::string month_list(const std::vector<int>& months) {
  std::string s;
  for (size_t i = 0; i < months.size() && i < 12; ++i) s += (i ? ", " : "") + aggregate::month_label(months[i]);
  if (months.size() > 12) s += " and " + std::to_string(months.size() - 12) + " more months";
  return s;
}

// Outlier dates: counted and named by month; in the restricted profile with their rows (the
// public run.json and warnings carry no row numbers).
void report_outliers(const PipelineConfig& cfg, const Periods& p, const time::DataBulk& bulk,
                     std::vector<std::string>& warnings) {
  if (p.outlier_dates == 0) return;
  std::string w = std::to_string(p.outlier_dates) + (p.outlier_dates == 1 ? " incident is" : " incidents are") +
                  " dated far from the bulk of the data (" + month_list(p.outlier_months) + "; the bulk runs " +
                  aggregate::month_label(bulk.first_month) + ".." + aggregate::month_label(bulk.last_month) +
                  ")" + (cfg.period.end_month.empty() ? ": kept out of the default period" : "");
  if (cfg.privacy.profile == Profile::restricted) {
    w += " (rows ";
    for (size_t i = 0; i < p.outlier_rows.size() && i < 20; ++i) w += (i ? ", " : "") + std::to_string(p.outlier_rows[i]);
    w += p.outlier_rows.size() > 20 ? ", ...; all in run.json)" : ")";
  }
  warnings.push_back(w + "; check their dates");
}

}  // namespace

Periods choose_periods(const PipelineConfig& cfg, const IncidentTable& incidents,
                       const assign::AssignResult& assigned, std::vector<std::string>& warnings) {
  // The bulk of the data first (time/series_fit.hpp): a date far from it moves no period.
  std::map<int, int64_t> per_month;
  for (size_t i = 0; i < incidents.size(); ++i)
    if (assigned.area[i] != kNoArea) ++per_month[aggregate::month_of(incidents.time_s[i])];
  const time::DataBulk bulk = time::bulk_of_months({per_month.begin(), per_month.end()}, cfg.checks.outlier_gap_months,
                                                   cfg.checks.outlier_date_share);
  Periods periods;
  int last_month = bulk.last_month, first_month = bulk.first_month;
  int64_t first_s = INT64_MAX, last_s = INT64_MIN, n = 0;
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (assigned.area[i] == kNoArea) continue;
    if (bulk.outlying(aggregate::month_of(incidents.time_s[i]))) {
      if (periods.outlier_rows.size() < Periods::kMaxOutlierRows) periods.outlier_rows.push_back(incidents.row[i]);
      continue;
    }
    first_s = std::min(first_s, incidents.time_s[i]);
    last_s = std::max(last_s, incidents.time_s[i]);
    ++n;
  }
  std::sort(periods.outlier_rows.begin(), periods.outlier_rows.end());
  periods.outlier_dates = bulk.outliers;
  periods.outlier_months = bulk.outlier_months;
  // Data that stop well before the end of their last month (an export on the 15th): without a
  // configured end the analysis ends with the month before, so half a month never reads as a
  // fall (time/series_fit.hpp, check_last_month).
  if (n > 0 && cfg.period.end_month.empty()) {
    const time::LastMonth lm = time::check_last_month(first_s, last_s, n);
    if (lm.partial && lm.month == last_month && first_month < last_month) {
      periods.partial_month = last_month;
      --last_month;
      warnings.push_back(lm.warning);
    }
  }
  periods.months = cfg.period.months;
  const int end = !cfg.period.end_month.empty() ? aggregate::parse_month(cfg.period.end_month)
                  : last_month != INT32_MIN     ? last_month
                                                : aggregate::month_index(2000, 1);
  periods.first = {end - periods.months + 1, end - 2 * periods.months + 1, end - periods.months + 1 - 12};
  if (!cfg.period.end_month.empty() && !per_month.empty()) {
    const auto in_period = per_month.lower_bound(periods.first[kCurrent]);
    if (in_period == per_month.end() || in_period->first > end)
      throw Error(ErrorKind::config, "no incident is dated in the analysis period " + periods.label(kCurrent) +
                                         " that end = \"" + cfg.period.end_month + "\" makes; the data run " +
                                         aggregate::month_label(per_month.begin()->first) + ".." +
                                         aggregate::month_label(per_month.rbegin()->first) +
                                         ": give an end within them (or none: the last complete month)")
          .at_file(cfg.config_path)
          .at_field("period.end");
  }
  // The series fits the data (time/series_fit.hpp): by default the months with data, at most 36.
  time::SeriesRequest request;
  request.end_month = end;
  request.configured_months = cfg.period.series_months;
  request.first_data_month = first_month;
  request.last_data_month = last_month;
  request.min_trend_length = cfg.time.min_trend_length;
  request.step = time::parse_step(cfg.time.step);
  const time::SeriesFit fit = time::fit_series(request);
  periods.series = {fit.first_month, fit.months};
  periods.series_rule = fit.rule;
  periods.first_data_month = first_month;
  periods.last_data_month = last_month;
  report_outliers(cfg, periods, bulk, warnings);
  warnings.insert(warnings.end(), fit.warnings.begin(), fit.warnings.end());
  const int cube_first = std::min({periods.series.first, periods.first[1], periods.first[2]});
  periods.cube = {cube_first, end - cube_first + 1};
  if (first_month != INT32_MAX && first_month > periods.first[kLastYear])
    warnings.push_back("data start in " + aggregate::month_label(first_month) + ": the year-earlier period " +
                       periods.label(kLastYear) + " is not fully covered");
  return periods;
}

}  // namespace brandpunt::pipeline
