// The exact discrete Gaussian sampler: its table against the closed form, its samples against
// its pmf, the slow exact path against the fast one, and the stream's determinism.
#include "privacy/discrete_gaussian.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>

#include "core/error.hpp"

using namespace brandpunt;
using namespace brandpunt::privacy;

namespace {

// Pearson's chi-square of `n` samples against the sampler's pmf, over |k| <= 3σ plus two tails.
double chi_square(const DiscreteGaussian& g, const std::map<int64_t, int64_t>& hist, int64_t n, int* dof) {
  const int64_t w = static_cast<int64_t>(std::ceil(3 * std::sqrt(g.sigma2())));
  double chi = 0, p_in = 0;
  int64_t in = 0;
  for (int64_t k = -w; k <= w; ++k) {
    const double e = g.pmf(k) * static_cast<double>(n);
    const auto it = hist.find(k);
    const double o = it == hist.end() ? 0 : static_cast<double>(it->second);
    chi += (o - e) * (o - e) / e;
    p_in += g.pmf(k);
    in += static_cast<int64_t>(o);
  }
  const double e = (1 - p_in) * static_cast<double>(n), o = static_cast<double>(n - in);
  chi += (o - e) * (o - e) / e;
  *dof = static_cast<int>(2 * w + 1);
  return chi;
}

}  // namespace

TEST(DiscreteGaussian, pmf_follows_the_closed_form_and_sums_to_one) {
  for (double s2 : {0.5, 2.0, 7.3, 40.0}) {
    const DiscreteGaussian g(s2);
    EXPECT_GE(g.sigma2(), s2);
    EXPECT_LT(g.sigma2(), s2 + 1e-6);
    double sum = 0;
    for (int64_t k = -g.table_half_width(); k <= g.table_half_width(); ++k) sum += g.pmf(k);
    EXPECT_NEAR(sum, 1.0, 1e-12) << s2;
    for (int64_t k = 0; k < 3 * std::sqrt(s2); ++k) {
      // P(k+1)/P(k) = exp(-(2k+1)/(2σ²)), and the distribution is symmetric.
      EXPECT_NEAR(g.pmf(k + 1) / g.pmf(k), std::exp(-(2.0 * static_cast<double>(k) + 1) / (2 * g.sigma2())), 1e-12) << s2 << " " << k;
      EXPECT_NEAR(g.pmf(-k), g.pmf(k), 1e-15);
    }
    // Its variance is a little below σ² (Canonne et al. 2020, Prop. 19), and E|X| below σ·sqrt(2/π) + small.
    EXPECT_LE(g.variance(), g.sigma2());
    EXPECT_GT(g.variance(), g.sigma2() * (s2 < 1 ? 0.5 : 0.98));
  }
}

TEST(DiscreteGaussian, rho_is_one_over_two_sigma2) {
  const DiscreteGaussian g(3.0);
  EXPECT_DOUBLE_EQ(g.rho(), 1 / (2 * g.sigma2()));
}

TEST(DiscreteGaussian, samples_follow_the_pmf_chi_square) {
  // Seeded (logged) streams; the 0.999 quantile of chi-square keeps the test stable.
  for (double s2 : {1.0, 9.0}) {
    const DiscreteGaussian g(s2);
    RandomStream rng(NoiseKey::from_seed("dg-test"), 1);
    std::map<int64_t, int64_t> hist;
    const int64_t n = 200000;
    double sum = 0, sum2 = 0;
    for (int64_t i = 0; i < n; ++i) {
      const int64_t x = g.sample(rng);
      ++hist[x];
      sum += static_cast<double>(x);
      sum2 += static_cast<double>(x * x);
    }
    int dof = 0;
    const double chi = chi_square(g, hist, n, &dof);
    // Wilson-Hilferty 0.999 quantile of chi-square with dof degrees of freedom.
    const double q = dof * std::pow(1 - 2.0 / (9 * dof) + 3.09 * std::sqrt(2.0 / (9 * dof)), 3);
    EXPECT_LT(chi, q) << "sigma2 " << s2 << " seed dg-test stream 1";
    EXPECT_NEAR(sum / n, 0.0, 5 * std::sqrt(g.variance() / n));
    EXPECT_NEAR(sum2 / n, g.variance(), 0.03 * g.variance());
  }
}

TEST(DiscreteGaussian, the_exact_slow_path_gives_the_same_distribution) {
  const DiscreteGaussian g(2.5);
  RandomStream rng(NoiseKey::from_seed("dg-slow"), 2);
  std::map<int64_t, int64_t> hist;
  const int64_t n = 3000;
  for (int64_t i = 0; i < n; ++i) ++hist[g.sample_exact_path(rng)];
  int dof = 0;
  const double chi = chi_square(g, hist, n, &dof);
  const double q = dof * std::pow(1 - 2.0 / (9 * dof) + 3.09 * std::sqrt(2.0 / (9 * dof)), 3);
  EXPECT_LT(chi, q);
}

TEST(DiscreteGaussian, same_key_and_stream_same_noise_other_stream_other_noise) {
  const DiscreteGaussian g(4.0);
  const NoiseKey key = NoiseKey::from_seed("x");
  RandomStream a(key, 5), b(key, 5), c(key, 6), d(NoiseKey::from_seed("y"), 5);
  int same_c = 0, same_d = 0;
  for (int i = 0; i < 1000; ++i) {
    const int64_t x = g.sample(a);
    EXPECT_EQ(x, g.sample(b));
    same_c += x == g.sample(c);
    same_d += x == g.sample(d);
  }
  EXPECT_LT(same_c, 400);  // P(equal) for independent draws is about 0.14
  EXPECT_LT(same_d, 400);
}

TEST(DiscreteGaussian, keys_from_the_os_differ) {
  std::set<std::array<uint8_t, 32>> keys;
  for (int i = 0; i < 4; ++i) keys.insert(NoiseKey::from_os().bytes);
  EXPECT_EQ(keys.size(), 4u);
}

TEST(DiscreteGaussian, rejects_a_bad_variance) {
  for (double s2 : {0.0, -1.0, double(NAN), double(INFINITY)}) EXPECT_THROW(DiscreteGaussian{s2}, Error);
}
