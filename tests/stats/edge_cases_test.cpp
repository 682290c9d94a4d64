// Islands, a single area, all-zero counts, constant values: defined results plus warnings.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "stats/classes.hpp"
#include "stats/getis_ord.hpp"
#include "stats/global_moran.hpp"
#include "stats/local_moran.hpp"
#include "stats/multiple_testing.hpp"
#include "stats/permutation.hpp"

namespace brandpunt::stats {
namespace {

// esda's six points with area 2 cut loose. Reference: R 4.2.2 + spdep 1.2-7, zero.policy = TRUE:
//   localG(y, nb2listw(nb, "B")), localmoran(y, nb2listw(nb, "W")), moran.test(..., "two.sided")
const std::vector<std::vector<uint32_t>> kIslandLists = {{1, 3},    {0, 3, 4}, {},
                                                         {0, 1, 4}, {1, 3, 5}, {4}};
const std::vector<double> kY = {2, 3, 3.2, 5, 8, 7};

TEST(EdgeCases, island_gets_nan_z_flag_and_warning_others_match_spdep) {
  const weights::Weights w = weights::from_lists(kIslandLists);
  const LocalG g = local_g(w, kY);
  const double want[] = {-1.013672898550257440, -0.043615894201693817, NAN,
                         -0.314126758204562595, 1.329917152128310187,  1.778339408621096851};
  for (size_t i = 0; i < 6; ++i) {
    if (i == 2) continue;
    EXPECT_NEAR(g.z[i], want[i], 1e-12) << i;
    EXPECT_EQ(g.is_island[i], 0);
  }
  EXPECT_TRUE(std::isnan(g.z[2]));
  EXPECT_TRUE(std::isnan(g.p[2]));
  EXPECT_EQ(g.is_island[2], 1);
  ASSERT_EQ(g.warnings.size(), 1u);
  EXPECT_NE(g.warnings[0].find("1 island"), std::string::npos);
  // The island is left out of m in BH and classed not significant.
  const auto q = p_adjust_bh(g.p);
  EXPECT_TRUE(std::isnan(q[2]));
  std::vector<double> rest;
  for (size_t i = 0; i < 6; ++i)
    if (i != 2) rest.push_back(g.p[i]);
  const auto q_rest = p_adjust_bh(rest);
  EXPECT_EQ(q[5], q_rest[4]);
  EXPECT_EQ(hotspot_classes(g.z, g.p)[2], HotspotClass::not_significant);
  EXPECT_EQ(gi_bin(g.z[2], g.p[2]), 0);

  const LocalMoran lm = local_moran(weights::row_standardised(w), kY);
  const double want_lm[] = {1.013672898550257218,  0.043615894201693733, NAN,
                            -0.314126758204563650, 1.329917152128310853, 1.778339408621096407};
  for (size_t i = 0; i < 6; ++i) {
    if (i == 2) continue;
    EXPECT_NEAR(lm.z[i], want_lm[i], 1e-12) << i;
  }
  EXPECT_TRUE(std::isnan(lm.z[2]));
  EXPECT_EQ(lm.is_island[2], 1);
  EXPECT_EQ(lm.warnings.size(), 1u);
  EXPECT_EQ(lisa_classes(lm)[2], 0);

  // spdep adjust.n: n = 5 areas with neighbours.
  const GlobalMoran gm = global_moran(weights::row_standardised(w), kY);
  EXPECT_EQ(gm.n_used, 5u);
  EXPECT_NEAR(gm.I, 0.343205574912891997, 1e-14);
  EXPECT_NEAR(gm.EI, -0.25, 1e-15);
  EXPECT_NEAR(gm.VI_rand, 0.096492962113128772, 1e-14);
  EXPECT_NEAR(gm.z_rand, 1.909665950341603802, 1e-12);
  EXPECT_NEAR(gm.p_rand, 0.056176237716373194, 1e-12);
  EXPECT_NEAR(gm.VI_norm, 0.074537037037037096, 1e-14);
  EXPECT_NEAR(gm.z_norm, 2.172797042244626109, 1e-12);
  EXPECT_NEAR(gm.p_norm, 0.029795596027743058, 1e-12);
  EXPECT_EQ(gm.warnings.size(), 1u);

  const PermutationResult perm = local_g_perm(w, kY, {99, 1, 1, false});
  EXPECT_TRUE(std::isnan(perm.p_sim[2]));
  EXPECT_EQ(perm.is_island[2], 1);
  EXPECT_FALSE(perm.warnings.empty());
}

TEST(EdgeCases, single_area_is_defined_and_warned) {
  const weights::Weights w = weights::from_lists({{}});
  const std::vector<double> x = {4};
  for (const weights::Weights& ww : {w, weights::with_self(w)}) {
    const LocalG g = local_g(ww, x);
    EXPECT_EQ(g.z[0], 0);
    EXPECT_EQ(g.p[0], 1);
    EXPECT_EQ(g.is_island[0], 1);
    EXPECT_FALSE(g.warnings.empty());
    EXPECT_EQ(hotspot_class(g.z[0], g.p[0]), HotspotClass::not_significant);
  }
  const LocalMoran lm = local_moran(w, x);
  EXPECT_EQ(lm.z[0], 0);
  EXPECT_EQ(lm.p[0], 1);
  EXPECT_FALSE(lm.warnings.empty());
  const GlobalMoran gm = global_moran(w, x);
  EXPECT_EQ(gm.p_rand, 1);
  EXPECT_EQ(gm.z_rand, 0);
  EXPECT_FALSE(gm.warnings.empty());
}

// A 3x3 rook lattice.
weights::Weights lattice() {
  return weights::from_lists(
      {{1, 3}, {0, 2, 4}, {1, 5}, {0, 4, 6}, {1, 3, 5, 7}, {2, 4, 8}, {3, 7}, {4, 6, 8}, {5, 7}});
}

TEST(EdgeCases, all_zero_counts_give_z0_p1_everywhere) {
  const std::vector<double> zeros(9, 0.0);
  for (bool star : {false, true}) {
    const weights::Weights w = star ? weights::with_self(lattice()) : lattice();
    const LocalG g = local_g(w, zeros);
    for (size_t i = 0; i < 9; ++i) {
      EXPECT_EQ(g.z[i], 0);
      EXPECT_EQ(g.p[i], 1);
      EXPECT_EQ(g.G[i], 0);
    }
    EXPECT_EQ(g.warnings.size(), 2u);  // zero variance + zero sum
    const PermutationResult perm = local_g_perm(w, zeros, {199, 7, 2, false});
    for (size_t i = 0; i < 9; ++i) {
      EXPECT_EQ(perm.p_sim[i], 1.0);  // every draw ties; spdep/esda would say 1/(nsim+1)
      EXPECT_EQ(perm.z_sim[i], 0.0);
    }
    EXPECT_FALSE(perm.warnings.empty());
  }
  const LocalMoran lm = local_moran(lattice(), zeros);
  for (size_t i = 0; i < 9; ++i) EXPECT_EQ(lm.p[i], 1);
  EXPECT_EQ(lm.warnings.size(), 1u);
  const GlobalMoran gm = global_moran(lattice(), zeros);
  EXPECT_EQ(gm.I, 0);
  EXPECT_EQ(gm.p_rand, 1);
  EXPECT_EQ(gm.p_norm, 1);
  const PermutationResult pm = local_moran_perm(lattice(), zeros, {99, 1, 1, false});
  for (double p : pm.p_sim) EXPECT_EQ(p, 1.0);
}

TEST(EdgeCases, constant_values_and_value_at_mean) {
  const std::vector<double> fives(9, 5.0);
  const LocalG g = local_g(weights::with_self(lattice()), fives);
  for (size_t i = 0; i < 9; ++i) EXPECT_EQ(g.p[i], 1);
  EXPECT_EQ(g.warnings.size(), 1u);
  // Gi uses the other areas only: for area 0 of {7, 1, 1} they are all equal.
  const LocalG g2 = local_g(weights::from_lists({{1}, {0}, {1}}), std::vector<double>{7, 1, 1});
  EXPECT_EQ(g2.z[0], 0);  // others of area 0 are {1, 1}: zero variance
  EXPECT_EQ(g2.p[0], 1);
  // Local Moran: the centre at exactly the mean has zero conditional variance.
  const std::vector<double> x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const LocalMoran lm = local_moran(lattice(), x);
  EXPECT_EQ(lm.z[4], 0);
  EXPECT_EQ(lm.p[4], 1);
  EXPECT_EQ(lm.warnings.size(), 1u);
  EXPECT_FALSE(std::isnan(lm.z[0]));
}

TEST(EdgeCases, invalid_input_throws) {
  const std::vector<double> bad = {1, 2, NAN, 4, 5, 6, 7, 8, 9};
  EXPECT_THROW(local_g(lattice(), bad), Error);
  EXPECT_THROW(local_moran(lattice(), bad), Error);
  EXPECT_THROW(global_moran(lattice(), bad), Error);
  EXPECT_THROW(local_g_perm(lattice(), bad), Error);
  EXPECT_THROW(local_g(lattice(), std::vector<double>{1, 2}), Error);
  EXPECT_THROW(local_moran(weights::with_self(lattice()), std::vector<double>(9, 1.0)), Error);
  EXPECT_THROW(local_moran_perm(weights::with_self(lattice()), std::vector<double>(9, 1.0)), Error);
  PermutationOptions none;
  none.permutations = 0;
  EXPECT_THROW(local_g_perm(lattice(), std::vector<double>(9, 1.0), none), Error);
  try {
    local_g(lattice(), bad);
  } catch (const Error& e) {
    EXPECT_EQ(e.row(), 3);
  }
}

}  // namespace
}  // namespace brandpunt::stats
