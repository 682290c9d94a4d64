#include "time/local_outlier.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "stats/centre.hpp"
#include "stats/local_moran.hpp"
#include "stats/multiple_testing.hpp"
#include "stats/normal.hpp"

namespace brandpunt::time {

const char* to_string(OutlierPattern p) {
  switch (p) {
    case OutlierPattern::never_significant: return "never_significant";
    case OutlierPattern::only_high_high: return "only_high_high_cluster";
    case OutlierPattern::only_high_low: return "only_high_low_outlier";
    case OutlierPattern::only_low_high: return "only_low_high_outlier";
    case OutlierPattern::only_low_low: return "only_low_low_cluster";
    case OutlierPattern::multiple_types: return "multiple_types";
  }
  return "never_significant";
}

namespace {

// I, E, V of one bin from its centred value, the sum of its neighbours' centred values, the
// neighbourhood size W, and the n and m2 of its standardisation.
void moran_bin(SpaceTimeMoran& out, size_t bin, double di, double lag, double W, double n,
               double m2) {
  out.quadrant[bin] = static_cast<uint8_t>(stats::quadrant_of(di, lag));
  if (!(m2 > 0) || W <= 0) return;
  const double I = di * lag / m2;
  const double E = -di * di * W / ((n - 1) * m2);
  const double V =
      (di / m2) * (di / m2) * n / (n - 2) * (W - W * W / (n - 1)) * (m2 - di * di / (n - 1));
  out.I[bin] = I;
  if (!(V > 0)) return;
  out.z[bin] = (I - E) / std::sqrt(V);
  out.p[bin] = stats::p_two_sided(out.z[bin]);
}

}  // namespace

SpaceTimeMoran space_time_local_moran(const weights::Weights& w_space,
                                      std::span<const double> values, size_t n_locations,
                                      size_t n_steps, int time_lags, bool per_step,
                                      unsigned threads) {
  if (time_lags < 0 || (per_step && time_lags > 0))
    throw Error(ErrorKind::config, "space-time Local Moran: time_lags must be >= 0 (0 per step), got " +
                                       std::to_string(time_lags))
        .at_field("time_lags");
  if (w_space.n != n_locations || values.size() != n_locations * n_steps)
    throw Error(ErrorKind::internal, "space-time Local Moran: weights for " +
                                         std::to_string(w_space.n) + " locations, cube has " +
                                         std::to_string(n_locations));
  const size_t N = n_locations * n_steps;
  SpaceTimeMoran out;
  out.I.assign(N, 0.0);
  out.z.assign(N, 0.0);
  out.p.assign(N, 1.0);
  out.quadrant.assign(N, 0);
  if (N < 3) return out;
  if (per_step) {
    // Each step on its own: spdep's localmoran of that slice.
    if (n_locations < 3) return out;
    const double n = static_cast<double>(n_locations);
    for (size_t t = 0; t < n_steps; ++t) {
      std::vector<double> slice(n_locations);
      for (size_t i = 0; i < n_locations; ++i) slice[i] = values[i * n_steps + t];
      const stats::Centred c = stats::centre(slice);
      const double m2 = c.ss / n;
      core::parallel_chunks(n_locations, threads, [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
          double lag = 0;
          double W = 0;
          for (uint32_t e = w_space.offsets[i]; e < w_space.offsets[i + 1]; ++e) {
            const size_t j = w_space.neighbours[e];
            if (j == i) continue;
            lag += c.d[j];
            W += 1;
          }
          moran_bin(out, i * n_steps + t, c.d[i], lag, W, n, m2);
        }
      }, 1024);
    }
    return out;
  }
  const stats::Centred c = stats::centre(values);
  const std::vector<double>& d = c.d;
  const double Nd = static_cast<double>(N);
  const double m2 = c.ss / Nd;
  core::parallel_chunks(n_locations, threads, [&](size_t begin, size_t end) {
    std::vector<double> spatial(n_steps);
    for (size_t i = begin; i < end; ++i) {
      std::copy(d.begin() + static_cast<std::ptrdiff_t>(i * n_steps),
                d.begin() + static_cast<std::ptrdiff_t>((i + 1) * n_steps), spatial.begin());
      size_t k_space = 1;  // the location itself: its earlier steps are neighbours in time
      for (uint32_t e = w_space.offsets[i]; e < w_space.offsets[i + 1]; ++e) {
        const size_t j = w_space.neighbours[e];
        if (j == i) continue;
        ++k_space;
        const double* dj = d.data() + j * n_steps;
        for (size_t t = 0; t < n_steps; ++t) spatial[t] += dj[t];
      }
      for (size_t t = 0; t < n_steps; ++t) {
        const size_t first =
            t >= static_cast<size_t>(time_lags) ? t - static_cast<size_t>(time_lags) : 0;
        double lag = 0;
        for (size_t u = first; u <= t; ++u) lag += spatial[u];
        const size_t bin = i * n_steps + t;
        const double di = d[bin];
        lag -= di;  // the bin itself is not its own neighbour
        const double W = static_cast<double>(k_space * (t - first + 1) - 1);
        moran_bin(out, bin, di, lag, W, Nd, m2);
      }
    }
  }, 256);
  return out;
}

std::vector<LocationOutliers> local_outliers(const weights::Weights& w_space, const Cube& cube,
                                             int time_lags, const OutlierOptions& o) {
  const std::vector<double> x(cube.counts.begin(), cube.counts.end());
  const SpaceTimeMoran m = space_time_local_moran(w_space, x, cube.n_locations, cube.n_steps,
                                                  time_lags, o.per_step, o.threads);
  std::vector<uint8_t> significant(m.p.size());
  if (o.fdr) {
    significant = stats::bh_significant(m.p, o.alpha);
  } else {
    for (size_t k = 0; k < m.p.size(); ++k) significant[k] = m.p[k] < o.alpha;
  }
  const size_t T = cube.n_steps;
  std::vector<LocationOutliers> out(cube.n_locations);
  for (size_t i = 0; i < cube.n_locations; ++i) {
    LocationOutliers& r = out[i];
    r.n_steps = static_cast<int>(T);
    for (size_t t = 0; t < T; ++t) {
      const size_t bin = i * T + t;
      if (!significant[bin]) continue;
      const auto q = static_cast<stats::Quadrant>(m.quadrant[bin]);
      const bool high = q == stats::Quadrant::HH || q == stats::Quadrant::HL;
      if (high && cube.counts[bin] < o.min_high_count) continue;
      switch (q) {
        case stats::Quadrant::HH: ++r.n_high_high; break;
        case stats::Quadrant::HL: ++r.n_high_low; break;
        case stats::Quadrant::LH: ++r.n_low_high; break;
        case stats::Quadrant::LL: ++r.n_low_low; break;
      }
      if (t + 1 == T) r.final_type = m.quadrant[bin];
    }
    const int types = (r.n_high_high > 0) + (r.n_high_low > 0) + (r.n_low_high > 0) +
                      (r.n_low_low > 0);
    if (types > 1) r.pattern = OutlierPattern::multiple_types;
    else if (r.n_high_high > 0) r.pattern = OutlierPattern::only_high_high;
    else if (r.n_high_low > 0) r.pattern = OutlierPattern::only_high_low;
    else if (r.n_low_high > 0) r.pattern = OutlierPattern::only_low_high;
    else if (r.n_low_low > 0) r.pattern = OutlierPattern::only_low_low;
  }
  return out;
}

}  // namespace brandpunt::time
