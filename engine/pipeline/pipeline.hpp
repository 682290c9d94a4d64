// The main job: read -> project -> assign -> aggregate -> protect -> write.
//
// run() takes a validated PipelineConfig, runs every step of engine/ in order and writes the
// output folder: one layer per level (straat, buurt, wijk, stadsdeel) as GeoJSON (and GPKG /
// FlatGeobuf on request), the same tables as CSV, monthly series and sub-category tables,
// rejects.csv and run.json (inputs with SHA-256, parameters, versions, timings, accounting).
// It never prints: progress goes to the optional callback, so the CLI decides what a terminal
// shows.
//
//   PipelineConfig cfg = load_config("geo-data/demo.toml");
//   RunResult r = run(cfg, [](const Progress& p) { /* draw a bar */ });
//   r.files;  // every file written, relative to cfg.output_dir
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "pipeline/config.hpp"

namespace brandpunt::pipeline {

struct Progress {
  std::string step;   // "read incidents", "assign", ...
  int64_t done = 0;   // units done in this step (rows, areas, ...)
  int64_t total = 0;  // 0 when unknown
};
using ProgressFn = std::function<void(const Progress&)>;

// The identity the pipeline checks and writes to run.json:
//   read = assigned + outside + rejected.
struct Accounting {
  int64_t read = 0;
  int64_t assigned = 0;  // inside a buurt
  int64_t outside = 0;   // valid record, but in no buurt of the study area
  int64_t rejected = 0;  // unusable record, with a reason in rejects.csv
  int64_t duplicate_ids = 0;       // records whose id was seen before (kept: one report, several offences)
  int64_t assigned_in_window = 0;  // assigned and dated within the counted months
  int64_t assigned_out_of_window = 0;  // assigned but dated outside it (counted, not in figures)
  int64_t snapped = 0, unsnapped = 0;  // street snapping (with a street layer)
  bool balanced() const { return read == assigned + outside + rejected; }
};

struct RunResult {
  std::string output_dir;
  std::vector<std::string> files;  // written files, relative to output_dir, sorted
  Accounting accounting;
  std::vector<std::string> warnings;  // also in run.json
};

RunResult run(const PipelineConfig& cfg, const ProgressFn& progress = {});

}  // namespace brandpunt::pipeline
