#include "privacy/budget.hpp"

#include <cmath>
#include <numeric>
#include <string>

#include "core/error.hpp"

namespace brandpunt::privacy {

ProductBudget::ProductBudget(double rho, std::vector<double> geo, std::vector<double> cat, std::vector<double> time)
    : rho_(rho), geo_(std::move(geo)), cat_(std::move(cat)), time_(std::move(time)) {
  if (!(rho > 0) || !std::isfinite(rho)) throw Error(ErrorKind::config, "privacy budget rho must be positive, got " + std::to_string(rho));
  for (const auto* w : {&geo_, &cat_, &time_}) {
    if (w->empty()) throw Error(ErrorKind::internal, "privacy budget: a tree without levels");
    for (double x : *w)
      if (!(x > 0) || !std::isfinite(x)) throw Error(ErrorKind::config, "privacy budget: level weights must be positive");
  }
  const auto sum = [](const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); };
  k_ = 2 * rho_ / (sum(geo_) * sum(cat_) * sum(time_));
}

namespace {

// log δ(ε, α) of Canonne, Kamath & Steinke 2020, Proposition 12, for ρ-zCDP at order α > 1:
// δ = exp((α-1)(αρ - ε)) / (α - 1) · (1 - 1/α)^α.
double log_delta(double rho, double eps, double alpha) {
  return (alpha - 1) * (alpha * rho - eps) - std::log(alpha - 1) + alpha * std::log1p(-1 / alpha);
}

double best_log_delta(double rho, double eps) {
  // Minimise over α on a log grid, then refine: the function is smooth and unimodal in α.
  double best = INFINITY, best_a = 2;
  for (double la = std::log(1.0001); la < std::log(1e6); la += 0.01) {
    const double v = log_delta(rho, eps, std::exp(la));
    if (v < best) best = v, best_a = std::exp(la);
  }
  for (double step = best_a * 0.01; step > best_a * 1e-9; step /= 2)
    for (double a : {best_a - step, best_a + step})
      if (a > 1 && log_delta(rho, eps, a) < best) best = log_delta(rho, eps, a), best_a = a;
  return best;
}

}  // namespace

double epsilon_of(double rho, double delta) {
  if (!(rho > 0) || !(delta > 0 && delta < 1)) throw Error(ErrorKind::config, "epsilon_of: rho > 0 and 0 < delta < 1 required");
  double hi = rho + 2 * std::sqrt(rho * std::log(1 / delta)), lo = 0;
  const double target = std::log(delta);
  for (int i = 0; i < 100; ++i) {
    const double mid = (lo + hi) / 2;
    if (best_log_delta(rho, mid) <= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

}  // namespace brandpunt::privacy
