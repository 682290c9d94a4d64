// Rng — the generator's one source of randomness, identical on every compiler.
//
// std::uniform_real_distribution, std::normal_distribution and std::poisson_distribution are
// implementation-defined: libstdc++ and libc++ draw different numbers from the same engine.
// The demo data must be byte-identical for a seed everywhere, so we use std::mt19937_64 (whose
// output sequence the standard fixes) and our own transforms on top of it.
//
//   Rng rng(42);
//   double u = rng.uniform();        // [0, 1)
//   uint64_t k = rng.poisson(3.5);   // Knuth below 30, rounded normal above
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace brandpunt::gendemo {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  // A child stream for one purpose (city, streets, incidents): changing how many numbers one
  // part draws must not shift the numbers of another part. splitmix64 mixes the salt in.
  Rng fork(uint64_t salt) {
    uint64_t z = engine_() + salt * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return Rng(z ^ (z >> 31));
  }

  uint64_t next() { return engine_(); }

  // 53 random bits -> a double in [0, 1).
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  // Integer in [0, n), n > 0.
  uint64_t below(uint64_t n) {
    const auto k = static_cast<uint64_t>(uniform() * static_cast<double>(n));
    return k < n ? k : n - 1;
  }

  // Standard normal by the Box-Muller transform (Box & Muller 1958); one value per call.
  double normal() {
    double u1 = uniform();
    while (u1 <= 0.0) u1 = uniform();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }

  // Poisson(lambda). Knuth's product-of-uniforms method (TAOCP vol. 2, 3.4.1) is exact and
  // cheap for the small means of one (month, area, category) cell; above 30 the rounded
  // normal approximation N(lambda, lambda) is within a fraction of a percent.
  uint64_t poisson(double lambda) {
    if (!(lambda > 0)) return 0;
    if (lambda < 30) {
      const double limit = std::exp(-lambda);
      uint64_t k = 0;
      double p = uniform();
      while (p > limit) {
        ++k;
        p *= uniform();
      }
      return k;
    }
    const double v = std::floor(lambda + std::sqrt(lambda) * normal() + 0.5);
    return v < 0 ? 0 : static_cast<uint64_t>(v);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace brandpunt::gendemo
