#include "evaluate/pai.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>

#include "core/error.hpp"
#include "stats/rng.hpp"

namespace brandpunt::evaluate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_input(const ScoreInput& in) {
  const size_t n = in.after.size();
  if (in.size.size() != n || (!in.before.empty() && in.before.size() != n))
    throw Error(ErrorKind::internal, "evaluate: counts and sizes of different lengths");
  for (size_t i = 0; i < n; ++i) {
    if (!(in.after[i] >= 0) || !std::isfinite(in.after[i]) ||
        (!in.before.empty() && (!(in.before[i] >= 0) || !std::isfinite(in.before[i]))))
      throw Error(ErrorKind::internal,
                  "evaluate: count of area " + std::to_string(i) + " is negative or not finite");
    if (!(in.size[i] > 0) || !std::isfinite(in.size[i]))
      throw Error(ErrorKind::internal,
                  "evaluate: size of area " + std::to_string(i) + " is not > 0");
  }
}

double sum(std::span<const double> v) { return std::accumulate(v.begin(), v.end(), 0.0); }

// Areas by T2 density (count / size), densest first; ties by index so the order is fixed.
// Prefix sums let the best count for any total size be read off by binary search.
struct DensityOrder {
  std::vector<double> size_before, count_before;  // prefix sums, one more than areas
  std::vector<double> density;                    // of the area at each place

  explicit DensityOrder(const ScoreInput& in) {
    const size_t n = in.after.size();
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      // a denser than b  <=>  after_a * size_b > after_b * size_a (no division, no rounding ties)
      const double l = in.after[a] * in.size[b], r = in.after[b] * in.size[a];
      return l != r ? l > r : a < b;
    });
    size_before.assign(n + 1, 0);
    count_before.assign(n + 1, 0);
    density.resize(n);
    for (size_t i = 0; i < n; ++i) {
      size_before[i + 1] = size_before[i] + in.size[order[i]];
      count_before[i + 1] = count_before[i] + in.after[order[i]];
      density[i] = in.after[order[i]] / in.size[order[i]];
    }
  }

  // The largest T2 count any set of areas of total size `a` holds (fractional last area).
  double best_count(double a) const {
    const size_t n = density.size();
    if (a >= size_before[n]) return count_before[n];
    // first place whose prefix size exceeds a: areas [0, i) whole, then part of area i
    const size_t i = static_cast<size_t>(
        std::upper_bound(size_before.begin() + 1, size_before.end(), a) - size_before.begin() - 1);
    return count_before[i] + (a - size_before[i]) * density[i];
  }
};

}  // namespace

std::vector<ListPoint> score_ranked_list(const ScoreInput& in, std::span<const uint32_t> ranked) {
  check_input(in);
  const size_t n = in.after.size();
  std::vector<uint8_t> seen(n, 0);
  for (uint32_t a : ranked) {
    if (a >= n) throw Error(ErrorKind::internal, "evaluate: list names an area out of range");
    if (seen[a]++) throw Error(ErrorKind::internal, "evaluate: list names an area twice");
  }
  const double total_after = sum(in.after), total_size = sum(in.size);
  const double total_before = in.before.empty() ? 0 : sum(in.before);
  const DensityOrder best(in);
  std::vector<ListPoint> curve;
  curve.reserve(ranked.size());
  ListPoint p;
  for (uint32_t a : ranked) {
    ++p.k;
    p.size += in.size[a];
    p.hits += in.after[a];
    if (!in.before.empty()) p.hits_before += in.before[a];
    p.size_share = p.size / total_size;
    if (total_after > 0) {
      p.hit_rate = p.hits / total_after;
      p.pai = p.hit_rate / p.size_share;
      p.pai_best = (best.best_count(p.size) / total_after) / p.size_share;
      p.pei = p.pai / p.pai_best;  // pai_best > 0: the densest areas hold > 0 when N > 0
    } else {
      p.hit_rate = p.pai = p.pai_best = p.pei = kNaN;
    }
    p.pai_before = in.before.empty() || !(total_before > 0)
                       ? kNaN
                       : (p.hits_before / total_before) / p.size_share;
    p.rri = std::isfinite(p.pai) && std::isfinite(p.pai_before) && p.pai_before > 0
                ? p.pai / p.pai_before
                : kNaN;
    curve.push_back(p);
  }
  return curve;
}

double best_pai(const ScoreInput& in, double size) {
  check_input(in);
  const double total_after = sum(in.after), total_size = sum(in.size);
  if (!(total_after > 0) || !(size > 0)) return kNaN;
  const DensityOrder best(in);
  return (best.best_count(size) / total_after) / (std::min(size, total_size) / total_size);
}

RandomBaseline random_list_baseline(const ScoreInput& in, size_t k, double observed_pai, int draws,
                                    uint64_t seed) {
  check_input(in);
  const size_t n = in.after.size();
  if (k == 0 || k > n) throw Error(ErrorKind::internal, "evaluate: random list longer than scope");
  if (draws < 1) throw Error(ErrorKind::internal, "evaluate: random baseline needs draws >= 1");
  RandomBaseline b;
  b.draws = draws;
  const double total_after = sum(in.after), total_size = sum(in.size);
  if (!(total_after > 0)) {
    b.mean_pai = b.p95_pai = b.p = kNaN;
    return b;
  }
  std::vector<uint32_t> pool(n);
  std::iota(pool.begin(), pool.end(), 0u);
  std::vector<double> pai(static_cast<size_t>(draws));
  std::vector<uint32_t> swapped(k);
  for (int d = 0; d < draws; ++d) {
    // A partial Fisher-Yates shuffle draws k distinct areas; undoing the swaps afterwards
    // restores the pool in O(k), so a national straat scope costs k, not n, per draw.
    stats::AreaRng rng(seed, static_cast<uint64_t>(d));
    double hits = 0, size = 0;
    for (size_t i = 0; i < k; ++i) {
      const size_t j = i + rng.below(static_cast<uint32_t>(n - i));
      swapped[i] = static_cast<uint32_t>(j);
      std::swap(pool[i], pool[j]);
      hits += in.after[pool[i]];
      size += in.size[pool[i]];
    }
    for (size_t i = k; i-- > 0;) std::swap(pool[i], pool[swapped[i]]);
    pai[static_cast<size_t>(d)] = (hits / total_after) / (size / total_size);
  }
  b.mean_pai = sum(pai) / draws;
  int at_least = 0;
  // A random list of the same areas sums in another order: equal up to rounding counts as equal.
  for (double v : pai) at_least += v >= observed_pai * (1 - 1e-12) ? 1 : 0;
  b.p = std::isnan(observed_pai) ? kNaN : (1.0 + at_least) / (1.0 + draws);
  std::sort(pai.begin(), pai.end());
  const auto rank = static_cast<size_t>(std::ceil(0.95 * draws));  // nearest rank, 1-based
  b.p95_pai = pai[std::max<size_t>(rank, 1) - 1];
  return b;
}

}  // namespace brandpunt::evaluate
