// The area levels of a run and the hierarchy between them (internal to the pipeline).
//
// Buurten come from a polygon layer; wijken from a polygon layer; stadsdelen from a layer,
// from a buurt -> stadsdeel table (polygons dissolved from the buurten), or are the wijken
// themselves (Maastricht, or when no stadsdeel level is configured). Without a wijk level
// the gemeente stands in for the one wijk and stadsdeel (wijk_implicit). The gemeente is the dissolved union of the buurten. Parents are
// found by code and then checked geometrically: each buurt's interior point must fall in its
// wijk, each wijk's in its stadsdeel; a mismatch is a warning in run.json.
//
//   Levels lv = load_levels(cfg, geos, warnings, report);
//   lv.wijk.code[lv.buurt_wijk[i]];   // the wijk of buurt i
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/areas.hpp"
#include "geom/geos.hpp"
#include "pipeline/config.hpp"

namespace brandpunt::pipeline {

struct Levels {
  AreaLayer buurt, wijk, stadsdeel, gemeente;
  std::vector<uint32_t> buurt_wijk;       // index of each buurt's wijk
  std::vector<uint32_t> wijk_stadsdeel;   // index of each wijk's stadsdeel
  bool stadsdeel_is_wijk = false;         // config: [areas.stadsdeel] same_as = "wijk" (or none)
  // No [areas.wijk]: one wijk standing for the whole gemeente (code and name of the gemeente),
  // and the stadsdeel level the same; these stand-ins are not published as levels.
  bool wijk_implicit = false;
};

// Reads, repairs and links the levels; appends warnings; fills report["areas"].
Levels load_levels(const PipelineConfig& cfg, const geom::GeosContext& geos,
                   std::vector<std::string>& warnings, nlohmann::json& report);

}  // namespace brandpunt::pipeline
