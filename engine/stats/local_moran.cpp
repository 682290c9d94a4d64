#include "stats/local_moran.hpp"

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "stats/checks.hpp"
#include "stats/normal.hpp"

namespace brandpunt::stats {

const char* to_string(Quadrant q) {
  switch (q) {
    case Quadrant::HH:
      return "HH";
    case Quadrant::LH:
      return "LH";
    case Quadrant::LL:
      return "LL";
    case Quadrant::HL:
      return "HL";
  }
  return "?";
}

Quadrant quadrant_of(double z, double lag_z) {
  if (z > 0) return lag_z > 0 ? Quadrant::HH : Quadrant::HL;
  return lag_z > 0 ? Quadrant::LH : Quadrant::LL;
}

LocalMoran local_moran(const weights::Weights& w, std::span<const double> x,
                       MoranVariance variance) {
  detail::check_input(w, x, "local_moran");
  if (w.self_included)
    throw Error(ErrorKind::config,
                "local_moran: weights include the area itself (use Gi* for that)");
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  const size_t n = w.n;
  const double nd = static_cast<double>(n);
  LocalMoran out;
  for (auto* v : {&out.I, &out.E, &out.V, &out.z, &out.lag_z}) v->assign(n, 0.0);
  out.p.assign(n, 1.0);
  out.quadrant.assign(n, 0);
  out.is_island.assign(n, 0);
  if (n == 0) return out;

  double sum = 0;
  for (double v : x) sum += v;
  const double mean = sum / nd;
  double ss = 0, s4 = 0;
  for (double v : x) {
    const double d = (v - mean) * (v - mean);
    ss += d;
    s4 += d * d;
  }
  const double m2 = ss / nd;
  const double b2 = (s4 / nd) / (m2 * m2);  // kurtosis, total randomisation only
  const bool flat = ss == 0;
  const bool too_few = n < 3;

  size_t islands = 0, at_mean = 0;
  for (size_t i = 0; i < n; ++i) {
    double Wi = 0, S1i = 0, lag = 0;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) {
      const double wij = w.values[k];
      Wi += wij;
      S1i += wij * wij;
      lag += wij * (x[w.neighbours[k]] - mean);
    }
    const double zi = x[i] - mean;
    out.lag_z[i] = lag;
    out.quadrant[i] = static_cast<uint8_t>(quadrant_of(zi, lag));
    if (detail::is_island(w, i)) {
      out.is_island[i] = 1;
      if (too_few) continue;  // z = 0, p = 1 for every area when n < 3
      ++islands;
      out.z[i] = out.p[i] = kNaN;
      continue;
    }
    if (flat) continue;  // I = E = V = z = 0, p = 1
    out.I[i] = (zi / m2) * lag;
    // Term order follows spdep localmoran so results agree to the last bits.
    if (variance == MoranVariance::conditional) {
      out.E[i] = -(zi * zi * Wi) / ((nd - 1) * m2);
      out.V[i] = (zi / m2) * (zi / m2) * (nd / (nd - 2)) * (S1i - Wi * Wi / (nd - 1)) *
                 (m2 - zi * zi / (nd - 1));
    } else {
      const double A = (nd - b2) / (nd - 1);
      const double B = (2 * b2 - nd) / ((nd - 1) * (nd - 2));
      out.E[i] = -Wi / (nd - 1);
      out.V[i] = A * S1i + B * (Wi * Wi - S1i) - out.E[i] * out.E[i];
    }
    if (too_few) continue;
    if (!(out.V[i] > 0)) {
      ++at_mean;
      continue;
    }
    out.z[i] = (out.I[i] - out.E[i]) / std::sqrt(out.V[i]);
    out.p[i] = p_two_sided(out.z[i]);
  }
  if (too_few) {
    out.warnings.push_back("local Moran: only " + std::to_string(n) +
                           " area(s); no test possible, z = 0 and p = 1");
    for (size_t i = 0; i < n; ++i)
      if (!out.is_island[i]) out.V[i] = 0;
  }
  if (islands)
    out.warnings.push_back("local Moran: " + detail::count_msg(islands, "island", "islands") +
                           " (no neighbours): z and p are NaN");
  if (flat)
    out.warnings.push_back("local Moran: all values are equal (zero variance): I = z = 0, p = 1");
  else if (at_mean && !too_few)
    out.warnings.push_back(
        "local Moran: " + detail::count_msg(at_mean, "area has", "areas have") +
        " zero variance under the null (conditional: value at the mean): z = 0, p = 1");
  return out;
}

std::vector<uint8_t> lisa_classes(const LocalMoran& lm, double alpha) {
  std::vector<uint8_t> out(lm.p.size(), 0);
  for (size_t i = 0; i < out.size(); ++i)
    if (lm.p[i] < alpha) out[i] = lm.quadrant[i];
  return out;
}

std::vector<uint8_t> lisa_classes(const LocalMoran& lm, double alpha, Correction correction) {
  const std::vector<double> q = p_adjust(lm.p, correction);
  std::vector<uint8_t> out(q.size(), 0);
  for (size_t i = 0; i < out.size(); ++i)
    if (q[i] < alpha) out[i] = lm.quadrant[i];
  return out;
}

}  // namespace brandpunt::stats
