#include "stats/general_g.hpp"

#include <cmath>

#include "core/error.hpp"
#include "stats/checks.hpp"
#include "stats/normal.hpp"
#include "stats/weight_constants.hpp"

namespace brandpunt::stats {

GeneralG general_g(const weights::Weights& w, std::span<const double> x) {
  detail::check_input(w, x, "general_g");
  if (w.self_included) throw Error(ErrorKind::config, "general_g: weights include the area itself");
  for (size_t i = 0; i < x.size(); ++i)
    if (x[i] < 0)
      throw Error(ErrorKind::config, "general_g: negative value (G needs non-negative values)")
          .at_row(static_cast<int64_t>(i) + 1);
  GeneralG g;
  const detail::WeightConstants c = detail::weight_constants(w);
  g.n_used = c.n_used;
  double numer = 0, m1 = 0, m2 = 0, m3 = 0, m4 = 0;
  for (size_t i = 0; i < w.n; ++i) {
    double lag = 0;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) lag += w.values[k] * x[w.neighbours[k]];
    numer += x[i] * lag;
    if (w.cardinality(i) == 0) continue;  // spdep adjust.x: islands leave the sums
    const double v = x[i];
    m1 += v;
    m2 += v * v;
    m3 += v * v * v;
    m4 += v * v * v * v;
  }
  if (c.n_used < w.n)
    g.warnings.push_back("General G: " + detail::count_msg(w.n - c.n_used, "island", "islands") +
                         " (no neighbours) left out, as spdep adjust.n and adjust.x");
  const double denom = m1 * m1 - m2;
  if (c.n_used < 4 || c.S0 == 0) {
    g.warnings.push_back("General G: fewer than 4 areas with neighbours; no test possible");
    return g;
  }
  if (!(denom > 0)) {
    g.warnings.push_back("General G: fewer than two non-zero values; G undefined");
    return g;
  }
  const double n = static_cast<double>(c.n_used), nn = n * n, S02 = c.S0 * c.S0;
  g.G = numer / denom;
  g.EG = c.S0 / (n * (n - 1));
  const double B0 = (nn - 3 * n + 3) * c.S1 - n * c.S2 + 3 * S02;
  const double B1 = -((nn - n) * c.S1 - 2 * n * c.S2 + 6 * S02);
  const double B2 = -(2 * n * c.S1 - (n + 3) * c.S2 + 6 * S02);
  const double B3 = 4 * (n - 1) * c.S1 - 2 * (n + 1) * c.S2 + 8 * S02;
  const double B4 = c.S1 - c.S2 + S02;
  g.VG = (B0 * m2 * m2 + B1 * m4 + B2 * m1 * m1 * m2 + B3 * m1 * m3 + B4 * m1 * m1 * m1 * m1) /
             (denom * denom * n * (n - 1) * (n - 2) * (n - 3)) -
         g.EG * g.EG;
  if (!(g.VG > 0)) {
    g.warnings.push_back("General G: variance <= 0; no test possible");
    return g;
  }
  g.z = (g.G - g.EG) / std::sqrt(g.VG);
  g.p = p_two_sided(g.z);
  g.p_greater = p_greater(g.z);
  return g;
}

}  // namespace brandpunt::stats
