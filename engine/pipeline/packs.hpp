// The review pack per stadsdeel (internal to the pipeline): packs/<stadsdeel code>/ holds that
// stadsdeel's straat, buurt and wijk layers and grid hot spots (rows selected from the run's
// published tables, so the public profile's protection carries over unchanged), its focus
// lists, its indicators, and a README.md in Dutch that a stadsdeelregisseur reads without GIS.
// evaluation_sections: the README's evaluation section per stadsdeel code (evaluation.hpp).
// privacy_note (public profile): one sentence on the noise of the published counts, in the report language.
// With `maps` ([output] maps), each pack also gets its map page and pictures (report/run_report.hpp),
// shown in the README; the README names only files that are in the pack (pack_text.hpp).
//
//   auto files = write_packs(cfg, stadsdelen, tables, geometry, grid, focus, periods, note, dir, &maps);
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "core/areas.hpp"
#include "output/table.hpp"
#include "output/vector_writer.hpp"
#include "pipeline/figures.hpp"
#include "pipeline/focus_step.hpp"
#include "report/run_report.hpp"

namespace brandpunt::pipeline {

// What the packs' maps need ([output] maps): what they say of the run, and the run's focus
// lists and series, read once for all packs.
struct PackMaps {
  report::ReportOptions options;
  report::PublishedRun run;
};

struct GridLayer {
  output::Table table;
  output::LayerGeometry geometry;
};

std::vector<std::string> write_packs(const PipelineConfig& cfg, const AreaLayer& stadsdelen,
                                     const std::array<output::Table, kLevelCount>& tables,
                                     const std::array<output::LayerGeometry, kLevelCount>& geometry,
                                     const GridLayer& grid, const FocusResult& focus,
                                      const std::map<std::string, std::string>& evaluation_sections,
                                      const Periods& periods, const std::string& privacy_note, const std::string& dir,
                                      const PackMaps* maps = nullptr);

}  // namespace brandpunt::pipeline
