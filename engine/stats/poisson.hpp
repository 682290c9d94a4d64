// The exact Poisson test of an observed count against its expectation: the standardised
// incidence ratio (SIR = observed / expected) with its p-values and exact confidence limits,
// exactly as R's poisson.test(x, T = expected) (R 4.2, stats package).
//
// X ~ Poisson(mu) with mu = the expected count. The p-values are the *exact* ones, not mid-p:
//   p_greater = P(X >= x)     (alternative = "greater": more than expected; the focus test)
//   p_less    = P(X <= x)     (alternative = "less")
//   p_two     = R's two-sided rule: the probability of every outcome no more likely than x,
//               dpois(k) <= dpois(x)·(1 + 1e-7), found as poisson.test does (doubling N).
// Confidence limits of the SIR (Garwood 1936; R poisson.test conf.int divided by mu):
//   lower = qgamma(a, x) / mu (0 when x = 0),  upper = qgamma(1 - a, x + 1) / mu,
// with a = (1 - level)/2 for the two-sided interval and a = 1 - level for the one-sided lower
// limit of alternative = "greater" (lower_one_sided).
//
// Probabilities use Loader's saddle-point form (C. Loader 2000, "Fast and accurate computation
// of binomial probabilities"; what R's dpois does): dpois(x, mu) = exp(-stirlerr(x) - bd0(x, mu))
// / sqrt(2 pi x), and tails are summed from the term at x outwards (terms fall geometrically),
// so small tails keep full relative precision. Checked against R to 1e-9 relative on a table of
// cases (tests/stats/data/poisson_reference.csv, made by tests/stats/data/poisson_reference.R).
//
// The same saddle-point form gives the binomial probabilities of the conditional test of two
// Poisson rates (an area against its neighbours, given their total): dbinom(x, n, p) =
// exp(stirlerr(n) - stirlerr(x) - stirlerr(n-x) - bd0(x, np) - bd0(n-x, nq)) sqrt(n / (2 pi x
// (n-x))), tails summed outwards from x (checked against R pbinom on a table of cases,
// tests/stats/data/binomial_reference.R).
//
//   PoissonTest t = poisson_test(45, 14.6);   // sir 3.08, p_greater 6.6e-10
//   double lo = t.lower_one_sided;             // 2.36: 95 % sure the rate is >= 2.36x expected
//   binomial_upper_tail(8, 10, 0.5);           // P(X >= 8) = 56 / 1024
#pragma once

#include <cstdint>

namespace brandpunt::stats {

// dpois(x, mu); 0 for x < 0. mu >= 0 (mu = 0: 1 at x = 0).
double poisson_pmf(int64_t x, double mu);
// P(X <= x) and P(X >= x) for X ~ Poisson(mu).
double poisson_lower_tail(int64_t x, double mu);
double poisson_upper_tail(int64_t x, double mu);
// R poisson.test(x, T = mu)$p.value (two-sided).
double poisson_two_sided_p(int64_t x, double mu);
// The mu at which P(X >= x) = a (R qgamma(a, x), x >= 1), and the mu at which P(X <= x) = a
// (qgamma(1 - a, x + 1)); 0 < a < 1.
double poisson_mean_lower(int64_t x, double a);
double poisson_mean_upper(int64_t x, double a);

// dbinom(x, n, prob) and P(X >= x) for X ~ Binomial(n, prob) (R: pbinom(x - 1, n, prob,
// lower.tail = FALSE)); n >= 0, 0 <= prob <= 1, else Error(internal).
double binomial_pmf(int64_t x, int64_t n, double prob);
double binomial_upper_tail(int64_t x, int64_t n, double prob);

struct PoissonTest {
  double observed = 0, expected = 0;
  double sir = 0;          // observed / expected
  double p_greater = 1;    // P(X >= observed)
  double p_less = 1;       // P(X <= observed)
  double p_two_sided = 1;  // R's two-sided rule
  double lower = 0, upper = 0;  // two-sided confidence limits of the SIR at `level`
  double lower_one_sided = 0;   // one-sided lower limit at `level` (alternative = "greater")
};

// observed: a count >= 0 (rounded to the nearest integer: noisy published counts are integers;
// negatives count as 0); expected > 0; 0 < level < 1. Throws Error(internal) otherwise.
PoissonTest poisson_test(double observed, double expected, double level = 0.95);

}  // namespace brandpunt::stats
