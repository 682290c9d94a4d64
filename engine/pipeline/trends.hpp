// Time on the published levels (internal to the pipeline): per area and category (totaal and
// mains), the Mann-Kendall trend and Sen's slope of the monthly series, the emerging hot spot
// category from space-time Gi* (ArcGIS's definitions, engine/time/emerging.hpp), and changes
// between periods with an exact test for equal Poisson rates (engine/time/change.hpp): the
// analysis period against the previous one and the same period a year earlier, the last month
// against the month before and the same month a year earlier, the last 12 months against the
// 12 before, and the last quarter against the one before and a year earlier.
//
//   LevelTrends tr = level_trends(cube, n_groups, periods, w, options);
//   append_trend_columns(table, tr, figures, keys, privacy);
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aggregate/cube.hpp"
#include "output/table.hpp"
#include "pipeline/config.hpp"
#include "pipeline/figures.hpp"
#include "time/change.hpp"
#include "time/emerging.hpp"
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

struct LevelTrends {
  size_t n_areas = 0, n_groups = 0;
  std::vector<time::MannKendall> mk;           // [a * n_groups + g], on monthly counts
  std::vector<time::EmergingResult> emerging;  // [a * n_groups + g]
  std::vector<std::string> since;              // label of the pattern's first hot/cold step
  std::vector<Comparison> comparisons;
  nlohmann::json report;
};

const char* trend_label(const time::MannKendall& mk, double alpha);

LevelTrends level_trends(const aggregate::CountCube& cube, const LevelFigures& figures,
                         size_t n_groups, const Periods& periods, const weights::Weights& w,
                         const TimeOptions& options);

void append_trend_columns(output::Table& t, const LevelTrends& tr,
                          const std::vector<std::string>& group_keys, const LevelFigures& figures,
                          const PrivacyOptions& privacy);

output::Table trend_table(const std::vector<std::string>& codes, const LevelTrends& tr,
                          const std::vector<std::string>& group_keys, const LevelFigures& figures,
                          const PrivacyOptions& privacy, double alpha);

}  // namespace brandpunt::pipeline
