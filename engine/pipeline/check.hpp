// `brandpunt check`: everything a run validates, and a read of the data, without writing any
// output. It runs the first stages of a run (the config, the areas, the incident records, the
// assignment to buurten, the periods; stages.hpp) and summarises what an analyst must know
// before the first run: the date format found, how many points fall in the study area, the
// codes not in the taxonomy with their rows, areas without population, the months covered.
//
//   CheckReport r = check(load_config("brandpunt.toml"), 100000);   // first 100,000 rows
//   r.ok;  r.problems;   // problems: reasons the run would give nothing useful
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pipeline/config.hpp"
#include "pipeline/pipeline.hpp"

namespace brandpunt::pipeline {

struct CheckReport {
  Accounting accounting;                         // read, assigned, outside, rejected
  std::map<std::string, int64_t> rejected_by_reason;
  std::map<std::string, int64_t> unknown_codes;  // rejected as unknown_category, by code
  std::map<std::string, int64_t> unmapped_codes; // counted under overig ([taxonomy] unmapped)
  std::string date_format;                       // as configured ("auto" = ISO or d-m-y)
  int64_t unparseable_dates = 0;
  std::string first_month, last_month;           // of the assigned incidents ("" when none)
  std::string period, previous, last_year, series;  // the periods a run would use
  struct Level {
    std::string level;
    int64_t areas = 0, without_population = 0;
  };
  std::vector<Level> levels;                     // buurt, wijk, stadsdeel (as configured)
  bool wijk_configured = true;
  bool complete = true;                          // false when max_rows stopped the read
  std::vector<std::string> warnings;             // as a run would give them (areas, periods)
  std::vector<std::string> problems;             // the run would give nothing useful
  bool ok() const { return problems.empty(); }
};

// Throws what a run throws on a bad config or unreadable input (Error, exit 2 in the CLI).
CheckReport check(const PipelineConfig& cfg, int64_t max_rows = 0, const ProgressFn& progress = {});

}  // namespace brandpunt::pipeline
