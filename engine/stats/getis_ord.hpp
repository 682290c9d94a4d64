// Getis-Ord local statistics Gi and Gi* with analytic z-scores and two-sided normal p-values.
//
// The formula follows the weights: when w.self_included (weights::with_self, the spdep
// include.self attribute) the statistic is Gi*, otherwise Gi. Both use the general-weights
// moments of Ord & Getis (1995), exactly as spdep 1.2-7 localG:
//   Gi : z = (lag_i - W_i xbar_(i)) / sqrt(s2_(i) ((n-1) S1_i - W_i^2) / (n-2)), other areas only
//   Gi*: z = (lag_i - W_i xbar)    / sqrt(s2     (n S1_i     - W_i^2) / (n-1)), s2 divisor n
// with W_i = sum_j w_ij, S1_i = sum_j w_ij^2, lag_i = sum_j w_ij x_j. The z-score does not change
// under row standardisation (spdep "B" and "W" agree); G, EG and VG do.
//
//   weights::Weights w = weights::with_self(queen);   // Gi*
//   stats::LocalG g = stats::local_g(w, counts);
//   if (g.p[i] < 0.05 && g.z[i] > 0) ...              // hot spot at 95 %
//
// Defined results for degenerate input (each adds a line to `warnings`):
// - island (no neighbour other than itself): z = p = NaN, is_island[i] = 1; multiple-testing
//   helpers skip NaN p and the hot-spot classes call it not significant;
// - zero variance (all x equal, all-zero counts, or for Gi all *other* values equal) or a
//   neighbourhood covering every area (n S1_i = W_i^2): z = 0, p = 1;
// - too few areas for a test (Gi: n < 3, it divides by n - 2; Gi*: n = 1): z = 0, p = 1 for
//   every area, islands included;
// - sum of x equal to zero (G = lag / sum x undefined): G = EG = VG = 0.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "weights/weights.hpp"

namespace brandpunt::stats {

struct LocalG {
  std::vector<double> G, EG, VG;      // spdep "internals": scaled by sum x (Gi: sum x - x_i)
  std::vector<double> z, p;           // z-score and two-sided normal p
  std::vector<uint8_t> is_island;     // 1 = no neighbour besides itself (z, p NaN)
  bool star = false;                  // true = Gi* (self included)
  std::vector<std::string> warnings;  // one line per degenerate condition met
};

// Throws brandpunt::Error (config) when x.size() != w.n or x holds a non-finite value.
LocalG local_g(const weights::Weights& w, std::span<const double> x);

}  // namespace brandpunt::stats
