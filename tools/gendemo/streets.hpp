// The demo city's named street network and a nearest-street index.
//
// Three kinds of street, as a Dutch town has them: border roads along the edges between
// buurten (buurt borders usually follow main roads), radial through roads from each town
// centre outward (these cross buurt borders), and a perturbed grid of residential streets
// inside each buurt, its angle shared per wijk. Every street is one LineString with a name
// unique within its gemeente. Two streets in the centre are named for planted hotspots:
// "Stationsstraat" and "Grotestraat".
//
//   StreetNetwork net = generate_streets(city, StreetOptions{}, rng, geos);
//   StreetIndex index(net);
//   uint32_t s = index.nearest(XY{140'100, 455'200});   // -> net.name[s]
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "city.hpp"

namespace brandpunt::gendemo {

struct StreetOptions {
  double spacing_centre_m = 115;    // distance between parallel streets in the town centre
  double spacing_outer_m = 200;     // ... at the edge of town
  double cross_factor = 1.7;        // cross streets are this much further apart (long blocks)
  double min_length_m = 40;         // shorter grid pieces are dropped
  double wiggle_m = 5;              // sd of the perpendicular perturbation of grid streets
  double max_main_length_m = 2500;  // border roads are split into streets of at most this
  int radials_first = 6;            // through roads from the centre of Demostad
  int radials_other = 3;            // ... of every other gemeente (national scale)
};

enum class StreetKind : uint8_t { grid, border, radial };

struct StreetNetwork {
  std::vector<std::string> name;
  std::vector<LineString> line;
  std::vector<StreetKind> kind;
  std::vector<uint32_t> home_buurt;  // buurt of a grid street; kNoArea for border/radial

  // Flat segments of all streets (columns, for the hot loops).
  std::vector<double> x0, y0, x1, y1;
  std::vector<uint32_t> segment_street;

  // Per buurt: segments inside or along it, with cumulative length for length-weighted
  // sampling (CSR layout: buurt b owns [offset[b], offset[b+1])).
  std::vector<uint32_t> buurt_offset;
  std::vector<uint32_t> buurt_segment;
  std::vector<double> buurt_cumlen_m;

  uint32_t station_street = 0;   // "Stationsstraat" (planted fietsendiefstal hotspot)
  uint32_t shopping_street = 0;  // "Grotestraat" (planted zakkenrollerij hotspot)
  uint32_t station_buurt = 0, shopping_buurt = 0;

  size_t size() const { return name.size(); }
  double length_m(uint32_t street) const;
};

StreetNetwork generate_streets(const City& city, const StreetOptions& options, Rng& rng,
                               const geom::GeosContext& geos);

// Nearest street to a point by exact point-segment distance over a uniform grid of
// segment buckets (ties: lowest segment index). Immutable after construction.
class StreetIndex {
 public:
  explicit StreetIndex(const StreetNetwork& net, double cell_m = 100);
  uint32_t nearest(const XY& p) const;

 private:
  const StreetNetwork& net_;
  double cell_m_, min_x_, min_y_;
  int64_t nx_, ny_;
  std::vector<uint32_t> offset_, items_;
};

}  // namespace brandpunt::gendemo
