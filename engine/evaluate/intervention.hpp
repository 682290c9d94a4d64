// Did an area-based intervention (gebiedsgerichte aanpak) reduce incidents? The weighted
// displacement difference test, the Poisson E-test for the treated areas' before/after counts,
// and a plain verdict.
//
// Weighted displacement difference (Wheeler & Ratcliffe 2018, "A simple weighted displacement
// difference test to evaluate place based crime interventions", Crime Science 7:11): with
// counts before (0) and after (1) the start in the treated areas T, their control areas C, the
// displacement zone D around T and its own control zone Cd,
//   WDD     = (T1 − T0) − (C1 − C0) + (D1 − D0) − (Cd1 − Cd0)
//   Var     = T0 + T1 + C0 + C1 + D0 + D1 + Cd0 + Cd1   (Poisson counts: variance = mean)
//   z       = WDD / sqrt(Var), two-sided normal p.
// A negative WDD is a reduction beyond the control trend, net of displacement. When the before
// and after periods differ in length, counts are turned into rates per month first (count /
// months) and each variance term is divided by months² (Wheeler's time weights), so WDD is in
// incidents per month. Reference: control (20, 20), treated (20, 10): WDD −10, SE 8.37,
// z −1.195.
//
// E-test (Krishnamoorthy & Thomson 2004, "A more powerful test for comparing two Poisson means",
// J. Stat. Plann. Inference 119): for counts k1 over exposure n1 and k2 over n2,
//   T(x1, x2) = (x1/n1 − x2/n2) / sqrt(x1/n1² + x2/n2²)   (T(0, 0) = 0)
//   p = Σ_x1 Σ_x2 P(x1 | n1·λ̂) P(x2 | n2·λ̂) · [|T(x1, x2)| >= |T(k1, k2)|],  λ̂ = (k1+k2)/(n1+n2),
// the two-sided form (ptools' e_test). Reference: e_test(20, 10) p = 0.069. For each x1 the
// outcomes x2 with T >= t form a prefix (T falls as x2 grows), so the double sum is one
// cumulative Poisson sum per x1.
//
//   Wdd w = evaluate::wdd({20, 20}, {20, 10});           // w.wdd = -10, w.se = 8.3666
//   double p = evaluate::e_test(20, 10);                 // 0.0690...
//   InterventionResult r = evaluate::evaluate_intervention(in);
//   evaluate::verdict(r, "en");   // "−50.0 %, not significant at 5 % (WDD −10.0, z −1.20)"
#pragma once

#include <string>

namespace brandpunt::evaluate {

struct BeforeAfter {
  double before = 0, after = 0;  // counts (non-negative)
};

struct WddOptions {
  double months_before = 1;  // length of the before period (the unit of the rates)
  double months_after = 1;
};

struct Wdd {
  double local = 0, local_se = 0;  // (T1 − T0) − (C1 − C0) and its standard error
  double displacement = 0, displacement_se = 0;  // (D1 − D0) − (Cd1 − Cd0)
  double wdd = 0, se = 0;                        // their sum, and its standard error
  double z = 0, p = 1;  // z = wdd / se; two-sided normal p (NaN when se = 0)
};

// `displacement` and `displacement_control` default to zero counts: no displacement zone.
Wdd wdd(BeforeAfter control, BeforeAfter treated, BeforeAfter displacement_control = {},
        BeforeAfter displacement = {}, const WddOptions& options = {});

// Two-sided E-test p of k1 (exposure n1) against k2 (exposure n2); NaN for k1 = k2 = 0 or
// invalid input (negative or non-integer counts, exposure <= 0).
double e_test(double k1, double k2, double n1 = 1, double n2 = 1);

struct InterventionInput {
  BeforeAfter treated, control, displacement, displacement_control;
  bool has_control = true;        // false: no control areas (WDD without the control terms)
  bool has_displacement = false;  // a displacement zone was configured
  double months_before = 1, months_after = 1;
  double alpha = 0.05;
};

struct InterventionResult {
  InterventionInput input;
  Wdd test;
  double treated_change_pct = 0;       // 100 (rate_after / rate_before − 1); NaN when before = 0
  double control_change_pct = 0;       // the same for the control areas
  double relative_change_pct = 0;      // treated change relative to control:
                                       //   100 ((T1/T0) / (C1/C0) − 1); NaN when undefined
  double displacement_change_pct = 0;  // the displacement zone's change; NaN without one
  double e_test_p = 0;                 // E-test of the treated before/after rates
  bool significant = false;            // WDD p < alpha
  std::string direction;               // "decrease", "increase", "no_change" (sign of WDD)
};

InterventionResult evaluate_intervention(const InterventionInput& in);

// One line a programme manager can read, in "nl" or "en": the treated change (against the
// control when there is one), whether WDD is significant at alpha, WDD and z; and the
// displacement zone's change when there is one. E.g. (en)
//   "−18.0 % against control (treated −22.0 %, control −4.9 %), not significant at 5 % (WDD −4.0
//    per month, z −1.20); displacement zone +3.1 %"
std::string verdict(const InterventionResult& r, const std::string& language);

}  // namespace brandpunt::evaluate
