// The release of a small hierarchy: published tables add up, are non-negative integers, keep
// fixed parents, do not depend on the thread count, and their errors match the posterior.
#include "privacy/count_release.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace brandpunt::privacy;

namespace {

// A root with `w` wijken of `b` buurten each; exact leaf counts Poisson-like from a seed.
struct Hierarchy {
  GeoForest geo;
  std::vector<std::vector<int64_t>> exact;  // per node, cube layout [cat][month]
};

Hierarchy make_hierarchy(const TableShape& s, size_t w, size_t b, uint64_t seed) {
  Hierarchy h;
  const size_t n = 1 + w + w * b, C = s.n_cat(), M = s.n_months;
  h.geo.tree.parent.push_back(-1);
  h.geo.tree.level.push_back(0);
  for (size_t i = 0; i < w; ++i) h.geo.tree.parent.push_back(0), h.geo.tree.level.push_back(1);
  for (size_t i = 0; i < w * b; ++i) h.geo.tree.parent.push_back(static_cast<int32_t>(1 + i / b)), h.geo.tree.level.push_back(2);
  h.geo.fixed.assign(n, 0);
  h.geo.measured.assign(n, 1);
  h.exact.assign(n, std::vector<int64_t>(C * M, 0));
  std::mt19937_64 rng(seed);
  for (size_t v = 1 + w; v < n; ++v)
    for (const auto& [c0, m] : s.leaf_cells) {
      const int64_t x = std::poisson_distribution<int64_t>(v % 3 == 0 ? 6.0 : 0.4)(rng);
      for (int c = static_cast<int>(c0); c >= 0; c = s.cat.parent[static_cast<size_t>(c)])
        for (int u = static_cast<int>(v); u >= 0; u = h.geo.tree.parent[static_cast<size_t>(u)])
          h.exact[static_cast<size_t>(u)][static_cast<size_t>(c) * M + m] += x;
    }
  return h;
}

// Equal weights for every category and time level of the shape.
ProductBudget budget_for(const TableShape& s, double rho, std::vector<double> geo) {
  return ProductBudget(rho, std::move(geo), std::vector<double>(s.cat_levels.size(), 1.0),
                       std::vector<double>(s.time_levels.size(), 1.0));
}

ReleasedTables run(const TableShape& s, const Hierarchy& h, const ProductBudget& b, const std::string& seed, unsigned threads) {
  const NoiseKey key = NoiseKey::from_seed(seed);
  ReleaseSpec spec;
  spec.shape = &s;
  spec.geo = h.geo;
  spec.budget = &b;
  spec.key = &key;
  spec.table_id = 1;
  spec.threads = threads;
  return release_tables(spec, [&](size_t v, int64_t* out) { std::copy(h.exact[v].begin(), h.exact[v].end(), out); });
}

void expect_additive(const TableShape& s, const GeoForest& g, const std::vector<int64_t>& r) {
  const size_t C = s.n_cat(), M = s.n_months, n = g.tree.size();
  for (size_t v = 0; v < n; ++v)
    for (size_t m = 0; m < M; ++m) {
      std::vector<int64_t> sum(C, 0);
      for (size_t c = 0; c < C; ++c) {
        EXPECT_GE(r[(v * C + c) * M + m], 0);
        if (s.cat.parent[c] >= 0) sum[static_cast<size_t>(s.cat.parent[c])] += r[(v * C + c) * M + m];
      }
      for (size_t c = 0; c < C; ++c)
        if (s.cat.level[c] < s.cat_levels.size() - 1) {
          EXPECT_EQ(sum[c], r[(v * C + c) * M + m]) << "node " << v << " cat " << c;
        }
    }
  for (size_t v = 0; v < n; ++v) {
    std::vector<int64_t> kids(C * M, 0);
    bool any = false;
    for (size_t u = 0; u < n; ++u)
      if (g.tree.parent[u] == static_cast<int32_t>(v)) {
        any = true;
        for (size_t i = 0; i < C * M; ++i) kids[i] += r[u * C * M + i];
      }
    if (!any) continue;
    for (size_t i = 0; i < C * M; ++i) EXPECT_EQ(kids[i], r[v * C * M + i]) << "node " << v;
  }
}

}  // namespace

TEST(TableShape, blocks_and_years_are_aligned_at_the_last_month) {
  const TableShape s = make_table_shape({0, 0, 1}, 2, 36, 3);
  EXPECT_EQ(s.time_levels, (std::vector<std::string>{"year", "block", "month"}));
  EXPECT_EQ(s.n_time(), 3u + 12u + 36u);
  // The last month's block holds months 33..35 and lies in the last year (months 24..35).
  const size_t last = s.first_month_node + 35;
  const auto block = static_cast<size_t>(s.time.parent[last]);
  EXPECT_EQ(static_cast<size_t>(s.time.parent[s.first_month_node + 33]), block);
  EXPECT_NE(static_cast<size_t>(s.time.parent[s.first_month_node + 32]), block);
  EXPECT_EQ(s.time.parent[block], s.time.parent[s.time.parent[s.first_month_node + 24]]);
  // A period of 5 months does not divide a year: no year level. Of 1 month: no blocks.
  EXPECT_EQ(make_table_shape({}, 2, 20, 5).time_levels, (std::vector<std::string>{"block", "month"}));
  EXPECT_EQ(make_table_shape({}, 2, 24, 1).time_levels, (std::vector<std::string>{"year", "month"}));
  // Leaf cells: every (leaf category, month) once.
  EXPECT_EQ(s.leaf_cells.size(), 3u * 36u);
}

TEST(CountRelease, published_tables_are_additive_non_negative_integers) {
  const TableShape s = make_table_shape({0, 0, 1, 1, 1}, 2, 12, 3);
  const Hierarchy h = make_hierarchy(s, 3, 4, 42);
  const ProductBudget b = budget_for(s, 1.0, {0.2, 0.4, 1.0});
  const ReleasedTables r = run(s, h, b, "release-a", 1);
  expect_additive(s, h.geo, r.counts);
}

TEST(CountRelease, same_key_same_bytes_at_any_thread_count_and_another_key_differs) {
  const TableShape s = make_table_shape({0, 1, 1}, 2, 12, 3);
  const Hierarchy h = make_hierarchy(s, 4, 6, 7);
  const ProductBudget b = budget_for(s, 0.5, {0.2, 0.4, 1.0});
  const ReleasedTables one = run(s, h, b, "k", 1), two = run(s, h, b, "k", 2), other = run(s, h, b, "other", 2);
  EXPECT_EQ(one.counts, two.counts);
  EXPECT_NE(one.counts, other.counts);
}

TEST(CountRelease, fixed_parents_are_kept_and_children_add_up_to_them) {
  const TableShape s = make_table_shape({}, 3, 9, 3);
  Hierarchy h = make_hierarchy(s, 2, 5, 3);
  h.geo.fixed[1] = h.geo.fixed[2] = 1;  // the two wijken are given: a later release below them
  h.geo.tree.parent[1] = h.geo.tree.parent[2] = -1;
  const ProductBudget b = budget_for(s, 0.5, {1, 1, 1});
  const ReleasedTables r = run(s, h, b, "fixed", 1);
  for (size_t v : {1u, 2u}) EXPECT_EQ(std::vector<int64_t>(r.counts.begin() + v * s.n_cat() * 9, r.counts.begin() + (v + 1) * s.n_cat() * 9), h.exact[v]);
  expect_additive(s, h.geo, r.counts);
}

TEST(CountRelease, errors_match_the_posterior_variance_where_counts_are_large) {
  // Large counts: no clamping at zero, so the published error is the least-squares error plus
  // rounding. Mean squared error of a main's monthly buurt counts over many cells and runs
  // within 20 % of the posterior variance + 1/12 (rounding).
  const TableShape s = make_table_shape({}, 2, 12, 3);
  Hierarchy h = make_hierarchy(s, 5, 8, 1);
  const size_t C = s.n_cat(), M = s.n_months, first_leaf = 6;
  for (auto& t : h.exact) std::fill(t.begin(), t.end(), 0);
  for (size_t v = first_leaf; v < h.exact.size(); ++v)
    for (const auto& [c0, m] : s.leaf_cells)
      for (int c = static_cast<int>(c0); c >= 0; c = s.cat.parent[static_cast<size_t>(c)])
        for (int u = static_cast<int>(v); u >= 0; u = h.geo.tree.parent[static_cast<size_t>(u)])
          h.exact[static_cast<size_t>(u)][static_cast<size_t>(c) * M + m] += 500;
  const ProductBudget b = budget_for(s, 0.3, {0.2, 0.4, 1.0});
  double se = 0;
  int64_t n = 0;
  for (int rep = 0; rep < 20; ++rep) {
    const ReleasedTables r = run(s, h, b, "err" + std::to_string(rep), 2);
    for (size_t v = first_leaf; v < h.exact.size(); ++v)
      for (size_t m = 0; m < M; ++m) {
        const double d = static_cast<double>(r.counts[(v * C + 1) * M + m] - h.exact[v][1 * M + m]);
        se += d * d, ++n;
      }
  }
  const std::vector<double> post = posterior_variances(s, h.geo, b);
  const size_t nc = b.n_cat(), nt = b.n_time();
  const double expect = post[(2 * nc + 1) * nt + (nt - 1)] + 1.0 / 12;  // buurt level, main, month
  EXPECT_NEAR(se / static_cast<double>(n), expect, 0.2 * expect);
}
