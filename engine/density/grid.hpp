// Aggregation grids: a square fishnet or a hexagon tessellation over a municipality, each
// cell clipped to the municipality (cells that only touch it are dropped), and O(1)
// point-to-cell assignment by lattice arithmetic.
//
// The lattice is anchored at the CRS origin, so a cell keeps its id across runs with the same
// cell size: square cell (col, row) = [col·s, (col+1)·s) × [row·s, (row+1)·s), id
// "S<col>_<row>"; hexagons are pointy-top in axial coordinates (q, r) (Red Blob Games,
// "Hexagonal Grids"), centre (R√3·(q + r/2), 1.5·R·r) with circumradius R, id "H<q>_<r>".
// Cells are ordered south to north, then west to east (by row / r, then col / q).
//
// cell_m is the side of a square of the cell's AREA for both shapes (a hexagon of cell_m =
// 100 covers 1 ha, like the 100 m square), so the two shapes compare at equal resolution.
// Default (cell_m = 0), our own documented rule: the side of a cell that holds on average
// `target_points_per_cell` points if points were spread evenly, sqrt(A · k / n) with A the
// municipality's area, capped so that at least 30 cells cover the municipality (the minimum
// ArcGIS asks of a hot-spot analysis) and at most about 50,000, then rounded to the nearest of 1, 2, 2.5, 5 × 10^j
// metres (in log scale) for readable ids and maps.
//
// Grid::centres are the LATTICE centres (of the whole cell, also for clipped cells) so that
// distance-based weights see the regular lattice; use geometry centroids for labels.
//
//   Grid g = make_grid(gemeente, {}, incidents.x, incidents.y);   // hexagons, default size
//   std::vector<uint32_t> cell = assign_to_grid(g, incidents.x, incidents.y);
//   // cell[i] == kNoArea (UINT32_MAX) for points outside every cell
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/geometry.hpp"

namespace brandpunt::density {

enum class GridShape { square, hexagon };

struct GridOptions {
  GridShape shape = GridShape::hexagon;
  double cell_m = 0;                  // side of the equal-area square, metres; 0 = default rule
  double target_points_per_cell = 5;  // k of the default rule (used only when cell_m = 0)
};

struct Grid {
  GridShape shape = GridShape::hexagon;
  double cell_m = 0;                    // as GridOptions::cell_m, after the default rule
  std::vector<MultiPolygon> cells;      // clipped to the municipality
  std::vector<XY> centres;              // lattice centres
  std::vector<std::string> ids;         // "S<col>_<row>" or "H<q>_<r>"
  std::vector<double> area_m2;          // clipped area of each cell
  // Lattice lookup for assign_to_grid: cell index of lattice (a, b) at
  // lookup[(b − b0)·na + (a − a0)] (a = col / q, b = row / r), UINT32_MAX when dropped.
  int64_t a0 = 0, b0 = 0;
  size_t na = 0, nb = 0;
  std::vector<uint32_t> lookup;
  std::vector<uint8_t> clipped;         // 1 when the cell lost area to clipping
  size_t size() const { return cells.size(); }
};

// The default rule above (metres); exposed so that a run log can report it.
double default_grid_cell_m(const MultiPolygon& municipality, size_t n_points,
                           double target_points_per_cell = 5);

// x, y: the points the default rule counts (ignored when options.cell_m > 0). Throws
// Error(config) on bad options, Error(geometry) for an empty municipality.
Grid make_grid(const MultiPolygon& municipality, const GridOptions& options,
               std::span<const double> x, std::span<const double> y);

// Cell index per point, or UINT32_MAX outside every cell. O(1) per point for cells inside
// the municipality; a point in a clipped boundary cell gets an exact point-in-polygon test.
std::vector<uint32_t> assign_to_grid(const Grid& grid, std::span<const double> x,
                                     std::span<const double> y);

}  // namespace brandpunt::density
