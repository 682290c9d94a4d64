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
// order of the source. Invalid polygons are repaired with GEOS MakeValid in its "structure"
// mode (every lobe of a self-intersecting ring is kept: a bow-tie stays two triangles, a ring
// that folds over itself keeps the folded part; holes are subtracted; only the polygonal parts
// are kept) and each repair is listed in the report with the area it lost or gained
// ("BU09350101: Self-intersection[x y] repaired: 2,730 m² before, 2,730 m² after"); validity is
// checked after projection, in the CRS the analysis uses. A repair that loses more than
// `max_repair_loss` of the area as drawn stops the run: the polygon is not what was meant.
//
// The area as drawn: the area each ring encloses, every face of a self-intersecting ring
// counted once (a bow-tie drawn as one ring encloses both triangles), holes subtracted, summed
// over the parts. For a valid polygon it is its area.
//
// Text: codes (code, parent) holding a control character or malformed UTF-8 are an error
// naming the row; names have such characters replaced (core/text.hpp) and a line in the report.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/areas.hpp"

namespace brandpunt::crs {
class Transformer;
}
namespace brandpunt::geom {
class GeosContext;
}

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
  double max_repair_loss = 0.01;  // share of a polygon's drawn area a repair may lose (1 = any)
};

// One polygon made valid, with what it cost (analysis CRS units: m² for a projected CRS).
struct AreaRepair {
  std::string code;
  int64_t row = 0;             // feature number in read order, 1-based
  std::string reason;          // GEOS's validity reason, e.g. "Self-intersection[25 5]"
  double area_before_m2 = 0;   // the area as drawn (see above)
  double area_after_m2 = 0;    // after MakeValid
  double lost_m2 = 0;          // max(0, before - after)
  double gained_m2 = 0;        // max(0, after - before)
};

struct AreaReadReport {
  int64_t features = 0;
  int64_t repaired = 0;               // polygons made valid (or with degenerate rings dropped)
  std::vector<AreaRepair> repairs;    // the MakeValid repairs, in read order
  int64_t names_cleaned = 0;          // names with control characters or bad bytes replaced
  int64_t population_no_data = 0;     // areas with kNoData population (field set)
  std::vector<std::string> messages;  // one line per repair or odd value
};

// Reads area layers into one analysis CRS, keeping its PROJ transformations and GEOS context
// between reads (creating a transformation takes milliseconds): many layers, or many small
// inputs in a fuzzer, through one reader. One thread at a time.
class AreaReader {
 public:
  explicit AreaReader(std::string analysis_crs);
  ~AreaReader();
  AreaReader(const AreaReader&) = delete;
  AreaReader& operator=(const AreaReader&) = delete;

  AreaLayer read(const AreaSourceOptions& options, AreaReadReport& report);

 private:
  const crs::Transformer& transformer(const std::string& source_crs);
  std::string analysis_crs_;
  std::map<std::string, std::unique_ptr<crs::Transformer>> transformers_;
  std::unique_ptr<geom::GeosContext> geos_;
};

// One read through a fresh AreaReader.
AreaLayer read_areas(const AreaSourceOptions& options, const std::string& analysis_crs,
                     AreaReadReport& report);

}  // namespace brandpunt::io
