// Which CRS coordinates are in, and which metric CRS to analyse in, guessed from an extent:
// for `brandpunt init`, which looks at files it has never seen.
//
//   crs_from_extent({4.5, 50.8, 6.0, 51.9});   // "EPSG:4326": values in lon/lat ranges
//   crs_from_extent({176000, 317000, 183000, 324000});  // "EPSG:28992": Dutch RD New ranges
//   utm_crs(-84.39, 33.75);                    // "EPSG:32616": WGS 84 / UTM zone 16N
//   suggest_analysis_crs(lonlat_extent);       // RD New inside the Netherlands, else UTM
#pragma once

#include <optional>
#include <string>

#include "core/geometry.hpp"

namespace brandpunt::crs {

// "EPSG:4326" when every value lies in lon/lat ranges (|x| <= 180, |y| <= 90) and the extent is
// not a tiny projected box near the origin; "EPSG:28992" inside RD New's range (x 0..300 km,
// y 289..629 km); nullopt otherwise (a projected CRS that only its .prj can name).
std::optional<std::string> crs_from_extent(const Envelope& extent);

// The WGS 84 / UTM zone of a point: EPSG:326zz north of the equator, 327zz south, with
// zone = floor((lon + 180) / 6) + 1 and the Norway (32V) and Svalbard (31X-37X) exceptions.
std::string utm_crs(double lon, double lat);
int utm_zone(double lon, double lat);

struct CrsSuggestion {
  std::string crs;     // "EPSG:28992" or "EPSG:326zz"
  std::string reason;  // "the extent lies in the Netherlands: RD New", "UTM zone 16N (EPSG:32616) ..."
};
// A metric analysis CRS for data whose lon/lat extent is given: RD New when its centre lies in
// the Netherlands (lon 3.2..7.3, lat 50.7..53.7), else the UTM zone of its centre.
CrsSuggestion suggest_analysis_crs(const Envelope& lonlat);

// The extent in lon/lat (EPSG:4326, x = lon): corners and edge midpoints transformed.
// Throws Error(crs) for an unknown CRS.
Envelope lonlat_extent(const Envelope& extent, const std::string& crs);

}  // namespace brandpunt::crs
