// Emerging hot spot categories: ArcGIS's eight hot and eight cold spot trends plus "no pattern",
// from one location's series of space-time Gi* z-scores and p-values (space_time.hpp).
//
// Definitions, as published in ArcGIS Pro, "How Emerging Hot Spot Analysis works"
// (pro.arcgis.com/en/pro-app/latest/tool-reference/space-time-pattern-mining/learnmoreemerging.htm;
// wording checked against the localised pages of the same document, e.g. doc.arcgis.com/ja/allsource
// and pro.arcgis.com/es/pro-app/3.2). "Hot" means a bin with p < alpha and z > 0; "90%" means
// n_hot >= 0.9 n (computed in integers: 10 n_hot >= 9 n):
//   new          the final step is a significant hot spot and it never was one before.
//   consecutive  a single uninterrupted run of >= 2 significant hot bins in the final steps,
//                never hot before that run, and < 90% of all bins hot.
//   intensifying hot in >= 90% of the steps including the final one, and the intensity of
//                clustering (the Gi* z) increases significantly (Mann-Kendall on z).
//   persistent   hot in >= 90% of the steps with no significant trend in intensity.
//   diminishing  hot in >= 90% of the steps including the final one, intensity decreasing
//                significantly.
//   sporadic     hot in the final step, an on-again off-again history of hot spots, < 90% hot,
//                never a significant cold spot.
//   oscillating  hot in the final step, a significant cold spot at some earlier step, < 90% hot.
//   historical   the most recent step is not hot, but >= 90% of the steps were hot.
// Cold spots mirror these with z < 0 (intensifying cold: z trending down, i.e. colder).
//
// A minimum count (EmergingOptions::min_hot_count, ours, not ArcGIS's): a location's hot bins
// stand only when its own counts in them average at least the minimum; otherwise it is hot only
// through its neighbours and none of its bins counts as hot. Gi* sums over the neighbourhood, so
// without it a buurt with 1 incident a month next to a busy one is a "consecutive hot spot"
// (issue 12). On the average, not per bin, so that the core of a hot cluster keeps a quiet
// month (a per-bin minimum made a planted persistent core "sporadic"). Cold bins are not
// affected.
//
// Where the published definitions overlap we decide, and document, as follows:
//  - The final step picks the family: a final hot bin gives a hot category, a final cold bin a
//    cold one; only a final non-significant bin can be historical (so "persistent" also needs
//    the final step hot, otherwise "historical" could never occur).
//  - Within a family the order is the published order: new, consecutive, intensifying /
//    persistent / diminishing, sporadic / oscillating. A first-ever hot final step after earlier
//    cold spots is therefore "new", not "oscillating".
//  - The trend is Mann-Kendall on the whole z series (continuity-corrected, two-sided) at
//    `trend_alpha`; a series shorter than the Mann-Kendall minimum has no trend and is
//    "persistent" when >= 90% hot (EmergingResult::trend.too_short tells).
//
//   std::vector<double> z = ..., p = two_sided_p(z);
//   EmergingResult r = classify_emerging_detail(z, p, {});
//   to_string(r.category);          // "intensifying_hot_spot"
//   since_label(r, window);         // "2025-03": first hot step of the pattern
#pragma once

#include <span>
#include <string>
#include <vector>

#include "time/calendar.hpp"
#include "time/cube.hpp"
#include "time/mann_kendall.hpp"
#include "weights/weights.hpp"

namespace brandpunt::time {

enum class Emerging {
  no_pattern,
  new_hot, consecutive_hot, intensifying_hot, persistent_hot, diminishing_hot,
  sporadic_hot, oscillating_hot, historical_hot,
  new_cold, consecutive_cold, intensifying_cold, persistent_cold, diminishing_cold,
  sporadic_cold, oscillating_cold, historical_cold,
};

// "no_pattern", "new_hot_spot", ..., "historical_cold_spot".
const char* to_string(Emerging category);
bool is_hot(Emerging category);
bool is_cold(Emerging category);

struct EmergingOptions {
  double alpha = 0.10;        // a bin is significant when p < alpha (ArcGIS: 90% confidence)
  double trend_alpha = 0.10;  // Mann-Kendall on z is significant when p < trend_alpha
  int min_length = kMannKendallMinLength;  // shorter series have no trend test
  // emerging_hot_spots only: judge bins by Benjamini-Hochberg adjusted p over all bins of the
  // cube (false discovery rate), as ArcGIS Pro does by default; off = raw p (ArcMap 10.x).
  bool fdr = false;
  // emerging_hot_spots only: threads for the bins and locations (0 = all cores); the result
  // is identical at any thread count.
  unsigned threads = 1;
  // The average own count a location's hot bins need (see above; 0 = no minimum, as ArcGIS).
  double min_hot_count = 0;
};

struct EmergingResult {
  Emerging category = Emerging::no_pattern;
  // Step the pattern started: new -> final step; consecutive, sporadic, oscillating -> start of
  // the final run; intensifying/persistent/diminishing -> first significant bin of the family;
  // historical -> the step after the last bin of the family. -1 for no pattern.
  int since_step = -1;
  int n_hot = 0;    // significant hot bins (0 when their own counts miss the minimum)
  int n_cold = 0;   // significant cold bins
  int n_steps = 0;  // length of the series: "hot in n_hot of n_steps months"
  MannKendall trend;  // on the z series (no Sen's slope)
};

// z and p of one location in time order (same length), and its counts per step when
// options.min_hot_count > 0 (empty = no minimum). Throws Error(internal) on a length mismatch;
// an empty series is no_pattern.
EmergingResult classify_emerging_detail(std::span<const double> z, std::span<const double> p,
                                        const EmergingOptions& options,
                                        std::span<const uint32_t> counts = {});
Emerging classify_emerging(std::span<const double> z, std::span<const double> p,
                           double alpha = 0.10);

// step_label of since_step ("2025-03"), or "" when there is none.
std::string since_label(const EmergingResult& result, const Window& window);

// The whole analysis: space-time Gi* (binary, self + time_lags previous steps), two-sided p
// per bin, then one category per location.
std::vector<EmergingResult> emerging_hot_spots(const weights::Weights& w_space, const Cube& cube,
                                               int time_lags, const EmergingOptions& options = {});

}  // namespace brandpunt::time
