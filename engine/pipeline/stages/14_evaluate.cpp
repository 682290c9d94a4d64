// Stage 14 (after the focus lists): out-of-sample scores of the previous period's lists, the
// back-test, concentration and the configured interventions, from the counts as the protection
// stage left them; near-repeat and time of day from the incidents in the restricted profile only.
#include <filesystem>

#include "output/atomic_file.hpp"
#include "output/csv_writer.hpp"
#include "pipeline/stages.hpp"

namespace fs = std::filesystem;

namespace brandpunt::pipeline {

EvaluationResult evaluate_lists(const PipelineConfig& cfg, const Levels& levels,
                                const std::array<LevelInfo, kLevelCount>& info, const Figures& figures,
                                const Published& published, const HotspotResults& hotspots,
                                const Protection& protection, const Counts& counts, const Periods& periods,
                                const RestrictedIncidents& restricted, unsigned threads, const RunLog& log,
                                nlohmann::json& run_json) {
  EvaluationResult r;
  if (!cfg.analysis.evaluation) return r;
  EvaluationInput in;
  in.cfg = &cfg;
  in.levels = &levels;
  in.info = &info;
  in.figures = &figures;
  in.keys = &published.keys;
  in.straat_lines = &published.geometry[kStraat].lines;
  in.weights = &hotspots.weights;
  in.grid = &protection.grid;
  in.buurt_cube = &counts.cubes[kBuurt];
  in.periods = &periods;
  // The public profile's rule: nothing here reads an incident (they are gone after stage 10).
  if (cfg.privacy.profile == Profile::restricted) {
    in.incidents = restricted.incidents;
    in.buurt_of_incident = restricted.buurt_of;
    in.taxonomy = restricted.taxonomy;
  }
  in.threads = threads;
  r = evaluate_run(in);
  const output::Table t = evaluation_table(r.rows);
  output::write_text_atomic((fs::path(cfg.output_dir) / "evaluation.csv").string(), output::to_csv(t));
  output::write_text_atomic((fs::path(cfg.output_dir) / "evaluation.md").string(), r.markdown);
  log.files.push_back("evaluation.csv");
  log.files.push_back("evaluation.md");
  log.schema["evaluation"] = table_schema(t);
  for (const auto& w : r.warnings) log.warnings.push_back(w);
  run_json["evaluation"] = r.report;
  return r;
}

}  // namespace brandpunt::pipeline
