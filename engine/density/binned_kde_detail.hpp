// Internals shared by kde.cpp and binned_kde.cpp (not part of the public API): the zero-padded
// count lattice the binned convolution reads, and the convolution itself.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "density/kde.hpp"
#include "density/raster.hpp"

namespace brandpunt::density::detail {

// Counts of an nx × ny lattice with `pad` zero cells on every side (and a few more on the
// right so that register blocks of 8 columns read inside the buffer). Output cell (X, Y) of
// the lattice is values[(Y + pad) · stride + X + pad].
struct PaddedCounts {
  PaddedCounts(size_t nx, size_t ny, size_t pad);
  size_t nx, ny, pad, stride;
  std::vector<double> values;
};

// Half-width W (cells) of the stencil: the largest i with i² < (radius / cell)².
size_t stencil_half_width(Kernel kernel, double h, double cutoff_sd, double cell);

// Adds weights (empty = 1) of points to the cells of `in` (including its padding; the padded
// lattice's lower-left corner is at origin − pad · cell), each cell in input order. Inputs are
// assumed checked.
void bin_into(std::span<const double> x, std::span<const double> y, std::span<const double> w,
              double origin_x, double origin_y, double cell, PaddedCounts& in);

// out (nx, ny, cell_m set) = the stencil of (kernel, h, cutoff) convolved with `in`;
// in.pad must be stencil_half_width(...).
void convolve(const PaddedCounts& in, Kernel kernel, double h, double cutoff_sd,
              unsigned threads, Raster& out);

// kde.hpp's option checks (Error(config) naming the field).
void check_options(const KdeOptions& options);

}  // namespace brandpunt::density::detail
