#include "time/change.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/error.hpp"
#include "core/parallel.hpp"

namespace brandpunt::time {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The binomial probabilities P(X = k), k = 0..n, as exp(log n! - log k! - log (n-k)! + k log p +
// (n-k) log(1-p)). Each log-factorial, log p and log(1-p) is computed once and reused; the terms
// are added in the same order as the one-term formula, so every value has the same bits.
void binomial_pmf_all(int64_t n, double prob, std::vector<double>& log_fact, std::vector<double>& pmf) {
  const double nd = static_cast<double>(n);
  log_fact.resize(static_cast<size_t>(n) + 1);
  for (int64_t k = 0; k <= n; ++k) log_fact[static_cast<size_t>(k)] = std::lgamma(static_cast<double>(k) + 1);
  const double log_n = log_fact[static_cast<size_t>(n)], log_p = std::log(prob), log_q = std::log1p(-prob);
  pmf.resize(static_cast<size_t>(n) + 1);
  for (int64_t k = 0; k <= n; ++k) {
    const double kd = static_cast<double>(k);
    pmf[static_cast<size_t>(k)] = std::exp(log_n - log_fact[static_cast<size_t>(k)] -
                                           log_fact[static_cast<size_t>(n - k)] + kd * log_p + (nd - kd) * log_q);
  }
}

bool is_count(double v) { return v >= 0 && std::isfinite(v) && v == std::floor(v) && v < 9e15; }

std::string range_label(const Window& w, int first, int last) {
  if (first == last) return step_label(w, first);
  return step_label(w, first) + ".." + step_label(w, last);
}

}  // namespace

// R 4.2 stats::binom.test, two-sided branch: with d = P(x) and m = n·prob, add to the tail on
// x's side the other tail's outcomes whose probability is <= d·(1 + 1e-7).
double binomial_two_sided_p(int64_t x, int64_t n, double prob) {
  if (n < 0 || x < 0 || x > n || !(prob >= 0 && prob <= 1))
    throw Error(ErrorKind::internal, "binomial_two_sided_p: invalid arguments");
  if (prob == 0) return x == 0 ? 1.0 : 0.0;
  if (prob == 1) return x == n ? 1.0 : 0.0;
  const double m = static_cast<double>(n) * prob;
  if (static_cast<double>(x) == m) return 1.0;
  // Every probability once (exact enough: ~1e-13 relative for n <= 1e5). The buffers are kept
  // per thread: trends call this once per area, category and comparison.
  thread_local std::vector<double> log_fact, pmf;
  binomial_pmf_all(n, prob, log_fact, pmf);
  const double d = pmf[static_cast<size_t>(x)] * (1 + 1e-7);
  auto sum = [&](int64_t from, int64_t to) {  // inclusive; empty when from > to
    double s = 0;
    for (int64_t k = std::max<int64_t>(from, 0); k <= std::min(to, n); ++k)
      s += pmf[static_cast<size_t>(k)];
    return s;
  };
  double p = 0;
  if (static_cast<double>(x) < m) {
    int64_t y = 0;  // outcomes >= ceil(m) no more likely than x
    for (int64_t k = static_cast<int64_t>(std::ceil(m)); k <= n; ++k)
      if (pmf[static_cast<size_t>(k)] <= d) ++y;
    p = sum(0, x) + sum(n - y + 1, n);  // P(X <= x) + P(X > n - y)
  } else {
    int64_t y = 0;  // outcomes <= floor(m) no more likely than x
    for (int64_t k = 0; k <= static_cast<int64_t>(std::floor(m)); ++k)
      if (pmf[static_cast<size_t>(k)] <= d) ++y;
    p = sum(0, y - 1) + sum(x, n);  // P(X <= y - 1) + P(X >= x)
  }
  return std::min(1.0, p);
}

Change compare_periods(double current, double previous, double exposure_current,
                       double exposure_previous, double alpha) {
  if (!(exposure_current > 0) || !(exposure_previous > 0))
    throw Error(ErrorKind::config, "compare_periods: exposures must be > 0");
  Change c;
  c.current = current;
  c.previous = previous;
  c.abs_change = current - previous;
  c.pct_change = previous == 0 ? kNaN
                               : 100.0 * ((current / exposure_current) /
                                              (previous / exposure_previous) -
                                          1.0);
  if (!is_count(current) || !is_count(previous)) {
    c.p = kNaN;
    return c;
  }
  const auto x = static_cast<int64_t>(current);
  const auto n = x + static_cast<int64_t>(previous);
  c.p = binomial_two_sided_p(x, n, exposure_current / (exposure_current + exposure_previous));
  c.significant = c.p < alpha;
  return c;
}

PeriodChange compare_steps(const Cube& cube, const Window& window, int last, int length, int lag,
                           double alpha, unsigned threads) {
  const int n_steps = static_cast<int>(cube.n_steps);
  if (n_steps != step_count(window))
    throw Error(ErrorKind::internal, "compare_steps: cube and window disagree on steps");
  if (length < 1 || lag < 1 || last < 0 || last >= n_steps)
    throw Error(ErrorKind::config, "compare_steps: need length >= 1, lag >= 1 and a step inside "
                                   "the window (got step " + std::to_string(last) + ")");
  PeriodChange out;
  const int cur_first = last - length + 1;
  const int prev_last = last - lag;
  const int prev_first = prev_last - length + 1;
  if (prev_first < 0) {
    out.reason = "needs " + std::to_string(last - prev_first + 1) + " steps up to " +
                 step_label(window, last) + ", the window has " + std::to_string(last + 1);
    return out;
  }
  out.available = true;
  out.current_label = range_label(window, cur_first, last);
  out.previous_label = range_label(window, prev_first, prev_last);
  for (int t = cur_first; t <= last; ++t) {
    out.exposure_current += step_coverage(window, t);
    out.partial = out.partial || step_is_partial(window, t);
  }
  for (int t = prev_first; t <= prev_last; ++t) {
    out.exposure_previous += step_coverage(window, t);
    out.partial = out.partial || step_is_partial(window, t);
  }
  out.per_location.resize(cube.n_locations);
  auto sums = [&](size_t loc) {
    const std::span<const uint32_t> s = cube.series(loc);
    int64_t cur = 0, prev = 0;
    for (int t = cur_first; t <= last; ++t) cur += s[static_cast<size_t>(t)];
    for (int t = prev_first; t <= prev_last; ++t) prev += s[static_cast<size_t>(t)];
    return std::pair{cur, prev};
  };
  // Each location's exact test on its own thread's chunk; the totals in one pass after.
  core::parallel_chunks(cube.n_locations, threads, [&](size_t begin, size_t end) {
    for (size_t loc = begin; loc < end; ++loc) {
      const auto [cur, prev] = sums(loc);
      out.per_location[loc] =
          compare_periods(static_cast<double>(cur), static_cast<double>(prev), out.exposure_current,
                          out.exposure_previous, alpha);
    }
  }, 1024);
  int64_t total_cur = 0, total_prev = 0;
  for (size_t loc = 0; loc < cube.n_locations; ++loc) {
    const auto [cur, prev] = sums(loc);
    total_cur += cur;
    total_prev += prev;
  }
  out.total = compare_periods(static_cast<double>(total_cur), static_cast<double>(total_prev),
                              out.exposure_current, out.exposure_previous, alpha);
  return out;
}

PeriodChange change_vs_previous(const Cube& cube, const Window& window, int step, double alpha,
                                unsigned threads) {
  return compare_steps(cube, window, step, 1, 1, alpha, threads);
}

PeriodChange change_vs_year_before(const Cube& cube, const Window& window, int step,
                                   double alpha, unsigned threads) {
  return compare_steps(cube, window, step, 1, steps_per_year(window.step), alpha, threads);
}

PeriodChange change_rolling_year(const Cube& cube, const Window& window, int step, double alpha,
                                 unsigned threads) {
  const int year = steps_per_year(window.step);
  return compare_steps(cube, window, step, year, year, alpha, threads);
}

}  // namespace brandpunt::time
