// libFuzzer target: the area reader (io/area_reader.hpp) on arbitrary GeoJSON-like bytes,
// served to GDAL from memory (/vsimem). One AreaReader (PROJ transformation and GEOS context)
// is kept for the whole run. What comes out must be usable: codes unique, sorted and clean,
// names clean, every geometry valid with a positive area, each repair accounted for.
#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <geos_c.h>

#include <cstdint>
#include <string>

#include "core/error.hpp"
#include "core/text.hpp"
#include "geom/geos.hpp"
#include "io/area_reader.hpp"

namespace {

// Only the GeoJSON driver stays registered: opening a file then does not ask ~200 drivers
// whether it is theirs (which took most of the time of an input). GDAL_SKIP (comma-separated:
// some names hold spaces) makes every registration, the engine's own included, drop and free
// the others.
bool only_geojson() {
  GDALAllRegister();
  std::string skip;
  for (int i = 0; i < GDALGetDriverCount(); ++i) {
    const std::string name = GDALGetDriverShortName(GDALGetDriver(i));
    if (name != "GeoJSON") skip += (skip.empty() ? "" : ",") + name;
  }
  CPLSetConfigOption("GDAL_SKIP", skip.c_str());
  GDALAllRegister();
  return GDALGetDriverCount() == 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool drivers = only_geojson();
  (void)drivers;
  static brandpunt::io::AreaReader reader("EPSG:28992");
  static brandpunt::geom::GeosContext geos;
  const char* path = "/vsimem/fuzz_areas.geojson";
  VSILFILE* f = VSIFileFromMemBuffer(path, const_cast<GByte*>(data), size, FALSE);
  if (!f) return 0;
  VSIFCloseL(f);
  brandpunt::io::AreaSourceOptions o;
  o.path = path;
  o.code_field = "code";
  o.name_field = "naam";
  o.parent_field = "wijk";
  o.population_field = "pop";
  o.crs = "EPSG:28992";
  o.max_repair_loss = 0.5;
  try {
    brandpunt::io::AreaReadReport report;
    const brandpunt::AreaLayer a = reader.read(o, report);
    for (size_t i = 0; i < a.size(); ++i) {
      if (i > 0 && !(a.code[i - 1] < a.code[i])) __builtin_trap();
      if (a.code[i].empty() || !brandpunt::core::is_clean(a.code[i])) __builtin_trap();
      if (!brandpunt::core::is_clean(a.name[i])) __builtin_trap();
      if (a.geometry[i].empty() || !(brandpunt::area_of(a.geometry[i]) >= 0)) __builtin_trap();
      const auto g = geos.from(a.geometry[i]);
      if (!geos.is_valid(g.get())) __builtin_trap();
    }
    for (const auto& r : report.repairs)
      if (r.lost_m2 > 0.5 * r.area_before_m2 + 1e-9) __builtin_trap();
  } catch (const brandpunt::Error&) {
  }
  VSIUnlink(path);
  return 0;
}
