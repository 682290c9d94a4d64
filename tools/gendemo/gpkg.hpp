// GeoPackage and CSV output of the demo city, the incident GeoPackage sink, and the reader
// for a real polygon layer (scatter mode). GDAL's C API is wrapped here and nowhere else;
// every file is written under a temporary name and renamed into place when complete.
//
//   write_city_gpkg("out/city.gpkg", city, streets);        // EPSG:28992, 5 layers
//   AreaSource src = read_area_layer("buurten.gpkg", "buurtcode");  // projected metres only
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "city.hpp"
#include "incidents.hpp"
#include "streets.hpp"

namespace brandpunt::gendemo {

// Layers buurten, wijken, stadsdelen, gemeente and (with_streets) straten; the file is
// byte-stable for a seed (the GeoPackage timestamp is pinned via OGR_CURRENT_DATE). A NaN
// population is written as null.
void write_city_gpkg(const std::string& path, const City& city, const StreetNetwork& streets,
                     bool with_streets = true);

// buurt_stadsdeel.csv (buurtcode,stadsdeelcode) and population.csv (buurtcode,inwoners; a
// buurt with a NaN population has no row).
void write_city_tables(const std::string& dir, const City& city);

// Writes `text` to `path` atomically (path.tmp, then rename).
void write_text_file(const std::string& path, const std::string& text);

// Incidents as a point layer "incidents" (fields as in the CSV; x/y null and no geometry
// for a missing coordinate). `srs_wkt` empty = EPSG:28992.
std::unique_ptr<IncidentSink> make_gpkg_sink(const std::string& path, const std::string& srs_wkt);

// A real polygon layer for scatter mode.
struct AreaSource {
  std::vector<std::string> code, name;
  std::vector<MultiPolygon> geometry;
  std::string srs_wkt;    // the layer's CRS, for the output
  std::string crs_label;  // "EPSG:28992" when the CRS has an authority code, else its name
};

// Reads the first layer of `path`; throws Error(crs) unless the CRS is projected in metres,
// Error(config) when `code_field` is missing.
AreaSource read_area_layer(const std::string& path, const std::string& code_field);

}  // namespace brandpunt::gendemo
