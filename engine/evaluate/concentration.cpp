#include "evaluate/concentration.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "core/error.hpp"
#include "stats/rng.hpp"

namespace brandpunt::evaluate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Areas grouped by count: `units` areas (a whole number for data, a fraction for the expected
// histogram) hold `value` incidents each. Every figure here is a function of these groups,
// so observed counts, simulated allocations and the expected histogram share one code path.
struct Group {
  double value = 0, units = 0;
};

std::vector<Group> groups_of(std::span<const int64_t> counts) {
  std::map<int64_t, double> by_value;
  for (int64_t c : counts) {
    if (c < 0) throw Error(ErrorKind::internal, "concentration: negative count");
    by_value[c] += 1;
  }
  std::vector<Group> g;
  g.reserve(by_value.size());
  for (const auto& [v, m] : by_value) g.push_back({static_cast<double>(v), m});
  return g;
}

// The share of areas, busiest first, holding `share` of the incidents (ascending groups).
double areas_for(const std::vector<Group>& asc, double share, bool whole_units) {
  double n = 0, total = 0;
  for (const Group& g : asc) {
    n += g.units;
    total += g.value * g.units;
  }
  if (!(total > 0)) return kNaN;
  double remaining = share * total, units = 0;
  for (auto it = asc.rbegin(); it != asc.rend() && remaining > 0; ++it) {
    if (it->value <= 0) break;
    const double held = it->value * it->units;
    if (held >= remaining) {
      const double part = remaining / it->value;
      // 1e-9: 0.25 x 20 / 5 must give 1 area, not 1.0000000000000002 -> 2
      units += whole_units ? std::ceil(part - 1e-9) : part;
      remaining = 0;
    } else {
      units += it->units;
      remaining -= held;
    }
  }
  return units / n;
}

// Ascending groups -> figures. `whole_units`: the share of areas for x % counts whole areas
// (data, simulations); the expected histogram takes the last group in part.
ConcentrationFigures figures_of(const std::vector<Group>& asc, bool whole_units) {
  double n = 0, total = 0;
  for (const Group& g : asc) {
    n += g.units;
    total += g.value * g.units;
  }
  ConcentrationFigures f;
  if (!(total > 0) || !(n > 0)) {
    f.gini = f.gini_generalised = f.areas_for_25pct = f.areas_for_50pct = kNaN;
    return f;
  }
  // Σ_i (2i − n − 1) x_(i) / (n·N) over ascending x; a group of m areas at places s+1..s+m
  // contributes v·m·(2s + m − n).
  double acc = 0, before = 0;
  for (const Group& g : asc) {
    acc += g.value * g.units * (2 * before + g.units - n);
    before += g.units;
  }
  f.gini = acc / (n * total);
  f.gini_generalised = std::max(1.0, n / total) * (f.gini - 1) + 1;
  f.areas_for_25pct = areas_for(asc, 0.25, whole_units);
  f.areas_for_50pct = areas_for(asc, 0.50, whole_units);
  return f;
}

std::vector<Group> expected_histogram(size_t areas, int64_t incidents) {
  // Binomial(N, 1/n) over counts within 40 standard deviations of the mean: the probability
  // left out is far below double precision.
  const double nd = static_cast<double>(incidents), p = 1.0 / static_cast<double>(areas);
  const double mean = nd * p, sd = std::sqrt(nd * p * (1 - p));
  const auto lo = static_cast<int64_t>(std::max(0.0, std::floor(mean - 40 * sd - 40)));
  const auto hi = static_cast<int64_t>(std::min(nd, std::ceil(mean + 40 * sd + 40)));
  std::vector<Group> g;
  const double log_p = std::log(p), log_q = std::log1p(-p), lg_n = std::lgamma(nd + 1);
  for (int64_t c = lo; c <= hi; ++c) {
    const double cd = static_cast<double>(c);
    const double log_pmf =
        lg_n - std::lgamma(cd + 1) - std::lgamma(nd - cd + 1) + cd * log_p + (nd - cd) * log_q;
    const double units = static_cast<double>(areas) * std::exp(log_pmf);
    if (units > 0) g.push_back({cd, units});
  }
  return g;
}

}  // namespace

LorenzCurve lorenz_curve(std::span<const int64_t> counts) {
  std::vector<int64_t> asc(counts.begin(), counts.end());
  std::sort(asc.begin(), asc.end());
  LorenzCurve c;
  const size_t n = asc.size();
  double total = 0;
  for (int64_t v : asc) {
    if (v < 0) throw Error(ErrorKind::internal, "lorenz_curve: negative count");
    total += static_cast<double>(v);
  }
  c.area_share.push_back(0);
  c.incident_share.push_back(total > 0 ? 0 : kNaN);
  double acc = 0;
  for (size_t i = 0; i < n; ++i) {
    acc += static_cast<double>(asc[i]);
    c.area_share.push_back(static_cast<double>(i + 1) / static_cast<double>(n));
    c.incident_share.push_back(total > 0 ? acc / total : kNaN);
  }
  return c;
}

std::vector<double> lorenz_at(const LorenzCurve& curve, std::span<const double> at) {
  std::vector<double> out;
  out.reserve(at.size());
  const auto& xs = curve.area_share;
  const auto& ys = curve.incident_share;
  for (double x : at) {
    if (xs.size() < 2 || !(x >= 0 && x <= 1)) {
      out.push_back(kNaN);
      continue;
    }
    const size_t i = static_cast<size_t>(std::lower_bound(xs.begin(), xs.end(), x) - xs.begin());
    if (i == 0) {
      out.push_back(ys[0]);
    } else {
      const double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
      out.push_back(ys[i - 1] + t * (ys[i] - ys[i - 1]));
    }
  }
  return out;
}

double gini(std::span<const int64_t> counts) { return figures_of(groups_of(counts), true).gini; }

double generalised_gini(std::span<const int64_t> counts) {
  return figures_of(groups_of(counts), true).gini_generalised;
}

double areas_for_share(std::span<const int64_t> counts, double incident_share) {
  if (!(incident_share > 0 && incident_share <= 1))
    throw Error(ErrorKind::internal, "areas_for_share: share must be in (0, 1]");
  return areas_for(groups_of(counts), incident_share, true);
}

ConcentrationFigures random_allocation(size_t areas, int64_t incidents, const BaselineOptions& o,
                                       std::string* method) {
  if (o.draws < 1) throw Error(ErrorKind::internal, "concentration: draws must be >= 1");
  if (areas == 0 || incidents <= 0) {
    if (method) *method = "none";
    return figures_of({}, true);
  }
  if (areas > std::numeric_limits<uint32_t>::max())
    throw Error(ErrorKind::internal, "concentration: too many areas");
  const bool simulate = incidents <= o.max_simulated_draws / o.draws;
  if (method) *method = simulate ? "simulation" : "expected";
  if (!simulate) return figures_of(expected_histogram(areas, incidents), false);
  ConcentrationFigures mean;
  std::vector<uint32_t> count(areas);
  std::vector<double> units;  // areas per count value
  for (int d = 0; d < o.draws; ++d) {
    stats::AreaRng rng(o.seed, static_cast<uint64_t>(d));
    std::fill(count.begin(), count.end(), 0u);
    for (int64_t k = 0; k < incidents; ++k) ++count[rng.below(static_cast<uint32_t>(areas))];
    units.assign(1, 0);
    for (uint32_t c : count) {
      if (c >= units.size()) units.resize(c + 1, 0);
      units[c] += 1;
    }
    std::vector<Group> asc;
    for (size_t v = 0; v < units.size(); ++v)
      if (units[v] > 0) asc.push_back({static_cast<double>(v), units[v]});
    const ConcentrationFigures f = figures_of(asc, true);
    mean.gini += f.gini;
    mean.gini_generalised += f.gini_generalised;
    mean.areas_for_25pct += f.areas_for_25pct;
    mean.areas_for_50pct += f.areas_for_50pct;
  }
  for (double* v :
       {&mean.gini, &mean.gini_generalised, &mean.areas_for_25pct, &mean.areas_for_50pct})
    *v /= o.draws;
  return mean;
}

Concentration concentration(std::span<const int64_t> counts, const BaselineOptions& options) {
  Concentration c;
  c.areas = counts.size();
  for (int64_t v : counts) {
    if (v < 0) throw Error(ErrorKind::internal, "concentration: negative count");
    c.incidents += v;
  }
  c.observed = figures_of(groups_of(counts), true);
  c.random = random_allocation(c.areas, c.incidents, options, &c.baseline_method);
  return c;
}

}  // namespace brandpunt::evaluate
