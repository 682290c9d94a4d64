// Stage 15: grid hot spots and the kernel density surface.
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

SurfacePoints collect_surface_points(const IncidentTable& incidents, const assign::AssignResult& assigned,
                                     const Counts& counts, const Periods& periods) {
  // The analysis period's points for the grid's Gi* and the KDE; the series window's points
  // with their time for the grid's space-time cube.
  SurfacePoints p;
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (assigned.area[i] == kNoArea) continue;
    const int m = aggregate::month_of(incidents.time_s[i]);
    if (m >= periods.series.first && m < periods.series.first + periods.series.count) {
      p.sx.push_back(incidents.x[i]);
      p.sy.push_back(incidents.y[i]);
      p.st.push_back(incidents.time_s[i]);
      p.smain.push_back(counts.main_of_incident[i]);
    }
    if (m < periods.first[kCurrent] || m >= periods.first[kCurrent] + periods.months) continue;
    p.x.push_back(incidents.x[i]);
    p.y.push_back(incidents.y[i]);
  }
  return p;
}

SurfaceResult make_surfaces(const PipelineConfig& cfg, const SurfacePoints& points, const Levels& levels,
                            const Taxonomy& taxonomy, const Periods& periods, unsigned threads,
                            const RunLog& log, nlohmann::json& run_json) {
  const MultiPolygon& outline = levels.gemeente.geometry.front();
  const CategoryKeys keys = category_keys(taxonomy, false);
  const SeriesPoints series{points.sx, points.sy, points.st, points.smain,
                            std::vector<std::string>(keys.keys.begin() + 1, keys.keys.end()),
                            series_window(periods, time::parse_step(cfg.time.step))};
  SurfaceResult surfaces = write_surfaces(cfg, outline, points.x, points.y, series, threads);
  log.files.insert(log.files.end(), surfaces.files.begin(), surfaces.files.end());
  log.warnings.insert(log.warnings.end(), surfaces.warnings.begin(), surfaces.warnings.end());
  run_json["grid"] = surfaces.grid_report;
  run_json["kde"] = surfaces.kde_report;
  for (auto& [k, v] : surfaces.schema.items()) log.schema[k] = v;
  return surfaces;
}

}  // namespace brandpunt::pipeline
