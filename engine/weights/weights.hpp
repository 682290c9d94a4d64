// Spatial weights in compressed sparse rows: for area i, its neighbours are
// neighbours[offsets[i] .. offsets[i+1]) (sorted ascending) with the matching values.
// Builders (contiguity, k-NN, distance band, kernels) live beside this file; every statistic
// in engine/stats reads this one structure.
//
//   Weights w = from_lists({{1}, {0, 2}, {1}});  // binary ("B") path graph
//   Weights r = row_standardised(w);             // "W": each row sums to 1
//   Weights s = with_self(w);                    // Gi*: self included before standardising
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace brandpunt::weights {

struct Weights {
  size_t n = 0;
  std::vector<uint32_t> offsets{0};  // size n+1
  std::vector<uint32_t> neighbours;  // ascending within a row
  std::vector<double> values;        // weight of each link, same length as neighbours
  bool self_included = false;        // the diagonal is part of the lists (Gi*)
  std::string method;                // "queen", "rook", "knn4", "dband_900m", ...
  std::string style = "B";           // "B" binary, "W" row-standardised, "custom"

  size_t cardinality(size_t i) const { return offsets[i + 1] - offsets[i]; }
  size_t n_links() const { return neighbours.size(); }
  // Areas with no neighbour other than (possibly) themselves.
  std::vector<uint32_t> islands() const;
  bool symmetric() const;  // same links both ways (values ignored)
};

// Binary weights from neighbour lists; each list is sorted and deduplicated.
Weights from_lists(const std::vector<std::vector<uint32_t>>& lists, std::string method = "custom");
// Neighbour lists back out (for tests and GAL output).
std::vector<std::vector<uint32_t>> to_lists(const Weights& w);

// Row standardisation (spdep style "W"): w_ij / sum_j w_ij; an island's row stays empty.
Weights row_standardised(const Weights& w);
// Adds i to its own list with weight 1 (spdep include.self): apply BEFORE row_standardised.
Weights with_self(const Weights& w);
// Every value set to 1 (style "B").
Weights binary(const Weights& w);

}  // namespace brandpunt::weights
