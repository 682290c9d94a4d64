// A one-look summary of a weights matrix, as spdep's summary.nb and libpysal's W.summary:
// size, links, cardinalities, islands and symmetry. Islands are listed explicitly so a run
// can report them (and a statistic can exclude them) instead of meeting a silent NaN later.
//
//   WeightsSummary s = summarise(w);
//   if (!s.islands.empty()) log("%zu areas without neighbours", s.islands.size());
#pragma once

#include <cstdint>
#include <vector>

#include "weights/weights.hpp"

namespace brandpunt::weights {

struct WeightsSummary {
  size_t n = 0;                   // areas
  size_t n_links = 0;             // non-zero entries, i -> i excluded
  size_t min_card = 0;            // fewest neighbours of an area (self excluded)
  size_t max_card = 0;            // most neighbours of an area (self excluded)
  double mean_card = 0;           // n_links / n (0 when n = 0)
  std::vector<uint32_t> islands;  // areas with no neighbour other than themselves, ascending
  bool symmetric = true;          // j in N(i) <=> i in N(j) (values ignored)
};

WeightsSummary summarise(const Weights& w);

}  // namespace brandpunt::weights
