// Kernel density from counts on a lattice (binned KDE): the kernels of kde.hpp applied to
// weights that sit at cell centres, without ever seeing a point's own coordinates.
//
// A count grid — incidents per 100 m cell, or differentially private counts of them — is read
// as a point of weight c(X, Y) at the centre of each cell. kde_from_counts returns the density
// of kde.hpp (same kernels, normalisation, Gaussian truncation and unit: weight per m²) at the
// centres of the same lattice:
//     f(X, Y) = Σ_(i,j) c(X + i, Y + j) · K(cell · √(i² + j²))       (i, j whole cells)
// a discrete convolution with the kernel's stencil. Cells outside the count raster count as 0:
// pad the counts with zero cells (by the support radius) when the surface must reach beyond
// them. bin_points makes such a grid from points (each point's weight to the cell that
// contains it); kde() with `method = KdeMethod::binned` is bin_points on its output lattice,
// padded by the radius, followed by this convolution.
//
// Algorithm (cost ~ cells × (4W + 6W) additions and multiplications for a stencil half-width
// of W cells, whatever the number of points): the stencil's row j covers |i| ≤ w_j with
// i² + j² < (R/cell)². Along a row the quartic is a polynomial, norm·(A_j − B i²)² with
// A_j = 1 − j²B, B = (cell/h)², and the Gaussian a fixed profile, norm·e_j·g(i). So for every
// input row the running sums S_p(w) = Σ_{|i|≤w} i^p c(X+i) (p = 0, 2, 4; Gaussian: Σ g(i)
// c(X+i)) are grown one w at a time, and each output row y = row − j takes
// norm·(A_j² S_0 − 2A_jB S_2 + B² S_4) (Gaussian: norm·e_j·S) when w reaches w_j. Rows are
// split into bands that threads own; every cell sums its input rows in one fixed order, so the
// bytes are the same for any thread count. No FMA, so every build rounds alike.
//
// Exactness (tested against kde()'s direct sum over the cell centres with the counts as
// weights): the Gaussian adds only non-negative terms, so each cell agrees to ~1e-13 relative.
// The quartic's three row moments cancel near the edge of the support: a cell's error is at
// most ~1e-13 × (the weight within reach of it) × the kernel's peak 3/(πh²), i.e. 1e-9
// relative wherever the cell holds at least 1e-4 of that mass-times-peak; values are clamped
// at 0. A lattice offset exactly on the support radius (i² + j² = (R/cell)²) is decided in
// whole cells here and on rounded metres by the direct sum (for the Gaussian the two can then
// differ by its truncation step, e^(−c²/2)·norm per such weight).
//
// Binning points (kde() with KdeMethod::binned) moves each point to its cell's centre, at most
// cell/√2 away: a cell's value then differs from the exact kde() by at most
// Σ w_i · (L · cell/√2 + T) over the points within R + cell/√2 of it, L = the kernel's
// steepest slope (quartic 8/(3√3)·norm/h ≈ 1.54·norm/h; Gaussian e^(−1/2)·norm/σ) and T the
// Gaussian's truncation step (0 for the quartic). Measured on the benchmark cloud (1 M points,
// h = 250 m, 10 m cells) the largest difference is a few per mille of the surface's peak
// (benchmarks/RESULTS.md).
//
//   Raster counts = bin_points(x, y, {}, lattice);             // or DP counts per cell
//   KdeOptions opt;  opt.bandwidth_m = 250;
//   Raster f = kde_from_counts(counts, opt);                   // same lattice, weight per m²
#pragma once

#include <span>

#include "density/kde.hpp"
#include "density/raster.hpp"

namespace brandpunt::density {

// Sums the weights (empty = 1 each) of the points into the cells of `lattice` (its nx, ny,
// origin and cell_m; its values are ignored): cell (ix, iy) takes the points with
// origin + ix·cell ≤ x < origin + (ix+1)·cell (likewise y; a point on an edge may go either
// way by one rounding). Points outside are dropped; sums run in input order.
// Throws Error(config) on mismatched spans or a lattice without cells, Error(format) on a
// non-finite coordinate or a negative or non-finite weight.
Raster bin_points(std::span<const double> x, std::span<const double> y,
                  std::span<const double> weights, const Raster& lattice);

// The density of the weights in `counts` (each at its cell's centre) at the centres of the
// same lattice. options.cell_m must be 0 or counts.cell_m; bandwidth_m = 0 applies the rule of
// kde.hpp to the cell centres weighted by their counts. Throws Error(config) on bad options or
// a raster whose values do not match nx·ny, Error(format) naming the cell of a negative or
// non-finite count.
Raster kde_from_counts(const Raster& counts, const KdeOptions& options);

}  // namespace brandpunt::density
