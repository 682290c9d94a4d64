// Time on the published levels (internal to the pipeline): per area and category (totaal and
// mains), the Mann-Kendall trend and Sen's slope of the series at the configured step ([time]
// step: month by default, week or quarter), the emerging hot spot category from space-time Gi*
// on the same steps (ArcGIS's definitions, engine/time/emerging.hpp), and changes
// between periods with an exact test for equal Poisson rates (engine/time/change.hpp): the
// analysis period against the previous one and the same period a year earlier, the last month
// against the month before and the same month a year earlier, the last 12 months against the
// 12 before, and the last quarter against the one before and a year earlier. The changes are
// always monthly/quarterly, whatever the step.
//
// The step series cover the months of the published monthly series (Periods::series); a week
// that straddles the series' first or last day is partial and flagged as such.
//
//   StepSeries s = step_series_from_months(cube, n_groups, periods, time::Step::quarter);
//   LevelTrends tr = level_trends(cube, figures, n_groups, periods, w, options, s);
//   append_trend_columns(table, tr, figures, keys, privacy);
#pragma once

#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aggregate/cube.hpp"
#include "output/table.hpp"
#include "pipeline/config.hpp"
#include "pipeline/figures.hpp"
#include "time/calendar.hpp"
#include "time/change.hpp"
#include "time/cube.hpp"
#include "time/emerging.hpp"
#include "time/local_outlier.hpp"
#include "weights/weights.hpp"

namespace brandpunt::pipeline {

struct Comparison {
  std::string key;             // "period_prev", "period_ly", "month_prev", "month_ly", ...
  std::string current_label;   // "2025-12", "2025-10..2025-12"
  std::string previous_label;
  bool available = false;
  std::string reason;          // why not available
  std::vector<time::Change> per;  // [a * n_groups + g]
};

// One level's counts at the configured step over the series window: a cube per category
// group (the level's groups, [totaal, mains..., subs...]).
struct StepSeries {
  time::Window window;             // the series months' [start, end) with the step
  std::vector<time::Cube> groups;  // [g]: locations = the level's areas
};

// The series window (the months of Periods::series) cut into `step`.
time::Window series_window(const Periods& periods, time::Step step);

// From the monthly cube: month (as is) or quarter (sums of months). Throws Error(internal) for
// week, which does not nest in months.
StepSeries step_series_from_months(const aggregate::CountCube& cube, size_t n_groups,
                                   const Periods& periods, time::Step step);

// From the incidents themselves (any step; the week step needs it): location[i] is the
// incident's area (kNoArea = not counted), category[i] its category, cat_main[c] the main of a
// category. Groups: [totaal, mains...] plus, when keep_detail, one per category.
StepSeries step_series_from_incidents(std::span<const uint32_t> location,
                                      std::span<const uint16_t> category,
                                      std::span<const int64_t> time_s,
                                      const std::vector<uint16_t>& cat_main, size_t n_mains,
                                      bool keep_detail, size_t n_locations,
                                      const Periods& periods, time::Step step);

// Sums areas into parents (buurt -> wijk), per group.
StepSeries roll_up(const StepSeries& series, std::span<const uint32_t> parent, size_t n_parents);

// The long table of a step series (restricted profile only: with the monthly table it would
// allow differencing): code, category, step label, partial flag, count; groups [0, n_groups).
output::Table step_series_table(const std::vector<std::string>& codes, const StepSeries& series,
                                const std::vector<std::string>& group_keys, size_t n_groups,
                                AreaRange areas = {});

// What the outputs use of an emerging hot spot result (16 bytes: a national run has millions).
struct EmergingCell {
  time::Emerging category = time::Emerging::no_pattern;
  int since_step = -1;  // see time::EmergingResult
  int n_hot = 0, n_cold = 0;
};

// What the focus lists use of the space-time outliers (time/local_outlier.hpp, per step).
struct OutlierCell {
  time::OutlierPattern pattern = time::OutlierPattern::never_significant;
  int n_high_low = 0;  // steps in which the area was a significant hot outlier (HL)
};

struct LevelTrends {
  size_t n_areas = 0, n_groups = 0;
  time::Step step = time::Step::month;
  time::Window window;                       // of the step series (labels of since_step)
  std::vector<time::MannKendall> mk;         // [a * n_groups + g], on the step counts
  std::vector<EmergingCell> emerging;        // [a * n_groups + g]
  std::vector<OutlierCell> outliers;         // [a * n_groups + g]
  int n_steps = 0;                           // steps of the series
  std::vector<Comparison> comparisons;
  nlohmann::json report;

  // Label of the step where cell i's pattern started ("2025-03", "2025-W03"; "" = none).
  std::string since(size_t i) const;
};

const char* trend_label(const time::MannKendall& mk, double alpha);

LevelTrends level_trends(const aggregate::CountCube& cube, const LevelFigures& figures,
                         size_t n_groups, const Periods& periods, const weights::Weights& w,
                         const TimeOptions& options, const StepSeries& steps, unsigned threads = 1);

void append_trend_columns(output::Table& t, const LevelTrends& tr,
                          const std::vector<std::string>& group_keys, const PrivacyOptions& privacy);

output::Table trend_table(const std::vector<std::string>& codes, const LevelTrends& tr,
                          const std::vector<std::string>& group_keys, const PrivacyOptions& privacy, double alpha,
                          AreaRange areas = {});

}  // namespace brandpunt::pipeline
