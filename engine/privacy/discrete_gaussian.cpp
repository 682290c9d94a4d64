#include "privacy/discrete_gaussian.hpp"

#include <gmp.h>
#include <mpfr.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"

namespace brandpunt::privacy {

namespace {

// An MPFR number that frees itself.
class Real {
 public:
  explicit Real(mpfr_prec_t precision) { mpfr_init2(v_, precision); }
  ~Real() { mpfr_clear(v_); }
  Real(const Real&) = delete;
  Real& operator=(const Real&) = delete;
  Real(Real&& o) noexcept {
    mpfr_init2(v_, mpfr_get_prec(o.v_));
    mpfr_swap(v_, o.v_);
  }
  mpfr_ptr get() { return v_; }
  mpfr_srcptr get() const { return v_; }

 private:
  mpfr_t v_;
};

// Brackets [lo, hi] of F(k) = P(X <= k) for k = -L-1 .. L (index k + L + 1), computed at
// `precision` bits with directed rounding, the tails beyond ±L bounded by a geometric series.
struct Brackets {
  int64_t L = 0;
  std::vector<Real> lo, hi;
};

// exp(-k² / (2σ²)) with σ² = units / 2^24: the exponent is k² * 2^23 / units.
void weight(mpfr_ptr out, int64_t k, uint64_t units, mpfr_rnd_t dir, Real& tmp) {
  const unsigned long k2 = static_cast<unsigned long>(k * k);
  mpfr_set_ui(tmp.get(), k2, MPFR_RNDN);  // exact: precision >= 64 bits
  mpfr_mul_2ui(tmp.get(), tmp.get(), 23, MPFR_RNDN);
  // A lower bound of the weight needs an upper bound of the exponent, and the other way round.
  mpfr_div_ui(tmp.get(), tmp.get(), units, dir == MPFR_RNDD ? MPFR_RNDU : MPFR_RNDD);
  mpfr_neg(tmp.get(), tmp.get(), MPFR_RNDN);
  mpfr_exp(out, tmp.get(), dir);
}

// MPFR keeps caches of constants (log 2, pi) per thread; they are freed when the thread that
// filled them ends, so a worker thread that drew brackets leaks nothing.
struct ThreadCacheRelease {
  ~ThreadCacheRelease() { mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE); }
};

Brackets brackets(uint64_t units, int64_t L, mpfr_prec_t precision) {
  static thread_local ThreadCacheRelease release;
  (void)release;
  Brackets b;
  b.L = L;
  Real tmp(precision), w_lo(precision), w_hi(precision), tail_hi(precision), ratio(precision);
  // Tail beyond L (either side): sum_{k > L} w(k) <= w(L+1) / (1 - r), r = w(L+2)/w(L+1) =
  // exp(-(2L+3)/(2σ²)), since the ratio of consecutive weights falls with k.
  weight(tail_hi.get(), L + 1, units, MPFR_RNDU, tmp);
  mpfr_set_ui(ratio.get(), static_cast<unsigned long>(2 * L + 3), MPFR_RNDN);
  mpfr_mul_2ui(ratio.get(), ratio.get(), 23, MPFR_RNDN);
  mpfr_div_ui(ratio.get(), ratio.get(), units, MPFR_RNDD);
  mpfr_neg(ratio.get(), ratio.get(), MPFR_RNDN);
  mpfr_exp(ratio.get(), ratio.get(), MPFR_RNDU);
  mpfr_ui_sub(ratio.get(), 1, ratio.get(), MPFR_RNDD);
  mpfr_div(tail_hi.get(), tail_hi.get(), ratio.get(), MPFR_RNDU);
  // Cumulative weights from the left: N(k) = tail + sum_{j=-L}^{k} w(j).
  const size_t n = static_cast<size_t>(2 * L + 2);
  std::vector<Real> n_lo, n_hi;
  n_lo.reserve(n);
  n_hi.reserve(n);
  n_lo.emplace_back(precision);
  n_hi.emplace_back(precision);
  mpfr_set_zero(n_lo.back().get(), 1);
  mpfr_set(n_hi.back().get(), tail_hi.get(), MPFR_RNDU);
  for (int64_t k = -L; k <= L; ++k) {
    weight(w_lo.get(), k, units, MPFR_RNDD, tmp);
    weight(w_hi.get(), k, units, MPFR_RNDU, tmp);
    n_lo.emplace_back(precision);
    n_hi.emplace_back(precision);
    mpfr_add(n_lo.back().get(), n_lo[n_lo.size() - 2].get(), w_lo.get(), MPFR_RNDD);
    mpfr_add(n_hi.back().get(), n_hi[n_hi.size() - 2].get(), w_hi.get(), MPFR_RNDU);
  }
  Real z_lo(precision), z_hi(precision);
  mpfr_set(z_lo.get(), n_lo.back().get(), MPFR_RNDD);
  mpfr_add(z_hi.get(), n_hi.back().get(), tail_hi.get(), MPFR_RNDU);
  b.lo.reserve(n);
  b.hi.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    b.lo.emplace_back(precision);
    b.hi.emplace_back(precision);
    mpfr_div(b.lo.back().get(), n_lo[i].get(), z_hi.get(), MPFR_RNDD);
    mpfr_div(b.hi.back().get(), n_hi[i].get(), z_lo.get(), MPFR_RNDU);
  }
  return b;
}

// floor(x * 2^64), or ceil when `up`; saturated at 2^64 - 1 (a saturated upper bound only makes
// the fast path give up, so it stays safe).
uint64_t to_u64(mpfr_srcptr x, bool up) {
  Real t(mpfr_get_prec(x) + 8);
  mpfr_mul_2ui(t.get(), x, 64, MPFR_RNDN);  // exact: a power of two
  if (up) mpfr_ceil(t.get(), t.get());
  else mpfr_floor(t.get(), t.get());
  mpz_t z;
  mpz_init(z);
  mpfr_get_z(z, t.get(), MPFR_RNDN);
  uint64_t out = std::numeric_limits<uint64_t>::max();
  if (mpz_sgn(z) < 0) out = 0;
  else if (mpz_sizeinbase(z, 2) <= 64) {
    out = 0;
    mpz_export(&out, nullptr, -1, sizeof out, 0, 0, z);
  }
  mpz_clear(z);
  return out;
}

// The half width beyond which the weights are below 2^-bits: exp(-k²/(2σ²)) < 2^-bits.
int64_t half_width_for(double sigma2, double bits) {
  return static_cast<int64_t>(std::ceil(std::sqrt(2.0 * sigma2 * bits * std::log(2.0)))) + 2;
}

}  // namespace

DiscreteGaussian::DiscreteGaussian(double sigma2) {
  if (!(sigma2 > 0) || !std::isfinite(sigma2) || sigma2 > 1e12)
    throw Error(ErrorKind::config, "discrete Gaussian: sigma² must be positive and finite, got " + std::to_string(sigma2));
  sigma2_units_ = static_cast<uint64_t>(std::ceil(sigma2 * static_cast<double>(kUnits)));
  half_width_ = half_width_for(this->sigma2(), 48);
  const Brackets b = brackets(sigma2_units_, half_width_, 160);
  lo_.resize(b.lo.size());
  hi_.resize(b.hi.size());
  for (size_t i = 0; i < b.lo.size(); ++i) {
    lo_[i] = to_u64(b.lo[i].get(), false);
    hi_[i] = to_u64(b.hi[i].get(), true);
  }
  double var = 0, abs = 0;
  for (int64_t k = -half_width_; k <= half_width_; ++k) {
    const double p = pmf(k);
    var += p * static_cast<double>(k * k);
    abs += p * static_cast<double>(k < 0 ? -k : k);
  }
  variance_ = var;
  expected_abs_ = abs;
}

double DiscreteGaussian::pmf(int64_t k) const {
  if (k < -half_width_ || k > half_width_) return 0;
  const size_t i = static_cast<size_t>(k + half_width_ + 1);
  const double two64 = 18446744073709551616.0;
  return (static_cast<double>(lo_[i]) + static_cast<double>(hi_[i]) - static_cast<double>(lo_[i - 1]) -
          static_cast<double>(hi_[i - 1])) / (2 * two64);
}

int64_t DiscreteGaussian::sample(RandomStream& rng) const {
  const uint64_t u = rng.next32();
  // U lies in [u, u+1) * 2^-32. The answer k is certain when F(k-1) <= u * 2^-32 and
  // (u+1) * 2^-32 <= F(k), read from the brackets.
  const uint64_t below = u << 32;
  if (u != 0xffffffffu) {
    const uint64_t above = (u + 1) << 32;
    // First index whose lower bracket reaches `above` (index 0 is F(-K-1)).
    const auto it = std::lower_bound(lo_.begin() + 1, lo_.end(), above);
    if (it != lo_.end()) {
      const size_t i = static_cast<size_t>(it - lo_.begin());
      if (hi_[i - 1] <= below) return static_cast<int64_t>(i) - half_width_ - 1;
    }
  }
  return slow(u, 32, rng);
}

int64_t DiscreteGaussian::sample_exact_path(RandomStream& rng) const { return slow(0, 0, rng); }

int64_t DiscreteGaussian::slow(uint64_t prefix, unsigned prefix_bits, RandomStream& rng) const {
  mpz_t bits, next;
  mpz_init_set_ui(bits, prefix);
  mpz_init(next);
  unsigned n_bits = prefix_bits;
  int64_t result = 0;
  for (bool done = false; !done;) {
    // 64 more bits of U, then the CDF at a precision that can separate intervals of 2^-n_bits.
    mpz_mul_2exp(bits, bits, 64);
    mpz_set_ui(next, static_cast<unsigned long>(rng.next64()));
    mpz_add(bits, bits, next);
    n_bits += 64;
    const mpfr_prec_t precision = n_bits + 96;
    const int64_t L = half_width_for(sigma2(), static_cast<double>(n_bits + 32));
    const Brackets b = brackets(sigma2_units_, L, precision);
    Real u_lo(precision), u_hi(precision);
    mpfr_set_z(u_lo.get(), bits, MPFR_RNDN);  // exact: fewer bits than the precision
    mpfr_div_2ui(u_lo.get(), u_lo.get(), n_bits, MPFR_RNDN);
    mpz_add_ui(next, bits, 1);
    mpfr_set_z(u_hi.get(), next, MPFR_RNDN);
    mpfr_div_2ui(u_hi.get(), u_hi.get(), n_bits, MPFR_RNDN);
    // Smallest k in [-L, L] with F_lo(k) >= U_hi; certain when F_hi(k-1) <= U_lo.
    size_t lo = 1, hi = b.lo.size();
    while (lo < hi) {
      const size_t mid = (lo + hi) / 2;
      if (mpfr_cmp(b.lo[mid].get(), u_hi.get()) >= 0) hi = mid;
      else lo = mid + 1;
    }
    if (lo < b.lo.size() && mpfr_cmp(b.hi[lo - 1].get(), u_lo.get()) <= 0) {
      result = static_cast<int64_t>(lo) - L - 1;
      done = true;
    }
  }
  mpz_clear(bits);
  mpz_clear(next);
  return result;
}

}  // namespace brandpunt::privacy
