// Kernel weights on points, as libpysal.weights.Kernel (Anselin & Rey 2010, table 5.4;
// used for GWR-style smoothing and as a soft alternative to a distance band).
//
// For point i with bandwidth h_i, every point j with d_ij <= h_i (i itself included) gets
// w_ij = K(z), z = d_ij / h_i, where K is
//   triangular   1 - z
//   uniform      1/2
//   quadratic    3/4 (1 - z²)                 (Epanechnikov)
//   quartic      15/16 (1 - z²)²              (biweight)
//   gaussian     exp(-z²/2) / sqrt(2π)         (truncated at z = 1, as libpysal does)
// Points beyond the bandwidth get no link.
//
// Bandwidth, as libpysal:
//   fixed, bandwidth_m > 0: h_i = bandwidth_m for every i.
//   fixed, bandwidth_m = 0: h_i = eps · max_i d_i(k), the largest distance from any point to
//       its k-th nearest other point (libpysal Kernel(fixed=True, k=k+1)).
//   adaptive:  h_i = eps · d_i(k), and i's neighbours are exactly its k nearest others (ties
//       at the k-th by lower index) plus itself (libpysal Kernel(fixed=False, k=k+1)).
// libpysal counts i itself in its k; here k counts OTHER points, so k = 1 here is libpysal's
// default k = 2. eps = 1.0000001 (libpysal's default) keeps the k-th neighbour's weight
// above zero for the kernels that vanish at z = 1.
//
// Self weight: the diagonal is part of the result (Weights::self_included = true) with
// w_ii = K(0) (libpysal diagonal=False), or 1 when unit_diagonal is set (libpysal
// diagonal=True). Weights are style "custom"; row_standardised() gives "W".
//
//   KernelOptions o;  o.function = KernelFunction::quartic;  o.bandwidth_m = 500;
//   Weights w = kernel(centroids, o);              // method "kernel_quartic_fixed"
#pragma once

#include <span>

#include "core/geometry.hpp"
#include "weights/weights.hpp"

namespace brandpunt::weights {

enum class KernelFunction { triangular, uniform, quadratic, quartic, gaussian };

const char* to_string(KernelFunction f);
// K(z) for 0 <= z <= 1 (see the table above).
double kernel_value(KernelFunction f, double z);

struct KernelOptions {
  KernelFunction function = KernelFunction::triangular;  // libpysal default
  double bandwidth_m = 0;      // fixed bandwidth in CRS units; 0 = derive from k (fixed only)
  bool adaptive = false;       // true: per-point bandwidth to its k-th nearest other point
  unsigned k = 1;              // other points defining the derived bandwidth (libpysal k - 1)
  double eps = 1.0000001;      // multiplier on derived bandwidths (libpysal default)
  bool unit_diagonal = false;  // w_ii = 1 instead of K(0)
};

// Validates the options (Error(config)): bandwidth_m finite and >= 0; adaptive cannot take
// a fixed bandwidth_m; k >= 1 and < number of points when a bandwidth is derived; eps >= 1.
Weights kernel(std::span<const XY> points, const KernelOptions& options = {});

}  // namespace brandpunt::weights
