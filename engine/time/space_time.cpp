#include "time/space_time.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "stats/centre.hpp"
#include "time/mann_kendall.hpp"

namespace brandpunt::time {

std::vector<double> space_time_gi_star(const weights::Weights& w_space,
                                       std::span<const double> values, size_t n_locations,
                                       size_t n_steps, int time_lags, unsigned threads) {
  if (time_lags < 0)
    throw Error(ErrorKind::config, "space-time Gi*: time_lags must be >= 0, got " +
                                       std::to_string(time_lags))
        .at_field("time_lags");
  if (w_space.n != n_locations || values.size() != n_locations * n_steps)
    throw Error(ErrorKind::internal, "space-time Gi*: weights for " + std::to_string(w_space.n) +
                                         " locations, cube has " + std::to_string(n_locations));
  const size_t N = n_locations * n_steps;
  std::vector<double> z(N, 0.0);
  if (N < 2) return z;

  // Centred values: the numerator Σ(x - x̄) avoids the cancellation of lag - W·x̄.
  const stats::Centred centred = stats::centre(values);
  const std::vector<double>& d = centred.d;
  const double s2 = centred.ss / static_cast<double>(N);
  if (!(s2 > 0)) return z;  // constant cube: nothing stands out

  // Spatial sums per (i, t) over N(i) ∪ {i}, then a running window over t. Locations are
  // independent: chunks of them run on separate threads.
  const double Nd = static_cast<double>(N);
  core::parallel_chunks(n_locations, threads, [&](size_t begin, size_t end) {
  std::vector<double> spatial(n_steps);
  for (size_t i = begin; i < end; ++i) {
    std::copy(d.begin() + static_cast<std::ptrdiff_t>(i * n_steps),
              d.begin() + static_cast<std::ptrdiff_t>((i + 1) * n_steps), spatial.begin());
    size_t k_space = 1;
    for (uint32_t e = w_space.offsets[i]; e < w_space.offsets[i + 1]; ++e) {
      const size_t j = w_space.neighbours[e];
      if (j == i) continue;  // self already counted (weights built with with_self)
      ++k_space;
      const double* dj = d.data() + j * n_steps;
      for (size_t t = 0; t < n_steps; ++t) spatial[t] += dj[t];
    }
    for (size_t t = 0; t < n_steps; ++t) {
      // Direct sum over at most time_lags + 1 steps (no running sum: no drift, same bits
      // whatever the order).
      const size_t first = t >= static_cast<size_t>(time_lags) ? t - static_cast<size_t>(time_lags) : 0;
      double sum = 0;
      for (size_t u = first; u <= t; ++u) sum += spatial[u];
      const double W = static_cast<double>(k_space * (t - first + 1));
      const double var = s2 * (Nd * W - W * W) / (Nd - 1);
      z[i * n_steps + t] = var > 0 ? sum / std::sqrt(var) : 0.0;
    }
  }
  }, 256);
  return z;
}

std::vector<double> space_time_gi_star(const weights::Weights& w_space, const Cube& cube,
                                       int time_lags, unsigned threads) {
  std::vector<double> x(cube.counts.begin(), cube.counts.end());
  return space_time_gi_star(w_space, x, cube.n_locations, cube.n_steps, time_lags, threads);
}

std::vector<double> two_sided_p(std::span<const double> z, unsigned threads) {
  std::vector<double> p(z.size());
  core::parallel_chunks(z.size(), threads, [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) p[k] = two_sided_normal_p(z[k]);
  });
  return p;
}

}  // namespace brandpunt::time
