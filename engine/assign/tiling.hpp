// Tiling check: do the areas of a layer cover the study area without overlaps or gaps?
//
// Buurten should tile their gemeente exactly. Overlapping pairs make the lowest-code rule
// of AreaIndex decide silently, and gaps leave incidents "outside"; both are reported
// before a run so a person can fix the boundary file. Candidate pairs come from an
// envelope sweep (sorted by min x), so 15,000 buurten take seconds; overlap areas come
// from GEOS intersections and gaps are the holes of the GEOS union of all areas (a hole
// there is a region enclosed by areas that belongs to none of them).
//
// A gap on the study area's edge is no hole of the union (a buurt whose repair lost a corner
// on the city's boundary leaves one): with the parent layer given (the wijken) the parts of a
// parent that no area covers are gaps too, reported as `edge` gaps. Each gap names the areas
// that border it, so a message can point at the buurt to fix.
//
//   TilingReport r = check_tiling(buurten.geometry, 1.0);
//   if (!r.overlaps.empty() || r.gap_count > 0) warn(r.overlap_area_m2, r.gap_area_m2);
//   TilingReport w = check_tiling(buurten.geometry, 1.0, {&wijken.geometry, &buurt_wijk});
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "core/geometry.hpp"

namespace brandpunt::assign {

struct TilingReport {
  std::vector<std::pair<uint32_t, uint32_t>>
      overlaps;                      // (i, j), i < j, overlap > tolerance; sorted
  double overlap_area_m2 = 0;        // sum over the reported pairs
  double gap_area_m2 = 0;            // holes of the union larger than the tolerance, summed
  int64_t gap_count = 0;             // number of such holes
  std::vector<XY> gap_points;        // one point inside each reported gap, for messages
  std::vector<double> gap_areas_m2;  // area of each reported gap, same order
  std::vector<std::vector<uint32_t>> gap_neighbours;  // areas bordering each gap, ascending
  std::vector<uint8_t> gap_on_edge;  // 1 = inside a parent but outside the union's outline
};

// The layer the areas should fill (the wijken for buurten) and each area's parent index.
struct TilingParents {
  const std::vector<MultiPolygon>* parents = nullptr;
  const std::vector<uint32_t>* parent_of = nullptr;  // per area
};

// tolerance_m2: overlaps and gaps of at most this area (m2) are ignored as slivers from
// coordinate rounding; default 1 m2.
TilingReport check_tiling(const std::vector<MultiPolygon>& areas, double tolerance_m2 = 1.0,
                          TilingParents parents = {});

}  // namespace brandpunt::assign
