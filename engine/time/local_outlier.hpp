// Space-time clusters and outliers: a space-time Anselin Local Moran's I per bin of a cube and
// the location summary of ArcGIS's Local Outlier Analysis ("How Local Outlier Analysis works",
// pro.arcgis.com .../space-time-pattern-mining/learnmorelocaloutlier.htm):
//   never_significant        no bin of the location was ever a significant cluster or outlier
//   only_high_high_cluster   high-high was the only significant type over the whole series
//   only_high_low_outlier    high-low (a high value among low neighbours) was the only type
//   only_low_high_outlier    low-high was the only type
//   only_low_low_cluster     low-low was the only type
//   multiple_types           more than one type occurred over the series
//
// Two ways to standardise (OutlierOptions::per_step):
//  - per step (the default): each time slice is its own Local Moran, spdep's
//    localmoran(x_t, nb2listw(nb, style = "B")) exactly (mlvar = TRUE, conditional
//    randomisation; stats/local_moran.hpp), neighbours within the step (time_lags must be 0).
//    A persistent outlier is then an outlier in each month it stands out.
//  - over the whole cube (ArcGIS's space-time neighbourhood): the neighbourhood of bin (i, t) is
//    every bin (j, t') with j in N(i) ∪ {i} and t - time_lags <= t' <= t, except (i, t) itself
//    (the neighbourhood of the space-time Gi*, space_time.hpp), standardised over all
//    N = n_locations · n_steps bins. A persistent outlier's own other months then inflate the
//    variance and its own previous month sits in its neighbourhood, so it rarely stands out:
//    the focus lists use per-step slices.
// With binary weights over the n bins of one standardisation:
//   z = x - x̄, m2 = Σz²/n, I = z_i Σ_nbhd z_j / m2, W = |nbhd| (= S1 for binary weights),
//   E = -z_i² W / ((n-1) m2),  V = (z_i/m2)² n/(n-2) (W - W²/(n-1)) (m2 - z_i²/(n-1)),
// z-score (I - E)/sqrt(V), two-sided normal p. ArcGIS uses permutation pseudo p-values; we use
// the analytic conditional moments that spdep reports (same ranking, reproducible, fast).
// A significant bin's type is its scatterplot quadrant (HH, LH, LL, HL; PySAL convention).
// Options: BH over all bins (ArcGIS applies FDR by default), and a minimum count for the
// "high" types (HH, HL): a bin with fewer incidents of its own is not high (as for hot bins in
// emerging.hpp).
//
//   std::vector<LocationOutliers> out = local_outliers(queen, cube, 1, {});
//   to_string(out[i].pattern);   // "only_high_low_outlier"
//   out[i].n_high_low;           // months in which the area was a hot outlier
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "time/cube.hpp"
#include "weights/weights.hpp"

namespace brandpunt::time {

enum class OutlierPattern : uint8_t {
  never_significant,
  only_high_high,
  only_high_low,
  only_low_high,
  only_low_low,
  multiple_types,
};
// "never_significant", "only_high_high_cluster", "only_high_low_outlier",
// "only_low_high_outlier", "only_low_low_cluster", "multiple_types".
const char* to_string(OutlierPattern p);

struct OutlierOptions {
  bool per_step = true;       // standardise each step on its own (time_lags must be 0)
  double alpha = 0.05;        // a bin is significant when p (adjusted when fdr) < alpha
  bool fdr = true;            // Benjamini-Hochberg over all bins of the cube
  double min_high_count = 0;  // HH and HL bins need at least this count of their own
  unsigned threads = 1;       // 0 = all cores; results do not depend on it
};

// Per bin, [loc * n_steps + t].
struct SpaceTimeMoran {
  std::vector<double> I, z, p;
  std::vector<uint8_t> quadrant;  // stats::Quadrant codes 1..4 (HH, LH, LL, HL)
};

// Throws Error(config) for time_lags < 0 or per_step with time_lags > 0, Error(internal) when
// sizes disagree. A constant cube (or step, per_step) gives I = z = 0, p = 1; a bin at the mean
// (zero conditional variance) gets z = 0, p = 1.
SpaceTimeMoran space_time_local_moran(const weights::Weights& w_space,
                                      std::span<const double> values, size_t n_locations,
                                      size_t n_steps, int time_lags, bool per_step,
                                      unsigned threads = 1);

struct LocationOutliers {
  OutlierPattern pattern = OutlierPattern::never_significant;
  int n_high_high = 0, n_high_low = 0, n_low_high = 0, n_low_low = 0;  // significant bins
  uint8_t final_type = 0;  // quadrant of the final step when significant, else 0
  int n_steps = 0;
};

std::vector<LocationOutliers> local_outliers(const weights::Weights& w_space, const Cube& cube,
                                             int time_lags, const OutlierOptions& options = {});

}  // namespace brandpunt::time
