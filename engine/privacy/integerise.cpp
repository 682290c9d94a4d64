#include "privacy/integerise.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"

namespace brandpunt::privacy {

void project_to_sum(std::span<double> y, double total) {
  if (y.empty()) return;
  if (!(total > 0)) {
    std::fill(y.begin(), y.end(), 0.0);
    return;
  }
  // λ such that sum max(0, y_i - λ) = total: sort descending and find the active set
  // (Held, Wolfe & Crowder 1974; Duchi et al. 2008).
  std::vector<double> s(y.begin(), y.end());
  std::sort(s.begin(), s.end(), std::greater<>());
  double cum = 0, lambda = 0;
  for (size_t k = 0; k < s.size(); ++k) {
    cum += s[k];
    const double l = (cum - total) / static_cast<double>(k + 1);
    if (k + 1 == s.size() || s[k + 1] <= l) {
      lambda = l;
      break;
    }
  }
  for (double& v : y) v = std::max(0.0, v - lambda);
}

void split_columns(std::span<const double> values, size_t n, size_t n_cols, std::span<const int64_t> parent,
                   std::span<int64_t> out) {
  if (values.size() != n * n_cols || out.size() != n * n_cols || parent.size() != n_cols)
    throw Error(ErrorKind::internal, "split_columns: sizes do not match");
  std::vector<double> residual(n, 0), col(n), priority(n);
  std::vector<size_t> order(n);
  for (size_t j = 0; j < n_cols; ++j) {
    const int64_t total = parent[j];
    if (total < 0) throw Error(ErrorKind::internal, "split_columns: negative parent cell");
    if (n == 0) {
      if (total != 0) throw Error(ErrorKind::internal, "split_columns: a parent cell without children");
      continue;
    }
    for (size_t i = 0; i < n; ++i) col[i] = values[i * n_cols + j];
    project_to_sum(col, static_cast<double>(total));
    int64_t floors = 0;
    for (size_t i = 0; i < n; ++i) {
      const double f = std::floor(col[i]);
      out[i * n_cols + j] = static_cast<int64_t>(f);
      floors += static_cast<int64_t>(f);
      priority[i] = residual[i] + (col[i] - f);
    }
    // The children that round up: the largest carried residual plus fraction (ties: lowest
    // index). The projection makes the column add up to the parent cell, so `ups` is the sum of
    // the fractions: between 0 and n - 1.
    const int64_t ups = total - floors;
    if (ups < 0 || ups > static_cast<int64_t>(n)) throw Error(ErrorKind::internal, "split_columns: projection lost the column sum");
    std::iota(order.begin(), order.end(), size_t{0});
    std::partial_sort(order.begin(), order.begin() + ups, order.end(), [&](size_t a, size_t b) {
      return priority[a] != priority[b] ? priority[a] > priority[b] : a < b;
    });
    for (int64_t u = 0; u < ups; ++u) ++out[order[static_cast<size_t>(u)] * n_cols + j];
    for (size_t i = 0; i < n; ++i) residual[i] += col[i] - static_cast<double>(out[i * n_cols + j]);
  }
}

namespace {

// Augmenting paths on the bipartite graph rows -> columns whose cells have a fractional part:
// row i must take need_r[i] more units, column j need_c[j]; each cell at most one.
bool assign_units(size_t n, size_t k, const std::vector<double>& frac, std::vector<int64_t> need_r,
                  std::vector<int64_t> need_c, std::vector<uint8_t>& up, bool any_cell) {
  // Greedy first, largest fractions first, then augmenting paths for what is left.
  std::vector<size_t> cells(n * k);
  for (size_t c = 0; c < cells.size(); ++c) cells[c] = c;
  std::stable_sort(cells.begin(), cells.end(), [&](size_t a, size_t b) { return frac[a] > frac[b]; });
  auto usable = [&](size_t c) { return any_cell || frac[c] > 1e-9; };
  for (size_t c : cells) {
    const size_t i = c / k, j = c % k;
    if (usable(c) && need_r[i] > 0 && need_c[j] > 0) up[c] = 1, --need_r[i], --need_c[j];
  }
  // DFS from a row that still needs a unit to a column that still has room, alternating
  // unused (row -> column) and used (column -> row) cells.
  for (size_t r0 = 0; r0 < n; ++r0)
    while (need_r[r0] > 0) {
      std::vector<int64_t> from_row(k, -1);
      std::vector<uint8_t> seen_row(n, 0);
      std::vector<size_t> stack{r0};
      seen_row[r0] = 1;
      int64_t end = -1;
      std::vector<int64_t> row_via(n, -1);  // the column through which a row was reached
      while (!stack.empty() && end < 0) {
        const size_t i = stack.back();
        stack.pop_back();
        for (size_t j = 0; j < k && end < 0; ++j) {
          const size_t c = i * k + j;
          if (up[c] || !usable(c) || from_row[j] >= 0) continue;
          from_row[j] = static_cast<int64_t>(i);
          if (need_c[j] > 0) {
            end = static_cast<int64_t>(j);
            break;
          }
          for (size_t i2 = 0; i2 < n; ++i2)
            if (up[i2 * k + j] && !seen_row[i2]) seen_row[i2] = 1, row_via[i2] = static_cast<int64_t>(j), stack.push_back(i2);
        }
      }
      if (end < 0) return false;
      // Flip the path back to r0.
      size_t j = static_cast<size_t>(end);
      --need_c[j];
      for (;;) {
        const size_t i = static_cast<size_t>(from_row[j]);
        up[i * k + j] = 1;
        if (i == r0) break;
        const size_t jp = static_cast<size_t>(row_via[i]);
        up[i * k + jp] = 0;
        j = jp;
      }
      --need_r[r0];
    }
  for (size_t j = 0; j < k; ++j)
    if (need_c[j] != 0) return false;
  return true;
}

}  // namespace

void fit_and_round(std::span<const double> seeds, size_t n, size_t k, std::span<const int64_t> row_sums,
                   std::span<const int64_t> col_sums, std::span<int64_t> out) {
  if (seeds.size() != n * k || out.size() != n * k || row_sums.size() != n || col_sums.size() != k)
    throw Error(ErrorKind::internal, "fit_and_round: sizes do not match");
  int64_t total_r = 0, total_c = 0;
  for (int64_t r : row_sums) total_r += r;
  for (int64_t c : col_sums) total_c += c;
  if (total_r != total_c) throw Error(ErrorKind::internal, "fit_and_round: the margins do not add up");
  std::vector<double> x(n * k);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < k; ++j)
      x[i * k + j] = row_sums[i] == 0 || col_sums[j] == 0 ? 0.0 : std::max(seeds[i * k + j], 1e-6);
  // Iterative proportional fitting: alternate row and column scaling until both fit.
  for (int it = 0; it < 500; ++it) {
    double worst = 0;
    for (size_t i = 0; i < n; ++i) {
      double s = 0;
      for (size_t j = 0; j < k; ++j) s += x[i * k + j];
      if (s > 0) for (size_t j = 0; j < k; ++j) x[i * k + j] *= static_cast<double>(row_sums[i]) / s;
    }
    for (size_t j = 0; j < k; ++j) {
      double s = 0;
      for (size_t i = 0; i < n; ++i) s += x[i * k + j];
      worst = std::max(worst, std::abs(s - static_cast<double>(col_sums[j])));
      if (s > 0) for (size_t i = 0; i < n; ++i) x[i * k + j] *= static_cast<double>(col_sums[j]) / s;
    }
    if (worst < 1e-9) break;
  }
  std::vector<double> frac(n * k);
  std::vector<int64_t> need_r(row_sums.begin(), row_sums.end()), need_c(col_sums.begin(), col_sums.end());
  for (size_t c = 0; c < n * k; ++c) {
    const double f = std::floor(x[c] + 1e-9);
    out[c] = static_cast<int64_t>(f);
    frac[c] = std::max(0.0, x[c] - f);
    need_r[c / k] -= out[c];
    need_c[c % k] -= out[c];
  }
  for (int64_t v : need_r)
    if (v < 0) throw Error(ErrorKind::internal, "fit_and_round: the fitted table overshoots a row");
  std::vector<uint8_t> up(n * k, 0);
  // The flow exists on the fractional cells; should floating-point slack hide one, every cell
  // of a row and column with room may take a unit.
  if (!assign_units(n, k, frac, need_r, need_c, up, false)) {
    std::fill(up.begin(), up.end(), 0);
    if (!assign_units(n, k, frac, need_r, need_c, up, true))
      throw Error(ErrorKind::internal, "fit_and_round: no integer table with these margins");
  }
  for (size_t c = 0; c < n * k; ++c) out[c] += up[c];
}

void round_cumulative(std::span<const double> values, std::span<int64_t> out) {
  if (out.size() != values.size()) throw Error(ErrorKind::internal, "round_cumulative: sizes do not match");
  double cum = 0;
  int64_t prev = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    cum += std::max(0.0, values[i]);
    const int64_t r = std::llround(cum);
    out[i] = std::max<int64_t>(0, r - prev);
    prev += out[i];
  }
}

}  // namespace brandpunt::privacy
