// AreaIndex: exact point-in-polygon location of millions of points in a set of areas.
//
// A uniform grid covers the envelope of all areas. Cells that no polygon edge can touch
// (found by a conservative traversal of every edge) lie wholly inside one area or outside
// all of them, so they store that answer directly, found by one scanline per grid row
// through the cell centres (with an exact test wherever a centre lies too close to an edge
// to trust floating point). Boundary cells keep the short, ascending list of
// areas whose edges cross them plus the lowest-index area that covers the cell without
// crossing it. A point in a boundary cell is tested exactly (crossing number with an exact
// orientation predicate, see orient.hpp) against the candidates' edges that span the
// point's grid row only.
//
// Border rule (documented and tested): an area owns its closure, so a point on an area's
// boundary belongs to it. A point on a border shared by several areas, including a vertex
// shared by four, goes to exactly one: the area with the LOWEST INDEX among those whose
// closure contains it. Area readers sort areas by code, so "the lowest code wins". Points
// on the outer boundary of the study area count as inside; points in a hole or gap that
// belongs to no area, or outside the envelope, get kNoArea. Overlapping areas resolve the
// same way (lowest index). The answer is exact for every double input: no tolerance.
//
//   AreaIndex index(layer.geometry);
//   uint32_t a = index.locate(176000.0, 318000.0);   // kNoArea when outside all areas
//   index.locate_many(xs, ys, out);                    // all cores, same result as 1 thread
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/geometry.hpp"
#include "core/incidents.hpp"

namespace brandpunt::index {

struct AreaIndexOptions {
  // Number of grid cells (4 bytes each); 0 = auto: about 4 cells per polygon edge, at
  // least 1,024, at most 16 Mi. Capped at 64 Mi. Any value gives the same answers; more
  // cells mean fewer exact tests per point but more memory and build time.
  unsigned grid_cells = 0;
};

class AreaIndex {
 public:
  explicit AreaIndex(const std::vector<MultiPolygon>& areas, AreaIndexOptions options = {});

  // Index of the area whose closure contains (x, y), lowest index on shared borders, or
  // kNoArea. NaN coordinates give kNoArea.
  uint32_t locate(double x, double y) const;

  // locate() for every point; threads = 0 uses all hardware threads. The result does not
  // depend on the thread count.
  void locate_many(std::span<const double> x, std::span<const double> y, std::span<uint32_t> out,
                   unsigned threads = 0) const;

  size_t area_count() const { return area_count_; }
  unsigned grid_columns() const { return nx_; }
  unsigned grid_rows() const { return ny_; }
  size_t boundary_cells() const { return boundary_cover_.size(); }
  size_t memory_bytes() const;  // heap held by the index, for benchmark reports

 private:
  struct Edge {
    double ax, ay, bx, by;
  };

  unsigned row_of(double y) const;
  unsigned col_of(double x) const;
  // Does the closure of `area` contain (x, y)? Uses only the area's edges bucketed in `row`.
  bool closure_contains(uint32_t area, unsigned row, double x, double y) const;
  // The same test on one (area, row) edge bucket.
  bool bucket_contains(uint32_t bucket, double x, double y) const;
  // Lowest-index area containing (x, y), skipping the sorted `skip` list; used at build.
  uint32_t locate_slow(double x, double y, std::span<const uint32_t> skip) const;

  size_t area_count_ = 0;
  double x0_ = 0, y0_ = 0, x1_ = -1, y1_ = -1;  // grid extent = envelope of all areas
  double cell_w_ = 1, cell_h_ = 1, inv_w_ = 1, inv_h_ = 1;
  unsigned nx_ = 0, ny_ = 0;

  // Edges of every area bucketed by grid row: area a covers rows [area_row0_[a], ...) and
  // its row r starts at edge_start_[area_bucket_[a] + r - area_row0_[a]].
  std::vector<Edge> edges_;
  std::vector<uint32_t> edge_start_;
  std::vector<uint32_t> area_bucket_;
  std::vector<uint32_t> area_row0_, area_row1_;  // inclusive row range
  std::vector<Envelope> area_env_;
  // Areas whose row range includes each row (ascending), CSR: row_areas_[row_start_[r]..).
  std::vector<uint32_t> row_start_, row_areas_;

  // Cell value: an area index, kNoArea, or kBoundary | boundary cell number.
  std::vector<uint32_t> cells_;
  std::vector<uint32_t> boundary_cover_;      // lowest covering non-candidate area or kNoArea
  std::vector<uint32_t> cand_start_, cands_;  // CSR, ascending, only indices < cover
  std::vector<uint32_t> cand_bucket_;         // edge bucket of each candidate in its row
};

}  // namespace brandpunt::index
