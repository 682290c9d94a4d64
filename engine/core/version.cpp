#include "core/version.hpp"

#include <gdal.h>
#include <geos_c.h>
#include <proj.h>

namespace brandpunt {

std::vector<std::pair<std::string, std::string>> software_versions() {
  // GEOS says "3.11.1-CAPI-1.17.1": the library version is the part before "-CAPI".
  std::string geos = GEOSversion();
  geos = geos.substr(0, geos.find("-CAPI"));
  return {{"gdal", GDALVersionInfo("RELEASE_NAME")}, {"geos", geos}, {"proj", proj_info().version}};
}

}  // namespace brandpunt
