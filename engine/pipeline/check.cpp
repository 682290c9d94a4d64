#include "pipeline/check.hpp"

#include <cmath>
#include <thread>

#include "pipeline/run_state.hpp"
#include "pipeline/sanity.hpp"
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

CheckReport check(const PipelineConfig& config, int64_t max_rows, const ProgressFn& progress) {
  PipelineConfig cfg = config;
  cfg.incidents.max_rows = max_rows;
  CheckReport r;
  auto report = [&](const std::string& step, int64_t done = 0, int64_t total = 0) {
    if (progress) progress(Progress{step, done, total});
  };
  // The stages a run starts with, and its sanity stops as problems (pipeline/sanity.hpp).
  check_analysis_crs(cfg);
  const Taxonomy taxonomy = taxonomy_of(cfg);
  const unsigned threads = cfg.threads ? cfg.threads : std::max(1u, std::thread::hardware_concurrency());
  geom::GeosContext geos;
  report("read areas");
  const Areas areas = read_areas(cfg, geos, r.warnings);
  const Levels& lv = areas.levels;
  report("read incidents");
  const io::IncidentReadResult incidents =
      read_incident_records(cfg, taxonomy, areas, [&](int64_t rows) { report("read incidents", rows); });
  r.complete = max_rows == 0 || incidents.read < max_rows;
  report("assign to buurten", 0, static_cast<int64_t>(incidents.table.size()));
  const assign::AssignResult assigned = assign_buurten(areas, incidents, threads, r.accounting);
  r.problems = assignment_problems(cfg, incidents, r.accounting, lv);
  const Periods periods = choose_periods(cfg, incidents.table, assigned, r.warnings);

  for (const auto& j : incidents.rejects) {
    ++r.rejected_by_reason[j.reason];
    if (j.reason == io::reject_reason::unknown_category) ++r.unknown_codes[j.detail];
    if (j.reason == io::reject_reason::unparseable_date) ++r.unparseable_dates;
  }
  for (const auto& [code, n] : incidents.unmapped_codes) r.unmapped_codes[code] = n;
  r.date_format = cfg.incidents.date_format;
  int first = INT32_MAX, last = INT32_MIN;
  for (size_t i = 0; i < incidents.table.size(); ++i) {
    if (assigned.area[i] == kNoArea) continue;
    const int m = aggregate::month_of(incidents.table.time_s[i]);
    first = std::min(first, m);
    last = std::max(last, m);
  }
  if (first != INT32_MAX) {
    r.first_month = aggregate::month_label(first);
    r.last_month = aggregate::month_label(last);
  }
  r.period = periods.label(kCurrent);
  r.previous = periods.label(kPrevious);
  r.last_year = periods.label(kLastYear);
  r.series = aggregate::month_label(periods.series.first) + ".." +
             aggregate::month_label(periods.series.first + periods.series.count - 1);
  r.wijk_configured = !lv.wijk_implicit;
  auto level = [&](const AreaLayer& layer) {
    CheckReport::Level l{layer.level, static_cast<int64_t>(layer.size()), 0};
    for (double p : layer.population) l.without_population += !(std::isfinite(p) && p >= 0);
    r.levels.push_back(l);
  };
  level(lv.buurt);
  if (!lv.wijk_implicit) {
    level(lv.wijk);
    if (!lv.stadsdeel_is_wijk) level(lv.stadsdeel);
  }

  return r;
}

}  // namespace brandpunt::pipeline
