// Reading a street network (any GDAL line layer with a street-name field) into plain lines in
// the analysis CRS, for snapping incidents to streets and ranking streets.
//
//   StreetLines s = io::read_streets("wegvakken.gpkg", "", "stt_naam", "EPSG:28992");
//   for (size_t i = 0; i < s.lines.size(); ++i)
//     if (s.name[i] != kNoStreet) use(s.names[s.name[i]], s.lines[i]);
//
// MultiLineStrings are split into their parts (each part keeps the feature's name); curves are
// linearised; Z/M are dropped. Features with a null or empty name get name kNoStreet (not a
// made-up name such as "(onbekend)": unnamed segments must not pool into one "street").
// Features with a null geometry, a non-line geometry or fewer than two points are skipped and
// counted in `skipped`. Names are interned in order of first appearance. Errors: missing file
// (io), missing name field or layer (config), unknown CRS or none (crs).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/geometry.hpp"
#include "core/incidents.hpp"

namespace brandpunt::io {

struct StreetLines {
  std::vector<LineString> lines;   // analysis CRS
  std::vector<uint32_t> name;      // per line: index into names, or kNoStreet
  std::vector<std::string> names;  // interned street names
  int64_t features = 0;            // features read
  int64_t skipped = 0;             // features without usable line geometry
};

// `crs` overrides the layer's CRS (needed when the source has none); "" = the layer's.
StreetLines read_streets(const std::string& path, const std::string& layer,
                         const std::string& name_field, const std::string& analysis_crs,
                         const std::string& crs = "");

}  // namespace brandpunt::io
