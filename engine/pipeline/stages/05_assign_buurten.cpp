// Stage 05: each incident to one buurt, and the accounting identity.
#include "core/error.hpp"
#include "index/area_index.hpp"
#include "pipeline/sanity.hpp"
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

assign::AssignResult assign_buurten(const Areas& areas, const io::IncidentReadResult& incidents, unsigned threads,
                                    Accounting& acc) {
  assign::AssignResult assigned = assign::assign_to_areas(*areas.buurt_index, incidents.table, threads);
  acc.read = incidents.read;
  acc.rejected = static_cast<int64_t>(incidents.rejects.size());
  acc.assigned = assigned.assigned;
  acc.outside = assigned.outside;
  acc.duplicate_ids = incidents.duplicate_ids;
  if (!acc.balanced())
    throw Error(ErrorKind::internal, "accounting does not balance: read " + std::to_string(acc.read) +
                                         " != assigned + outside + rejected");
  return assigned;
}

void check_assignment(const PipelineConfig& cfg, const io::IncidentReadResult& incidents, const Accounting& accounting,
                      const Levels& levels) {
  const std::vector<std::string> problems = assignment_problems(cfg, incidents, accounting, levels);
  if (!problems.empty()) stop_run(cfg, problems);
}

}  // namespace brandpunt::pipeline
