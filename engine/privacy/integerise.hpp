// From least-squares estimates to published counts: non-negative integers that add up.
//
// The estimates of a parent's children add up to the parent but may be negative or
// fractional. Top down, each parent's integer cells (one per column: a category and month)
// are shared out to its children: per column the children's estimates are projected onto
// {x >= 0, sum x = parent cell} (the Euclidean projection onto the scaled simplex:
// x_i = max(0, y_i - λ)), then rounded to integers that keep the column sum exactly. Which
// children round up is chosen by their carried residual (the part of the child's earlier
// columns lost or gained by rounding), so a child's sum over any run of consecutive columns
// stays within 2 of its estimate: the caller orders the columns so that the sums that matter
// (an area's period total per category) are runs. The root's own cells are rounded by
// cumulative (systematic) rounding, which keeps every run within 1.
//
// When both a child's totals and the parent's cells are fixed (a child's period count split
// into months that must add up to the parent's months), fit_and_round finds the table.
//
//   project_to_sum(y, 12.0);                          // y >= 0, sum 12
//   split_columns(values, n_children, n_cols, parent_cells, out);
//   fit_and_round(seeds, n, k, row_sums, col_sums, out);
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace brandpunt::privacy {

// In place: the closest y' >= 0 with sum y' = total (total < 0 is taken as 0). Ties and order
// do not matter: the projection is unique.
void project_to_sum(std::span<double> y, double total);

// values[i * n_cols + j]: child i's estimate for column j; parent[j] >= 0 the parent's integer.
// out[i * n_cols + j] >= 0 with sum_i out[i][j] == parent[j] for every column j.
void split_columns(std::span<const double> values, size_t n_children, size_t n_cols,
                   std::span<const int64_t> parent, std::span<int64_t> out);

// A table of n rows × k columns with given integer row sums and column sums (both >= 0 and
// adding up to the same total): from non-negative seeds, the closest table of the form
// a_i · b_j · seed_ij with those sums (iterative proportional fitting, Deming & Stephan 1940;
// seeds are lifted to at least 1e-6 so that every table with the margins can be reached), then
// rounded cell by cell to its floor or ceiling so that every row and column sum stays exact: a
// bipartite flow on the fractional parts, which always exists for integer margins (the
// transportation polytope is integral). out[i * k + j] >= 0.
void fit_and_round(std::span<const double> seeds, size_t n, size_t k, std::span<const int64_t> row_sums,
                   std::span<const int64_t> col_sums, std::span<int64_t> out);

// Cumulative rounding of non-negative values: out >= 0, sum out == llround(sum values), and
// every run of consecutive values keeps its sum within 1.
void round_cumulative(std::span<const double> values, std::span<int64_t> out);

}  // namespace brandpunt::privacy
