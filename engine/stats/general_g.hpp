// Getis-Ord General G (Getis & Ord 1992): is the variable concentrated where the weights link
// areas (high values near high values), over the whole study area? The global companion of Gi*;
// it needs non-negative values (counts), and binary weights are the usual choice.
//
// As spdep 1.2-7 globalG.test with its defaults (adjust.n = TRUE, B1correct = TRUE,
// adjust.x = TRUE; Getis & Ord 1992, eq. 12-13):
//   G    = sum_i sum_j w_ij x_i x_j / sum_i sum_{j != i} x_i x_j
//   E(G) = S0 / (n (n - 1))
//   Var(G) = (B0 m2^2 + B1 m4 + B2 m1^2 m2 + B3 m1 m3 + B4 m1^4)
//            / ((m1^2 - m2)^2 n (n-1)(n-2)(n-3)) - E(G)^2,     mk = sum x^k
//   B0 = (n^2 - 3n + 3) S1 - n S2 + 3 S0^2,   B1 = -((n^2 - n) S1 - 2n S2 + 6 S0^2),
//   B2 = -(2n S1 - (n + 3) S2 + 6 S0^2),      B3 = 4(n - 1) S1 - 2(n + 1) S2 + 8 S0^2,
//   B4 = S1 - S2 + S0^2
// with S0, S1, S2 as for Moran's I. Islands do not count in n, and their values are left out
// of the sums mk and of the denominator (spdep adjust.x). z = (G - E(G)) / sqrt(Var(G));
// p_greater is the one-sided upper p (spdep's default alternative), p the two-sided one.
//
//   stats::GeneralG g = stats::general_g(queen, counts);
//   if (g.p_greater < 0.05) ...   // high counts cluster
//
// Degenerate input (warnings, z = 0, p = 1): fewer than 4 areas with neighbours, no links,
// fewer than two non-zero values (the denominator is 0), a variance <= 0.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "weights/weights.hpp"

namespace brandpunt::stats {

struct GeneralG {
  double G = 0, EG = 0, VG = 0;
  double z = 0, p = 1, p_greater = 1;  // two-sided and upper one-sided normal p
  size_t n_used = 0;                   // areas with at least one neighbour
  std::vector<std::string> warnings;
};

// Throws Error(config) on a size mismatch, a non-finite or negative value, or weights that
// include the area itself.
GeneralG general_g(const weights::Weights& w, std::span<const double> x);

}  // namespace brandpunt::stats
