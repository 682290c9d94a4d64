// Centring a variable: the deviations from its mean and their sum of squares, computed in one
// fixed order (a sequential sum, then x - mean), so every statistic that centres gets the same
// bits. Used by Moran's I, its permutations and the space-time Gi*.
//
//   const stats::Centred c = stats::centre(x);   // c.d[i] = x[i] - c.mean, c.ss = Σ d²
#pragma once

#include <span>
#include <vector>

namespace brandpunt::stats {

struct Centred {
  std::vector<double> d;  // deviations from the mean
  double mean = 0;
  double ss = 0;          // Σ d², accumulated in index order
};

inline Centred centre(std::span<const double> x) {
  Centred c;
  double sum = 0;
  for (double v : x) sum += v;
  c.mean = x.empty() ? 0.0 : sum / static_cast<double>(x.size());
  c.d.resize(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    c.d[i] = x[i] - c.mean;
    c.ss += c.d[i] * c.d[i];
  }
  return c;
}

}  // namespace brandpunt::stats
