// Focus lists, indicators and the reference comparison (internal to the pipeline): builds the
// focus::Candidate of every straat, buurt and wijk per category from the figures, hot spot
// statistics and trends already computed, the excess over expectation and Local Moran of the
// period counts (focus_evidence.hpp), ranks them with the configured policy, finds the
// cross-level signals, evaluates the configured indicators in a monthly and a quarterly report,
// and writes focus.{csv,md,json,geojson}, indicators_{month,quarter}.{md,csv} and reference.md.
// Labels, headings and reasons follow [focus] language.
//
//   FocusResult f = run_focus(cfg, views, periods);
//   write_focus_outputs(cfg, f, views, out_files);
#pragma once

#include <array>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aggregate/cube.hpp"
#include "focus/cross_level.hpp"
#include "focus/indicators.hpp"
#include "focus/rank.hpp"
#include "pipeline/config.hpp"
#include "pipeline/figures.hpp"
#include "pipeline/hotspots.hpp"
#include "pipeline/tables.hpp"
#include "pipeline/trends.hpp"
#include "weights/weights.hpp"

namespace brandpunt::pipeline {

// Everything computed for one level, by reference.
struct LevelView {
  const LevelInfo* info = nullptr;
  const LevelFigures* figures = nullptr;
  const LevelHotspots* hotspots = nullptr;  // null for stadsdeel and gemeente
  const LevelTrends* trends = nullptr;      // null for stadsdeel and gemeente
  const aggregate::CountCube* cube = nullptr;
  const std::vector<std::string>* cat_keys = nullptr;  // keys of the cube's categories
  const std::vector<std::string>* cat_labels = nullptr;     // Dutch
  const std::vector<std::string>* cat_labels_en = nullptr;  // English
  const weights::Weights* weights = nullptr;  // the level's hot spot weights (straat, buurt, wijk)
  const std::vector<MultiPolygon>* polygons = nullptr;     // polygon levels
  const std::vector<std::vector<LineString>>* lines = nullptr;  // straat
};

struct FocusResult {
  std::vector<focus::FocusList> lists;
  nlohmann::json exposure;  // per level: how many areas got which exposure (run.json)
  std::vector<focus::Signal> signals;
  std::vector<focus::IndicatorResult> month, quarter;
  std::string month_label, quarter_label;
};

FocusResult run_focus(const PipelineConfig& cfg, const std::array<LevelView, kLevelCount>& views,
                      const Periods& periods);

// Writes the focus and indicator files into `dir`; appends the file names to `files`.
void write_focus_outputs(const PipelineConfig& cfg, const FocusResult& f,
                         const std::array<LevelView, kLevelCount>& views, const std::string& dir,
                         std::vector<std::string>& files);

}  // namespace brandpunt::pipeline
