// Assignment of incidents to areas (point in polygon) and to streets (nearest segment).
//
// Every incident of the table gets exactly one area index or kNoArea, by AreaIndex's
// documented border rule (lowest index = lowest code on shared borders; the outer boundary
// counts as inside), so `accepted = assigned + outside` always holds. Snapping picks the
// nearest street segment within max_distance_m (ties: lowest line, then segment). Both are
// pure functions of their input: any thread count gives the same vectors.
//
//   index::AreaIndex buurt_index(buurten.geometry);
//   AssignResult r = assign_to_areas(buurt_index, incidents);
//   // r.area[i] is the buurt of incident i; r.assigned + r.outside == incidents.size()
//   SnapResult s = snap_to_streets(index::SegmentIndex(lines), incidents, 25.0);
#pragma once

#include <cstdint>
#include <vector>

#include "core/incidents.hpp"
#include "index/area_index.hpp"
#include "index/segment_index.hpp"

namespace brandpunt::assign {

struct AssignResult {
  std::vector<uint32_t> area;  // per incident: area index, or kNoArea = outside every area
  int64_t assigned = 0, outside = 0;
};

// threads = 0 uses all hardware threads.
AssignResult assign_to_areas(const index::AreaIndex& areas, const IncidentTable& incidents,
                             unsigned threads = 0);

struct SnapResult {
  std::vector<uint32_t> line;  // per incident: line index, or kNoStreet when none is in range
  int64_t snapped = 0, unsnapped = 0;
};

// max_distance_m: metres, finite and >= 0 (else Error config). threads = 0: all threads.
SnapResult snap_to_streets(const index::SegmentIndex& streets, const IncidentTable& incidents,
                           double max_distance_m, unsigned threads = 0);

}  // namespace brandpunt::assign
