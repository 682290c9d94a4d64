#include "stats/global_moran.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "stats/centre.hpp"
#include "stats/checks.hpp"
#include "stats/normal.hpp"

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

  // Weight constants, accumulated as spdep spweights.constants does.
  std::vector<double> row_sum(n_all, 0.0), col_sum(n_all, 0.0);
  for (size_t i = 0; i < n_all; ++i) {
    if (w.cardinality(i) > 0) ++g.n_used;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) {
      const uint32_t j = w.neighbours[k];
      const double dij = w.values[k];
      row_sum[i] += dij;
      col_sum[j] += dij;
      // w_ji: binary search in row j (rows are sorted ascending).
      const auto b = w.neighbours.begin() + w.offsets[j];
      const auto e = w.neighbours.begin() + w.offsets[j + 1];
      const auto it = std::lower_bound(b, e, static_cast<uint32_t>(i));
      const double dji =
          (it != e && *it == i) ? w.values[static_cast<size_t>(it - w.neighbours.begin())] : 0.0;
      g.S1 += dij * dij + dij * dji;
    }
  }
  for (size_t i = 0; i < n_all; ++i) {
    g.S0 += row_sum[i];
    g.S2 += (row_sum[i] + col_sum[i]) * (row_sum[i] + col_sum[i]);
  }

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

}  // namespace brandpunt::stats
