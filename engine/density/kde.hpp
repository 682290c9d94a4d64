// Kernel density of points on a regular raster, evaluated exactly (no binning).
//
// Quartic (biweight) kernel with search radius h (Silverman 1986, eq. 4.5; the form ArcGIS
// "Kernel Density" uses):
//     f(s) = Σ_i w_i · 3/(π h²) · (1 − (d_i/h)²)²     for d_i < h, else 0
// Gaussian kernel with standard deviation h, truncated at radius R = gaussian_cutoff_sd · h:
//     f(s) = Σ_i w_i · 1/(2π h²) · exp(−d_i² / (2h²))   for d_i < R, else 0
// d_i is the Euclidean distance from the evaluation point s to point i (CRS metres). Each
// untruncated kernel integrates to 1, so f is an intensity in POINTS (or weight units) PER
// SQUARE METRE: there is no division by n and no edge correction. Multiply by 1e6 for points
// per km² (geotiff.hpp can scale on writing). Truncation drops exp(−c²/2) of each Gaussian's
// mass (c = gaussian_cutoff_sd; 3.4e-4 for c = 4) and changes any cell by at most
// w·exp(−c²/2)/(2π h²) per point.
//
// Defaults (both documented in the run log by the caller, both overridable):
//  * bandwidth: ArcGIS's spatial variant of Silverman's rule of thumb ("How Kernel Density
//    works", ArcGIS Pro): h = 0.9 · min(SD, sqrt(1/ln 2) · Dm) · n^(−0.2), SD = standard
//    distance from the (weighted) mean centre, Dm = (weighted) median distance from it, n =
//    number of points (sum of weights when weighted). For the Gaussian h is used as σ.
//  * cell size: the shorter side of the extent / 250 (ArcGIS's default output cell size).
//
// Evaluation: kde() evaluates at CELL CENTRES of the grid covering `extent` (origin =
// extent's lower-left, nx = ceil(width / cell)); kde_at_nodes() evaluates at the lattice
// NODES min_x, min_x + cell, ..., i.e. returns a raster whose cell centres are the nodes
// (origin = min − cell/2, nx = floor(width / cell) + 1).
//
// Algorithm (method = exact, the default): every point adds its kernel to the cells within its support, one row span at a
// time (cost ~ n · π (R/cell)² cell updates, never n × cells). Rows are split into bands that
// threads own exclusively; points are counting-sorted by their first row and each cell sums
// its points in that fixed order, so the output is bitwise identical for any thread count.
//
//   KdeOptions opt;  opt.bandwidth_m = 250;  opt.cell_m = 25;
//   Raster r = kde(xs, ys, {}, envelope_of(gemeente), opt);
//   double per_km2 = r.at(ix, iy) * 1e6;
#pragma once

#include <span>

#include "core/geometry.hpp"
#include "density/raster.hpp"

namespace brandpunt::density {

enum class Kernel { quartic, gaussian };

// exact: the direct sum above. binned: each point's weight moves to the centre of the output
// cell that contains it, then the lattice convolution of binned_kde.hpp (cost independent of
// the number of points; error bound and measured error in binned_kde.hpp).
enum class KdeMethod { exact, binned };

struct KdeOptions {
  Kernel kernel = Kernel::quartic;
  double bandwidth_m = 0;          // quartic radius / Gaussian σ, metres; 0 = rule (see above)
  double cell_m = 0;               // metres; 0 = shorter extent side / 250
  unsigned threads = 0;            // 0 = std::thread::hardware_concurrency()
  double gaussian_cutoff_sd = 4;   // Gaussian truncation radius in units of σ (≥ 1)
  KdeMethod method = KdeMethod::exact;
};

// x, y in CRS metres; weights empty (= 1 each) or one non-negative weight per point. Points
// outside `extent` still add to the cells within their support. Throws Error(config) on bad
// options or mismatched spans, Error(format) on non-finite coordinates or weights.
Raster kde(std::span<const double> x, std::span<const double> y,
           std::span<const double> weights, const Envelope& extent, const KdeOptions& options);
Raster kde_at_nodes(std::span<const double> x, std::span<const double> y,
                    std::span<const double> weights, const Envelope& extent,
                    const KdeOptions& options);

// The defaults, exposed so a run log can report them.
double default_bandwidth_m(std::span<const double> x, std::span<const double> y,
                           std::span<const double> weights);
double default_cell_m(const Envelope& extent);

}  // namespace brandpunt::density
