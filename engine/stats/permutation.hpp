// Conditional permutation inference for local Gi/Gi* and local Moran's I (Anselin 1995), as
// spdep localG_perm / localmoran_perm and esda's conditional randomisation.
//
// For each area i the value x_i stays put and its k_i neighbour slots are refilled with values
// drawn from the other n-1 areas; the local statistic is recomputed `permutations` times. For
// Gi* the self term w_ii x_i stays fixed and only the k_i - 1 other slots are drawn (esda's
// keep_self); spdep 1.2-7 also redrew the self slot, spdep >= 1.2-8 keeps it fixed as here.
//
// Reproducibility: area i draws from its own stream seeded from (seed, i) (rng.hpp), so the
// output is the same bytes for any `threads`. Draws are without replacement by default (esda,
// Anselin 1995); `with_replacement = true` mirrors spdep 1.2-7, which calls
// sample(x[-i], replace = TRUE).
//
// Speed: draws are generated a block at a time and, for k <= 8 neighbours, mapped and checked
// for repeats eight at a time (AVX2 where the CPU has it); any permutation with a draw that
// might be rejected is replayed draw by draw. Every path gives the same bytes.
//
// Reported per area (spdep column names in brackets):
//   p_sim   folded pseudo p [spdep "Pr(folded) Sim", esda p_sim]:
//           (min(n_ge, n_le) + 1) / (permutations + 1), with n_ge = #(sim >= obs) and
//           n_le = #(sim <= obs). Without ties n_le = permutations - n_ge, which is exactly
//           spdep's (min(rnk0, nsim - rnk0) + 1)/(nsim + 1) and esda's p_sim. With ties
//           (repeated counts, constant values) a tied draw counts in both tails, so p_sim is
//           conservative; spdep/esda count ties only as "greater", and report the impossible
//           p = 1/(nsim+1) for a constant variable. A value within 1e-12 relative of the
//           observed sum is a tie (summation order must not decide).
//           Note: p_sim is the one-tailed p in the direction the observed value lies, so
//           under the null P(p_sim < alpha) is about 2 alpha; compare it with alpha/2 (or use
//           p_sim_two_sided) for a two-sided test at level alpha (esda documents p_sim as
//           one-sided).
//   p_sim_two_sided  min(1, 2 p_sim) = min(1, 2 (min(n_ge, n_le) + 1) / (permutations + 1)):
//           the two-sided pseudo p. This is the one the pipeline publishes (gi_psim) and
//           classes from; p_sim is kept for comparison with spdep/esda.
//   p_rank  spdep's rank p ["Pr(z != E(Gi)) Sim"]: 2 min(r, nsim + 2 - r)/(nsim + 1) with r the
//           (tie-averaged, truncated) rank of the observed value among the nsim + 1.
//   E_sim, V_sim  mean and variance (divisor nsim - 1, R var) of the permuted statistic
//           [spdep E.Gi/Var.Gi; esda EI_sim, but esda's seI_sim uses divisor nsim].
//   z_sim   (observed - E_sim)/sqrt(V_sim) [spdep Z.Gi / Z.Ii; esda z_sim], 0 when V_sim = 0.
//   p_z_sim two-sided normal p of z_sim [spdep "Pr(z != E(Ii))"]; esda's p_z_sim is one-sided.
// The statistic is spdep's: Gi = lag/(sum x - x_i), Gi* = lag/sum x (lag itself when that sum
// is 0); local Moran I_i = z_i lag(z)_i/m2 with m2 = sum z^2/n.
// Islands: everything NaN, is_island = 1, one warning. Ties and a variable at its mean give
// p_sim = 1 where every draw ties.
//
//   stats::PermutationOptions opt;           // 999 permutations, seed 12345, all cores
//   auto perm = stats::local_g_perm(weights::with_self(queen), counts, opt);
//   auto cls = stats::hotspot_classes(g.z, perm.p_sim_two_sided, stats::Correction::fdr_bh);
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "weights/weights.hpp"

namespace brandpunt::stats {

struct PermutationOptions {
  unsigned permutations = 999;    // draws per area (spdep/esda nsim); >= 1
  uint64_t seed = 12345;          // same seed + input -> same bytes, any thread count
  unsigned threads = 0;           // worker threads; 0 = std::thread::hardware_concurrency()
  bool with_replacement = false;  // true = spdep 1.2-7 sample(replace = TRUE)
  bool portable = false;          // true = only the portable draw-by-draw path (the reference
                                  // the AVX2 block path is tested against); same bytes either way
};

struct PermutationResult {
  std::vector<double> statistic;        // observed G / I
  std::vector<double> E_sim, V_sim;     // moments of the permuted statistic
  std::vector<double> z_sim, p_z_sim;   // standardised with the permutation moments
  std::vector<double> p_sim;            // folded pseudo p (see above)
  std::vector<double> p_sim_two_sided;  // min(1, 2 p_sim)
  std::vector<double> p_rank;           // spdep's rank-based two-sided p
  std::vector<uint32_t> n_ge, n_le;     // #permuted >= / <= observed (ties in both)
  std::vector<uint8_t> is_island;       // 1 = no neighbours: all values NaN
  std::vector<std::string> warnings;
};

// Throws brandpunt::Error (config) on a size mismatch, non-finite x or permutations == 0.
PermutationResult local_g_perm(const weights::Weights& w, std::span<const double> x,
                               const PermutationOptions& options = {});
// Weights must not include the area itself (as spdep localmoran_perm).
PermutationResult local_moran_perm(const weights::Weights& w, std::span<const double> x,
                                   const PermutationOptions& options = {});

}  // namespace brandpunt::stats
