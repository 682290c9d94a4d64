// Plain coordinate geometry shared by every step.
//
// The engine keeps geometry as flat coordinate arrays in the analysis CRS (metres, EPSG:28992
// by default). GEOS and GDAL objects stay behind engine/geom and engine/io; what flows between
// steps is these value types, which are cheap to move and trivial to test.
//
//   Polygon square{{{0,0},{10,0},{10,10},{0,10},{0,0}}, {}};   // outer ring, no holes
//   MultiPolygon area{square};
#pragma once

#include <vector>

namespace brandpunt {

struct XY {
  double x = 0;  // easting (or longitude), never swapped
  double y = 0;  // northing (or latitude)
  friend bool operator==(const XY&, const XY&) = default;
};

using Ring = std::vector<XY>;  // closed: front() == back()

struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
};

using MultiPolygon = std::vector<Polygon>;
using LineString = std::vector<XY>;

struct Envelope {
  double min_x = 0, min_y = 0, max_x = -1, max_y = -1;  // empty when max < min
  bool empty() const { return max_x < min_x || max_y < min_y; }
  void expand(const XY& p);
  void expand(const Envelope& e);
  bool contains(const XY& p) const {
    return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y;
  }
};

Envelope envelope_of(const MultiPolygon& mp);
Envelope envelope_of(const LineString& line);

// Signed area by the shoelace formula: > 0 for counter-clockwise rings.
double signed_area(const Ring& ring);
// Area of a polygon set in squared CRS units (outer minus holes).
double area_of(const MultiPolygon& mp);

}  // namespace brandpunt
