#include "weights/summary.hpp"

#include <algorithm>

namespace brandpunt::weights {

WeightsSummary summarise(const Weights& w) {
  WeightsSummary s;
  s.n = w.n;
  for (size_t i = 0; i < w.n; ++i) {
    size_t card = 0;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k)
      if (w.neighbours[k] != i) ++card;
    s.n_links += card;
    s.min_card = i == 0 ? card : std::min(s.min_card, card);
    s.max_card = std::max(s.max_card, card);
  }
  s.mean_card = w.n == 0 ? 0.0 : static_cast<double>(s.n_links) / static_cast<double>(w.n);
  s.islands = w.islands();
  s.symmetric = w.symmetric();
  return s;
}

}  // namespace brandpunt::weights
