#include "evaluate/intervention.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "core/error.hpp"
#include "stats/normal.hpp"

namespace brandpunt::evaluate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool is_count(double v) { return v >= 0 && std::isfinite(v) && v == std::floor(v) && v < 9e15; }

void check(BeforeAfter c, const char* what) {
  if (!(c.before >= 0) || !(c.after >= 0) || !std::isfinite(c.before) || !std::isfinite(c.after))
    throw Error(ErrorKind::internal,
                std::string("wdd: counts of the ") + what + " areas must be finite and >= 0");
}

// Poisson probabilities of the outcomes [lo, hi] around mean mu that carry any mass in double
// precision (40 standard deviations and 40 counts either side).
struct PoissonRange {
  int64_t lo = 0, hi = 0;
  std::vector<double> pmf, below, above;  // below[i] = P(X <= lo + i), above[i] = P(X >= lo + i)

  explicit PoissonRange(double mu) {
    const double sd = std::sqrt(mu);
    lo = static_cast<int64_t>(std::max(0.0, std::floor(mu - 40 * sd - 40)));
    hi = static_cast<int64_t>(std::ceil(mu + 40 * sd + 40));
    const size_t n = static_cast<size_t>(hi - lo + 1);
    pmf.resize(n);
    for (size_t i = 0; i < n; ++i) {
      const double x = static_cast<double>(lo + static_cast<int64_t>(i));
      pmf[i] = mu > 0 ? std::exp(x * std::log(mu) - mu - std::lgamma(x + 1)) : (x == 0 ? 1 : 0);
    }
    below.resize(n);
    above.resize(n);
    double acc = 0;
    for (size_t i = 0; i < n; ++i) below[i] = (acc += pmf[i]);
    acc = 0;
    for (size_t i = n; i-- > 0;) above[i] = (acc += pmf[i]);
  }
};

std::string percent(double v, bool nl) {
  if (!std::isfinite(v)) return nl ? "n.v.t." : "n/a";
  char buf[32];
  // U+2212 minus sign, as the report text prints negative changes
  std::snprintf(buf, sizeof buf, "%s%.1f %%", v < 0 ? "\u2212" : (v > 0 ? "+" : ""), std::fabs(v));
  std::string s = buf;
  if (nl) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::string number(double v, int decimals, bool nl) {
  if (!std::isfinite(v)) return nl ? "n.v.t." : "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%.*f", v < 0 ? "\u2212" : "", decimals, std::fabs(v));
  std::string s = buf;
  if (nl) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

double change_pct(BeforeAfter c, double months_before, double months_after) {
  if (!(c.before > 0)) return kNaN;
  return 100.0 * ((c.after / months_after) / (c.before / months_before) - 1.0);
}

}  // namespace

Wdd wdd(BeforeAfter control, BeforeAfter treated, BeforeAfter displacement_control,
        BeforeAfter displacement, const WddOptions& o) {
  check(control, "control");
  check(treated, "treated");
  check(displacement_control, "displacement control");
  check(displacement, "displacement");
  if (!(o.months_before > 0) || !(o.months_after > 0))
    throw Error(ErrorKind::internal, "wdd: period lengths must be > 0");
  const double wb = o.months_before, wa = o.months_after;
  auto delta = [&](BeforeAfter c) { return c.after / wa - c.before / wb; };
  auto var = [&](BeforeAfter c) { return c.after / (wa * wa) + c.before / (wb * wb); };
  Wdd w;
  w.local = delta(treated) - delta(control);
  w.local_se = std::sqrt(var(treated) + var(control));
  w.displacement = delta(displacement) - delta(displacement_control);
  w.displacement_se = std::sqrt(var(displacement) + var(displacement_control));
  w.wdd = w.local + w.displacement;
  w.se = std::sqrt(var(treated) + var(control) + var(displacement) + var(displacement_control));
  w.z = w.se > 0 ? w.wdd / w.se : kNaN;
  w.p = std::isfinite(w.z) ? stats::p_two_sided(w.z) : kNaN;
  return w;
}

double e_test(double k1, double k2, double n1, double n2) {
  if (!is_count(k1) || !is_count(k2) || !(n1 > 0) || !(n2 > 0) || !std::isfinite(n1) ||
      !std::isfinite(n2) || (k1 == 0 && k2 == 0))
    return kNaN;
  auto stat = [&](double x1, double x2) {
    const double v = x1 / (n1 * n1) + x2 / (n2 * n2);
    return v > 0 ? (x1 / n1 - x2 / n2) / std::sqrt(v) : 0.0;
  };
  const double t = std::fabs(stat(k1, k2));
  if (t == 0) return 1.0;
  const double cut = t * (1 - 1e-10);  // outcomes as extreme as the observed one, up to rounding
  const double lambda = (k1 + k2) / (n1 + n2);
  const PoissonRange r1(n1 * lambda), r2(n2 * lambda);
  const int64_t m2 = static_cast<int64_t>(r2.pmf.size());
  double p = 0;
  for (size_t i = 0; i < r1.pmf.size(); ++i) {
    const double x1 = static_cast<double>(r1.lo + static_cast<int64_t>(i));
    // T falls strictly as x2 grows: {T >= cut} is a prefix of x2, {T <= -cut} a suffix.
    int64_t a = 0, b = m2;  // first index with T < cut
    while (a < b) {
      const int64_t mid = (a + b) / 2;
      if (stat(x1, static_cast<double>(r2.lo + mid)) >= cut)
        a = mid + 1;
      else
        b = mid;
    }
    double tails = a > 0 ? r2.below[static_cast<size_t>(a - 1)] : 0.0;
    a = 0, b = m2;  // first index with T <= -cut
    while (a < b) {
      const int64_t mid = (a + b) / 2;
      if (stat(x1, static_cast<double>(r2.lo + mid)) <= -cut)
        b = mid;
      else
        a = mid + 1;
    }
    if (a < m2) tails += r2.above[static_cast<size_t>(a)];
    p += r1.pmf[i] * tails;
  }
  return std::min(1.0, p);
}

InterventionResult evaluate_intervention(const InterventionInput& in) {
  if (!(in.alpha > 0 && in.alpha < 1))
    throw Error(ErrorKind::internal, "intervention: alpha must be in (0, 1)");
  InterventionResult r;
  r.input = in;
  WddOptions o{in.months_before, in.months_after};
  r.test = wdd(in.has_control ? in.control : BeforeAfter{}, in.treated,
               in.has_displacement && in.has_control ? in.displacement_control : BeforeAfter{},
               in.has_displacement ? in.displacement : BeforeAfter{}, o);
  r.treated_change_pct = change_pct(in.treated, in.months_before, in.months_after);
  r.control_change_pct =
      in.has_control ? change_pct(in.control, in.months_before, in.months_after) : kNaN;
  const double tr = in.treated.before > 0 ? in.treated.after / in.treated.before : kNaN;
  const double cr = in.has_control && in.control.before > 0 && in.control.after > 0
                        ? in.control.after / in.control.before
                        : kNaN;
  r.relative_change_pct = std::isfinite(tr) && std::isfinite(cr) ? 100.0 * (tr / cr - 1.0) : kNaN;
  r.displacement_change_pct =
      in.has_displacement ? change_pct(in.displacement, in.months_before, in.months_after) : kNaN;
  r.e_test_p = e_test(in.treated.after, in.treated.before, in.months_after, in.months_before);
  r.significant = std::isfinite(r.test.p) && r.test.p < in.alpha;
  r.direction = r.test.wdd < 0 ? "decrease" : (r.test.wdd > 0 ? "increase" : "no_change");
  return r;
}

std::string verdict(const InterventionResult& r, const std::string& language) {
  const bool nl = language == "nl";
  const InterventionInput& in = r.input;
  const std::string alpha =
      number(100 * in.alpha, in.alpha * 100 == std::floor(in.alpha * 100) ? 0 : 1, nl) + " %";
  std::string s;
  if (in.has_control && std::isfinite(r.relative_change_pct)) {
    s = percent(r.relative_change_pct, nl) +
        (nl ? " ten opzichte van de controle (aanpak " : " against control (treated ") +
        percent(r.treated_change_pct, nl) + (nl ? ", controle " : ", control ") +
        percent(r.control_change_pct, nl) + ")";
  } else {
    s = percent(r.treated_change_pct, nl) + (nl ? " in het aanpakgebied" : " in the treated areas");
  }
  if (!std::isfinite(r.test.p))
    s += nl ? ", niet te toetsen (geen incidenten)" : ", cannot be tested (no incidents)";
  else if (r.significant)
    s += (nl ? ", significant bij " : ", significant at ") + alpha;
  else
    s += (nl ? ", niet significant bij " : ", not significant at ") + alpha;
  const bool per_month = in.months_before != 1 || in.months_after != 1;
  s += " (WDD " + number(r.test.wdd, 1, nl) +
       (per_month ? (nl ? " per maand" : " per month") : "") + ", z " + number(r.test.z, 2, nl) +
       ")";
  if (in.has_displacement)
    s += (nl ? "; verplaatsingszone " : "; displacement zone ") +
         percent(r.displacement_change_pct, nl);
  return s;
}

}  // namespace brandpunt::evaluate
