// The weight constants of the global statistics (internal to engine/stats), accumulated as
// spdep spweights.constants does:
//   S0 = sum_ij w_ij,  S1 = 1/2 sum_ij (w_ij + w_ji)^2,  S2 = sum_i (sum_j w_ij + sum_j w_ji)^2
// and n_used, the number of areas with at least one neighbour (spdep adjust.n).
#pragma once

#include <algorithm>
#include <vector>

#include "weights/weights.hpp"

namespace brandpunt::stats::detail {

struct WeightConstants {
  double S0 = 0, S1 = 0, S2 = 0;
  size_t n_used = 0;
};

inline WeightConstants weight_constants(const weights::Weights& w) {
  WeightConstants c;
  std::vector<double> row_sum(w.n, 0.0), col_sum(w.n, 0.0);
  for (size_t i = 0; i < w.n; ++i) {
    if (w.cardinality(i) > 0) ++c.n_used;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) {
      const uint32_t j = w.neighbours[k];
      const double dij = w.values[k];
      row_sum[i] += dij;
      col_sum[j] += dij;
      // w_ji: binary search in row j (rows are sorted ascending).
      const auto b = w.neighbours.begin() + w.offsets[j];
      const auto e = w.neighbours.begin() + w.offsets[j + 1];
      const auto it = std::lower_bound(b, e, static_cast<uint32_t>(i));
      const double dji = (it != e && *it == i) ? w.values[static_cast<size_t>(it - w.neighbours.begin())] : 0.0;
      c.S1 += dij * dij + dij * dji;
    }
  }
  for (size_t i = 0; i < w.n; ++i) {
    c.S0 += row_sum[i];
    c.S2 += (row_sum[i] + col_sum[i]) * (row_sum[i] + col_sum[i]);
  }
  return c;
}

}  // namespace brandpunt::stats::detail
