#include "crs/suggest.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "crs/transform.hpp"

namespace brandpunt::crs {

std::optional<std::string> crs_from_extent(const Envelope& e) {
  if (e.empty()) return std::nullopt;
  const bool lonlat = e.min_x >= -180 && e.max_x <= 180 && e.min_y >= -90 && e.max_y <= 90;
  if (lonlat) return "EPSG:4326";
  const bool rd = e.min_x >= 0 && e.max_x <= 300000 && e.min_y >= 289000 && e.max_y <= 629000;
  if (rd) return "EPSG:28992";
  return std::nullopt;
}

int utm_zone(double lon, double lat) {
  int zone = static_cast<int>(std::floor((lon + 180) / 6)) + 1;
  zone = std::max(1, std::min(60, zone));
  if (lat >= 56 && lat < 64 && lon >= 3 && lon < 12) zone = 32;  // south-west Norway
  if (lat >= 72 && lat < 84) {                                   // Svalbard
    if (lon >= 0 && lon < 9) zone = 31;
    else if (lon >= 9 && lon < 21) zone = 33;
    else if (lon >= 21 && lon < 33) zone = 35;
    else if (lon >= 33 && lon < 42) zone = 37;
  }
  return zone;
}

std::string utm_crs(double lon, double lat) {
  const int zone = utm_zone(lon, lat);
  return "EPSG:" + std::to_string((lat >= 0 ? 32600 : 32700) + zone);
}

CrsSuggestion suggest_analysis_crs(const Envelope& ll) {
  const double lon = (ll.min_x + ll.max_x) / 2, lat = (ll.min_y + ll.max_y) / 2;
  if (lon >= 3.2 && lon <= 7.3 && lat >= 50.7 && lat <= 53.7)
    return {"EPSG:28992", "the data lie in the Netherlands: Amersfoort / RD New (metres)"};
  const std::string crs = utm_crs(lon, lat);
  const std::string zone = std::to_string(utm_zone(lon, lat)) + (lat >= 0 ? "N" : "S");
  char where[64];
  std::snprintf(where, sizeof where, "%.2f, %.2f", lon, lat);
  return {crs, "UTM zone " + zone + " (" + crs + ", WGS 84 / UTM, metres) of the data's centre (lon, lat " + where +
                   "); a national metric CRS may suit better"};
}

Envelope lonlat_extent(const Envelope& e, const std::string& crs) {
  Envelope out;
  if (e.empty()) return out;
  const Transformer t(crs, "EPSG:4326");
  const double xs[3] = {e.min_x, (e.min_x + e.max_x) / 2, e.max_x};
  const double ys[3] = {e.min_y, (e.min_y + e.max_y) / 2, e.max_y};
  for (double x : xs)
    for (double y : ys) {
      const XY p = t.transform(XY{x, y});
      if (std::isfinite(p.x) && std::isfinite(p.y)) out.expand(p);
    }
  return out;
}

}  // namespace brandpunt::crs
