#include "privacy/count_release.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "privacy/discrete_gaussian.hpp"
#include "privacy/integerise.hpp"

namespace brandpunt::privacy {

TableShape make_table_shape(const std::vector<uint16_t>& sub_main, size_t n_mains, size_t n_months,
                            size_t block_months, bool with_years) {
  if (n_months == 0 || block_months == 0 || n_mains == 0) throw Error(ErrorKind::internal, "table shape: empty");
  TableShape s;
  // Categories: totaal, mains, subs.
  s.cat.parent.push_back(-1);
  s.cat.level.push_back(0);
  for (size_t m = 0; m < n_mains; ++m) s.cat.parent.push_back(0), s.cat.level.push_back(1);
  for (uint16_t m : sub_main) s.cat.parent.push_back(1 + m), s.cat.level.push_back(2);
  s.cat_levels = {"totaal", "main"};
  if (!sub_main.empty()) s.cat_levels.push_back("sub");
  // Time: blocks of block_months and years of 12 months, counted back from the last month.
  // Years nest blocks only when a block divides 12; a one-month block is the month itself.
  const bool blocks = block_months > 1;
  const bool years = with_years && block_months < 12 && 12 % block_months == 0 && n_months > block_months;
  const auto group_of = [&](size_t month, size_t len) { return (n_months - 1 - month) / len; };  // 0 = latest
  const size_t n_blocks = blocks ? (n_months + block_months - 1) / block_months : 0;
  const size_t n_years = years ? (n_months + 11) / 12 : 0;
  // Oldest first, so the time nodes read in calendar order within each level.
  for (size_t y = 0; y < n_years; ++y) s.time.parent.push_back(-1), s.time.level.push_back(0);
  const uint8_t block_level = years ? 1 : 0, month_level = static_cast<uint8_t>((years ? 1 : 0) + (blocks ? 1 : 0));
  for (size_t b = 0; b < n_blocks; ++b) {
    const size_t latest_b = n_blocks - 1 - b;           // group index counted from the end
    const size_t month = n_months - 1 - latest_b * block_months;  // the block's last month
    s.time.parent.push_back(years ? static_cast<int32_t>(n_years - 1 - group_of(month, 12)) : -1);
    s.time.level.push_back(block_level);
  }
  s.first_month_node = n_years + n_blocks;
  for (size_t m = 0; m < n_months; ++m) {
    int32_t p = -1;
    if (blocks) p = static_cast<int32_t>(n_years + n_blocks - 1 - group_of(m, block_months));
    else if (years) p = static_cast<int32_t>(n_years - 1 - group_of(m, 12));
    s.time.parent.push_back(p);
    s.time.level.push_back(month_level);
  }
  s.n_months = n_months;
  if (years) s.time_levels.push_back("year");
  if (blocks) s.time_levels.push_back("block");
  s.time_levels.push_back("month");
  // Leaf cells: per block (oldest first), per leaf category in main order, per month.
  std::vector<uint32_t> leaves;
  for (size_t m = 0; m < n_mains; ++m) {
    bool any = false;
    for (size_t k = 0; k < sub_main.size(); ++k)
      if (sub_main[k] == m) leaves.push_back(static_cast<uint32_t>(1 + n_mains + k)), any = true;
    if (sub_main.empty()) leaves.push_back(static_cast<uint32_t>(1 + m));
    else if (!any) throw Error(ErrorKind::internal, "table shape: a main category without subs");
  }
  const size_t len = blocks ? block_months : n_months;
  const size_t n_groups = (n_months + len - 1) / len;
  for (size_t g = n_groups; g-- > 0;) {  // group g = g-th counted from the end: oldest first
    const size_t last = n_months - 1 - g * len, first = last + 1 >= len ? last + 1 - len : 0;
    for (uint32_t c : leaves)
      for (size_t m = first; m <= last; ++m) s.leaf_cells.emplace_back(c, static_cast<uint32_t>(m));
  }
  return s;
}

namespace {

// Noise tables per (geo level, cat level, time level).
struct NoiseTables {
  size_t n_cat = 0, n_time = 0;
  std::vector<DiscreteGaussian> g;
  const DiscreteGaussian& at(size_t geo, size_t cat, size_t t) const { return g[(geo * n_cat + cat) * n_time + t]; }
};

NoiseTables noise_tables(const ProductBudget& b) {
  NoiseTables n;
  n.n_cat = b.n_cat();
  n.n_time = b.n_time();
  for (size_t geo = 0; geo < b.n_geo(); ++geo)
    for (size_t c = 0; c < b.n_cat(); ++c)
      for (size_t t = 0; t < b.n_time(); ++t) n.g.emplace_back(b.sigma2(geo, c, t));
  return n;
}

// The node table [cat node][time node] from the cube layout [cat node][month].
void fill_table(const TableShape& s, const int64_t* cube, double* table) {
  const size_t T = s.n_time();
  for (size_t c = 0; c < s.n_cat(); ++c) {
    double* row = table + c * T;
    std::fill(row, row + T, 0.0);
    for (size_t m = 0; m < s.n_months; ++m) {
      const double v = static_cast<double>(cube[c * s.n_months + m]);
      for (int32_t t = static_cast<int32_t>(s.first_month_node + m); t >= 0; t = s.time.parent[static_cast<size_t>(t)]) row[t] += v;
    }
  }
}

// The structure the integerisation walks: mains with their subs, and the coarse time nodes
// (blocks, or months when a period is one month) with their months.
struct Walk {
  std::vector<size_t> mains;
  std::vector<std::vector<size_t>> subs;  // per main; empty without a sub level
  std::vector<size_t> coarse;             // time nodes, oldest first
  std::vector<std::vector<size_t>> months;  // per coarse node: its months (0..n_months-1)
  bool blocks = false;
};

Walk walk_of(const TableShape& s) {
  Walk w;
  for (size_t c = 0; c < s.n_cat(); ++c)
    if (s.cat.level[c] == 1) w.mains.push_back(c);
  w.subs.resize(w.mains.size());
  for (size_t c = 0; c < s.n_cat(); ++c)
    if (s.cat.level[c] == 2)
      for (size_t m = 0; m < w.mains.size(); ++m)
        if (static_cast<size_t>(s.cat.parent[c]) == w.mains[m]) w.subs[m].push_back(c);
  w.blocks = std::find(s.time_levels.begin(), s.time_levels.end(), "block") != s.time_levels.end();
  const uint8_t coarse_level = static_cast<uint8_t>(s.time_levels.size() - (w.blocks ? 2 : 1));
  for (size_t t = 0; t < s.n_time(); ++t)
    if (s.time.level[t] == coarse_level) w.coarse.push_back(t);
  for (size_t t : w.coarse) {
    w.months.emplace_back();
    for (size_t m = 0; m < s.n_months; ++m) {
      const size_t node = s.first_month_node + m;
      if (node == t || static_cast<size_t>(s.time.parent[node]) == t) w.months.back().push_back(m);
    }
  }
  return w;
}

// Totaal rows from the mains.
void fill_totaal(const TableShape& s, const Walk& w, int64_t* cube) {
  const size_t M = s.n_months;
  for (size_t m = 0; m < M; ++m) {
    int64_t t = 0;
    for (size_t c : w.mains) t += cube[c * M + m];
    cube[m] = t;
  }
}

// A root that is not fixed: non-negative along its trees, then rounded in three steps (mains ×
// coarse periods cumulatively; months within each period; subs within each month), each
// keeping the sums of the step before.
void integerise_root(const TableShape& s, const Walk& w, const double* table, int64_t* cube) {
  const size_t T = s.n_time(), M = s.n_months;
  std::fill(cube, cube + s.n_cat() * M, int64_t{0});
  double window = 0;
  for (size_t t : w.coarse) window += table[t];
  std::vector<double> tot(w.coarse.size());
  for (size_t k = 0; k < w.coarse.size(); ++k) tot[k] = table[w.coarse[k]];
  project_to_sum(tot, std::max(0.0, window));
  std::vector<double> a_val(w.coarse.size() * w.mains.size()), buf;
  for (size_t k = 0; k < w.coarse.size(); ++k) {
    buf.resize(w.mains.size());
    for (size_t m = 0; m < w.mains.size(); ++m) buf[m] = table[w.mains[m] * T + w.coarse[k]];
    project_to_sum(buf, tot[k]);
    std::copy(buf.begin(), buf.end(), a_val.begin() + static_cast<long>(k * w.mains.size()));
  }
  std::vector<int64_t> a(a_val.size()), r;
  round_cumulative(a_val, a);
  for (size_t k = 0; k < w.coarse.size(); ++k)
    for (size_t m = 0; m < w.mains.size(); ++m) {
      const std::vector<size_t>& months = w.months[k];
      buf.resize(months.size());
      for (size_t i = 0; i < months.size(); ++i) buf[i] = table[w.mains[m] * T + s.first_month_node + months[i]];
      project_to_sum(buf, static_cast<double>(a[k * w.mains.size() + m]));
      r.resize(buf.size());
      round_cumulative(buf, r);
      for (size_t i = 0; i < months.size(); ++i) cube[w.mains[m] * M + months[i]] = r[i];
    }
  for (size_t month = 0; month < M; ++month)
    for (size_t m = 0; m < w.mains.size(); ++m) {
      const std::vector<size_t>& subs = w.subs[m];
      if (subs.empty()) continue;
      buf.resize(subs.size());
      for (size_t i = 0; i < subs.size(); ++i) buf[i] = table[subs[i] * T + s.first_month_node + month];
      project_to_sum(buf, static_cast<double>(cube[w.mains[m] * M + month]));
      r.resize(buf.size());
      round_cumulative(buf, r);
      for (size_t i = 0; i < subs.size(); ++i) cube[subs[i] * M + month] = r[i];
    }
  fill_totaal(s, w, cube);
}

// Children of one parent, top down in the same three steps, every step adding up to the
// parent's integer cells: (A) mains × coarse periods, column by column with carried residuals
// (split_columns), so each child's period counts per main and in total stay within 2 of their
// estimates; (B) each child's period count of a main into its months, with the parent's
// months as column sums; (C) each child's main in a month into its subs, with the parent's
// subs as column sums (fit_and_round for both).
void integerise_children(const TableShape& s, const Walk& w, const std::vector<const double*>& tables,
                         const int64_t* parent, const std::vector<int64_t*>& cubes) {
  const size_t n = tables.size(), T = s.n_time(), M = s.n_months, nm = w.mains.size();
  for (int64_t* c : cubes) std::fill(c, c + s.n_cat() * M, int64_t{0});
  const size_t cols = w.coarse.size() * nm;
  std::vector<double> values(n * cols);
  std::vector<int64_t> totals(cols, 0), a(n * cols);
  for (size_t k = 0; k < w.coarse.size(); ++k)
    for (size_t m = 0; m < nm; ++m) {
      const size_t col = k * nm + m;
      for (size_t i = 0; i < n; ++i) values[i * cols + col] = tables[i][w.mains[m] * T + w.coarse[k]];
      for (size_t month : w.months[k]) totals[col] += parent[w.mains[m] * M + month];
    }
  split_columns(values, n, cols, totals, a);
  std::vector<double> seeds;
  std::vector<int64_t> rows(n), colsum, out;
  for (size_t k = 0; k < w.coarse.size(); ++k)
    for (size_t m = 0; m < nm; ++m) {
      const size_t main = w.mains[m];
      const std::vector<size_t>& months = w.months[k];
      const size_t q = months.size();
      seeds.resize(n * q);
      colsum.resize(q);
      out.resize(n * q);
      for (size_t i = 0; i < n; ++i) rows[i] = a[i * cols + k * nm + m];
      for (size_t j = 0; j < q; ++j) {
        colsum[j] = parent[main * M + months[j]];
        for (size_t i = 0; i < n; ++i) seeds[i * q + j] = std::max(0.0, tables[i][main * T + s.first_month_node + months[j]]);
      }
      fit_and_round(seeds, n, q, rows, colsum, out);
      for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < q; ++j) cubes[i][main * M + months[j]] = out[i * q + j];
    }
  for (size_t month = 0; month < M; ++month)
    for (size_t m = 0; m < nm; ++m) {
      const std::vector<size_t>& subs = w.subs[m];
      if (subs.empty()) continue;
      const size_t q = subs.size();
      seeds.resize(n * q);
      colsum.resize(q);
      out.resize(n * q);
      for (size_t i = 0; i < n; ++i) rows[i] = cubes[i][w.mains[m] * M + month];
      for (size_t j = 0; j < q; ++j) {
        colsum[j] = parent[subs[j] * M + month];
        for (size_t i = 0; i < n; ++i) seeds[i * q + j] = std::max(0.0, tables[i][subs[j] * T + s.first_month_node + month]);
      }
      fit_and_round(seeds, n, q, rows, colsum, out);
      for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < q; ++j) cubes[i][subs[j] * M + month] = out[i * q + j];
    }
  for (int64_t* c : cubes) fill_totaal(s, w, c);
}

// Per-node variance levels of the area tree: its level's factor; fixed = 0 (known exactly);
// not measured = infinity (the node only adds up its children).
TreeEstimator area_estimator(const GeoForest& geo, const ProductBudget& budget) {
  const size_t n_levels = budget.n_geo();
  std::vector<double> geo_var(n_levels + 2);
  for (size_t g = 0; g < n_levels; ++g) geo_var[g] = budget.geo_factor(g);
  geo_var[n_levels] = 0;
  geo_var[n_levels + 1] = std::numeric_limits<double>::infinity();
  SumTree gt = geo.tree;
  for (size_t v = 0; v < gt.size(); ++v)
    if (geo.fixed[v]) gt.level[v] = static_cast<uint8_t>(n_levels);
    else if (!geo.measured[v]) gt.level[v] = static_cast<uint8_t>(n_levels + 1);
  return TreeEstimator(gt, geo_var);
}

TreeEstimator time_estimator(const TableShape& s, const ProductBudget& budget) {
  std::vector<double> var(budget.n_time());
  for (size_t t = 0; t < var.size(); ++t) var[t] = budget.time_factor(t);
  return TreeEstimator(s.time, var);
}

TreeEstimator cat_estimator(const TableShape& s, const ProductBudget& budget) {
  std::vector<double> var(budget.n_cat());
  for (size_t c = 0; c < var.size(); ++c) var[c] = budget.cat_factor(c);
  return TreeEstimator(s.cat, var);
}

// Non-negative integer cubes [cat][month] for every node, top down: roots, then each parent's
// children. Fixed nodes keep their (integer) values.
std::vector<int64_t> integerise_tables(const TableShape& s, const GeoForest& geo, const std::vector<double>& table,
                                       const std::vector<int64_t>& fixed_cubes, unsigned threads) {
  const size_t n = geo.tree.size(), W = s.cells(), CM = s.n_cat() * s.n_months;
  const Walk w = walk_of(s);
  std::vector<int64_t> cube(n * CM);
  std::vector<std::vector<size_t>> kids(n);
  std::vector<size_t> depth(n, 0), roots;
  for (size_t v = 0; v < n; ++v) {
    const int32_t p = geo.tree.parent[v];
    if (p < 0) roots.push_back(v);
    else kids[static_cast<size_t>(p)].push_back(v), depth[v] = depth[static_cast<size_t>(p)] + 1;
  }
  core::parallel_chunks(roots.size(), threads, [&](size_t begin, size_t end) {
    for (size_t r = begin; r < end; ++r) {
      const size_t v = roots[r];
      if (geo.fixed[v]) std::copy_n(fixed_cubes.data() + v * CM, CM, cube.data() + v * CM);
      else integerise_root(s, w, table.data() + v * W, cube.data() + v * CM);
    }
  }, 1);
  const size_t max_depth = n ? *std::max_element(depth.begin(), depth.end()) : 0;
  for (size_t d = 0; d < max_depth; ++d) {
    std::vector<size_t> parents;
    for (size_t v = 0; v < n; ++v)
      if (depth[v] == d && !kids[v].empty()) parents.push_back(v);
    core::parallel_chunks(parents.size(), threads, [&](size_t begin, size_t end) {
      std::vector<const double*> tables;
      std::vector<int64_t*> out;
      for (size_t i = begin; i < end; ++i) {
        const size_t p = parents[i];
        tables.clear();
        out.clear();
        for (size_t c : kids[p]) tables.push_back(table.data() + c * W), out.push_back(cube.data() + c * CM);
        integerise_children(s, w, tables, cube.data() + p * CM, out);
      }
    }, 1);
  }
  return cube;
}

}  // namespace

void estimate_tables(const TableShape& s, const GeoForest& geo, const ProductBudget& budget, std::vector<double>& table,
                     unsigned threads) {
  const size_t n = geo.tree.size(), C = s.n_cat(), T = s.n_time(), W = s.cells();
  if (table.size() != n * W) throw Error(ErrorKind::internal, "estimate_tables: one table per node");
  const TreeEstimator by_time = time_estimator(s, budget), by_cat = cat_estimator(s, budget);
  core::parallel_chunks(n, threads, [&](size_t begin, size_t end) {
    std::vector<double> scratch;
    for (size_t v = begin; v < end; ++v) {
      if (geo.fixed[v] || !geo.measured[v]) continue;
      double* t = table.data() + v * W;
      for (size_t c = 0; c < C; ++c) by_time.apply(t + c * T, 1, 1, scratch);
      by_cat.apply(t, T, T, scratch);
    }
  }, 64);
  area_estimator(geo, budget).apply(table.data(), W, W);
}

ReleasedTables release_tables(const ReleaseSpec& spec, const std::function<void(size_t v, int64_t* out)>& exact) {
  const TableShape& s = *spec.shape;
  const GeoForest& geo = spec.geo;
  const ProductBudget& budget = *spec.budget;
  const size_t n = geo.tree.size(), C = s.n_cat(), T = s.n_time(), W = s.cells();
  if (geo.fixed.size() != n || geo.measured.size() != n) throw Error(ErrorKind::internal, "release: one flag per node");
  if (budget.n_cat() != s.cat_levels.size() || budget.n_time() != s.time_levels.size())
    throw Error(ErrorKind::internal, "release: the budget does not match the table shape");
  const NoiseTables noise = noise_tables(budget);

  // 1. Measure (fixed nodes: the given values).
  std::vector<double> table(n * W);
  const size_t CM = C * s.n_months;
  std::vector<int64_t> fixed_cubes;
  for (size_t v = 0; v < n && fixed_cubes.empty(); ++v)
    if (geo.fixed[v]) fixed_cubes.assign(n * CM, 0);
  core::parallel_chunks(n, spec.threads, [&](size_t begin, size_t end) {
    std::vector<int64_t> cube(CM);
    for (size_t v = begin; v < end; ++v) {
      exact(v, cube.data());
      double* t = table.data() + v * W;
      fill_table(s, cube.data(), t);
      if (geo.fixed[v]) std::copy(cube.begin(), cube.end(), fixed_cubes.data() + v * CM);
      if (geo.fixed[v] || !geo.measured[v]) continue;
      RandomStream rng(*spec.key, stream_id(spec.table_id, spec.stream_of_node.empty() ? v : spec.stream_of_node[v]));
      const size_t g = geo.tree.level[v];
      for (size_t c = 0; c < C; ++c)
        for (size_t k = 0; k < T; ++k)
          t[c * T + k] += static_cast<double>(noise.at(g, s.cat.level[c], s.time.level[k]).sample(rng));
    }
  }, 64);
  // 2. Estimate; 3. integerise.
  estimate_tables(s, geo, budget, table, spec.threads);
  ReleasedTables r;
  r.counts = integerise_tables(s, geo, table, fixed_cubes, spec.threads);
  table = {};
  r.posterior_variance = posterior_variances(s, geo, budget);
  return r;
}

std::vector<double> posterior_variances(const TableShape& s, const GeoForest& geo, const ProductBudget& budget) {
  // The product of the three trees' posteriors, averaged per level.
  const TreeEstimator by_time = time_estimator(s, budget), by_cat = cat_estimator(s, budget);
  const TreeEstimator by_area = area_estimator(geo, budget);
  const size_t nc = budget.n_cat(), nt = budget.n_time(), ng = budget.n_geo();
  std::vector<double> cat_post(nc, 0), time_post(nt, 0), cat_n(nc, 0), time_n(nt, 0), geo_post(ng, 0), geo_n(ng, 0);
  for (size_t c = 0; c < s.n_cat(); ++c) cat_post[s.cat.level[c]] += by_cat.posterior_variance(c), ++cat_n[s.cat.level[c]];
  for (size_t t = 0; t < s.n_time(); ++t) time_post[s.time.level[t]] += by_time.posterior_variance(t), ++time_n[s.time.level[t]];
  for (size_t v = 0; v < geo.tree.size(); ++v)
    if (!geo.fixed[v] && geo.measured[v]) geo_post[geo.tree.level[v]] += by_area.posterior_variance(v), ++geo_n[geo.tree.level[v]];
  std::vector<double> out(ng * nc * nt, std::numeric_limits<double>::quiet_NaN());
  for (size_t g = 0; g < ng; ++g)
    for (size_t c = 0; c < nc; ++c)
      for (size_t t = 0; t < nt; ++t)
        if (geo_n[g] > 0) out[(g * nc + c) * nt + t] = geo_post[g] / geo_n[g] * cat_post[c] / cat_n[c] * time_post[t] / time_n[t];
  return out;
}

}  // namespace brandpunt::privacy
