// The discrete Gaussian distribution on the integers, sampled exactly (Canonne, Kamath &
// Steinke 2020, "The Discrete Gaussian for Differential Privacy").
//
// P(X = k) is proportional to exp(-k² / (2σ²)) for every integer k. Added to a count with
// sensitivity 1 it gives ρ-zCDP with ρ = 1 / (2σ²) (their Theorem 4). The noise is an
// integer, so a published count is an integer and no floating-point artefact can reveal the
// true value (Mironov 2012 shows how floating-point Laplace noise does).
//
// Sampling is by inversion with integer arithmetic only: a 32-bit uniform from the stream is
// compared with certified 64-bit brackets of the exact CDF (computed once per σ² with MPFR,
// with directed rounding and a bound on the tails). When the uniform's interval is not
// decided by the brackets (probability about 1e-8 per draw) more random bits are drawn and
// the CDF is computed at higher precision until the comparison is decided, so every sample
// follows the discrete Gaussian exactly. σ² is rounded up to a multiple of 2^-24 so that it
// is exact in every computation (`sigma2()` is the value used).
//
//   DiscreteGaussian g(4.0);          // σ = 2
//   RandomStream rng(key, 7);
//   int64_t noise = g.sample(rng);
#pragma once

#include <cstdint>
#include <vector>

#include "privacy/random_stream.hpp"

namespace brandpunt::privacy {

class DiscreteGaussian {
 public:
  // sigma2 > 0 and finite (else Error(config)).
  explicit DiscreteGaussian(double sigma2);

  int64_t sample(RandomStream& rng) const;
  // The slow exact path alone, from a fresh uniform (tests compare it with the fast path).
  int64_t sample_exact_path(RandomStream& rng) const;

  double sigma2() const { return static_cast<double>(sigma2_units_) / kUnits; }
  double rho() const { return 1.0 / (2.0 * sigma2()); }  // zCDP of one release at sensitivity 1
  double variance() const { return variance_; }          // E[X²] (a little below σ²)
  double expected_abs() const { return expected_abs_; }  // E|X|
  int64_t table_half_width() const { return half_width_; }
  // P(X = k), from the certified brackets (for tests).
  double pmf(int64_t k) const;

  static constexpr uint64_t kUnits = uint64_t{1} << 24;  // σ² is a multiple of 1 / kUnits

 private:
  int64_t slow(uint64_t prefix, unsigned prefix_bits, RandomStream& rng) const;

  uint64_t sigma2_units_ = 0;  // σ² * kUnits, exact
  int64_t half_width_ = 0;     // the table covers k = -K..K
  // Certified brackets of F(k) = P(X <= k) times 2^64 for k = -K-1 .. K (index k + K + 1).
  std::vector<uint64_t> lo_, hi_;
  double variance_ = 0, expected_abs_ = 0;
};

}  // namespace brandpunt::privacy
