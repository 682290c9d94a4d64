#include "assign/assign.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <thread>

#include "core/error.hpp"

namespace brandpunt::assign {

namespace {

// Runs body(begin, end) over [0, n) in contiguous chunks; each index is written by exactly
// one thread, so the output does not depend on the thread count.
template <class Body>
void parallel_chunks(size_t n, unsigned threads, Body body) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(1, n / 4096)));
  if (threads <= 1) return body(size_t{0}, n);
  std::vector<std::jthread> pool;
  const size_t chunk = (n + threads - 1) / threads;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back(body, std::min(n, t * chunk), std::min(n, (t + 1) * chunk));
}

}  // namespace

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
  parallel_chunks(incidents.size(), threads, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i)
      if (auto hit = streets.nearest(incidents.x[i], incidents.y[i], max_distance_m))
        result.line[i] = hit->line;
  });
  result.unsnapped = std::count(result.line.begin(), result.line.end(), kNoStreet);
  result.snapped = static_cast<int64_t>(incidents.size()) - result.unsnapped;
  return result;
}

}  // namespace brandpunt::assign
