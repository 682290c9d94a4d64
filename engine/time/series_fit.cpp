#include "time/series_fit.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/error.hpp"

namespace brandpunt::time {

namespace {

int64_t month_start_s(int month) {
  const int year = month >= 0 ? month / 12 : (month - 11) / 12;
  return seconds_from_civil(CivilDate{year, month - year * 12 + 1, 1});
}

const char* step_plural(Step s) {
  switch (s) {
    case Step::week: return "weeks";
    case Step::quarter: return "quarters";
    case Step::month: break;
  }
  return "months";
}

}  // namespace

LastMonth check_last_month(int64_t first_s, int64_t last_s, int64_t n) {
  LastMonth r;
  const CivilDate d = civil_from_seconds(last_s);
  r.month = d.year * 12 + d.month - 1;
  if (n < 2 || last_s <= first_s) return r;
  const int64_t end_s = month_start_s(r.month + 1);
  r.gap_days = static_cast<double>(end_s - last_s) / static_cast<double>(kSecondsPerDay);
  r.per_day = static_cast<double>(n) / (static_cast<double>(last_s - first_s) / static_cast<double>(kSecondsPerDay) + 1);
  r.chance = std::exp(-r.per_day * r.gap_days);
  r.partial = r.gap_days >= 2 && r.chance < 1e-3;
  if (r.partial) {
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "the data stop on %04d-%02d-%02d: the last month %s is incomplete (no incident in its "
                  "last %.1f days, at %.1f a day otherwise; chance %.1e); the analysis ends with %s",
                  d.year, d.month, d.day, month_text(r.month).c_str(), r.gap_days, r.per_day, r.chance,
                  month_text(r.month - 1).c_str());
    r.warning = buf;
  }
  return r;
}

DataBulk bulk_of_months(const std::vector<std::pair<int, int64_t>>& per_month, int gap_months, double share) {
  DataBulk b;
  if (per_month.empty()) return b;
  int64_t total = 0;
  size_t peak = 0;
  for (size_t i = 0; i < per_month.size(); ++i) {
    total += per_month[i].second;
    if (per_month[i].second > per_month[peak].second) peak = i;
  }
  const double limit = share * static_cast<double>(total);
  // On one side of the bulk: the index where the outlying months begin (or the end).
  auto grow = [&](size_t from, int dir) {
    size_t at = from;
    for (;;) {
      const bool more = dir > 0 ? at + 1 < per_month.size() : at > 0;
      if (!more) return at;
      const size_t next = dir > 0 ? at + 1 : at - 1;
      const int gap = std::abs(per_month[next].first - per_month[at].first) - 1;
      if (gap >= gap_months) {
        int64_t beyond = 0;
        for (size_t k = next; k < per_month.size(); k = dir > 0 ? k + 1 : k - 1) {
          beyond += per_month[k].second;
          if (k == 0 && dir < 0) break;
        }
        if (static_cast<double>(beyond) < limit) return at;
      }
      at = next;
    }
  };
  const size_t lo = grow(peak, -1), hi = grow(peak, +1);
  b.first_month = per_month[lo].first;
  b.last_month = per_month[hi].first;
  for (size_t i = 0; i < per_month.size(); ++i)
    if (i < lo || i > hi) {
      b.outliers += per_month[i].second;
      b.outlier_months.push_back(per_month[i].first);
    }
  return b;
}

std::string month_text(int month) {
  const int year = month >= 0 ? month / 12 : (month - 11) / 12;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month - year * 12 + 1);
  return buf;
}

const char* to_string(Coverage c) {
  switch (c) {
    case Coverage::none: return "none";
    case Coverage::partial: return "partial";
    case Coverage::full: return "full";
  }
  return "none";
}

Coverage period_coverage(int first_month, int months, int first_data, int last_data) {
  if (months <= 0 || first_data > last_data) return Coverage::none;
  const int last = first_month + months - 1;
  const int lo = std::max(first_month, first_data), hi = std::min(last, last_data);
  if (lo > hi) return Coverage::none;
  return lo == first_month && hi == last ? Coverage::full : Coverage::partial;
}

SeriesFit fit_series(const SeriesRequest& r) {
  if (r.configured_months < 0)
    throw Error(ErrorKind::config, "must be >= 0 (0 = the months that have data)")
        .at_field("period.series_months");
  if (r.default_max_months < 1)
    throw Error(ErrorKind::internal, "fit_series: the default length must be >= 1");
  SeriesFit f;
  const bool have_data = r.first_data_month <= r.last_data_month;
  if (r.configured_months > 0) {
    f.months = r.configured_months;
    f.rule = "configured: " + std::to_string(f.months) + " months";
  } else if (have_data && r.first_data_month <= r.end_month) {
    f.months = std::min(r.default_max_months, r.end_month - r.first_data_month + 1);
    f.rule = "the months with data, at most " + std::to_string(r.default_max_months);
  } else {
    f.months = std::min(r.default_max_months, 12);
    f.rule = "no data up to the end month: " + std::to_string(f.months) + " months";
  }
  f.first_month = r.end_month - f.months + 1;
  if (have_data && f.first_month < r.first_data_month) {
    f.months_before_data = std::min(f.months, r.first_data_month - f.first_month);
    f.warnings.push_back("the series starts in " + month_text(f.first_month) +
                         ", before the first incident (" + month_text(r.first_data_month) +
                         "): its first " + std::to_string(f.months_before_data) +
                         " months hold no data and count as zeros in trends and emerging hot spots");
  }
  Window w;
  w.start_s = month_start_s(f.first_month);
  w.end_s = month_start_s(f.first_month + f.months);
  w.step = r.step;
  f.steps = step_count(w);
  if (f.steps < r.min_trend_length) {
    f.too_short_for_trends = true;
    f.warnings.push_back("the series has " + std::to_string(f.steps) + " " + step_plural(r.step) +
                         ", fewer than the trend minimum of " + std::to_string(r.min_trend_length) +
                         ": no trend is tested");
  }
  return f;
}

}  // namespace brandpunt::time
