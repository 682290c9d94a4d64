// Mann-Kendall trend test with the tie correction, Kendall's tau and Sen's slope.
//
// For a series x_0..x_{n-1} in time order (time has no ties):
//   S      = sum_{i<j} sign(x_j - x_i)
//   var(S) = [n(n-1)(2n+5) - sum_g t_g(t_g-1)(2t_g+5)] / 18,  t_g = size of tied group g
//   Z      = (S-1)/sqrt(var S) if S>0, 0 if S=0, (S+1)/sqrt(var S) if S<0  (continuity-corrected,
//            the default of R's trend::mk.test and Kendall::MannKendall; Kendall 1975,
//            Gilbert 1987 sect. 16.4), p = 2(1 - Phi(|Z|)) two-sided.
//   tau_b  = S / sqrt((n(n-1)/2 - sum_g t_g(t_g-1)/2) * n(n-1)/2)  (= R cor(t, x, "kendall"))
//   tau_a  = S / (n(n-1)/2)                                         (pymannkendall's Tau)
//   Sen's slope = median over i<j of (x_j - x_i)/(j - i) (Sen 1968), per time step;
//   intercept = median(x) - slope * median(t), t = 0..n-1 (Conover 1980, as pymannkendall).
// Conventions (the oracle's, /work/shared/oracle/README.md): when every value is tied,
// var(S) = 0 and we report Z = 0, p = 1, tau_b = NaN, tau_a = 0, slope 0.
//
// Minimum length: a series shorter than `min_length` (default 4) is `too_short`: S, var(S),
// tau and the slope are still filled in, but Z and p are NaN so that nobody reads a p-value
// that cannot mean anything (with n = 3 even a perfect trend gives p = 0.30). n = 4 is the
// shortest series whose monotone trend reaches p < 0.10; the normal approximation is only
// good from about n = 10 (Gilbert 1987), so treat 4..9 steps as indicative.
//
//   std::vector<double> counts = {0, 0, 1, 0, 2, 1, 0, 3, 2, 4, 3, 5};
//   MannKendall mk = mann_kendall(counts);   // S = 43, var_S = 201, Z = 2.962, p = 0.0031
#pragma once

#include <span>

namespace brandpunt::time {

struct MannKendall {
  double S = 0;
  double var_S = 0;            // tie-corrected
  double Z = 0;                // continuity-corrected (default)
  double Z_no_continuity = 0;  // S / sqrt(var_S)
  double p = 1;                // two-sided, from Z; NaN when too_short
  double p_no_continuity = 1;  // two-sided, from Z_no_continuity; NaN when too_short
  double tau_b = 0;            // NaN when all values are tied
  double tau_a = 0;
  double sen_slope = 0;        // units of x per time step
  double sen_intercept = 0;    // value at t = 0 of the Sen line
  bool too_short = false;      // n < min_length: Z and p are NaN
  int n = 0;
};

inline constexpr int kMannKendallMinLength = 4;

// Two-sided normal p-value 2(1 - Phi(|z|)), computed as erfc(|z|/sqrt 2) so that it stays
// accurate in the far tail (p ~ 1e-15) where 1 - Phi cancels.
double two_sided_normal_p(double z);

// O(n^2) in the series length (n <= a few hundred steps); NaN values are not allowed.
MannKendall mann_kendall(std::span<const double> series, int min_length = kMannKendallMinLength);

// The same without Sen's slope (the O(n^2 log n) part), for classifying many series.
MannKendall mann_kendall_no_slope(std::span<const double> series,
                                  int min_length = kMannKendallMinLength);

}  // namespace brandpunt::time
