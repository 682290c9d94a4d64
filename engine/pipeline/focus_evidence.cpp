#include "pipeline/focus_evidence.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "stats/local_moran.hpp"
#include "stats/multiple_testing.hpp"

namespace brandpunt::pipeline {

CategoryEvidence category_evidence(const PipelineConfig& cfg, const EvidenceInput& in, size_t c,
                                   const Periods& periods) {
  if (!in.figures || !in.cube || !in.weights)
    throw Error(ErrorKind::internal, "category_evidence: missing figures, cube or weights");
  const LevelFigures& f = *in.figures;
  const size_t n = f.n_areas;
  std::vector<double> observed(n), baseline(n);
  // The baseline months: the series without the analysis period (its own counts must not
  // predict themselves).
  const int cur = periods.first[kCurrent];
  for (size_t a = 0; a < n; ++a) {
    observed[a] = static_cast<double>(f.period[f.pi(a, c, kCurrent)]);
    const double series = static_cast<double>(in.cube->sum(a, c, periods.series.first, periods.series.count));
    const int from = std::max(cur, periods.series.first);
    const int to = std::min(cur + periods.months, periods.series.first + periods.series.count);
    const double in_period = to > from ? static_cast<double>(in.cube->sum(a, c, from, to - from)) : 0.0;
    baseline[a] = series - in_period;
  }
  focus::ExposureInput exposure;
  if (in.population) exposure.population = *in.population;
  if (in.area_m2) exposure.area_m2 = *in.area_m2;
  if (in.length_m) exposure.length_m = *in.length_m;
  exposure.baseline = baseline;
  focus::ExcessOptions o;
  o.exposure = cfg.focus.exposure;
  o.alpha = cfg.focus.excess_alpha;
  CategoryEvidence e;
  e.excess = focus::excess_over_expectation(observed, exposure, o);
  e.neighbour_ratio = focus::neighbour_ratio(*in.weights, observed, e.excess);
  e.contrast = focus::neighbour_contrast(*in.weights, observed, e.excess, o);
  // Local Moran of the period counts on the level's own weights (binary; the z does not
  // depend on row standardisation), BH over the level.
  e.lisa_quadrant.assign(n, "");
  e.lisa_p.assign(n, std::numeric_limits<double>::quiet_NaN());
  if (n >= 3) {
    const stats::LocalMoran lm = stats::local_moran(weights::binary(*in.weights), observed);
    const std::vector<uint8_t> cls = stats::lisa_classes(lm, 0.05, stats::Correction::fdr_bh);
    for (size_t a = 0; a < n; ++a) {
      e.lisa_p[a] = lm.p[a];
      if (cls[a]) e.lisa_quadrant[a] = stats::to_string(static_cast<stats::Quadrant>(cls[a]));
    }
  }
  return e;
}

}  // namespace brandpunt::pipeline
