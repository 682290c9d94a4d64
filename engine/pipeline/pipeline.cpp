#include "pipeline/pipeline.hpp"

#include <chrono>
#include <future>
#include <optional>

#include "output/output_folder.hpp"
#include "pipeline/run_state.hpp"
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

// The run, stage by stage (stages.hpp; one file each in stages/). Data flows one way: read ->
// assign -> count -> protect -> analyse -> write. The stages write into a staging folder beside
// the output folder, swapped in only when run.json is written (output/output_folder.hpp): a
// run that stops, for whatever reason, leaves the previous output as it was.
RunResult run(const PipelineConfig& config, const ProgressFn& progress) {
  Setup setup = prepare(config);  // everything cheap is validated before any data is touched
  std::vector<std::string> inputs = input_paths(config);
  inputs.push_back(config.reference_path);
  output::StagedFolder folder(config.output_dir, inputs);
  PipelineConfig cfg = config;
  cfg.output_dir = folder.staging();
  RunState s(cfg, progress);
  s.setup = std::move(setup);
  const unsigned threads = s.setup.threads;
  s.input_hashes = hash_inputs(cfg, threads);

  s.step("read_areas", "read areas", [&] { s.areas = read_areas(cfg, s.geos, s.warnings); });
  const Levels& lv = s.areas.levels;
  s.street_work = start_streets(cfg, lv, threads);
  s.step("read_incidents", "read incidents", [&] {
    s.incidents =
        read_incident_records(cfg, s.setup.taxonomy, s.areas, [&](int64_t rows) { s.report("read incidents", rows); });
  });
  const IncidentTable& incidents = s.incidents.table;
  s.report("assign to buurten", 0, static_cast<int64_t>(incidents.size()));
  s.step("assign_buurt", "", [&] {
    s.assigned = assign_buurten(s.areas, s.incidents, threads, s.accounting);
    check_assignment(cfg, s.incidents, s.accounting, lv);
  });
  s.report("assign to straten");
  std::optional<StreetWork> streets;  // beside the incident reading: their own wall times
  if (s.street_work.valid()) {
    s.step("wait_streets", "", [&] { streets = s.street_work.get(); });
    s.record("read_streets", streets->read_s);
    s.record("build_straten", streets->straten_s);
  }
  StreetNames names;
  s.step(streets ? "snap_streets" : "match_streets", "", [&] {
    names = match_streets(cfg, streets ? &*streets : nullptr, incidents, threads, s.accounting);
  });
  streets.reset();
  s.step("assign_straat", "", [&] {
    s.straten = build_straat_level(lv, s.assigned, std::move(names), straat_key_rule(cfg, s.setup), threads);
  });
  s.step("periods", "", [&] { s.periods = choose_periods(cfg, incidents, s.assigned, s.warnings); });
  s.step("aggregate", "aggregate", [&] {
    s.counts = count_cubes(lv, s.straten, incidents, s.assigned, s.setup.taxonomy, s.periods, threads, s.accounting);
  });
  // Protect first, then analyse: in the public profile the counts are released here and the
  // incidents go; every later stage reads released counts only (protection.hpp).
  s.step("protect", "protect the counts", [&] {
    s.protection = protect(cfg, s.setup, s.counts, lv, s.straten, incidents, s.assigned, s.periods, s.geos);
    if (cfg.privacy.profile == Profile::public_) s.free_incidents();
    s.figures = count_figures(s.counts.cubes, s.counts.n_mains, s.periods);
    // The straat cube (the largest) serves only the straat trends after this.
    if (!cfg.analysis.trends) s.counts.cubes[kStraat] = {};
    s.info = describe_levels(cfg, lv, s.straten);
  });

  s.step("hotspots", cfg.analysis.hotspots ? "hotspot statistics" : "", [&] {
    s.hotspots = analyse_hotspots(cfg, lv, s.protection, s.figures, s.info, threads, s.warnings);
  });
  s.step("trends", cfg.analysis.trends ? "trends and emerging hot spots" : "", [&] {
    s.trends = analyse_trends(cfg, s.counts, s.figures, s.hotspots, s.protection, s.periods, threads);
  });
  s.step("write_layers", "write outputs", [&] {
    s.published = write_layers(cfg, s.setup, lv, std::move(s.straten.lines), s.info, s.figures, s.hotspots, s.trends,
                               s.periods, s.log());
  });
  s.step("write_weights", "", [&] {
    write_weights_files(cfg, lv, s.hotspots, s.info, s.log(), s.hotspots.report);
    write_global_statistics(cfg, lv, s.hotspots, s.log());
  });
  s.step("focus", "focus lists and indicators", [&] {
    s.focus = focus_lists(cfg, s.info, s.figures, s.hotspots, s.trends, s.counts, s.published, s.periods, s.log(),
                          s.run_json);
  });
  s.step("evaluation", cfg.analysis.evaluation ? "evaluation" : "", [&] {
    const bool restricted = cfg.privacy.profile == Profile::restricted;  // public: no incident read
    const RestrictedIncidents inc{restricted ? &incidents : nullptr, restricted ? &s.assigned.area : nullptr,
                                  &s.setup.taxonomy};
    s.evaluation = evaluate_lists(cfg, lv, s.info, s.figures, s.published, s.hotspots, s.protection, s.counts, s.periods, inc,
                                  threads, s.log(), s.run_json);
  });
  s.step("surfaces", cfg.analysis.surfaces ? "grid and density surfaces" : "", [&] {
    if (cfg.analysis.surfaces)
      s.surfaces = make_surfaces(cfg, s.protection, lv, s.setup.taxonomy, s.periods, threads, s.log(), s.run_json);
  });
  // The run's map page reads published files only, all written by now: with more than one
  // thread it is made beside the packs, and its files are listed after theirs either way.
  std::vector<std::string> map_files, map_warnings;
  nlohmann::json map_schema;
  auto map_page = [&] {
    const auto start = std::chrono::steady_clock::now();
    write_run_map_page(cfg, s.published, s.surfaces, s.periods, s.protection.report, RunLog{map_files, map_warnings, map_schema});
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::future<double> map_beside;
  if (cfg.output.maps && cfg.packs && threads > 1) map_beside = std::async(std::launch::async, map_page);
  if (cfg.packs)
    s.step("packs", map_beside.valid() ? "review packs and map page" : "review packs", [&] {
      write_review_packs(cfg, lv, s.published, s.surfaces, s.focus, s.evaluation, s.periods, s.protection.report, s.log());
    });
  if (map_beside.valid())
    s.record("map", map_beside.get());
  else if (cfg.output.maps)
    s.step("map", "map page", [&] { map_page(); });
  s.files.insert(s.files.end(), map_files.begin(), map_files.end());
  s.warnings.insert(s.warnings.end(), map_warnings.begin(), map_warnings.end());
  s.step("write", "", [&] { write_records(cfg, s.incidents, s.assigned, lv, s.straten, s.info, s.log()); });
  write_run_json(s);
  folder.commit(s.files);

  RunResult result;
  result.output_dir = folder.target();
  result.files = s.files;
  result.accounting = s.accounting;
  result.warnings = s.warnings;
  return result;
}

}  // namespace brandpunt::pipeline
