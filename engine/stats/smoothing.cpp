#include "stats/smoothing.hpp"

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "stats/checks.hpp"

namespace brandpunt::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check(std::span<const double> events, std::span<const double> population, const char* name) {
  if (events.size() != population.size())
    throw Error(ErrorKind::config, std::string(name) + ": " + std::to_string(events.size()) +
                                       " event counts for " + std::to_string(population.size()) +
                                       " populations");
  for (size_t i = 0; i < events.size(); ++i) {
    if (!std::isfinite(events[i]) || events[i] < 0)
      throw Error(ErrorKind::config, std::string(name) + ": events must be finite and >= 0")
          .at_row(static_cast<int64_t>(i) + 1)
          .at_field("events");
    if (!std::isfinite(population[i]) || population[i] < 0)
      throw Error(ErrorKind::config, std::string(name) + ": population must be finite and >= 0")
          .at_row(static_cast<int64_t>(i) + 1)
          .at_field("population");
  }
}

// Shrinkage of one raw rate towards prior mean m with prior variance a (Marshall 1991 eq. 6).
double shrink(double raw, double m, double a, double pop) {
  const double denom = a + m / pop;
  if (!(denom > 0)) return m;  // a = 0 and m = 0: nothing to shrink towards but m
  return m + (raw - m) * (a / denom);
}

void warn_unpopulated(EbRates& r, size_t count, const char* name) {
  if (count)
    r.warnings.push_back(
        std::string(name) + ": " + detail::count_msg(count, "area has", "areas have") +
        " population 0: raw rate NaN, estimate = prior mean, left out of the prior");
}

}  // namespace

EbRates eb_global_rates(std::span<const double> events, std::span<const double> population) {
  check(events, population, "eb_global");
  const size_t n = events.size();
  EbRates r;
  r.raw.assign(n, kNaN);
  r.estimate.assign(n, kNaN);
  double e_sum = 0, n_sum = 0, m = 0;
  size_t unpopulated = 0;
  for (size_t i = 0; i < n; ++i) {
    if (population[i] > 0) {
      r.raw[i] = events[i] / population[i];
      e_sum += events[i];
      n_sum += population[i];
      ++m;
    } else {
      ++unpopulated;
    }
  }
  warn_unpopulated(r, unpopulated, "eb_global");
  if (n_sum == 0) {
    r.warnings.push_back("eb_global: no area has population: all estimates NaN");
    r.prior_mean.assign(n, kNaN);
    r.prior_var.assign(n, kNaN);
    return r;
  }
  const double b = e_sum / n_sum;
  double s2 = 0;
  for (size_t i = 0; i < n; ++i)
    if (population[i] > 0) s2 += population[i] * (((r.raw[i] - b) * (r.raw[i] - b)) / n_sum);
  const double a = std::max(0.0, s2 - b / (n_sum / m));
  for (size_t i = 0; i < n; ++i)
    r.estimate[i] = population[i] > 0 ? shrink(r.raw[i], b, a, population[i]) : b;
  r.prior_mean.assign(n, b);
  r.prior_var.assign(n, a);
  return r;
}

EbRates eb_local_rates(const weights::Weights& w, std::span<const double> events,
                       std::span<const double> population, EbLocalVariant variant) {
  check(events, population, "eb_local");
  if (events.size() != w.n)
    throw Error(ErrorKind::config, "eb_local: " + std::to_string(events.size()) + " values for " +
                                       std::to_string(w.n) + " areas");
  const size_t n = w.n;
  EbRates global = eb_global_rates(events, population);
  EbRates r;
  r.raw = global.raw;
  r.estimate.assign(n, kNaN);
  r.prior_mean.assign(n, kNaN);
  r.prior_var.assign(n, kNaN);
  r.warnings = global.warnings;
  for (auto& msg : r.warnings) msg.replace(0, 9, "eb_local");  // "eb_global" -> "eb_local"
  size_t fallback = 0;
  // N_i = {i} + neighbours, populated members only (spdep include.self, style B).
  auto each_member = [&](size_t i, auto&& f) {
    bool self_seen = false;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) {
      const uint32_t j = w.neighbours[k];
      self_seen |= j == i;
      if (population[j] > 0) f(j);
    }
    if (!self_seen && population[i] > 0) f(static_cast<uint32_t>(i));
  };
  // Pass 1: local prior means m_i (the spdep variant needs every neighbour's m_j).
  std::vector<double> n_sum(n, 0.0), members(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    double e_sum = 0;
    each_member(i, [&](uint32_t j) {
      e_sum += events[j];
      n_sum[i] += population[j];
      members[i] += 1;
    });
    if (n_sum[i] > 0) r.prior_mean[i] = e_sum / n_sum[i];
  }
  // Pass 2: local prior variances and the shrinkage.
  for (size_t i = 0; i < n; ++i) {
    if (n_sum[i] == 0) {
      ++fallback;
      r.prior_mean[i] = global.prior_mean[i];
      r.prior_var[i] = global.prior_var[i];
      r.estimate[i] = global.estimate[i];
      continue;
    }
    const double m_i = r.prior_mean[i];
    const double nbar = n_sum[i] / members[i];
    double C = 0;
    each_member(i, [&](uint32_t j) {
      const double d = r.raw[j] - (variant == EbLocalVariant::spdep ? r.prior_mean[j] : m_i);
      C += population[j] * (d * d);
    });
    const double a_i = std::max(0.0, C / n_sum[i] - m_i / nbar);
    r.prior_var[i] = a_i;
    r.estimate[i] = population[i] > 0 ? shrink(r.raw[i], m_i, a_i, population[i]) : m_i;
  }
  if (fallback)
    r.warnings.push_back("eb_local: " + detail::count_msg(fallback, "area has", "areas have") +
                         " no populated area in its neighbourhood: global EB estimate used");
  return r;
}

std::vector<double> eb_global(std::span<const double> events, std::span<const double> population) {
  return eb_global_rates(events, population).estimate;
}

std::vector<double> eb_local(const weights::Weights& w, std::span<const double> events,
                             std::span<const double> population, EbLocalVariant variant) {
  return eb_local_rates(w, events, population, variant).estimate;
}

}  // namespace brandpunt::stats
