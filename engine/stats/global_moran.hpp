// Global Moran's I with its moments under randomisation and under normality, as spdep 1.2-7
// moran.test (Cliff & Ord 1981, eq. 1.38/1.39) with two-sided normal p-values.
//
//   I  = (n/S0) sum_i z_i lag(z)_i / sum z^2,      EI = -1/(n-1)
//   VI_rand = [n((n^2-3n+3)S1 - nS2 + 3S0^2) - b2((n^2-n)S1 - 2nS2 + 6S0^2)]
//             / ((n-1)(n-2)(n-3)S0^2) - EI^2,      b2 = n sum z^4 / (sum z^2)^2
//   VI_norm = (n^2 S1 - n S2 + 3 S0^2) / (S0^2 (n^2-1)) - EI^2
//   S0 = sum_ij w_ij, S1 = 1/2 sum_ij (w_ij + w_ji)^2, S2 = sum_i (sum_j w_ij + sum_j w_ji)^2
// Islands are handled as spdep's zero.policy = TRUE with adjust.n = TRUE: n in the formulas
// counts only areas with neighbours (n_used); the mean and b2 use all n values.
//
//   stats::GlobalMoran g = stats::global_moran(weights::row_standardised(queen), x);
//   double p = g.p_rand;   // two-sided, randomisation
//
// Degenerate input (warnings): all x equal -> I = 0, z = 0, p = 1; fewer than 4 areas with
// neighbours (the randomisation variance divides by n-3) or S0 = 0 -> z = 0, p = 1; a negative
// randomisation variance (extreme kurtosis) -> z_rand = 0, p_rand = 1.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "weights/weights.hpp"

namespace brandpunt::stats {

struct GlobalMoran {
  double I = 0, EI = 0;
  double VI_rand = 0, z_rand = 0, p_rand = 1;     // randomisation
  double VI_norm = 0, z_norm = 0, p_norm = 1;     // normality
  double p_rand_greater = 1, p_norm_greater = 1;  // one-sided (upper) p
  double S0 = 0, S1 = 0, S2 = 0;
  double b2 = 0;      // sample kurtosis n sum z^4 / (sum z^2)^2
  size_t n_used = 0;  // areas with at least one neighbour
  std::vector<std::string> warnings;
};

GlobalMoran global_moran(const weights::Weights& w, std::span<const double> x);

// Permutation inference for global Moran's I (total randomisation, as spdep moran.mc): the
// values are shuffled over all areas `permutations` times, draw s from its own stream seeded
// by (seed, s), and I recomputed. With n_ge / n_le the draws >= / <= the observed I (a tie, a
// draw within 1e-12 relative, counts in both):
//   p_sim          two-sided pseudo p: min(1, 2 (min(n_ge, n_le) + 1) / (permutations + 1))
//   p_sim_greater  one-sided upper pseudo p: (n_ge + 1) / (permutations + 1), moran.mc's
//                  default alternative
// the same definition as the local statistics (permutation.hpp).
struct GlobalMoranPerm {
  double I = 0;
  unsigned permutations = 0;
  uint32_t n_ge = 0, n_le = 0;
  double p_sim = 1, p_sim_greater = 1;
  double E_sim = 0, V_sim = 0, z_sim = 0;  // moments of the permuted I (variance divisor nsim-1)
  std::vector<std::string> warnings;
};

GlobalMoranPerm global_moran_perm(const weights::Weights& w, std::span<const double> x,
                                  unsigned permutations, uint64_t seed);

}  // namespace brandpunt::stats
