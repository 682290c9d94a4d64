// Change between two periods, with a test that says whether the change is more than chance.
//
// Counts of incidents are modelled as Poisson with rates λ1 (current) and λ2 (previous) over
// exposures t1 and t2 (1 for whole steps; the covered share for partial steps). Under
// H0: λ1 = λ2, conditionally on the total n = x1 + x2, x1 ~ Binomial(n, t1/(t1+t2)) (Przyborowski
// & Wilenski 1940; the exact conditional test of R's poisson.test(c(x1, x2), c(t1, t2))).
// The two-sided p is R's binom.test rule: the sum of the probabilities of all outcomes no more
// likely than the observed one, P(k) <= P(x1)(1 + 1e-7). So a jump from 2 to 4 incidents
// (+100 %) has p = 0.6875 and is reported as not significant; 10 -> 40 has p = 2.4e-5.
//
//   Change c = compare_periods(4, 2);   // abs +2, pct +100, p 0.6875, significant false
//   PeriodChange m = change_vs_previous(cube, window, cube.n_steps - 1);  // this vs last month
//   PeriodChange y = change_vs_year_before(cube, window, cube.n_steps - 1);
//   PeriodChange r = change_rolling_year(cube, window, cube.n_steps - 1); // 12 months vs 12 before
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "time/calendar.hpp"
#include "time/cube.hpp"

namespace brandpunt::time {

struct Change {
  double current = 0;     // count in the current period
  double previous = 0;    // count in the previous period
  double abs_change = 0;  // current - previous (counts)
  // 100 * (rate_current / rate_previous - 1), rates = count / exposure (= the count change
  // when both exposures are 1); NaN when previous == 0: no percentage of nothing.
  double pct_change = 0;
  double p = 1;  // two-sided exact conditional test of equal Poisson rates; NaN if not counts
  bool significant = false;  // p < alpha
};

// current, previous: non-negative integer counts (else p is NaN and significant false);
// exposures > 0 (Error(config) otherwise).
Change compare_periods(double current, double previous, double exposure_current = 1,
                       double exposure_previous = 1, double alpha = 0.05);

// Two-sided p of R's binom.test(x, n, prob) (exact; relative tolerance 1e-7 for ties).
double binomial_two_sided_p(int64_t x, int64_t n, double prob);

struct PeriodChange {
  bool available = false;     // false when the window holds too few steps
  std::string reason;         // why not available ("needs 24 steps, window has 18")
  std::string current_label;  // "2024-03" or "2023-04..2024-03"
  std::string previous_label;
  bool partial = false;        // some step of either period is only partly in the window
  double exposure_current = 0;   // in steps (sum of coverages)
  double exposure_previous = 0;
  std::vector<Change> per_location;
  Change total;  // all locations together
};

// Generic: the `length` steps ending at step `last` (inclusive) against the `length` steps
// ending at `last - lag`. Throws Error(config) for length < 1, lag < 1 or last out of range.
PeriodChange compare_steps(const Cube& cube, const Window& window, int last, int length, int lag,
                           double alpha = 0.05, unsigned threads = 1);
// This step vs the step before. `threads` (0 = all cores) split the locations; results do not
// depend on it.
PeriodChange change_vs_previous(const Cube& cube, const Window& window, int step,
                                double alpha = 0.05, unsigned threads = 1);
// This step vs the same step a year earlier (12 months, 4 quarters, 52 ISO weeks back).
PeriodChange change_vs_year_before(const Cube& cube, const Window& window, int step,
                                   double alpha = 0.05, unsigned threads = 1);
// The year ending at `step` (12 months / 4 quarters / 52 weeks) vs the year before it.
PeriodChange change_rolling_year(const Cube& cube, const Window& window, int step,
                                 double alpha = 0.05, unsigned threads = 1);

}  // namespace brandpunt::time
