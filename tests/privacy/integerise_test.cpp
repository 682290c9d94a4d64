// From estimates to published counts: projection, column splits and cumulative rounding.
#include "privacy/integerise.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>

using namespace brandpunt::privacy;

TEST(ProjectToSum, is_the_euclidean_projection_onto_the_scaled_simplex) {
  std::vector<double> y = {-0.8, 0.3, 2.5};
  project_to_sum(y, 2.0);
  EXPECT_NEAR(y[0], 0.0, 1e-15);
  EXPECT_NEAR(y[1], 0.0, 1e-15);
  EXPECT_NEAR(y[2], 2.0, 1e-15);
  // KKT on random vectors: x = max(0, y - λ) with one λ, sum = total.
  std::mt19937_64 rng(3);
  for (int t = 0; t < 200; ++t) {
    std::vector<double> v(1 + t % 17);
    for (double& x : v) x = std::normal_distribution<double>(0.5, 2)(rng);
    const double total = std::uniform_real_distribution<double>(0, 10)(rng);
    std::vector<double> p = v;
    project_to_sum(p, total);
    EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), total, 1e-9);
    double lambda = NAN;
    for (size_t i = 0; i < v.size(); ++i) {
      EXPECT_GE(p[i], 0.0);
      if (p[i] > 0) {
        if (std::isnan(lambda)) lambda = v[i] - p[i];
        EXPECT_NEAR(v[i] - p[i], lambda, 1e-9);
      }
    }
    for (size_t i = 0; i < v.size(); ++i)
      if (p[i] == 0) {
        EXPECT_LE(v[i], lambda + 1e-9);
      }
  }
}

TEST(ProjectToSum, a_zero_or_negative_total_gives_zeros) {
  std::vector<double> y = {1.5, 2.0};
  project_to_sum(y, -3);
  EXPECT_EQ(y, (std::vector<double>{0, 0}));
}

TEST(SplitColumns, columns_add_up_exactly_and_runs_stay_within_two) {
  std::mt19937_64 rng(11);
  for (int t = 0; t < 50; ++t) {
    const size_t n = 1 + t % 9, cols = 40;
    std::vector<double> v(n * cols);
    std::vector<int64_t> parent(cols);
    for (size_t j = 0; j < cols; ++j) {
      double s = 0;
      for (size_t i = 0; i < n; ++i) s += v[i * cols + j] = std::normal_distribution<double>(2, 2)(rng);
      parent[j] = std::max<int64_t>(0, std::llround(s + std::normal_distribution<double>(0, 0.5)(rng)));
    }
    std::vector<int64_t> out(n * cols);
    split_columns(v, n, cols, parent, out);
    for (size_t j = 0; j < cols; ++j) {
      int64_t s = 0;
      for (size_t i = 0; i < n; ++i) {
        EXPECT_GE(out[i * cols + j], 0);
        s += out[i * cols + j];
      }
      EXPECT_EQ(s, parent[j]);
    }
    // Against the projected values, every run of columns of a child is within 2.
    std::vector<double> proj(n * cols), col(n);
    for (size_t j = 0; j < cols; ++j) {
      for (size_t i = 0; i < n; ++i) col[i] = v[i * cols + j];
      project_to_sum(col, static_cast<double>(parent[j]));
      for (size_t i = 0; i < n; ++i) proj[i * cols + j] = col[i];
    }
    for (size_t i = 0; i < n; ++i)
      for (size_t a = 0; a < cols; ++a) {
        double d = 0;
        for (size_t b = a; b < cols; ++b) {
          d += proj[i * cols + b] - static_cast<double>(out[i * cols + b]);
          EXPECT_LT(std::abs(d), 2.0 + 1e-9) << "child " << i << " run " << a << ".." << b;
        }
      }
  }
}

TEST(RoundCumulative, keeps_the_total_and_every_run_within_one) {
  std::mt19937_64 rng(5);
  std::vector<double> v(300);
  for (double& x : v) x = std::uniform_real_distribution<double>(0, 3)(rng);
  std::vector<int64_t> out(v.size());
  round_cumulative(v, out);
  EXPECT_EQ(std::accumulate(out.begin(), out.end(), int64_t{0}), std::llround(std::accumulate(v.begin(), v.end(), 0.0)));
  for (size_t a = 0; a < v.size(); a += 7)
    for (size_t b = a; b < v.size(); b += 5) {
      double d = 0;
      for (size_t k = a; k <= b; ++k) d += v[k] - static_cast<double>(out[k]);
      EXPECT_LT(std::abs(d), 1.0 + 1e-9);
    }
  for (int64_t x : out) EXPECT_GE(x, 0);
}
