#include "stats/getis_ord.hpp"

#include <cmath>
#include <limits>

#include "stats/checks.hpp"
#include "stats/normal.hpp"

namespace brandpunt::stats {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Relative floor below which a variance is rounding noise of an exact zero (all values equal).
constexpr double kZeroVar = 1e-12;
}  // namespace

LocalG local_g(const weights::Weights& w, std::span<const double> x) {
  detail::check_input(w, x, "local_g");
  const size_t n = w.n;
  const double nd = static_cast<double>(n);
  LocalG out;
  out.star = w.self_included;
  out.G.assign(n, 0.0);
  out.EG.assign(n, 0.0);
  out.VG.assign(n, 0.0);
  out.z.assign(n, 0.0);
  out.p.assign(n, 1.0);
  out.is_island.assign(n, 0);
  if (n == 0) return out;

  double sum = 0;
  for (double v : x) sum += v;
  const double mean = sum / nd;
  double ss = 0;  // sum of squared deviations from the mean, centred for accuracy
  for (double v : x) ss += (v - mean) * (v - mean);
  const bool too_few = out.star ? n < 2 : n < 3;

  size_t islands = 0, zero_var = 0, zero_denominator = 0;
  for (size_t i = 0; i < n; ++i) {
    double Wi = 0, S1i = 0, lag = 0;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) {
      const double wij = w.values[k];
      Wi += wij;
      S1i += wij * wij;
      lag += wij * x[w.neighbours[k]];
    }
    // Moments: Ord & Getis (1995) eq. 7-10 as coded in spdep localG.
    double xbar, s2, shape;
    const double x_star = out.star ? sum : sum - x[i];
    if (out.star) {
      xbar = mean;
      s2 = ss / nd;
      shape = (nd * S1i - Wi * Wi) / (nd - 1);
    } else {
      const double d = x[i] - mean;
      xbar = (sum - x[i]) / (nd - 1);
      // sum_{j != i} (x_j - xbar_(i))^2 = ss - d^2 n/(n-1); spdep's (sum x^2 - x_i^2)/(n-1) -
      // xbar_(i)^2 is the same quantity with more cancellation.
      s2 = (ss - d * d * nd / (nd - 1)) / (nd - 1);
      shape = ((nd - 1) * S1i - Wi * Wi) / (nd - 2);
    }
    const double EG = Wi * xbar;
    const double VG = s2 * shape;
    if (x_star != 0) {
      out.G[i] = lag / x_star;
      out.EG[i] = EG / x_star;
      out.VG[i] = VG / (x_star * x_star);
    } else {
      ++zero_denominator;
    }
    if (too_few) {  // z = 0, p = 1 for every area, islands included
      out.is_island[i] = detail::is_island(w, i);
      continue;
    }
    if (detail::is_island(w, i)) {
      out.is_island[i] = 1;
      ++islands;
      out.z[i] = out.p[i] = kNaN;
      continue;
    }
    const bool flat = s2 <= kZeroVar * ss / nd || ss == 0;
    const bool full = shape <= kZeroVar * nd * S1i;
    if (flat || full) {
      ++zero_var;
      continue;
    }
    out.z[i] = (lag - EG) / std::sqrt(VG);
    out.p[i] = p_two_sided(out.z[i]);
  }

  const char* name = out.star ? "Gi*" : "Gi";
  if (too_few)
    out.warnings.push_back(std::string(name) + ": only " + std::to_string(n) +
                           " area(s); no test possible, z = 0 and p = 1");
  if (islands)
    out.warnings.push_back(std::string(name) + ": " +
                           detail::count_msg(islands, "island", "islands") +
                           " (no neighbours): z and p are NaN");
  if (zero_var)
    out.warnings.push_back(std::string(name) + ": " +
                           detail::count_msg(zero_var, "area has", "areas have") +
                           " zero variance under the null (equal values or a neighbourhood "
                           "covering all areas): z = 0, p = 1");
  if (zero_denominator)
    out.warnings.push_back(std::string(name) + ": sum of x is zero for " +
                           detail::count_msg(zero_denominator, "area", "areas") +
                           ": G, EG, VG set to 0");
  return out;
}

}  // namespace brandpunt::stats
