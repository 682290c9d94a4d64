// An area layer (buurt, wijk, stadsdeel, gemeente, or grid cells): columns of code, name,
// parent code, population and geometry in the analysis CRS.
//
//   AreaLayer buurten;  buurten.level = "buurt";
//   buurten.code = {"BU09350101"};  buurten.parent = {"WK093501"};
//   buurten.population = {1234};  // NaN when the source has no population ("no data")
#pragma once

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/geometry.hpp"

namespace brandpunt {

inline constexpr double kNoData = std::numeric_limits<double>::quiet_NaN();

struct AreaLayer {
  std::string level;                   // "buurt", "wijk", "stadsdeel", "gemeente", ...
  std::vector<std::string> code;       // unique code, e.g. BU09350101
  std::vector<std::string> name;       // display name
  std::vector<std::string> parent;     // code of the containing area one level up ("" = none)
  std::vector<double> population;      // inhabitants; kNoData (NaN) when unknown
  std::vector<MultiPolygon> geometry;  // analysis CRS, valid, closed rings

  size_t size() const { return code.size(); }
  bool has_population(size_t i) const { return !std::isnan(population[i]); }
};

}  // namespace brandpunt
