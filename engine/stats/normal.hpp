// Normal-distribution p-values shared by the analytic tests (Gi, Gi*, Local and global Moran).
//
// spdep computes two-sided p as 2 * pnorm(|z|, lower.tail = FALSE); erfc(|z|/sqrt 2) is the same
// quantity without the cancellation of 1 - Phi(|z|), so tiny p-values keep full relative precision.
//
//   double p = stats::p_two_sided(1.96);  // 0.0499958...
//   double q = stats::p_greater(1.645);   // 0.0499849...
#pragma once

#include <cmath>

namespace brandpunt::stats {

inline constexpr double kInvSqrt2 = 0.70710678118654752440;  // 1/sqrt(2)

// 2 * (1 - Phi(|z|)); NaN in -> NaN out.
inline double p_two_sided(double z) { return std::erfc(std::fabs(z) * kInvSqrt2); }
// 1 - Phi(z), the upper one-sided p (spdep alternative = "greater").
inline double p_greater(double z) { return 0.5 * std::erfc(z * kInvSqrt2); }

}  // namespace brandpunt::stats
