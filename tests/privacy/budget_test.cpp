// The budget: the costs of the tables add up to ρ; (ε, δ) conversion; key selection; street names.
#include "privacy/budget.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "io/street_name.hpp"
#include "privacy/discrete_gaussian.hpp"
#include "privacy/key_selection.hpp"

using namespace brandpunt;
using namespace brandpunt::privacy;

TEST(ProductBudget, the_costs_of_all_tables_add_up_to_rho) {
  const ProductBudget b(0.8, {0.1, 0.25, 1.0}, {1.0, 0.5, 2.0}, {0.3, 1.0});
  double cost = 0;
  for (size_t g = 0; g < 3; ++g)
    for (size_t c = 0; c < 3; ++c)
      for (size_t t = 0; t < 2; ++t) {
        cost += 1 / (2 * b.sigma2(g, c, t));
        EXPECT_NEAR(b.sigma2(g, c, t), b.geo_factor(g) * b.cat_factor(c) * b.time_factor(t), 1e-12);
      }
  EXPECT_NEAR(cost, 0.8, 1e-12);
  // The discrete Gaussians round σ² up, so what is spent never exceeds ρ.
  double spent = 0;
  for (size_t g = 0; g < 3; ++g)
    for (size_t c = 0; c < 3; ++c)
      for (size_t t = 0; t < 2; ++t) spent += DiscreteGaussian(b.sigma2(g, c, t)).rho();
  EXPECT_LE(spent, 0.8);
  EXPECT_GT(spent, 0.8 * (1 - 1e-5));
}

TEST(ProductBudget, rejects_a_budget_that_is_not_positive) {
  for (double rho : {0.0, -1.0, double(NAN), double(INFINITY)}) EXPECT_THROW(ProductBudget(rho, {1}, {1}, {1}), Error);
  EXPECT_THROW(ProductBudget(1, {1, 0}, {1}, {1}), Error);
}

TEST(EpsilonOf, is_below_the_classic_bound_and_matches_an_independent_computation) {
  for (double rho : {0.1, 1.0, 2.0})
    for (double delta : {1e-6, 1e-9}) {
      const double eps = epsilon_of(rho, delta);
      EXPECT_LE(eps, rho + 2 * std::sqrt(rho * std::log(1 / delta)) + 1e-9);
      EXPECT_GT(eps, rho);
    }
  // Values of Canonne, Kamath & Steinke's Prop. 12 computed with scipy (minimise over α, then
  // bisect on ε): ρ = 1, δ = 1e-6 -> 7.7662; ρ = 0.5, δ = 1e-9 -> 6.4741.
  EXPECT_NEAR(epsilon_of(1.0, 1e-6), 7.7662, 1e-3);
  EXPECT_NEAR(epsilon_of(0.5, 1e-9), 6.4741, 1e-3);
}

TEST(KeySelection, a_key_seen_once_is_almost_never_released_and_a_busy_one_always) {
  std::vector<int64_t> counts(20000, 1);
  counts[0] = 100;
  const KeySelection k = select_keys(counts, 4.0, 10, NoiseKey::from_seed("keys"), 9);
  EXPECT_EQ(k.released[0], 1);
  int64_t released = 0;
  for (size_t i = 1; i < counts.size(); ++i) released += k.released[i];
  // δ = P(1 + Z >= 10) for σ = 2: about 4e-6; 20,000 keys -> expect about 0.08.
  EXPECT_LT(k.delta, 1e-5);
  EXPECT_LE(released, 2);
  EXPECT_DOUBLE_EQ(k.rho, DiscreteGaussian(4.0).rho());
  EXPECT_THROW(select_keys(counts, 4.0, 0, NoiseKey::from_seed("keys"), 9), Error);
}

TEST(StreetName, house_numbers_additions_and_free_text_are_removed) {
  EXPECT_EQ(io::normalise_street("Dorpsstraat 12 (bij fam. Jansen)"), "Dorpsstraat");
  EXPECT_EQ(io::normalise_street("Westerhaven 71"), "Westerhaven");
  EXPECT_EQ(io::normalise_street("  Kerkstraat   12a-3 "), "Kerkstraat");
  EXPECT_EQ(io::normalise_street("Kerkstraat t.o. 14"), "Kerkstraat");
  EXPECT_EQ(io::normalise_street("Markt ter hoogte van nr 5"), "Markt");
  EXPECT_EQ(io::normalise_street("Van Goghpad, achterzijde"), "Van Goghpad");
  EXPECT_EQ(io::normalise_street("16 Aprillaan"), "16 Aprillaan");  // a leading number is part of the name
  EXPECT_EQ(io::normalise_street("2e Drift"), "2e Drift");
  EXPECT_EQ(io::normalise_street("Stn Gnn SP1 (101)"), "Stn Gnn SP1");
  EXPECT_EQ(io::normalise_street("Ter Apelstraat 3"), "Ter Apelstraat");
  EXPECT_EQ(io::normalise_street("(onbekend)"), "");
  EXPECT_EQ(io::street_key("KERKSTRAAT"), io::street_key("Kerkstraat"));
}
