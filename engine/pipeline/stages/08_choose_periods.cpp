// Stage 08: the analysis period, the periods it is compared with, and the monthly series.
#include <algorithm>
#include <climits>

#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

Periods choose_periods(const PipelineConfig& cfg, const IncidentTable& incidents,
                       const assign::AssignResult& assigned, std::vector<std::string>& warnings) {
  int last_month = INT32_MIN, first_month = INT32_MAX;
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (assigned.area[i] == kNoArea) continue;
    const int m = aggregate::month_of(incidents.time_s[i]);
    last_month = std::max(last_month, m);
    first_month = std::min(first_month, m);
  }
  Periods periods;
  periods.months = cfg.period.months;
  const int end = !cfg.period.end_month.empty() ? aggregate::parse_month(cfg.period.end_month)
                  : last_month != INT32_MIN     ? last_month
                                                : aggregate::month_index(2000, 1);
  periods.first = {end - periods.months + 1, end - 2 * periods.months + 1, end - periods.months + 1 - 12};
  const int series_len = cfg.period.series_months > 0 ? cfg.period.series_months : 36;
  periods.series = {end - series_len + 1, series_len};
  const int cube_first = std::min({periods.series.first, periods.first[1], periods.first[2]});
  periods.cube = {cube_first, end - cube_first + 1};
  if (first_month != INT32_MAX && first_month > periods.first[kLastYear])
    warnings.push_back("data start in " + aggregate::month_label(first_month) + ": the year-earlier period " +
                       periods.label(kLastYear) + " is not fully covered");
  return periods;
}

}  // namespace brandpunt::pipeline
