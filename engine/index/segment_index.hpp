// SegmentIndex: nearest street segment to a point within a maximum distance.
//
// Every segment of every line is cut into pieces no longer than a piece length chosen
// from the data (twice the median segment length, so a handful of very long segments do
// not widen every search); the piece midpoints go into a nanoflann kd-tree behind a pimpl.
// A query is a radius search around the point with radius max_distance + the longest
// piece half-length (any point of a piece lies within that half-length of its midpoint,
// so the truly nearest segment is always among the candidates), followed by the exact
// point-to-segment distance. Ties go to the lowest (line, segment).
//
//   SegmentIndex streets(lines);
//   if (auto hit = streets.nearest(x, y, 50.0)) use(hit->line, hit->distance_m, hit->foot);
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/geometry.hpp"

namespace brandpunt::index {

class SegmentIndex {
 public:
  explicit SegmentIndex(const std::vector<LineString>& lines);
  ~SegmentIndex();
  SegmentIndex(SegmentIndex&&) noexcept;
  SegmentIndex& operator=(SegmentIndex&&) noexcept;

  struct Hit {
    uint32_t line = 0;     // index into the lines given to the constructor
    uint32_t segment = 0;  // segment i joins line[i] and line[i + 1]
    double distance_m = 0;
    XY foot;  // closest point on that segment
  };

  // Nearest segment with distance <= max_distance_m, or nullopt. Thread-safe (const).
  std::optional<Hit> nearest(double x, double y, double max_distance_m) const;

  size_t segment_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace brandpunt::index
