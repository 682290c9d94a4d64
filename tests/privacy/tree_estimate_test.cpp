// The two-pass tree estimator against dense weighted least squares, and the product of trees.
#include "privacy/tree_estimate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "privacy/budget.hpp"
#include "privacy/count_release.hpp"

using namespace brandpunt::privacy;

namespace {

using Matrix = std::vector<std::vector<double>>;

// Solves M x = b by Gaussian elimination with partial pivoting (small dense systems).
std::vector<double> solve(Matrix M, std::vector<double> b) {
  const size_t n = b.size();
  for (size_t c = 0; c < n; ++c) {
    size_t p = c;
    for (size_t r = c + 1; r < n; ++r)
      if (std::abs(M[r][c]) > std::abs(M[p][c])) p = r;
    std::swap(M[c], M[p]);
    std::swap(b[c], b[p]);
    for (size_t r = c + 1; r < n; ++r) {
      const double f = M[r][c] / M[c][c];
      for (size_t k = c; k < n; ++k) M[r][k] -= f * M[c][k];
      b[r] -= f * b[c];
    }
  }
  std::vector<double> x(n);
  for (size_t i = n; i-- > 0;) {
    double s = b[i];
    for (size_t k = i + 1; k < n; ++k) s -= M[i][k] * x[k];
    x[i] = s / M[i][i];
  }
  return x;
}

// Dense GLS: A maps leaves to every node (sum of the leaves below); measured nodes with finite
// positive variance enter with weight 1/var, exact nodes as (heavily weighted) equations.
struct Dense {
  Matrix A;  // nodes × leaves
  std::vector<double> w;
};

Dense design(const SumTree& t, const std::vector<double>& var) {
  const size_t n = t.size();
  std::vector<int> leaf_index(n, -1);
  std::vector<bool> is_leaf(n, true);
  for (size_t v = 0; v < n; ++v)
    if (t.parent[v] >= 0) is_leaf[static_cast<size_t>(t.parent[v])] = false;
  int nl = 0;
  for (size_t v = 0; v < n; ++v)
    if (is_leaf[v]) leaf_index[v] = nl++;
  Dense d;
  d.A.assign(n, std::vector<double>(static_cast<size_t>(nl), 0));
  for (size_t v = 0; v < n; ++v)
    if (is_leaf[v])
      for (int u = static_cast<int>(v); u >= 0; u = t.parent[static_cast<size_t>(u)]) d.A[static_cast<size_t>(u)][static_cast<size_t>(leaf_index[v])] = 1;
  for (size_t v = 0; v < n; ++v) {
    const double a = var[t.level[v]];
    d.w.push_back(std::isinf(a) ? 0 : a == 0 ? 1e12 : 1 / a);
  }
  return d;
}

std::vector<double> gls(const Dense& d, const std::vector<double>& y) {
  const size_t n = d.A.size(), m = d.A[0].size();
  Matrix M(m, std::vector<double>(m, 0));
  std::vector<double> b(m, 0);
  for (size_t v = 0; v < n; ++v)
    for (size_t i = 0; i < m; ++i) {
      if (d.A[v][i] == 0) continue;
      b[i] += d.A[v][i] * d.w[v] * y[v];
      for (size_t j = 0; j < m; ++j) M[i][j] += d.A[v][i] * d.w[v] * d.A[v][j];
    }
  const std::vector<double> x = solve(M, b);
  std::vector<double> out(n, 0);
  for (size_t v = 0; v < n; ++v)
    for (size_t i = 0; i < m; ++i) out[v] += d.A[v][i] * x[i];
  return out;
}

// A random tree with `n` nodes, depth levels by parent, parents first.
SumTree random_tree(std::mt19937_64& rng, size_t n) {
  SumTree t;
  t.parent.push_back(-1);
  t.level.push_back(0);
  for (size_t v = 1; v < n; ++v) {
    const size_t p = std::uniform_int_distribution<size_t>(0, v - 1)(rng);
    t.parent.push_back(static_cast<int32_t>(p));
    t.level.push_back(static_cast<uint8_t>(std::min<size_t>(t.level[p] + 1, 3)));
  }
  return t;
}

}  // namespace

TEST(TreeEstimate, two_passes_equal_dense_weighted_least_squares_on_random_trees) {
  std::mt19937_64 rng(20261201);  // fixed, logged seed
  for (int trial = 0; trial < 40; ++trial) {
    const SumTree t = random_tree(rng, 3 + trial % 12);
    std::vector<double> var = {0.5 + trial % 3, 1.7, 0.3, 2.2};
    std::vector<double> y(t.size());
    for (double& v : y) v = std::normal_distribution<double>(5, 3)(rng);
    const std::vector<double> expect = gls(design(t, var), y);
    TreeEstimator est(t, var);
    std::vector<double> x = y;
    est.apply(x.data(), 1);
    for (size_t v = 0; v < t.size(); ++v) EXPECT_NEAR(x[v], expect[v], 1e-9) << "trial " << trial << " node " << v;
    // The result adds up.
    std::vector<double> sums(t.size(), 0);
    std::vector<bool> internal(t.size(), false);
    for (size_t v = 1; v < t.size(); ++v) sums[static_cast<size_t>(t.parent[v])] += x[v], internal[static_cast<size_t>(t.parent[v])] = true;
    for (size_t v = 0; v < t.size(); ++v)
      if (internal[v]) {
        EXPECT_NEAR(sums[v], x[v], 1e-9);
      }
  }
}

TEST(TreeEstimate, fixed_parents_and_unmeasured_nodes) {
  // Root known exactly (variance 0), a middle level not measured (infinite variance).
  const SumTree t{{-1, 0, 0, 1, 1, 2, 2, 2}, {0, 1, 1, 2, 2, 2, 2, 2}};
  const std::vector<double> var = {0, std::numeric_limits<double>::infinity(), 1.5};
  std::vector<double> y = {20, 99, -99, 4.2, 5.1, 3.3, 2.9, 6.0};
  TreeEstimator est(t, var);
  std::vector<double> x = y;
  est.apply(x.data(), 1);
  EXPECT_DOUBLE_EQ(x[0], 20);
  EXPECT_NEAR(x[1] + x[2], 20, 1e-12);
  EXPECT_NEAR(x[3] + x[4], x[1], 1e-12);
  // Equal leaf variances: the discrepancy is shared out equally over the five leaves.
  const double d = (20 - (4.2 + 5.1 + 3.3 + 2.9 + 6.0)) / 5;
  EXPECT_NEAR(x[3], 4.2 + d, 1e-12);
  EXPECT_NEAR(x[7], 6.0 + d, 1e-12);
}

TEST(TreeEstimate, posterior_variances_equal_the_dense_covariance) {
  std::mt19937_64 rng(7);
  const SumTree t = random_tree(rng, 10);
  const std::vector<double> var = {2.0, 0.7, 1.3, 0.4};
  const Dense d = design(t, var);
  const size_t n = t.size(), m = d.A[0].size();
  // Cov = A (AᵀWA)⁻¹ Aᵀ: solve column by column.
  Matrix M(m, std::vector<double>(m, 0));
  for (size_t v = 0; v < n; ++v)
    for (size_t i = 0; i < m; ++i)
      for (size_t j = 0; j < m; ++j) M[i][j] += d.A[v][i] * d.w[v] * d.A[v][j];
  TreeEstimator est(t, var);
  for (size_t v = 0; v < n; ++v) {
    const std::vector<double> z = solve(M, d.A[v]);
    double p = 0;
    for (size_t i = 0; i < m; ++i) p += d.A[v][i] * z[i];
    EXPECT_NEAR(est.posterior_variance(v), p, 1e-9) << v;
  }
}

TEST(TreeEstimate, the_product_of_trees_equals_dense_least_squares_on_the_product) {
  // A tiny release shape: 2 mains with 1 and 2 subs, 6 months in blocks of 3; 3 areas (a root
  // and two children). Measurement variances are products of one factor per tree level.
  const TableShape s = make_table_shape({0, 1, 1}, 2, 6, 3);
  ASSERT_EQ(s.time_levels, (std::vector<std::string>{"year", "block", "month"}));
  GeoForest geo;
  geo.tree = {{-1, 0, 0}, {0, 1, 1}};
  geo.fixed = {0, 0, 0};
  geo.measured = {1, 1, 1};
  const ProductBudget b(0.7, {0.4, 1.0}, {0.5, 1.0, 2.0}, {0.3, 0.8, 1.0});
  const size_t C = s.n_cat(), T = s.n_time(), n = 3, N = n * C * T;
  std::mt19937_64 rng(99);
  std::vector<double> y(N);
  for (double& v : y) v = std::normal_distribution<double>(3, 2)(rng);
  std::vector<double> x = y;
  estimate_tables(s, geo, b, x, 2);
  // Dense: leaves = (leaf area, leaf cat, month); every (area, cat node, time node) measured.
  std::vector<size_t> leaf_cats;
  for (size_t c = 0; c < C; ++c) if (s.cat.level[c] == 2) leaf_cats.push_back(c);
  const size_t nl = 2 * leaf_cats.size() * s.n_months;
  auto below_area = [&](size_t v, size_t leaf_area) { return v == 0 || v == leaf_area; };
  auto below_cat = [&](size_t c, size_t lc) { for (int u = static_cast<int>(lc); u >= 0; u = s.cat.parent[static_cast<size_t>(u)]) if (static_cast<size_t>(u) == c) return true; return false; };
  auto below_time = [&](size_t t, size_t m) { for (int u = static_cast<int>(s.first_month_node + m); u >= 0; u = s.time.parent[static_cast<size_t>(u)]) if (static_cast<size_t>(u) == t) return true; return false; };
  Dense d;
  d.A.assign(N, std::vector<double>(nl, 0));
  for (size_t v = 0; v < n; ++v)
    for (size_t c = 0; c < C; ++c)
      for (size_t t = 0; t < T; ++t) {
        const size_t row = (v * C + c) * T + t;
        d.w.push_back(1 / (b.geo_factor(geo.tree.level[v]) * b.cat_factor(s.cat.level[c]) * b.time_factor(s.time.level[t])));
        for (size_t la = 1; la <= 2; ++la)
          for (size_t k = 0; k < leaf_cats.size(); ++k)
            for (size_t m = 0; m < s.n_months; ++m)
              if (below_area(v, la) && below_cat(c, leaf_cats[k]) && below_time(t, m))
                d.A[row][((la - 1) * leaf_cats.size() + k) * s.n_months + m] = 1;
      }
  const std::vector<double> expect = gls(d, y);
  for (size_t i = 0; i < N; ++i) EXPECT_NEAR(x[i], expect[i], 1e-8) << i;
}
