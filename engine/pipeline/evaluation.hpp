// The evaluation of a run (internal to the pipeline): did the previous period's lists predict
// this period, how concentrated are the incidents, and did the configured interventions work?
// Everything public is computed from the published (in the public profile: released) counts;
// only the restricted profile reads incidents, for the near-repeat Knox table and the hour ×
// weekday profile. The area-level Knox table (same buurt / neighbours / further × months apart)
// comes from the protected buurt × month cube in both profiles.
//
// Out of sample. The list made at T1 (the previous period) is scored on T2 (the analysis
// period) with evaluate/pai.hpp, per level (straat, buurt, wijk, grid), category (totaal and the
// mains) and scope (the gemeente, each stadsdeel): "top_n" = the T1 top_n areas by count (ties
// by code), "hotspots" = the areas that were Gi* hot spots at 95 % or 99 % on the T1 counts
// (same weights and correction as the hot spot layer, analytic p), by z. Size: km² (buurt,
// wijk, grid cells) or street metres (straten).
// Back-test. Each month m of the series: the top_n of month m scored on month m + horizon,
// citywide; per month and summarised (mean and median PAI, mean PEI and hit rate).
// Concentration. The analysis period's counts per level and category (evaluate/concentration.hpp)
// with the random-allocation baseline.
// Interventions. [[intervention]] (config.hpp): the treated, control and displacement areas'
// monthly counts before and after the start -> WDD, its SE and z, the E-test, a verdict.
//
//   EvaluationInput in{...};
//   EvaluationResult r = evaluate_run(in);
//   write_evaluation(in, r, log);   // evaluation.csv, evaluation.md
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aggregate/cube.hpp"
#include "core/incidents.hpp"
#include "output/table.hpp"
#include "pipeline/config.hpp"
#include "pipeline/figures.hpp"
#include "pipeline/levels.hpp"
#include "pipeline/protection.hpp"
#include "pipeline/tables.hpp"
#include "weights/weights.hpp"

namespace brandpunt::pipeline {

struct EvaluationInput {
  const PipelineConfig* cfg = nullptr;
  const Levels* levels = nullptr;
  const std::array<LevelInfo, kLevelCount>* info = nullptr;
  const Figures* figures = nullptr;  // after the protection stage
  const std::array<CategoryKeys, kLevelCount>* keys = nullptr;
  const std::vector<std::vector<LineString>>* straat_lines = nullptr;  // published straat geometry
  const std::array<weights::Weights, 3>* weights = nullptr;  // the hot spot weights (n = 0: none)
  const GridCounts* grid = nullptr;                          // released in public; empty without surfaces
  const aggregate::CountCube* buurt_cube = nullptr;  // [totaal, mains, subs] x month, as protected
  const Periods* periods = nullptr;
  // Restricted profile only (null in public): the incidents, for near-repeat and time of day.
  const IncidentTable* incidents = nullptr;
  const std::vector<uint32_t>* buurt_of_incident = nullptr;  // kNoArea = not assigned
  const Taxonomy* taxonomy = nullptr;
  unsigned threads = 1;
};

// One long table: a row per (section, level, scope, category, subject, period, measure).
struct EvaluationRows {
  std::vector<std::string> section, level, scope, category, subject, period, measure;
  std::vector<double> value;  // NaN = undefined (written empty)
  void add(const std::string& sec, const std::string& lvl, const std::string& sc, const std::string& cat,
           const std::string& subj, const std::string& per, const std::string& meas, double v);
  size_t size() const { return value.size(); }
};

struct EvaluationResult {
  EvaluationRows rows;
  std::string markdown;                           // evaluation.md
  std::map<std::string, std::string> pack_section;  // stadsdeel code -> README section (Markdown)
  nlohmann::json report;                          // run.json "evaluation"
  std::vector<std::string> warnings;
};

// Throws Error(config) naming the [[intervention]] key for unknown area codes or a start
// outside the series.
EvaluationResult evaluate_run(const EvaluationInput& in);

// The long table as written to evaluation.csv (its columns documented for run.json's schema).
output::Table evaluation_table(const EvaluationRows& rows);

}  // namespace brandpunt::pipeline
