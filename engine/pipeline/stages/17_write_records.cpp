// Stage 17: the record-level files.
#include <filesystem>

#include "output/csv_writer.hpp"
#include "pipeline/stages.hpp"

namespace fs = std::filesystem;

namespace brandpunt::pipeline {

void write_records(const PipelineConfig& cfg, const io::IncidentReadResult& incidents,
                   const assign::AssignResult& assigned, const Levels& lv, const Straten& straten,
                   const std::array<LevelInfo, kLevelCount>& info, const RunLog& log) {
  // Restricted profile: which areas each record went to (no coordinates), for checking.
  if (cfg.privacy.profile == Profile::restricted) {
    const IncidentTable& table = incidents.table;
    const std::vector<std::string>& sd_of_buurt = info[kBuurt].stadsdeel;
    output::Table t;
    t.add_integer("row", "data row in the incident source (1-based, header not counted)");
    t.add_string("buurt_code", "assigned buurt (empty = outside the study area)");
    t.add_string("wijk_code", "wijk of that buurt");
    t.add_string("stadsdeel_code", "stadsdeel of that buurt");
    t.add_string("straat_code", "assigned straat (empty = none)");
    for (size_t i = 0; i < table.size(); ++i) {
      const uint32_t b = assigned.area[i];
      const uint32_t s = straten.of_incident[i];
      t.columns[0].ints.push_back(table.row[i]);
      t.columns[1].strings.push_back(b == kNoArea ? "" : lv.buurt.code[b]);
      t.columns[2].strings.push_back(b == kNoArea ? "" : lv.wijk.code[lv.buurt_wijk[b]]);
      t.columns[3].strings.push_back(b == kNoArea ? "" : sd_of_buurt[b]);
      t.columns[4].strings.push_back(s == kNoArea ? "" : straten.layer.code[s]);
    }
    log.schema["incident_assignment"] = table_schema(t);
    output::write_csv((fs::path(cfg.output_dir) / "incident_assignment.csv").string(), t);
    log.files.push_back("incident_assignment.csv");
  }
  // Rejects, one row per rejected record: restricted only. Its rows (and their number) would
  // tell whether one record is in the data; the public run.json has the noisy count per reason.
  if (cfg.privacy.profile == Profile::public_) return;
  output::write_rejects_csv((fs::path(cfg.output_dir) / "rejects.csv").string(), incidents.rejects);
  log.files.push_back("rejects.csv");
}

}  // namespace brandpunt::pipeline
