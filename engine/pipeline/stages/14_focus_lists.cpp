// Stage 14: focus lists, indicators and the reference comparison.
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

FocusResult focus_lists(const PipelineConfig& cfg, const std::array<LevelInfo, kLevelCount>& info,
                        const Figures& figures, const HotspotResults& hotspots, const TrendResults& trends,
                        const Counts& counts, const Published& published, const Periods& periods,
                        const RunLog& log, nlohmann::json& run_json) {
  std::array<LevelView, kLevelCount> views;
  for (size_t l = 0; l < kLevelCount; ++l) {
    LevelView& v = views[l];
    v.info = &info[l];
    v.figures = &figures.levels[l];
    v.hotspots = l <= kWijk ? &hotspots.levels[l] : nullptr;
    v.trends = l <= kWijk ? &trends.levels[l] : nullptr;
    v.cube = &counts.cubes[l];
    v.cat_keys = &published.keys[l].keys;
    v.cat_labels = &published.keys[l].labels;
    v.cat_labels_en = &published.keys[l].labels_en;
    v.weights = l <= kWijk ? &hotspots.weights[l] : nullptr;
    v.polygons = &published.geometry[l].polygons;
    v.lines = &published.geometry[l].lines;
  }
  FocusResult focus = run_focus(cfg, views, periods);
  write_focus_outputs(cfg, focus, views, cfg.output_dir, log.files);
  if (cfg.analysis.focus) {
    const focus::Policy& p = cfg.focus;
    size_t listed = 0, fading = 0, short_lists = 0;
    for (const auto& l : focus.lists) {
      listed += l.listed.size();
      fading += l.fading.size();
      short_lists += static_cast<int>(l.listed.size()) < p.rows;
    }
    run_json["focus"] = {{"policy", {{"weights", {{"hotspot", p.w_hotspot}, {"excess", p.w_excess}, {"outlier", p.w_outlier},
                                                  {"rate", p.w_rate}, {"volume", p.w_volume}, {"trend", p.w_trend},
                                                  {"emerging", p.w_emerging}, {"change", p.w_change}}},
                                     {"exposure", focus::to_string(p.exposure)}, {"excess_alpha", p.excess_alpha},
                                     {"min_count", p.min_count}, {"rows", p.rows},
                                     {"near_miss_rows", p.near_miss_rows}, {"fading_rows", p.fading_rows},
                                     {"language", p.language}}},
                         {"excess_test", "exact Poisson test of the count against its expectation (one-sided, R "
                                         "poisson.test alternative = \"greater\"), BH over each level's areas"},
                         {"exposure_by_level", focus.exposure},
                         {"lists", focus.lists.size()},
                         {"listed_rows", listed},
                         {"lists_shorter_than_rows", short_lists},
                         {"fading_rows", fading},
                         {"signals", focus.signals.size()},
                         {"indicators", cfg.indicators.size()},
                         {"indicator_reports", {focus.month_label, focus.quarter_label}}};
  }
  return focus;
}

}  // namespace brandpunt::pipeline
