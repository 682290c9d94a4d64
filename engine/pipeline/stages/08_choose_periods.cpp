// Stage 08: the analysis period, the periods it is compared with, and the monthly series.
#include <algorithm>
#include <climits>

#include "pipeline/stages.hpp"
#include "time/series_fit.hpp"

namespace brandpunt::pipeline {

Periods choose_periods(const PipelineConfig& cfg, const IncidentTable& incidents,
                       const assign::AssignResult& assigned, std::vector<std::string>& warnings) {
  int last_month = INT32_MIN, first_month = INT32_MAX;
  int64_t first_s = INT64_MAX, last_s = INT64_MIN, n = 0;
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (assigned.area[i] == kNoArea) continue;
    const int m = aggregate::month_of(incidents.time_s[i]);
    last_month = std::max(last_month, m);
    first_month = std::min(first_month, m);
    first_s = std::min(first_s, incidents.time_s[i]);
    last_s = std::max(last_s, incidents.time_s[i]);
    ++n;
  }
  Periods periods;
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
  warnings.insert(warnings.end(), fit.warnings.begin(), fit.warnings.end());
  const int cube_first = std::min({periods.series.first, periods.first[1], periods.first[2]});
  periods.cube = {cube_first, end - cube_first + 1};
  if (first_month != INT32_MAX && first_month > periods.first[kLastYear])
    warnings.push_back("data start in " + aggregate::month_label(first_month) + ": the year-earlier period " +
                       periods.label(kLastYear) + " is not fully covered");
  return periods;
}

}  // namespace brandpunt::pipeline
