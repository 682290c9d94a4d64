#include "privacy/key_selection.hpp"

#include "core/error.hpp"
#include "privacy/discrete_gaussian.hpp"

namespace brandpunt::privacy {

KeySelection select_keys(std::span<const int64_t> counts, double sigma2, int64_t threshold, const NoiseKey& key,
                         uint32_t table_id) {
  if (threshold < 1) throw Error(ErrorKind::config, "key selection: the threshold must be at least 1");
  const DiscreteGaussian g(sigma2);
  KeySelection k;
  k.released.resize(counts.size());
  // One stream per block of keys: the same keys and key give the same selection at any thread count.
  constexpr size_t kBlock = 4096;
  for (size_t b = 0; b * kBlock < counts.size(); ++b) {
    RandomStream rng(key, stream_id(table_id, b));
    for (size_t i = b * kBlock; i < std::min(counts.size(), (b + 1) * kBlock); ++i)
      k.released[i] = counts[i] + g.sample(rng) >= threshold;
  }
  k.rho = g.rho();
  k.delta = selection_delta(g.sigma2(), threshold);
  return k;
}

double selection_delta(double sigma2, int64_t threshold) {
  const DiscreteGaussian g(sigma2);
  double p = 0;
  for (int64_t z = threshold - 1; z <= g.table_half_width(); ++z) p += g.pmf(z);
  return p;
}

}  // namespace brandpunt::privacy
