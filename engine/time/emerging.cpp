#include "time/emerging.hpp"

#include <string>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "stats/multiple_testing.hpp"
#include "time/space_time.hpp"

namespace brandpunt::time {
namespace {

// The seven categories of one family, in the enum's order starting at `first`.
struct Family {
  Emerging new_, consecutive, intensifying, persistent, diminishing, sporadic, oscillating;
};
constexpr Family kHot{Emerging::new_hot,        Emerging::consecutive_hot,
                      Emerging::intensifying_hot, Emerging::persistent_hot,
                      Emerging::diminishing_hot, Emerging::sporadic_hot,
                      Emerging::oscillating_hot};
constexpr Family kCold{Emerging::new_cold,        Emerging::consecutive_cold,
                       Emerging::intensifying_cold, Emerging::persistent_cold,
                       Emerging::diminishing_cold, Emerging::sporadic_cold,
                       Emerging::oscillating_cold};

// "At least ninety percent of the time-step intervals", in integers: 10 k >= 9 n.
bool at_least_90_percent(int k, int n) { return 10 * k >= 9 * n; }

}  // namespace

const char* to_string(Emerging c) {
  switch (c) {
    case Emerging::no_pattern: return "no_pattern";
    case Emerging::new_hot: return "new_hot_spot";
    case Emerging::consecutive_hot: return "consecutive_hot_spot";
    case Emerging::intensifying_hot: return "intensifying_hot_spot";
    case Emerging::persistent_hot: return "persistent_hot_spot";
    case Emerging::diminishing_hot: return "diminishing_hot_spot";
    case Emerging::sporadic_hot: return "sporadic_hot_spot";
    case Emerging::oscillating_hot: return "oscillating_hot_spot";
    case Emerging::historical_hot: return "historical_hot_spot";
    case Emerging::new_cold: return "new_cold_spot";
    case Emerging::consecutive_cold: return "consecutive_cold_spot";
    case Emerging::intensifying_cold: return "intensifying_cold_spot";
    case Emerging::persistent_cold: return "persistent_cold_spot";
    case Emerging::diminishing_cold: return "diminishing_cold_spot";
    case Emerging::sporadic_cold: return "sporadic_cold_spot";
    case Emerging::oscillating_cold: return "oscillating_cold_spot";
    case Emerging::historical_cold: return "historical_cold_spot";
  }
  return "?";
}

bool is_hot(Emerging c) {
  return c >= Emerging::new_hot && c <= Emerging::historical_hot;
}
bool is_cold(Emerging c) { return c >= Emerging::new_cold; }

EmergingResult classify_emerging_detail(std::span<const double> z, std::span<const double> p,
                                        const EmergingOptions& options,
                                        std::span<const uint32_t> counts) {
  if (z.size() != p.size() || (!counts.empty() && counts.size() != z.size()))
    throw Error(ErrorKind::internal, "classify_emerging: z, p and counts differ in length");
  EmergingResult r;
  const int n = static_cast<int>(z.size());
  r.n_steps = n;
  if (n == 0) return r;
  r.trend = mann_kendall_no_slope(z, options.min_length);

  // sign[t]: +1 significant hot, -1 significant cold, 0 not significant.
  std::vector<int> sign(static_cast<size_t>(n), 0);
  double own = 0;  // the location's own incidents in its hot bins
  for (size_t t = 0; t < sign.size(); ++t) {
    if (p[t] < options.alpha && z[t] > 0) {
      sign[t] = 1, ++r.n_hot;
      if (!counts.empty()) own += counts[t];
    }
    if (p[t] < options.alpha && z[t] < 0) sign[t] = -1, ++r.n_cold;
  }
  // Hot only through its neighbours: its own counts in its hot bins average below the minimum.
  if (!counts.empty() && r.n_hot > 0 && own < options.min_hot_count * r.n_hot) {
    for (int& s : sign)
      if (s > 0) s = 0;
    r.n_hot = 0;
  }

  const int last = sign.back();
  if (last == 0) {
    // Historical: "the most recent time period is not hot, but at least ninety percent of
    // the time-step intervals have been statistically significant hot spots".
    for (int s : {1, -1}) {
      const int k = s > 0 ? r.n_hot : r.n_cold;
      if (!at_least_90_percent(k, n)) continue;
      r.category = s > 0 ? Emerging::historical_hot : Emerging::historical_cold;
      int t = n - 1;
      while (t >= 0 && sign[static_cast<size_t>(t)] != s) --t;
      r.since_step = t + 1;
      return r;
    }
    return r;  // no pattern
  }

  const Family& f = last > 0 ? kHot : kCold;
  const int n_same = last > 0 ? r.n_hot : r.n_cold;
  const int n_opposite = last > 0 ? r.n_cold : r.n_hot;
  int run = 0;  // final uninterrupted run of the family
  while (run < n && sign[static_cast<size_t>(n - 1 - run)] == last) ++run;
  const int run_start = n - run;

  if (n_same == 1) {  // new: final step only, never before
    r.category = f.new_;
    r.since_step = n - 1;
  } else if (n_same == run && !at_least_90_percent(n_same, n)) {
    // consecutive: one final run of >= 2 bins, never before it, < 90% of bins.
    r.category = f.consecutive;
    r.since_step = run_start;
  } else if (at_least_90_percent(n_same, n)) {
    const bool trend = !r.trend.too_short && r.trend.p < options.trend_alpha && r.trend.S != 0;
    if (!trend)
      r.category = f.persistent;
    else
      r.category = (r.trend.S > 0) == (last > 0) ? f.intensifying : f.diminishing;
    int t = 0;
    while (sign[static_cast<size_t>(t)] != last) ++t;
    r.since_step = t;
  } else {
    // < 90% and a gap before the final run: on-again off-again. Oscillating when the other
    // family occurred before, sporadic when it never did.
    r.category = n_opposite > 0 ? f.oscillating : f.sporadic;
    r.since_step = run_start;
  }
  return r;
}

Emerging classify_emerging(std::span<const double> z, std::span<const double> p, double alpha) {
  EmergingOptions o;
  o.alpha = alpha;
  o.trend_alpha = alpha;
  return classify_emerging_detail(z, p, o).category;
}

std::string since_label(const EmergingResult& result, const Window& window) {
  if (result.since_step < 0 || result.since_step >= step_count(window)) return "";
  return step_label(window, result.since_step);
}

std::vector<EmergingResult> emerging_hot_spots(const weights::Weights& w_space, const Cube& cube,
                                               int time_lags, const EmergingOptions& options) {
  const std::vector<double> z = space_time_gi_star(w_space, cube, time_lags, options.threads);
  std::vector<double> p = two_sided_p(z, options.threads);
  if (options.fdr) {
    // Bins are judged by p_adj < alpha only: mark the BH-significant ones (their raw p is below
    // alpha) and set the others to 1, without adjusting (sorting) every bin.
    const std::vector<uint8_t> pass = stats::bh_significant(p, options.alpha);
    for (size_t k = 0; k < p.size(); ++k)
      if (!pass[k]) p[k] = 1.0;
  }
  std::vector<EmergingResult> out(cube.n_locations);
  const size_t T = cube.n_steps;
  core::parallel_chunks(cube.n_locations, options.threads, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i)
      out[i] = classify_emerging_detail(std::span<const double>(z.data() + i * T, T),
                                        std::span<const double>(p.data() + i * T, T), options,
                                        options.min_hot_count > 0 ? cube.series(i)
                                                                  : std::span<const uint32_t>());
  }, 256);
  return out;
}

}  // namespace brandpunt::time
