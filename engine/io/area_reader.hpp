// Reading an area layer (buurten, wijken, stadsdelen, gemeenten) from any GDAL vector source
// into an AreaLayer in the analysis CRS, with the field names mapped by the config.
//
//   AreaSourceOptions o;
//   o.path = "buurten_2022_rd.gpkg";  o.code_field = "buurtcode";  o.name_field = "buurtnaam";
//   o.parent_field = "wijkcode";  o.level = "buurt";
//   AreaReadReport report;
//   AreaLayer buurten = io::read_areas(o, "EPSG:28992", report);
//
// The layer comes out sorted by code, so every later step sees the same order whatever the
// order of the source. Invalid polygons are repaired with GEOS MakeValid (only the polygonal
// parts are kept) and each repair is listed in the report ("BU09350101: Self-intersection[x y]
// repaired"); validity is checked after projection, in the CRS the analysis uses.
//
// Population: read from a numeric or text field. CBS marks secret or unknown counts with
// negative numbers (e.g. -99999998, -99999997): any negative, empty or null value is kNoData,
// and text that is not a number is kNoData with a line in the report.
//
// Errors that stop the run: missing file (Error io, naming the path), a configured field not in
// the layer (Error config, naming the field), an unknown CRS or a layer without one and no
// `crs` set (Error crs), a duplicate or empty code (Error format, naming row and field), and a
// null, empty or non-polygonal geometry (Error geometry, naming the row and code).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/areas.hpp"

namespace brandpunt::io {

struct AreaSourceOptions {
  std::string path;
  std::string layer;             // "" = first layer
  std::string code_field;        // required, unique per feature
  std::string name_field;        // optional; "" = the code is the name
  std::string parent_field;      // optional code of the containing area (wijkcode for buurten)
  std::string population_field;  // optional; "" = every area kNoData
  std::string level;             // "buurt", "wijk", "stadsdeel", ... copied to AreaLayer::level
  std::string crs;               // "" = the layer's CRS; set it when the source has none
                                 // (when set, it overrides the layer's CRS)
};

struct AreaReadReport {
  int64_t features = 0;
  int64_t repaired = 0;               // polygons made valid
  int64_t population_no_data = 0;     // areas with kNoData population (field set)
  std::vector<std::string> messages;  // one line per repair or odd value
};

AreaLayer read_areas(const AreaSourceOptions& options, const std::string& analysis_crs,
                     AreaReadReport& report);

}  // namespace brandpunt::io
