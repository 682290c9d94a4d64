#include "time/mann_kendall.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/error.hpp"

namespace brandpunt::time {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Median of v (reordered); the mean of the two middle values for an even size, as R's median.
double median_inplace(std::vector<double>& v) {
  const size_t m = v.size();
  if (m == 0) return kNaN;
  const size_t k = m / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  const double upper = v[k];
  if (m % 2 == 1) return upper;
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k));
  return 0.5 * (lower + upper);
}

MannKendall compute(std::span<const double> x, int min_length, bool with_slope) {
  MannKendall r;
  const int n = static_cast<int>(x.size());
  r.n = n;
  for (double v : x)
    if (std::isnan(v)) throw Error(ErrorKind::internal, "mann_kendall: series contains NaN");

  // S counts concordant minus discordant pairs; exact in integers. The pairs that rise and fall
  // are also the pairwise slopes above and below zero (Sen's slope below).
  int64_t rising = 0, falling = 0;
  for (int i = 0; i + 1 < n; ++i) {
    const double xi = x[static_cast<size_t>(i)];
    for (int j = i + 1; j < n; ++j) {
      const double xj = x[static_cast<size_t>(j)];
      rising += xj > xi;
      falling += xj < xi;
    }
  }
  const int64_t s = rising - falling;
  r.S = static_cast<double>(s);

  // Tie groups of values: sort a copy and measure runs.
  std::vector<double> sorted(x.begin(), x.end());
  std::sort(sorted.begin(), sorted.end());
  int64_t tie_var = 0;    // sum t(t-1)(2t+5)
  int64_t tie_pairs = 0;  // sum t(t-1)/2
  for (size_t a = 0; a < sorted.size();) {
    size_t b = a + 1;
    while (b < sorted.size() && sorted[b] == sorted[a]) ++b;
    const int64_t t = static_cast<int64_t>(b - a);
    tie_var += t * (t - 1) * (2 * t + 5);
    tie_pairs += t * (t - 1) / 2;
    a = b;
  }
  const int64_t nn = n;
  r.var_S = static_cast<double>(nn * (nn - 1) * (2 * nn + 5) - tie_var) / 18.0;
  const double n_pairs = static_cast<double>(nn * (nn - 1) / 2);
  r.tau_a = n_pairs > 0 ? r.S / n_pairs : 0.0;
  const double denom = std::sqrt((n_pairs - static_cast<double>(tie_pairs)) * n_pairs);
  r.tau_b = denom > 0 ? r.S / denom : kNaN;

  if (r.var_S > 0) {
    const double sd = std::sqrt(r.var_S);
    r.Z_no_continuity = r.S / sd;
    r.Z = s > 0 ? (r.S - 1) / sd : s < 0 ? (r.S + 1) / sd : 0.0;
  } else {
    // Every value tied (or n < 2): no ordering information. Oracle convention Z = 0, p = 1.
    r.Z = r.Z_no_continuity = 0;
  }
  r.p = two_sided_normal_p(r.Z);
  r.p_no_continuity = two_sided_normal_p(r.Z_no_continuity);
  if (n < min_length) {
    r.too_short = true;
    r.Z = r.Z_no_continuity = r.p = r.p_no_continuity = kNaN;
  }

  // Sorted, the pairwise slopes are `falling` negative ones, then the zeros, then the rising
  // ones. When the middle rank(s) fall among the zeros the median is 0 without sorting: the
  // common case of sparse count series (a straat with a few incidents in 36 months).
  const int64_t n_slopes = nn * (nn - 1) / 2, mid = n_slopes / 2, zeros = n_slopes - rising - falling;
  const bool median_is_zero = n_slopes > 0 && falling <= (n_slopes % 2 ? mid : mid - 1) && mid < falling + zeros;
  if (with_slope && n >= 2 && static_cast<double>(tie_pairs) == n_pairs) {
    // All tied (e.g. a buurt without incidents): every pairwise slope is 0.
    r.sen_slope = 0;
    r.sen_intercept = x[0];
  } else if (with_slope && n >= 2 && median_is_zero) {
    r.sen_slope = 0;
    std::vector<double> values(x.begin(), x.end());
    r.sen_intercept = median_inplace(values) - r.sen_slope * 0.5 * (n - 1);
  } else if (with_slope && n >= 2) {
    std::vector<double> slopes;
    slopes.reserve(static_cast<size_t>(n_pairs));
    for (int i = 0; i + 1 < n; ++i)
      for (int j = i + 1; j < n; ++j)
        slopes.push_back((x[static_cast<size_t>(j)] - x[static_cast<size_t>(i)]) / (j - i));
    r.sen_slope = median_inplace(slopes);
    std::vector<double> values(x.begin(), x.end());
    r.sen_intercept = median_inplace(values) - r.sen_slope * 0.5 * (n - 1);
  } else if (n == 1) {
    r.sen_intercept = x[0];
  }
  return r;
}

}  // namespace

double two_sided_normal_p(double z) {
  if (std::isnan(z)) return kNaN;
  return std::erfc(std::fabs(z) / std::sqrt(2.0));
}

MannKendall mann_kendall(std::span<const double> series, int min_length) {
  return compute(series, min_length, true);
}

MannKendall mann_kendall_no_slope(std::span<const double> series, int min_length) {
  return compute(series, min_length, false);
}

}  // namespace brandpunt::time
