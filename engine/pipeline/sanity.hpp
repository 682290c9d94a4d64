// Sanity stops: data that cannot be what the user meant stop the run with a diagnosis instead
// of an exit 0 with all-zero layers. `brandpunt run` throws them as Error(config) (exit 2)
// before anything is written (the output folder is a transaction: output/output_folder.hpp);
// `brandpunt check` lists the same diagnoses as problems. The limits are in [checks]
// (CheckOptions in config.hpp).
//
//   check_analysis_crs(cfg);                       // a geographic analysis CRS: Error(config)
//   if (auto w = area_of_use_warning(cfg, levels)) warnings.push_back(*w);
//   std::vector<std::string> p = assignment_problems(cfg, incidents, accounting, levels);
//   // "0 of 3,000 incidents fall in a buurt (0 %; [checks] min_assigned_share 0.2): their
//   //  extent x 5.6..5.8, y 50.8..50.9 looks like lon/lat (EPSG:4326) but incidents.crs is
//   //  EPSG:28992"
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/incident_reader.hpp"
#include "pipeline/config.hpp"
#include "pipeline/levels.hpp"
#include "pipeline/pipeline.hpp"

namespace brandpunt::pipeline {

// Error(config) when the analysis CRS is geographic: areas would be in square degrees and
// distances, bandwidths and grid cells in degrees. Names a metric CRS to use instead.
void check_analysis_crs(const PipelineConfig& cfg);

// A warning when the buurten lie far outside the analysis CRS's area of use (areas and
// distances are then distorted: Atlanta in RD New is 2x too large), naming a suggested CRS.
std::optional<std::string> area_of_use_warning(const PipelineConfig& cfg, const Levels& levels);

// What is wrong with the rows read and their assignment to buurten, one sentence each (empty:
// nothing): no rows; fewer assigned than min_assigned_share, with why (the incidents' extent
// against the buurten's, in which CRS they look to be); more rejected for one reason than
// max_reject_share; a date format that rejects more than max_date_reject_share of the rows
// while another format reads most of them.
std::vector<std::string> assignment_problems(const PipelineConfig& cfg, const io::IncidentReadResult& incidents,
                                             const Accounting& accounting, const Levels& levels);

// Throws the problems as one Error(config) naming the incident file (exit 2 in the CLI).
[[noreturn]] void stop_run(const PipelineConfig& cfg, const std::vector<std::string>& problems);

// 1234567 -> "1,234,567" (the CLI's grouping, for messages).
std::string grouped_count(int64_t n);

}  // namespace brandpunt::pipeline
