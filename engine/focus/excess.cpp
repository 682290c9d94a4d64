#include "focus/excess.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "stats/multiple_testing.hpp"
#include "stats/poisson.hpp"

namespace brandpunt::focus {

namespace {

bool known(std::span<const double> v, size_t i) {
  return i < v.size() && std::isfinite(v[i]) && v[i] > 0;
}

double count_of(double v) { return std::isfinite(v) ? std::max(0.0, std::round(v)) : 0.0; }

}  // namespace

const char* to_string(Exposure e) {
  switch (e) {
    case Exposure::none: return "none";
    case Exposure::population: return "population";
    case Exposure::area: return "area";
    case Exposure::length: return "length";
    case Exposure::baseline: return "baseline";
  }
  return "none";
}

const char* to_string(ExposureChoice c) {
  switch (c) {
    case ExposureChoice::automatic: return "auto";
    case ExposureChoice::population: return "population";
    case ExposureChoice::area: return "area";
    case ExposureChoice::baseline: return "baseline";
  }
  return "auto";
}

ExposureChoice parse_exposure_choice(const std::string& text) {
  for (ExposureChoice c : {ExposureChoice::automatic, ExposureChoice::population,
                           ExposureChoice::area, ExposureChoice::baseline})
    if (text == to_string(c)) return c;
  throw Error(ErrorKind::config,
              "unknown exposure '" + text + "' (expected auto, population, area or baseline)")
      .at_field("focus.exposure");
}

ExcessResult excess_over_expectation(std::span<const double> observed, const ExposureInput& in,
                                     const ExcessOptions& o) {
  const size_t n = observed.size();
  for (std::span<const double> s : {in.population, in.area_m2, in.length_m, in.baseline})
    if (!s.empty() && s.size() != n)
      throw Error(ErrorKind::internal, "excess_over_expectation: an exposure has another length");
  ExcessResult r;
  r.per_area.resize(n);
  if (n == 0) return r;

  // 1. The exposure of every area.
  size_t with_population = 0;
  for (size_t i = 0; i < n; ++i) with_population += known(in.population, i);
  std::vector<Exposure> kind(n, Exposure::baseline);
  for (size_t i = 0; i < n; ++i) {
    const bool pop = known(in.population, i);
    const bool geo = known(in.area_m2, i) || known(in.length_m, i);
    const Exposure spatial = known(in.area_m2, i) ? Exposure::area : Exposure::length;
    switch (o.exposure) {
      case ExposureChoice::automatic:
        if (with_population > 0) kind[i] = pop ? Exposure::population : Exposure::baseline;
        else kind[i] = geo ? spatial : Exposure::baseline;
        break;
      case ExposureChoice::population:
        kind[i] = pop ? Exposure::population : Exposure::baseline;
        break;
      case ExposureChoice::area:
        kind[i] = geo ? spatial : Exposure::baseline;
        break;
      case ExposureChoice::baseline:
        kind[i] = Exposure::baseline;
        break;
    }
  }

  // 2. Expected counts: each exposure spreads its own areas' total (baseline: the whole list's)
  // in proportion to the exposure.
  auto exposure_of = [&](size_t i) -> double {
    switch (kind[i]) {
      case Exposure::population: return in.population[i];
      case Exposure::area: return in.area_m2[i];
      case Exposure::length: return in.length_m[i];
      case Exposure::baseline:
        return (i < in.baseline.size() && std::isfinite(in.baseline[i])
                    ? std::max(0.0, in.baseline[i])
                    : 0.0) +
               o.baseline_prior;
      case Exposure::none: break;
    }
    return 0;
  };
  double total_all = 0, baseline_sum = 0;
  std::vector<double> total(5, 0), exposure_sum(5, 0);
  for (size_t i = 0; i < n; ++i) {
    const double x = count_of(observed[i]);
    const auto k = static_cast<size_t>(kind[i]);
    total_all += x;
    total[k] += x;
    exposure_sum[k] += exposure_of(i);
  }
  for (size_t i = 0; i < n; ++i)
    baseline_sum += (i < in.baseline.size() && std::isfinite(in.baseline[i])
                         ? std::max(0.0, in.baseline[i])
                         : 0.0) +
                    o.baseline_prior;

  std::vector<double> p(n, kNoValue);
  for (size_t i = 0; i < n; ++i) {
    Excess& e = r.per_area[i];
    e.exposure = kind[i];
    e.observed = count_of(observed[i]);
    ++r.areas_by_exposure[static_cast<size_t>(kind[i])];
    const auto k = static_cast<size_t>(kind[i]);
    const double share = kind[i] == Exposure::baseline ? exposure_of(i) / baseline_sum
                                                       : exposure_of(i) / exposure_sum[k];
    const double base_total = kind[i] == Exposure::baseline ? total_all : total[k];
    const double expected = base_total * share;
    if (!(expected > 0) || !std::isfinite(expected)) continue;  // nothing observed in the group
    e.expected = expected;
    e.sir = e.observed / expected;
    const auto x = static_cast<int64_t>(e.observed);
    e.p = stats::poisson_upper_tail(x, expected);
    e.lower = x == 0 ? 0.0 : stats::poisson_mean_lower(x, 1 - o.level) / expected;
    p[i] = e.p;
  }
  const std::vector<double> q = stats::p_adjust_bh(p);
  for (size_t i = 0; i < n; ++i) {
    Excess& e = r.per_area[i];
    e.q = q[i];
    e.significant = std::isfinite(e.q) && e.q < o.alpha && e.observed > e.expected;
  }
  size_t best = 0;
  for (size_t k = 1; k < r.areas_by_exposure.size(); ++k)
    if (r.areas_by_exposure[k] > r.areas_by_exposure[best]) best = k;
  r.primary = static_cast<Exposure>(best);
  return r;
}

std::vector<double> neighbour_ratio(const weights::Weights& w, std::span<const double> observed,
                                    const ExcessResult& excess) {
  const size_t n = excess.per_area.size();
  if (w.n != n || observed.size() != n)
    throw Error(ErrorKind::internal, "neighbour_ratio: weights, counts and excess differ in size");
  std::vector<double> out(n, kNoValue);
  for (size_t i = 0; i < n; ++i) {
    double o = 0, e = 0;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) {
      const uint32_t j = w.neighbours[k];
      if (j == i || !std::isfinite(excess.per_area[j].expected)) continue;
      o += count_of(observed[j]);
      e += excess.per_area[j].expected;
    }
    if (e > 0) out[i] = o / e;
  }
  return out;
}

std::vector<NeighbourContrast> neighbour_contrast(const weights::Weights& w,
                                                  std::span<const double> observed,
                                                  const ExcessResult& excess,
                                                  const ExcessOptions& options) {
  const size_t n = excess.per_area.size();
  if (w.n != n || observed.size() != n)
    throw Error(ErrorKind::internal, "neighbour_contrast: weights, counts and excess differ in size");
  std::vector<NeighbourContrast> out(n);
  std::vector<double> p(n, kNoValue);
  for (size_t i = 0; i < n; ++i) {
    const Excess& own = excess.per_area[i];
    double o = 0, e = 0;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) {
      const uint32_t j = w.neighbours[k];
      if (j == i || !std::isfinite(excess.per_area[j].expected)) continue;
      o += count_of(observed[j]);
      e += excess.per_area[j].expected;
    }
    if (!(e > 0) || !std::isfinite(own.expected)) continue;
    NeighbourContrast& c = out[i];
    c.ratio = o / e;
    c.neighbours_p = stats::poisson_upper_tail(static_cast<int64_t>(o), e);
    const auto x = static_cast<int64_t>(own.observed);
    c.p = stats::binomial_upper_tail(x, x + static_cast<int64_t>(o), own.expected / (own.expected + e));
    p[i] = c.p;
  }
  const std::vector<double> q = stats::p_adjust_bh(p);
  for (size_t i = 0; i < n; ++i) {
    NeighbourContrast& c = out[i];
    c.q = q[i];
    const Excess& own = excess.per_area[i];
    c.hot_outlier = own.significant && std::isfinite(c.q) && c.q < options.alpha &&
                    own.sir > c.ratio && c.neighbours_p >= options.alpha;
  }
  return out;
}

}  // namespace brandpunt::focus
