// WDD (Wheeler & Ratcliffe 2018) and the Poisson E-test (Krishnamoorthy & Thomson 2004) against
// ptools' documented values and brute force, and the verdict text.
#include "evaluate/intervention.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ev = brandpunt::evaluate;

namespace {
// The E-test double sum written out over a generous square, with no monotonicity shortcut.
double e_test_brute(int k1, int k2, double n1, double n2) {
  auto stat = [&](double x1, double x2) {
    const double v = x1 / (n1 * n1) + x2 / (n2 * n2);
    return v > 0 ? (x1 / n1 - x2 / n2) / std::sqrt(v) : 0.0;
  };
  const double t = std::fabs(stat(k1, k2));
  const double lambda = (k1 + k2) / (n1 + n2);
  auto pmf = [](int x, double mu) {
    return std::exp(x * std::log(mu) - mu - std::lgamma(x + 1.0));
  };
  double p = 0;
  for (int x1 = 0; x1 < 120; ++x1)
    for (int x2 = 0; x2 < 120; ++x2)
      if (std::fabs(stat(x1, x2)) >= t * (1 - 1e-10))
        p += pmf(x1, n1 * lambda) * pmf(x2, n2 * lambda);
  return p;
}
}  // namespace

TEST(Wdd, reproduces_wheeler_and_ratcliffe_example) {
  // ptools::wdd(c(20, 20), c(20, 10)): local estimate -10 (8.4), z -1.195.
  const ev::Wdd w = ev::wdd({20, 20}, {20, 10});
  EXPECT_DOUBLE_EQ(w.wdd, -10);
  EXPECT_NEAR(w.se, std::sqrt(70.0), 1e-14);
  EXPECT_NEAR(w.se, 8.37, 0.005);
  EXPECT_NEAR(w.z, -1.195, 0.0005);
  EXPECT_NEAR(w.p, 2 * 0.5 * std::erfc(1.1952286093343936 / std::sqrt(2.0)), 1e-12);
  EXPECT_DOUBLE_EQ(w.displacement, 0);
}

TEST(Wdd, displacement_zone_and_its_control_add_their_differences_and_variances) {
  // ptools' example: disp_treated (30, 20), disp_control (30, 30).
  const ev::Wdd w = ev::wdd({20, 20}, {20, 10}, {30, 30}, {30, 20});
  EXPECT_DOUBLE_EQ(w.local, -10);
  EXPECT_DOUBLE_EQ(w.displacement, -10);
  EXPECT_DOUBLE_EQ(w.wdd, -20);
  EXPECT_NEAR(w.displacement_se, std::sqrt(110.0), 1e-14);
  EXPECT_NEAR(w.se, std::sqrt(180.0), 1e-14);
}

TEST(Wdd, unequal_periods_compare_rates_per_month) {
  // 24 months before, 12 after: ptools::wdd(cont, treat, time_weights = c(2, 1)) with units of
  // 12 months. In months: treated 40 -> 10 over 24 -> 12 months: 40/24 − 10/12 etc.
  ev::WddOptions o{24, 12};
  const ev::Wdd w = ev::wdd({40, 20}, {40, 10}, {}, {}, o);
  EXPECT_NEAR(w.wdd, (10.0 / 12 - 40.0 / 24) - (20.0 / 12 - 40.0 / 24), 1e-14);
  EXPECT_NEAR(w.se, std::sqrt(10.0 / 144 + 40.0 / 576 + 20.0 / 144 + 40.0 / 576), 1e-14);
  // The same in years (ptools' weights 2 and 1) gives z unchanged: z does not depend on units.
  const ev::Wdd y = ev::wdd({40, 20}, {40, 10}, {}, {}, ev::WddOptions{2, 1});
  EXPECT_NEAR(w.z, y.z, 1e-12);
}

TEST(ETest, reproduces_ptools_value_for_twenty_against_ten) {
  EXPECT_NEAR(ev::e_test(20, 10), 0.069, 0.0005);
  EXPECT_NEAR(ev::e_test(20, 10), e_test_brute(20, 10, 1, 1), 1e-12);
  EXPECT_NEAR(ev::e_test(10, 20), ev::e_test(20, 10), 1e-14);  // symmetric for d = 0
}

TEST(ETest, equals_the_brute_force_double_sum_with_exposures) {
  for (auto [k1, k2, n1, n2] :
       {std::tuple{3, 0, 1.0, 1.0}, std::tuple{6, 2, 1.0, 1.0}, std::tuple{20, 10, 4.0, 2.0},
        std::tuple{7, 19, 3.0, 1.5}, std::tuple{1, 0, 1.0, 2.0}, std::tuple{30, 31, 1.0, 1.0}})
    EXPECT_NEAR(ev::e_test(k1, k2, n1, n2), e_test_brute(k1, k2, n1, n2), 1e-11)
        << k1 << " " << k2 << " " << n1 << " " << n2;
  EXPECT_DOUBLE_EQ(ev::e_test(5, 5), 1.0);
  EXPECT_TRUE(std::isnan(ev::e_test(0, 0)));
  EXPECT_TRUE(std::isnan(ev::e_test(2.5, 1)));
  EXPECT_TRUE(std::isnan(ev::e_test(2, 1, 0, 1)));
}

TEST(ETest, large_counts_approach_the_normal_test_and_stay_fast) {
  const double p = ev::e_test(10'300, 10'000);
  const double z = 300 / std::sqrt(20'300.0);
  EXPECT_NEAR(p, std::erfc(z / std::sqrt(2.0)), 0.002);
}

TEST(Intervention, verdict_reports_change_against_control_and_significance) {
  ev::InterventionInput in;
  in.treated = {20, 10};
  in.control = {20, 20};
  const ev::InterventionResult r = ev::evaluate_intervention(in);
  EXPECT_DOUBLE_EQ(r.treated_change_pct, -50);
  EXPECT_DOUBLE_EQ(r.control_change_pct, 0);
  EXPECT_DOUBLE_EQ(r.relative_change_pct, -50);
  EXPECT_FALSE(r.significant);
  EXPECT_EQ(r.direction, "decrease");
  EXPECT_NEAR(r.e_test_p, 0.069, 0.0005);
  EXPECT_EQ(
      ev::verdict(r, "en"),
      "\u221250.0 % against control (treated \u221250.0 %, control 0.0 %), not significant at "
      "5 % (WDD \u221210.0, z \u22121.20)");
  EXPECT_EQ(ev::verdict(r, "nl"),
            "\u221250,0 % ten opzichte van de controle (aanpak \u221250,0 %, controle 0,0 %), niet "
            "significant bij 5 % (WDD \u221210,0, z \u22121,20)");
  in.treated = {200, 100};
  in.control = {200, 200};
  const auto big = ev::evaluate_intervention(in);
  EXPECT_TRUE(big.significant);
  EXPECT_NE(ev::verdict(big, "en").find(", significant at 5 %"), std::string::npos);
}

TEST(Intervention, displacement_zone_change_is_reported) {
  ev::InterventionInput in;
  in.treated = {40, 30};
  in.control = {100, 95};
  in.displacement = {50, 55};
  in.displacement_control = {60, 60};
  in.has_displacement = true;
  in.months_before = 12;
  in.months_after = 6;
  const auto r = ev::evaluate_intervention(in);
  EXPECT_NEAR(r.treated_change_pct, 100 * ((30.0 / 6) / (40.0 / 12) - 1), 1e-12);
  EXPECT_NEAR(r.displacement_change_pct, 100 * ((55.0 / 6) / (50.0 / 12) - 1), 1e-12);
  EXPECT_NEAR(r.test.displacement, (55.0 / 6 - 50.0 / 12) - (60.0 / 6 - 60.0 / 12), 1e-12);
  const std::string v = ev::verdict(r, "en");
  EXPECT_NE(v.find("per month"), std::string::npos) << v;
  EXPECT_NE(v.find("displacement zone +120.0 %"), std::string::npos) << v;
}
