// The version of brandpunt and of the libraries it computes with, for --version and run.json.
//
//   software_versions();   // {{"gdal", "3.6.2"}, {"geos", "3.11.1"}, {"proj", "9.1.1"}}
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace brandpunt {

inline constexpr const char* kVersion = "0.1.0";

// (library, version) of GDAL, GEOS and PROJ as linked at run time.
std::vector<std::pair<std::string, std::string>> software_versions();

}  // namespace brandpunt
