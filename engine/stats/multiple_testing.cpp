#include "stats/multiple_testing.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace brandpunt::stats {

const char* to_string(Correction c) {
  switch (c) {
    case Correction::none:
      return "none";
    case Correction::fdr_bh:
      return "fdr_bh";
    case Correction::bonferroni:
      return "bonferroni";
  }
  return "?";
}

std::vector<double> p_adjust_bh(std::span<const double> p) {
  std::vector<double> out(p.begin(), p.end());
  // Non-NaN (p, position) pairs by decreasing p, ties by position (R's stable order). Sorting
  // the values with their positions, not positions through p, keeps the sort in cache: the
  // space-time cube adjusts millions of bins at once.
  std::vector<std::pair<double, size_t>> order;
  order.reserve(p.size());
  for (size_t i = 0; i < p.size(); ++i)
    if (!std::isnan(p[i])) order.emplace_back(p[i], i);
  const size_t m = order.size();
  if (m <= 1) return out;  // R returns p unchanged for n <= 1
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  });
  // R: i <- lp:1; pmin(1, cummin(n/i * p[o])) with o the decreasing order.
  const double md = static_cast<double>(m);
  double running = INFINITY;
  for (size_t r = 0; r < m; ++r) {
    const double rank = static_cast<double>(m - r);
    running = std::min(running, md / rank * order[r].first);
    out[order[r].second] = std::min(1.0, running);
  }
  return out;
}

std::vector<uint8_t> bh_significant(std::span<const double> p, double alpha) {
  std::vector<uint8_t> out(p.size(), 0);
  size_t m = 0;
  std::vector<double> small;
  for (double v : p) {
    if (std::isnan(v)) continue;
    ++m;
    if (v < alpha) small.push_back(v);
  }
  if (m <= 1) {  // p_adjust_bh returns p unchanged
    for (size_t i = 0; i < p.size(); ++i) out[i] = p[i] < alpha;
    return out;
  }
  // Ascending, the k-th smallest has rank k among all m (every larger p is >= alpha). Bin i
  // passes iff some rank j >= rank(i) has m / j * p_(j) < alpha (the same expression as
  // p_adjust_bh), i.e. iff p_i <= p_(k*) for the largest such j = k*; ties cannot straddle k*.
  std::sort(small.begin(), small.end());
  const double md = static_cast<double>(m);
  double cut = -1;
  for (size_t j = small.size(); j-- > 0;)
    if (md / static_cast<double>(j + 1) * small[j] < alpha) {
      cut = small[j];
      break;
    }
  for (size_t i = 0; i < p.size(); ++i) out[i] = !std::isnan(p[i]) && p[i] <= cut;
  return out;
}

std::vector<double> p_adjust_bonferroni(std::span<const double> p) {
  std::vector<double> out(p.begin(), p.end());
  size_t m = 0;
  for (double v : p) m += std::isnan(v) ? 0 : 1;
  if (m <= 1) return out;
  for (double& v : out)
    if (!std::isnan(v)) v = std::min(1.0, static_cast<double>(m) * v);
  return out;
}

std::vector<double> p_adjust(std::span<const double> p, Correction c) {
  switch (c) {
    case Correction::fdr_bh:
      return p_adjust_bh(p);
    case Correction::bonferroni:
      return p_adjust_bonferroni(p);
    case Correction::none:
      break;
  }
  return {p.begin(), p.end()};
}

int gi_bin(double z, double p) {
  if (std::isnan(p) || std::isnan(z) || z == 0) return 0;
  const int level = p < 0.01 ? 3 : p < 0.05 ? 2 : p < 0.10 ? 1 : 0;
  return z > 0 ? level : -level;
}

std::vector<int> gi_bins(std::span<const double> z, std::span<const double> p, Correction c) {
  if (z.size() != p.size()) throw Error(ErrorKind::internal, "gi_bins: z and p differ in length");
  const std::vector<double> q = p_adjust(p, c);
  std::vector<int> out(z.size());
  for (size_t i = 0; i < z.size(); ++i) out[i] = gi_bin(z[i], q[i]);
  return out;
}

std::vector<int> gi_bin_fdr(std::span<const double> z, std::span<const double> p) {
  return gi_bins(z, p, Correction::fdr_bh);
}

}  // namespace brandpunt::stats
