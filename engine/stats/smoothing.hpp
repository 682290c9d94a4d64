// Empirical Bayes smoothing of rates (events per inhabitant), so that areas with few
// inhabitants, whose raw rates swing wildly, do not dominate a hot-spot map.
//
// eb_global is Marshall's (1991) global moment estimator as spdep EBest (family "poisson"):
//   r_i = e_i/n_i, b = sum e / sum n, s2 = sum n_i (r_i - b)^2 / sum n,
//   a = max(0, s2 - b/(sum n / m)),  est_i = b + a (r_i - b) / (a + b/n_i).
// eb_local is the local version of spdep EBlocal (Marshall 1991; Bailey & Gatrell 1995), with
// each area's neighbourhood N_i = {i} + its neighbours (binary; weight values are ignored):
//   m_i = sum_N e / sum_N n, nbar_i = mean_N n, C_i = sum_N n_j (r_j - m_i)^2,
//   a_i = max(0, C_i/sum_N n - m_i/nbar_i),  est_i = m_i + (r_i - m_i) a_i / (a_i + m_i/n_i).
// Variant: spdep EBlocal's default (geoda = FALSE) computes C_i = sum_N n_j (r_j - m_j)^2 with
// each member's *own* local mean m_j (lag.listw of n (r - m)^2); Marshall's formula and spdep
// geoda = TRUE use m_i. EbLocalVariant picks one; the default reproduces spdep's default.
// Rates are per 1 inhabitant: multiply by 1,000 for "per 1,000 inhabitants".
//
// Population 0 (industrial estates, parks): spdep refuses; here such an area has raw = NaN and
// its estimate is the prior mean (b, or m_i), the limit of the formula as n_i -> 0, and it is
// left out of every prior (its events are not counted). A neighbourhood without population falls
// back to the global prior b. When a = 0 and the prior mean is 0 (no events at all) the estimate
// is the prior mean. Negative or non-finite events or population throw brandpunt::Error.
//
//   std::vector<double> per_1000 = stats::eb_global(events, inhabitants);
//   for (double& r : per_1000) r *= 1000;
#pragma once

#include <span>
#include <string>
#include <vector>

#include "weights/weights.hpp"

namespace brandpunt::stats {

enum class EbLocalVariant {
  spdep,  // C_i with each member's own m_j (spdep EBlocal, geoda = FALSE; default)
  geoda   // C_i with m_i (Marshall 1991; spdep EBlocal geoda = TRUE)
};

struct EbRates {
  std::vector<double> raw;         // e_i / n_i (NaN where n_i = 0)
  std::vector<double> estimate;    // smoothed rate
  std::vector<double> prior_mean;  // b (global) or m_i (local)
  std::vector<double> prior_var;   // a (global) or a_i (local)
  std::vector<std::string> warnings;
};

EbRates eb_global_rates(std::span<const double> events, std::span<const double> population);
EbRates eb_local_rates(const weights::Weights& w, std::span<const double> events,
                       std::span<const double> population,
                       EbLocalVariant variant = EbLocalVariant::spdep);

// The smoothed rates only.
std::vector<double> eb_global(std::span<const double> events, std::span<const double> population);
std::vector<double> eb_local(const weights::Weights& w, std::span<const double> events,
                             std::span<const double> population,
                             EbLocalVariant variant = EbLocalVariant::spdep);

}  // namespace brandpunt::stats
