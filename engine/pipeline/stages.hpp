// The stages of a run, in the order pipeline.cpp runs them (internal to the pipeline).
//
// Each stage is a function in engine/pipeline/stages/NN_<name>.cpp: its parameters are what it
// reads, its result (or the one output parameter it names) is what it adds to the run state
// (run_state.hpp). Stages do not print; what they write to the output folder and what they
// warn about goes to the RunLog they are given.
//
//   Setup setup = prepare(cfg);
//   Areas areas = read_areas(cfg, geos, log.warnings);
//   ...
//   write_run_json(state);
#pragma once

#include <array>
#include <functional>
#include <future>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/run_state.hpp"

namespace brandpunt::pipeline {

// 01 — before any data is read: the taxonomy with the config's codes, the output formats, the
// thread count. The output folder is not touched: the run writes into a staging folder
// (output/output_folder.hpp) that pipeline.cpp swaps in at the end.
Setup prepare(const PipelineConfig& cfg);
// The run's input files (config, incidents, areas, tables, population, streets), sorted.
std::vector<std::string> input_paths(const PipelineConfig& cfg);
// The inputs' path, size and SHA-256 for run.json, computed beside the run when it has threads.
std::future<nlohmann::json> hash_inputs(const PipelineConfig& cfg, unsigned threads);

// 02 — the area levels (buurt, wijk, stadsdeel, gemeente), repaired, linked and checked for gaps
// and overlaps between buurten.
Areas read_areas(const PipelineConfig& cfg, const geom::GeosContext& geos, std::vector<std::string>& warnings);

// 03 — the street layer read, indexed and cut into straten, beside the incident reading (with
// more than one thread; else when the result is asked for). Invalid future without streets.
std::future<StreetWork> start_streets(const PipelineConfig& cfg, const Levels& levels, unsigned threads);

// 04 — the incident records, projected into the analysis CRS; unusable rows become rejects
// (a point whose swapped reading lands in a buurt: swapped_coordinates).
io::IncidentReadResult read_incident_records(const PipelineConfig& cfg, const Taxonomy& taxonomy, const Areas& areas,
                                             const std::function<void(int64_t rows)>& progress);

// 05 — each incident to one buurt (point in polygon); fills the accounting and checks
// read = assigned + outside + rejected.
assign::AssignResult assign_buurten(const Areas& areas, const io::IncidentReadResult& incidents, unsigned threads,
                                    Accounting& accounting);
// 05 — the sanity stops on the rows read and assigned (pipeline/sanity.hpp): Error(config),
// exit 2, when the data cannot be what the user meant.
void check_assignment(const PipelineConfig& cfg, const io::IncidentReadResult& incidents, const Accounting& accounting,
                      const Levels& levels);

// 06 — the street name of each incident: snapped to the street layer, or the record's own.
struct StreetNames {
  std::vector<uint32_t> of_incident;  // index into names, or kNoStreet
  std::vector<std::string> names;
  // Geometry of the street layer's straten, by (buurt index << 32 | name index).
  std::unordered_map<uint64_t, std::vector<LineString>> geometry;
};
StreetNames match_streets(const PipelineConfig& cfg, StreetWork* streets, const IncidentTable& incidents,
                          unsigned threads, Accounting& accounting);

// 07 — the straat level: one straat per (buurt, street name) pair, and the straat of each incident.
// In the public profile no key may come from a single record: with a street layer only its
// (buurt, street) pieces are straten; with names from the records only those selected by noise.
struct StraatKeyRule {
  bool layer_only = false;
  const privacy::NoiseKey* key = nullptr;  // set: select record names (noise from this key)
  double sigma2 = 0;                       // of the selection noise
  int64_t threshold = 0;
};
StraatKeyRule straat_key_rule(const PipelineConfig& cfg, const Setup& setup);
Straten build_straat_level(const Levels& levels, const assign::AssignResult& assigned, StreetNames&& streets,
                           const StraatKeyRule& rule, unsigned threads);

// 08 — the analysis period, the previous and year-earlier periods, the series and the counted months.
Periods choose_periods(const PipelineConfig& cfg, const IncidentTable& incidents,
                       const assign::AssignResult& assigned, std::vector<std::string>& warnings);

// 09 — the count cubes: buurt over sub categories, straat over mains (counted at once), rolled up
// to wijk, stadsdeel and gemeente; fills the in/out-of-window accounting.
Counts count_cubes(const Levels& levels, const Straten& straten, const IncidentTable& incidents,
                   const assign::AssignResult& assigned, const Taxonomy& taxonomy, const Periods& periods,
                   unsigned threads, Accounting& accounting);

// 10 — protect first: in the public profile the cubes are replaced by their release under zCDP
// (protection.hpp); the grid's counts, the weekly series and the straten's representative
// points are made and released here too, so that nothing after this stage reads an incident.
Protection protect(const PipelineConfig& cfg, const Setup& setup, Counts& counts, const Levels& levels,
                   const Straten& straten, const IncidentTable& incidents, const assign::AssignResult& assigned,
                   const Periods& periods, const geom::GeosContext& geos);
// The descriptive columns of every level (codes, names, parents, stadsdeel, population, area).
std::array<LevelInfo, kLevelCount> describe_levels(const PipelineConfig& cfg, const Levels& levels,
                                                   const Straten& straten);

// 11 — Gi*, Local Moran and EB rates on straat, buurt and wijk, and the weights they use (also
// made when only the trends run: the space-time statistics use them).
HotspotResults analyse_hotspots(const PipelineConfig& cfg, const Levels& levels, const Protection& protection,
                                const Figures& figures, const std::array<LevelInfo, kLevelCount>& info,
                                unsigned threads, std::vector<std::string>& warnings);

// 12 — Mann-Kendall trends, emerging hot spots and period changes on straat, buurt and wijk.
TrendResults analyse_trends(const PipelineConfig& cfg, const Counts& counts, const Figures& figures,
                            const HotspotResults& hotspots, const Protection& protection, const Periods& periods,
                            unsigned threads);

// 13 — the level layers in every format, their CSV twins and the long tables (categories,
// series, hot spots, trends), and the space-time hot spot layer. Takes the straat geometry.
Published write_layers(const PipelineConfig& cfg, const Setup& setup, const Levels& levels,
                       std::vector<std::vector<LineString>>&& straat_lines,
                       const std::array<LevelInfo, kLevelCount>& info, const Figures& figures,
                       const HotspotResults& hotspots, const TrendResults& trends, const Periods& periods,
                       const RunLog& log);

// 13 — beside the layers: each analysed level's weights as <level>_weights.gal (and .gwt when
// not binary), for GeoDa and PySAL; their names go to run.json hotspots.<level>.weights_files.
void write_weights_files(const PipelineConfig& cfg, const Levels& levels, const HotspotResults& hotspots,
                         const std::array<LevelInfo, kLevelCount>& info, const RunLog& log, nlohmann::json& report);
// 13 — the global statistics per level and category as global_statistics.md (in the focus
// language) and .csv: whether clustering exists before the local classes are read.
void write_global_statistics(const PipelineConfig& cfg, const Levels& levels, const HotspotResults& hotspots,
                             const RunLog& log);

// 14 — focus lists, indicators and the reference comparison, written; run.json "focus".
FocusResult focus_lists(const PipelineConfig& cfg, const std::array<LevelInfo, kLevelCount>& info,
                        const Figures& figures, const HotspotResults& hotspots, const TrendResults& trends,
                        const Counts& counts, const Published& published, const Periods& periods,
                        const RunLog& log, nlohmann::json& run_json);

// 14 — after the focus lists: the previous period's lists scored on this period, the rolling
// back-test, concentration and the [[intervention]] effects, written as evaluation.{csv,md};
// run.json "evaluation". Reads the counts as protected; `restricted` (near-repeat, time of
// day) is read only in the restricted profile.
struct RestrictedIncidents {
  const IncidentTable* incidents = nullptr;
  const std::vector<uint32_t>* buurt_of = nullptr;
  const Taxonomy* taxonomy = nullptr;
};
EvaluationResult evaluate_lists(const PipelineConfig& cfg, const Levels& levels,
                                const std::array<LevelInfo, kLevelCount>& info, const Figures& figures,
                                const Published& published, const HotspotResults& hotspots,
                                const Protection& protection, const Counts& counts, const Periods& periods,
                                const RestrictedIncidents& restricted, unsigned threads, const RunLog& log,
                                nlohmann::json& run_json);

// 15 — the grid hot spots, the KDE raster and its contours, from the grid's counts.
SurfaceResult make_surfaces(const PipelineConfig& cfg, const Protection& protection, const Levels& levels,
                            const Taxonomy& taxonomy, const Periods& periods, unsigned threads,
                            const RunLog& log, nlohmann::json& run_json);

// 16 — a review pack per stadsdeel; with [output] maps, each with its map page and the README's
// pictures.
void write_review_packs(const PipelineConfig& cfg, const Levels& levels, const Published& published,
                        const SurfaceResult& surfaces, const FocusResult& focus, const EvaluationResult& evaluation,
                        const Periods& periods, const nlohmann::json& privacy, const RunLog& log);
// 16 — the run's map page (map.html, [output] maps), made from the files the run published;
// a layer of more than 25,000 features (report::ReportOptions::max_page_features; the national
// straat layer) is left out, said on the page and in the warnings.
void write_run_map_page(const PipelineConfig& cfg, const Published& published, const SurfaceResult& surfaces,
                        const Periods& periods, const nlohmann::json& privacy, const RunLog& log);

// 17 — the record-level files, restricted profile only: rejects.csv and
// incident_assignment.csv (row -> areas; no coordinates).
void write_records(const PipelineConfig& cfg, const io::IncidentReadResult& incidents,
                   const assign::AssignResult& assigned, const Levels& levels, const Straten& straten,
                   const std::array<LevelInfo, kLevelCount>& info, const RunLog& log);

// 18 — run.json: inputs, parameters, software, accounting, privacy, timings, outputs, schema.
void write_run_json(RunState& state);

}  // namespace brandpunt::pipeline
