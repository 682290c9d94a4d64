// Stage 12: trends, emerging hot spots and changes between periods on straat, buurt and wijk.
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

TrendResults analyse_trends(const PipelineConfig& cfg, const Counts& counts, const Figures& figures,
                            const HotspotResults& hotspots, const Protection& protection, const Periods& periods,
                            unsigned threads) {
  TrendResults r;
  r.step = time::parse_step(cfg.time.step);
  if (!cfg.analysis.trends) return r;
  // The series at the configured step: month and quarter from the monthly cubes, weeks (which
  // do not nest in months) as the protection stage made them, with the same groups as the cubes.
  if (r.step == time::Step::week) {
    r.series = protection.week;
  } else {
    for (size_t l = 0; l < 3; ++l)
      r.series[l] = step_series_from_months(counts.cubes[l], figures.levels[l].n_cats, periods, r.step);
  }
  for (int l = 0; l < 3; ++l) {
    const size_t L = static_cast<size_t>(l);
    r.levels[L] = level_trends(counts.cubes[L], figures.levels[L], figures.levels[L].n_cats, periods,
                               hotspots.weights[L], cfg.time, r.series[L], threads);
    r.report[level_name(l)] = r.levels[L].report;
  }
  return r;
}

}  // namespace brandpunt::pipeline
