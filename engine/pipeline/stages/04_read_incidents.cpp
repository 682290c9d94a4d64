// Stage 04: the incident records.
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

io::IncidentReadResult read_incident_records(const PipelineConfig& cfg, const Taxonomy& taxonomy, const Areas& areas,
                                             const std::function<void(int64_t rows)>& progress) {
  io::IncidentSourceOptions o = cfg.incidents;
  // A point outside the buurten whose two numbers, swapped or read as lon/lat, land in a buurt
  // is rejected as swapped_coordinates, not counted as outside (io/incident_reader.hpp).
  for (const auto& g : areas.levels.buurt.geometry) o.study_area.extent.expand(envelope_of(g));
  const std::shared_ptr<const index::AreaIndex> index = areas.buurt_index;
  if (index) o.study_area.contains = [index](double x, double y) { return index->locate(x, y) != kNoArea; };
  return io::read_incidents(o, taxonomy, cfg.analysis_crs, progress);
}

}  // namespace brandpunt::pipeline
