#include "stats/global_moran.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "stats/centre.hpp"
#include "stats/checks.hpp"
#include "stats/normal.hpp"
#include "stats/rng.hpp"
#include "stats/weight_constants.hpp"

namespace brandpunt::stats {

GlobalMoran global_moran(const weights::Weights& w, std::span<const double> x) {
  detail::check_input(w, x, "global_moran");
  if (w.self_included)
    throw Error(ErrorKind::config, "global_moran: weights include the area itself");
  GlobalMoran g;
  const size_t n_all = w.n;
  if (n_all == 0) {
    g.warnings.push_back("global Moran: no areas");
    return g;
  }

  const detail::WeightConstants c = detail::weight_constants(w);
  g.S0 = c.S0;
  g.S1 = c.S1;
  g.S2 = c.S2;
  g.n_used = c.n_used;

  const Centred centred = centre(x);
  const std::vector<double>& z = centred.d;
  const double zz = centred.ss;
  double z4 = 0;
  for (size_t i = 0; i < n_all; ++i) z4 += z[i] * z[i] * z[i] * z[i];
  double cross = 0;
  for (size_t i = 0; i < n_all; ++i) {
    double lag = 0;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k)
      lag += w.values[k] * z[w.neighbours[k]];
    cross += z[i] * lag;
  }

  const double n = static_cast<double>(g.n_used);
  const double S02 = g.S0 * g.S0;
  g.EI = -1.0 / (n - 1);
  if (g.n_used < n_all)
    g.warnings.push_back(
        "global Moran: " + detail::count_msg(n_all - g.n_used, "island", "islands") +
        " (no neighbours): n reduced to " + std::to_string(g.n_used) + " as spdep adjust.n");
  if (zz == 0) {
    g.warnings.push_back("global Moran: all values are equal (zero variance): I = 0, p = 1");
    return g;
  }
  g.b2 = static_cast<double>(n_all) * z4 / (zz * zz);
  if (g.n_used < 4 || g.S0 == 0) {
    g.warnings.push_back("global Moran: fewer than 4 areas with neighbours; no test possible");
    g.I = g.S0 == 0 ? 0 : (n / g.S0) * (cross / zz);
    return g;
  }
  g.I = (n / g.S0) * (cross / zz);

  const double nn = n * n;
  double VI = n * (g.S1 * (nn - 3 * n + 3) - n * g.S2 + 3 * S02);
  const double tmp = g.b2 * (g.S1 * (nn - n) - 2 * n * g.S2 + 6 * S02);
  g.VI_rand = (VI - tmp) / ((n - 1) * (n - 2) * (n - 3) * S02) - g.EI * g.EI;
  g.VI_norm = (nn * g.S1 - n * g.S2 + 3 * S02) / (S02 * (nn - 1)) - g.EI * g.EI;
  if (g.VI_rand > 0) {
    g.z_rand = (g.I - g.EI) / std::sqrt(g.VI_rand);
    g.p_rand = p_two_sided(g.z_rand);
    g.p_rand_greater = p_greater(g.z_rand);
  } else {
    g.warnings.push_back(
        "global Moran: randomisation variance <= 0 (kurtosis too high for the test)");
  }
  if (g.VI_norm > 0) {
    g.z_norm = (g.I - g.EI) / std::sqrt(g.VI_norm);
    g.p_norm = p_two_sided(g.z_norm);
    g.p_norm_greater = p_greater(g.z_norm);
  } else {
    g.warnings.push_back("global Moran: normality variance <= 0");
  }
  return g;
}

namespace {

// Σ_i z_i Σ_j w_ij z_j for the values z.
double cross_product(const weights::Weights& w, const std::vector<double>& z) {
  double cross = 0;
  for (size_t i = 0; i < w.n; ++i) {
    double lag = 0;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) lag += w.values[k] * z[w.neighbours[k]];
    cross += z[i] * lag;
  }
  return cross;
}

}  // namespace

GlobalMoranPerm global_moran_perm(const weights::Weights& w, std::span<const double> x,
                                  unsigned permutations, uint64_t seed) {
  if (permutations == 0) throw Error(ErrorKind::config, "global_moran_perm: permutations must be >= 1");
  const GlobalMoran analytic = global_moran(w, x);
  GlobalMoranPerm out;
  out.permutations = permutations;
  out.I = analytic.I;
  const Centred centred = centre(x);
  if (centred.ss == 0 || analytic.n_used < 4 || analytic.S0 == 0) {
    out.warnings.push_back("global Moran permutations: no test possible (constant values or too few neighbours)");
    return out;
  }
  const double observed = cross_product(w, centred.d);
  // I is a fixed multiple of the cross product (n, S0 and Σz² do not change under permutation),
  // so the draws are compared on the cross product; a tie is a draw within 1e-12 relative.
  const double scale = static_cast<double>(analytic.n_used) / analytic.S0 / centred.ss;
  const double tol = 1e-12 * std::max(1.0, std::fabs(observed));
  std::vector<double> z = centred.d;
  const auto n = static_cast<uint32_t>(z.size());
  double sum = 0, sum2 = 0;
  for (unsigned s = 0; s < permutations; ++s) {
    // Each draw shuffles the original order with its own stream (Fisher-Yates).
    z = centred.d;
    AreaRng rng(seed, s);
    for (uint32_t i = n; i > 1; --i) std::swap(z[i - 1], z[rng.below(i)]);
    const double c = cross_product(w, z);
    if (c >= observed - tol) ++out.n_ge;
    if (c <= observed + tol) ++out.n_le;
    const double I = c * scale;
    sum += I;
    sum2 += I * I;
  }
  const double m = static_cast<double>(permutations);
  out.E_sim = sum / m;
  out.V_sim = permutations > 1 ? (sum2 - m * out.E_sim * out.E_sim) / (m - 1) : 0;
  out.z_sim = out.V_sim > 0 ? (out.I - out.E_sim) / std::sqrt(out.V_sim) : 0;
  out.p_sim_greater = (out.n_ge + 1.0) / (m + 1);
  out.p_sim = std::min(1.0, 2.0 * (std::min(out.n_ge, out.n_le) + 1.0) / (m + 1));
  return out;
}

}  // namespace brandpunt::stats
