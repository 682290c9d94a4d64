// The state of one run (internal to the pipeline): what each stage adds, in the order the
// stages run (pipeline.cpp; the stages themselves are declared in stages.hpp).
//
// Every stage reads parts of this state and adds one part; its signature in stages.hpp names
// both. The state owns everything a later stage reads, so a stage never keeps pointers into a
// temporary. RunState::step times each stage in one place (wall time and the process's peak
// memory when it ended) and reports its progress.
//
//   RunState s(cfg, progress);
//   s.step("read_areas", "read areas", [&] { s.areas = read_areas(cfg, s.geos, s.warnings); });
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aggregate/cube.hpp"
#include "assign/assign.hpp"
#include "assign/straten.hpp"
#include "core/taxonomy.hpp"
#include "geom/geos.hpp"
#include "index/area_index.hpp"
#include "index/segment_index.hpp"
#include "io/incident_reader.hpp"
#include "io/street_reader.hpp"
#include "output/table.hpp"
#include "output/vector_writer.hpp"
#include "pipeline/evaluation.hpp"
#include "pipeline/figures.hpp"
#include "pipeline/focus_step.hpp"
#include "pipeline/hotspots.hpp"
#include "pipeline/levels.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/protection.hpp"
#include "pipeline/surfaces.hpp"
#include "pipeline/tables.hpp"
#include "pipeline/trends.hpp"
#include "privacy/random_stream.hpp"
#include "weights/weights.hpp"

namespace brandpunt::pipeline {

// What is fixed before any data is read: the taxonomy with the config's extra codes, the
// thread count and the CSV switch.
struct Setup {
  Taxonomy taxonomy;
  unsigned threads = 1;
  bool write_csv = false;
  privacy::NoiseKey noise_key;  // public profile: from the OS or the noise seed; never written
  BudgetPlan budget;            // public profile: rho split over the releases
};

// The area levels with what was found while reading them (run.json "areas"), and the buurt
// index, built once: the incident reader's test for swapped coordinates and the assignment use it.
struct Areas {
  Levels levels;
  nlohmann::json report;  // {"areas": ..., "tiling": ...}
  std::shared_ptr<const index::AreaIndex> buurt_index;
};

// The street layer read, indexed and cut into straten (one street name within one buurt);
// made beside the incident reading, which does not need it.
struct StreetWork {
  io::StreetLines streets;
  std::unique_ptr<index::SegmentIndex> segments;
  assign::StraatLayer pieces;
  double read_s = 0, straten_s = 0;  // own wall times (they ran beside other stages)
};

// The straat level: every (buurt, street name) pair of the street layer and of the records,
// sorted by straat code "<buurt code>:<street name>".
struct Straten {
  AreaLayer layer;                              // level "straat"; population: no data
  std::vector<std::vector<LineString>> lines;   // geometry per straat (empty: none)
  std::vector<uint32_t> buurt;                  // buurt index of each straat
  std::vector<uint32_t> of_incident;            // straat of each incident, or kNoArea
  int64_t without_street = 0;                   // assigned incidents without a street name
  int64_t not_published = 0;   // assigned incidents whose (buurt, street) is not a published straat
  nlohmann::json selection;    // public, names from the records: how names were selected
};

// The counted cubes per level (area × published category × month over Periods::cube) and the
// per-incident main category that the analysis steps read.
struct Counts {
  std::array<aggregate::CountCube, kLevelCount> cubes;
  std::vector<uint16_t> sub_main;          // main of each sub category
  std::vector<uint16_t> main_of_incident;  // main category of each incident
  size_t n_subs = 0, n_mains = 0;
  size_t n_groups() const { return 1 + n_mains; }  // totaal + mains
};

// What the protection stage hands to the analysis. In the public profile these, and the cubes
// in Counts, are released counts, and the incidents are gone once it has run: no later stage
// can read an exact count or an incident's position.
struct Protection {
  GridCounts grid;                  // the surfaces' grid and its counts (empty when surfaces are off)
  StepSeries grid_series;           // the grid's counts at [time] step over the series window
  std::array<StepSeries, 3> week;   // [time] step = week: straat, buurt, wijk weekly series
  std::vector<XY> straat_points;    // a representative point per straat, for its weights
  double cell_period_variance = 0;  // of a released grid cell's period totaal (KDE rounding)
  nlohmann::json report;            // run.json "privacy"
};

// Gi* and Local Moran per analysed level (straat, buurt, wijk) and the weights they used,
// which the space-time statistics reuse.
struct HotspotResults {
  std::array<LevelHotspots, 3> levels;
  std::array<weights::Weights, 3> weights;
  nlohmann::json report;
};

// Trends, emerging hot spots and period changes per analysed level.
struct TrendResults {
  time::Step step = time::Step::month;
  std::array<StepSeries, 3> series;
  std::array<LevelTrends, 3> levels;
  nlohmann::json report;
};

// The published level tables and their geometry, which the focus lists and packs select from.
struct Published {
  std::array<output::Table, kLevelCount> tables;
  std::array<output::LayerGeometry, kLevelCount> geometry;
  std::array<CategoryKeys, kLevelCount> keys;
};

// What the writing stages wrote and warned about, for run.json.
struct RunLog {
  std::vector<std::string>& files;
  std::vector<std::string>& warnings;
  nlohmann::json& schema;
};

class RunState {
 public:
  RunState(const PipelineConfig& config, const ProgressFn& progress);

  // Runs one stage: reports `label` as progress, then records the stage's wall time under
  // `key` in run.json "timings_s" and the peak memory when it ended in "peak_memory_mib".
  void step(const std::string& key, const std::string& label, const std::function<void()>& body);
  // A stage that ran beside others: its own wall time, and the peak so far.
  void record(const std::string& key, double seconds);
  // For the stage that writes run.json itself: its time so far, recorded before it writes.
  void record_lap(const std::string& key);
  void report(const std::string& label, int64_t done = 0, int64_t total = 0) const;
  // Frees the incidents and their per-incident columns, once no later stage reads them.
  void free_incidents();
  // The files, warnings and schema that the writing stages add to.
  RunLog log() { return RunLog{files, warnings, schema}; }

  const PipelineConfig& cfg;
  ProgressFn progress;
  nlohmann::json run_json;            // grows stage by stage; written by the last stage
  nlohmann::json schema;              // table name -> columns, for run.json
  std::vector<std::string> files;     // written files, relative to the output folder
  std::vector<std::string> warnings;  // also in run.json
  geom::GeosContext geos;

  Setup setup;
  std::future<nlohmann::json> input_hashes;  // the inputs' SHA-256, computed beside the run
  Areas areas;
  std::future<StreetWork> street_work;
  io::IncidentReadResult incidents;
  assign::AssignResult assigned;
  Accounting accounting;
  Straten straten;
  Periods periods;
  Counts counts;
  Protection protection;
  Figures figures;
  std::array<LevelInfo, kLevelCount> info;
  HotspotResults hotspots;
  TrendResults trends;
  Published published;
  FocusResult focus;
  EvaluationResult evaluation;
  SurfaceResult surfaces;

 private:
  std::chrono::steady_clock::time_point stage_start_ = std::chrono::steady_clock::now();
};

}  // namespace brandpunt::pipeline
