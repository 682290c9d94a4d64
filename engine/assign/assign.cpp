#include "assign/assign.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "core/parallel.hpp"

namespace brandpunt::assign {

AssignResult assign_to_areas(const index::AreaIndex& areas, const IncidentTable& incidents,
                             unsigned threads) {
  if (incidents.x.size() != incidents.y.size())
    throw Error(ErrorKind::internal, "assign_to_areas: x and y columns differ in length");
  AssignResult result;
  result.area.resize(incidents.size());
  areas.locate_many(incidents.x, incidents.y, result.area, threads);
  result.outside = std::count(result.area.begin(), result.area.end(), kNoArea);
  result.assigned = static_cast<int64_t>(incidents.size()) - result.outside;
  return result;
}

SnapResult snap_to_streets(const index::SegmentIndex& streets, const IncidentTable& incidents,
                           double max_distance_m, unsigned threads) {
  if (!std::isfinite(max_distance_m) || max_distance_m < 0)
    throw Error(ErrorKind::config, "snap distance must be a finite number of metres >= 0, got " +
                                       std::to_string(max_distance_m))
        .at_field("max_distance_m");
  if (incidents.x.size() != incidents.y.size())
    throw Error(ErrorKind::internal, "snap_to_streets: x and y columns differ in length");
  SnapResult result;
  result.line.assign(incidents.size(), kNoStreet);
  core::parallel_chunks(incidents.size(), threads, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i)
      if (auto hit = streets.nearest(incidents.x[i], incidents.y[i], max_distance_m))
        result.line[i] = hit->line;
  });
  result.unsnapped = std::count(result.line.begin(), result.line.end(), kNoStreet);
  result.snapped = static_cast<int64_t>(incidents.size()) - result.unsnapped;
  return result;
}

}  // namespace brandpunt::assign
