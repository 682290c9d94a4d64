// Input checks and per-row weight sums shared by the statistics in this folder (not public API).
#pragma once

#include <cmath>
#include <span>
#include <string>

#include "core/error.hpp"
#include "weights/weights.hpp"

namespace brandpunt::stats::detail {

// Throws unless x has one finite value per area. spdep stops on NA too; a NaN silently
// propagating into every neighbour's z-score would be worse than an error.
inline void check_input(const weights::Weights& w, std::span<const double> x, const char* what) {
  if (x.size() != w.n)
    throw Error(ErrorKind::config, std::string(what) + ": " + std::to_string(x.size()) +
                                       " values for " + std::to_string(w.n) + " areas");
  if (w.offsets.size() != w.n + 1 || w.values.size() != w.neighbours.size())
    throw Error(ErrorKind::internal, std::string(what) + ": malformed weights");
  for (size_t i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i]))
      throw Error(ErrorKind::config,
                  std::string(what) + ": value is not finite (drop or fill the area first)")
          .at_row(static_cast<int64_t>(i) + 1);
}

// True when area i has no neighbour other than itself.
inline bool is_island(const weights::Weights& w, size_t i) {
  for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k)
    if (w.neighbours[k] != i) return false;
  return true;
}

inline std::string count_msg(size_t count, const char* singular, const char* plural) {
  return std::to_string(count) + " " + (count == 1 ? singular : plural);
}

}  // namespace brandpunt::stats::detail
