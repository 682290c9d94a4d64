// Windows that fit the data: the monthly series behind trends and emerging hot spots, and
// whether a comparison period holds data at all.
//
// A series that reaches back before the first incident is a run of zeros that no one counted:
// every area then "rises" (Atlanta: 10 months of data in the default 36-month window gave 151 of
// 181 areas a rising trend) and "none in the same period last year" means "no data". So:
//  - by default (configured_months = 0) the series covers the months that have data, ending
//    with the analysis end, at most default_max_months (36) long;
//  - a configured length is kept, with a warning when it starts before the first incident;
//  - a series with fewer steps than the trend minimum says so (no trend can be tested);
//  - a period is covered only when every one of its months lies within the months with data.
//  - the last month with data is incomplete when the data stop well before its end: no incident
//    in its last g days while the city has λ a day over the data (the chance of so long a gap
//    by chance, exp(-λ g), below 1 in 1,000, and g >= 2 days). The analysis then ends with
//    the month before (unless an end is configured), so a half month never reads as a fall.
// Months are numbered year·12 + (month - 1), as in aggregate/cube.hpp.
//
//   SeriesRequest r;  r.end_month = 2022 * 12 + 9;  r.first_data_month = 2022 * 12;
//   r.last_data_month = r.end_month;  r.min_trend_length = 4;
//   SeriesFit f = fit_series(r);   // 10 months, 2022-01..2022-10, no warning
#pragma once

#include <climits>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "time/calendar.hpp"

namespace brandpunt::time {

struct SeriesRequest {
  int end_month = 0;               // last month of the series (the analysis period's end)
  int configured_months = 0;       // [period] series_months; 0 = fit the data
  int default_max_months = 36;     // the longest default series
  int first_data_month = INT_MAX;  // first and last month with an assigned incident
  int last_data_month = INT_MIN;   //   (INT_MAX / INT_MIN: no data)
  int min_trend_length = 4;        // in steps of `step`
  Step step = Step::month;
};

struct SeriesFit {
  int first_month = 0;  // the series: months [first_month, first_month + months)
  int months = 0;
  int steps = 0;        // the series in steps of the request's step
  int months_before_data = 0;  // leading months before the first incident
  bool too_short_for_trends = false;
  std::string rule;                   // how the length was chosen, for run.json
  std::vector<std::string> warnings;  // plain English, for run.json
};

// Throws Error(config) for configured_months < 0 or a default length < 1.
SeriesFit fit_series(const SeriesRequest& request);

// The last month of the data: complete or not (see above). first_s / last_s: the earliest and
// the latest incident time (seconds, civil time), n: the incidents between them.
struct LastMonth {
  int month = 0;          // the month of last_s
  bool partial = false;   // the data stop well before its end
  double gap_days = 0;    // from last_s to the end of that month
  double per_day = 0;     // λ: incidents a day over the data
  double chance = 1;      // exp(-λ · gap_days)
  std::string warning;    // plain English when partial, else ""
};
LastMonth check_last_month(int64_t first_s, int64_t last_s, int64_t n);

// The bulk of the data, so that dates far from it (a typo's 2100, a default 1900-01-01) do not
// move the analysis period: starting from the month with the most incidents, the bulk grows over
// gaps of fewer than `gap_months` months without data; beyond a gap of at least `gap_months`,
// whatever lies further out on that side is outlying when it holds less than `share` of all
// the incidents (else the bulk grows over the gap and goes on). The partial-last-month rule
// (check_last_month) then looks at the bulk only.
//
//   bulk_of_months({{2022 * 12, 900}, {2022 * 12 + 1, 950}, {2100 * 12, 1}}, 3, 0.01);
//   // first_month 2022-01, last_month 2022-02, outliers 1 in 2100-01
struct DataBulk {
  int first_month = INT_MAX, last_month = INT_MIN;  // INT_MAX / INT_MIN: no data
  int64_t outliers = 0;                             // incidents outside the bulk
  std::vector<int> outlier_months;                  // their months (with data), ascending
  bool outlying(int month) const { return month < first_month || month > last_month; }
};
// `per_month`: (month, incidents) with incidents > 0, ascending by month.
DataBulk bulk_of_months(const std::vector<std::pair<int, int64_t>>& per_month, int gap_months, double share);

enum class Coverage { none, partial, full };
const char* to_string(Coverage c);  // "none", "partial", "full"
// How much of the months [first_month, first_month + months) lies within the months with data.
Coverage period_coverage(int first_month, int months, int first_data_month, int last_data_month);

// "2024-03" for a month number.
std::string month_text(int month);

}  // namespace brandpunt::time
