#include "density/incremental.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "stats/global_moran.hpp"
#include "weights/distance_band.hpp"
#include "weights/knn.hpp"

namespace brandpunt::density {

IsaDefaults isa_defaults(std::span<const XY> centres) {
  if (centres.size() < 2)
    throw Error(ErrorKind::config, "incremental autocorrelation needs at least 2 features");
  IsaDefaults d;
  d.start_m = weights::min_threshold_no_islands(centres);
  const weights::Weights nn = weights::knn(centres, 1);
  double sum = 0;
  for (size_t i = 0; i < nn.n; ++i) {
    const XY& a = centres[i];
    const XY& b = centres[nn.neighbours[nn.offsets[i]]];
    sum += std::hypot(a.x - b.x, a.y - b.y);
  }
  d.step_m = sum / static_cast<double>(nn.n);
  if (!(d.start_m > 0) || !(d.step_m > 0))
    throw Error(ErrorKind::config, "incremental autocorrelation: the features coincide");
  return d;
}

IsaResult incremental_autocorrelation(std::span<const XY> centres, std::span<const double> values,
                                      double start_m, double step_m, int n_steps) {
  if (centres.size() != values.size())
    throw Error(ErrorKind::config, "incremental autocorrelation: " +
                                       std::to_string(centres.size()) + " features but " +
                                       std::to_string(values.size()) + " values");
  if (!(start_m > 0) || !std::isfinite(start_m) || !(step_m > 0) || !std::isfinite(step_m) ||
      n_steps < 1)
    throw Error(ErrorKind::config,
                "incremental autocorrelation: start_m and step_m must be > 0, n_steps ≥ 1");
  IsaResult out;
  for (int k = 0; k < n_steps; ++k) {
    const double d = start_m + k * step_m;
    const weights::Weights w = weights::row_standardised(weights::distance_band(centres, d, true));
    const stats::GlobalMoran g = stats::global_moran(w, values);
    out.distances_m.push_back(d);
    out.z.push_back(g.z_rand);
    out.moran_i.push_back(g.I);
  }
  const auto& z = out.z;
  for (size_t k = 1; k + 1 < z.size(); ++k)
    if (z[k] > z[k - 1] && z[k] > z[k + 1]) {
      out.found_peak = true;
      out.peak_distance_m = out.distances_m[k];
      return out;
    }
  size_t best = 0;
  for (size_t k = 1; k < z.size(); ++k)
    if (z[k] > z[best]) best = k;
  out.peak_distance_m = out.distances_m[best];
  return out;
}

}  // namespace brandpunt::density
