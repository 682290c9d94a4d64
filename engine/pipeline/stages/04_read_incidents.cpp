// Stage 04: the incident records.
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

io::IncidentReadResult read_incident_records(const PipelineConfig& cfg, const Taxonomy& taxonomy,
                                             const std::function<void(int64_t rows)>& progress) {
  return io::read_incidents(cfg.incidents, taxonomy, cfg.analysis_crs, progress);
}

}  // namespace brandpunt::pipeline
