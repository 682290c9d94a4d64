#include "stats/poisson.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace brandpunt::stats {

namespace {

constexpr double kLnSqrt2Pi = 0.918938533204672741780329736406;  // log(sqrt(2 pi))
constexpr double k2Pi = 6.283185307179586476925286766559;

// stirlerr(n) = log(n!) - log(sqrt(2 pi n) (n/e)^n), the error of Stirling's formula.
// Exact factorials up to 15 (15! < 2^53); above, the Stirling series in 1/n with as many terms
// as double precision needs (1/12, 1/360, 1/1260, 1/1680, 1/1188).
double stirlerr(int64_t n) {
  if (n <= 15) {
    double f = 1;
    for (int64_t k = 2; k <= n; ++k) f *= static_cast<double>(k);
    const double nd = static_cast<double>(n);
    return std::log(f) - (nd + 0.5) * std::log(nd) + nd - kLnSqrt2Pi;
  }
  constexpr double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680,
                   s4 = 1.0 / 1188;
  const double nd = static_cast<double>(n), nn = nd * nd;
  if (n > 500) return (s0 - s1 / nn) / nd;
  if (n > 80) return (s0 - (s1 - s2 / nn) / nn) / nd;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / nd;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / nd;
}

// bd0(x, m) = x log(x/m) + m - x, the deviance term, without cancellation when x is near m:
// with v = (x-m)/(x+m) it equals (x-m) v + 2x (v^3/3 + v^5/5 + ...).
double bd0(double x, double m) {
  if (std::fabs(x - m) < 0.1 * (x + m)) {
    double v = (x - m) / (x + m);
    double s = (x - m) * v;
    double ej = 2 * x * v;
    const double v2 = v * v;
    for (int j = 1; j < 1000; ++j) {
      ej *= v2;
      const double s1 = s + ej / (2 * j + 1);
      if (s1 == s) return s1;
      s = s1;
    }
  }
  return x * std::log(x / m) + m - x;
}

void check_mean(double mu) {
  if (!(mu >= 0) || !std::isfinite(mu))
    throw Error(ErrorKind::internal, "Poisson: the mean must be finite and >= 0");
}

// P(X >= k) for k >= mu (k >= 1): dpois(k) (1 + mu/(k+1) + mu^2/((k+1)(k+2)) + ...).
double upper_series(int64_t k, double mu) {
  const double first = poisson_pmf(k, mu);
  if (first == 0) return 0;
  double term = 1, sum = 1;
  for (int64_t n = 1;; ++n) {
    term *= mu / static_cast<double>(k + n);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return first * sum;
}

// P(X <= x) for x < mu: dpois(x) (1 + x/mu + x(x-1)/mu^2 + ...), at most x + 1 terms.
double lower_series(int64_t x, double mu) {
  const double first = poisson_pmf(x, mu);
  if (first == 0) return 0;
  double term = 1, sum = 1;
  for (int64_t n = 0; n < x; ++n) {
    term *= static_cast<double>(x - n) / mu;
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return first * sum;
}

// Inverse of the standard normal CDF (P. J. Acklam's rational approximation, relative error
// 1.2e-9): only a starting point for the Newton iterations below.
double normal_quantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  if (p < 0.02425) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - 0.02425) return -normal_quantile(1 - p);
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

}  // namespace

double poisson_pmf(int64_t x, double mu) {
  check_mean(mu);
  if (x < 0) return 0;
  if (mu == 0) return x == 0 ? 1.0 : 0.0;
  if (x == 0) return std::exp(-mu);
  const double xd = static_cast<double>(x);
  return std::exp(-stirlerr(x) - bd0(xd, mu)) / std::sqrt(k2Pi * xd);
}

double poisson_upper_tail(int64_t k, double mu) {
  check_mean(mu);
  if (k <= 0) return 1;
  if (mu == 0) return 0;
  if (static_cast<double>(k) >= mu) return upper_series(k, mu);
  return 1 - lower_series(k - 1, mu);
}

double poisson_lower_tail(int64_t x, double mu) {
  check_mean(mu);
  if (x < 0) return 0;
  if (mu == 0) return 1;
  if (static_cast<double>(x) < mu) return lower_series(x, mu);
  return 1 - upper_series(x + 1, mu);
}

double poisson_two_sided_p(int64_t x, double m) {
  check_mean(m);
  if (x < 0) throw Error(ErrorKind::internal, "poisson_two_sided_p: negative count");
  if (m == 0) return x == 0 ? 1.0 : 0.0;
  const double xd = static_cast<double>(x);
  if (xd == m) return 1;
  const double d = poisson_pmf(x, m) * (1 + 1e-7);
  double p = 0;
  if (xd < m) {
    // The upper tail from ceiling(m) on, up to an N whose probability is below d.
    int64_t n = static_cast<int64_t>(std::ceil(2 * m - xd));
    while (poisson_pmf(n, m) > d) n *= 2;
    int64_t y = 0;
    for (int64_t i = static_cast<int64_t>(std::ceil(m)); i <= n; ++i) y += poisson_pmf(i, m) <= d;
    p = poisson_lower_tail(x, m) + poisson_upper_tail(n - y + 1, m);
  } else {
    int64_t y = 0;
    for (int64_t i = 0; i <= static_cast<int64_t>(std::floor(m)); ++i) y += poisson_pmf(i, m) <= d;
    p = poisson_lower_tail(y - 1, m) + poisson_upper_tail(x, m);
  }
  return std::min(1.0, p);
}

double poisson_mean_lower(int64_t x, double a) {
  if (x < 1 || !(a > 0 && a < 1))
    throw Error(ErrorKind::internal, "poisson_mean_lower: needs x >= 1 and 0 < a < 1");
  // g(mu) = P(X >= x | mu) rises from 0 to 1 with derivative dpois(x - 1, mu). Start from the
  // Wilson-Hilferty approximation, bracket, then Newton steps kept inside the bracket.
  const double xd = static_cast<double>(x);
  const double z = normal_quantile(1 - a);
  double mu = xd * std::pow(std::max(1e-3, 1 - 1 / (9 * xd) - z / (3 * std::sqrt(xd))), 3);
  double lo = 0, hi = std::max(2 * mu, xd + 10 * std::sqrt(xd) + 10);
  while (poisson_upper_tail(x, hi) < a) lo = hi, hi *= 2;
  mu = std::clamp(mu, lo, hi);
  for (int it = 0; it < 200; ++it) {
    const double g = poisson_upper_tail(x, mu) - a;
    if (g == 0) return mu;
    (g < 0 ? lo : hi) = mu;
    const double slope = poisson_pmf(x - 1, mu);
    double next = slope > 0 ? mu - g / slope : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (std::fabs(next - mu) <= 1e-15 * mu || hi - lo <= 1e-15 * hi) return next;
    mu = next;
  }
  return mu;
}

double poisson_mean_upper(int64_t x, double a) {
  if (x < 0 || !(a > 0 && a < 1))
    throw Error(ErrorKind::internal, "poisson_mean_upper: needs x >= 0 and 0 < a < 1");
  // P(X <= x | mu) = a  <=>  P(X >= x + 1 | mu) = 1 - a.
  return poisson_mean_lower(x + 1, 1 - a);
}

double binomial_pmf(int64_t x, int64_t n, double prob) {
  if (n < 0 || !(prob >= 0 && prob <= 1))
    throw Error(ErrorKind::internal, "binomial: needs n >= 0 and 0 <= prob <= 1");
  if (x < 0 || x > n) return 0;
  if (prob == 0) return x == 0 ? 1.0 : 0.0;
  if (prob == 1) return x == n ? 1.0 : 0.0;
  const double nd = static_cast<double>(n), q = 1 - prob;
  if (x == 0) return std::exp(nd * std::log1p(-prob));
  if (x == n) return std::exp(nd * std::log(prob));
  const double xd = static_cast<double>(x), yd = nd - xd;
  const double lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(xd, nd * prob) - bd0(yd, nd * q);
  return std::exp(lc) * std::sqrt(nd / (k2Pi * xd * yd));
}

double binomial_upper_tail(int64_t x, int64_t n, double prob) {
  binomial_pmf(0, n, prob);  // argument checks
  if (x <= 0) return 1;
  if (x > n) return 0;
  const double nd = static_cast<double>(n);
  // Sum the smaller side from x outwards: terms beyond the mode fall geometrically.
  auto upper = [&](int64_t from) {
    double s = 0;
    for (int64_t k = from; k <= n; ++k) {
      const double t = binomial_pmf(k, n, prob);
      s += t;
      if (static_cast<double>(k) > nd * prob && t <= 1e-17 * s) break;
    }
    return s;
  };
  auto lower = [&](int64_t to) {
    double s = 0;
    for (int64_t k = to; k >= 0; --k) {
      const double t = binomial_pmf(k, n, prob);
      s += t;
      if (static_cast<double>(k) < nd * prob && t <= 1e-17 * s) break;
    }
    return s;
  };
  if (static_cast<double>(x) >= nd * prob) return std::min(1.0, upper(x));
  return std::clamp(1 - lower(x - 1), 0.0, 1.0);
}

PoissonTest poisson_test(double observed, double expected, double level) {
  if (!std::isfinite(observed) || !(expected > 0) || !std::isfinite(expected) ||
      !(level > 0 && level < 1))
    throw Error(ErrorKind::internal,
                "poisson_test: needs a finite count, expected > 0 and 0 < level < 1");
  const int64_t x = std::max<int64_t>(0, std::llround(observed));
  PoissonTest t;
  t.observed = static_cast<double>(x);
  t.expected = expected;
  t.sir = t.observed / expected;
  t.p_greater = poisson_upper_tail(x, expected);
  t.p_less = poisson_lower_tail(x, expected);
  t.p_two_sided = poisson_two_sided_p(x, expected);
  const double a2 = (1 - level) / 2;
  t.lower = x == 0 ? 0 : poisson_mean_lower(x, a2) / expected;
  t.upper = poisson_mean_upper(x, a2) / expected;
  t.lower_one_sided = x == 0 ? 0 : poisson_mean_lower(x, 1 - level) / expected;
  return t;
}

}  // namespace brandpunt::stats
