// The synthetic demo city: an irregular outline tiled exactly by buurten (a Voronoi diagram
// of seeded points, relaxed by Lloyd's algorithm and clipped to the outline on a 1 cm grid),
// buurten clustered into wijken (k-means on centroids), wijken into stadsdelen (a Centrum
// around the town centre plus compass sectors) and stadsdelen into gemeenten. Codes follow
// CBS: gemeente GM0999, wijk WK099901, buurt BU09990101. Above ~90 wijken the area is split
// into several gemeenten (GM0999, GM1000, ...) so the codes stay in CBS form at national scale.
//
//   geom::GeosContext geos;  Rng rng(42);
//   City city = generate_city(CityOptions{}, rng, geos);   // ~100 buurten, ~150,000 people
//   city.buurten.code[0];   // "BU09990101"
#pragma once

#include <cstdint>
#include <vector>

#include "core/areas.hpp"
#include "geom/geos.hpp"
#include "rng.hpp"

namespace brandpunt::gendemo {

struct CityOptions {
  int buurten = 100;                 // number of buurten (>= 7)
  int64_t inhabitants = 0;           // total population; 0 = 1,500 per buurt
  double buurt_area_m2 = 550'000;    // mean buurt area: sets the size of the outline
  XY centre{140'000, 455'000};       // RD New centre of the first gemeente (inland, on land)
  int buurten_per_wijk = 5;          // mean buurten per wijk
  int max_wijken_per_gemeente = 90;  // CBS wijk codes have two digits per gemeente
  int stadsdelen_per_gemeente = 7;
  int lloyd_iterations = 2;  // relaxation rounds: evens out buurt sizes
  double grid_m = 0.01;      // coordinate precision of every polygon, metres
};

struct City {
  MultiPolygon outline;  // the union of all buurten
  // Levels from small to large; `parent` holds the code one level up.
  AreaLayer buurten, wijken, stadsdelen, gemeenten;
  std::vector<uint32_t> buurt_wijk, wijk_stadsdeel, stadsdeel_gemeente;  // parent indices
  std::vector<std::string> buurt_gemeente_code;  // GM code of each buurt (a CBS field)
  std::vector<XY> buurt_centroid;
  std::vector<double> buurt_area_m2;
  std::vector<double> activity;           // per buurt, relative shops/nightlife intensity (> 0)
  std::vector<uint8_t> industrial;        // 1 = bedrijventerrein with a tiny population
  std::vector<XY> gemeente_centre;        // town centre of each gemeente
  std::vector<double> gemeente_radius_m;  // radius of a disc of the gemeente's area
};

City generate_city(const CityOptions& options, Rng& rng, const geom::GeosContext& geos);

}  // namespace brandpunt::gendemo
