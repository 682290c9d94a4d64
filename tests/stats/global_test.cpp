// Global statistics: Getis-Ord General G against spdep globalG.test, and the permutation
// inference of global Moran's I (spdep moran.mc) against its analytic moments.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.hpp"
#include "oracle_support.hpp"
#include "stats/general_g.hpp"
#include "stats/global_moran.hpp"

namespace brandpunt::stats {
namespace {

using testing::doubles;
using testing::make_weights;

TEST(GeneralG, matches_spdep_global_g_test_on_six_points) {
  BP_LOAD_ORACLE(oracle, "pysal_expected.json");
  const auto& c = oracle["g_local_points"];
  const auto& want = c["global_G"]["spdep"];
  const GeneralG g = general_g(make_weights(c["input"]["neighbours"], "B", false), doubles(c["input"]["y"]));
  EXPECT_TRUE(g.warnings.empty());
  EXPECT_NEAR(g.G, want["G"].get<double>(), 1e-12);
  EXPECT_NEAR(g.EG, want["EG"].get<double>(), 1e-12);
  EXPECT_NEAR(g.VG, want["VG"].get<double>(), 1e-9 * want["VG"].get<double>());
  EXPECT_NEAR(g.z, want["z"].get<double>(), 1e-9);
  EXPECT_NEAR(g.p_greater, want["p_greater"].get<double>(), 1e-9);
  EXPECT_NEAR(g.p, 2 * want["p_greater"].get<double>(), 1e-9);  // z > 0
  // esda's TestGetisG asserts G to 8 decimals.
  EXPECT_NEAR(g.G, c["global_G"]["esda_expected"]["G"].get<double>(), 1e-8);
}

TEST(GeneralG, equals_the_pairwise_definition_on_columbus_queen) {
  BP_LOAD_ORACLE(oracle, "columbus.json");
  const auto x = doubles(oracle["input"]["x"]);
  const weights::Weights w = make_weights(oracle["weights"]["queen"]["neighbours"], "B", false);
  const GeneralG g = general_g(w, x);
  double num = 0, den = 0;
  const auto lists = weights::to_lists(w);
  for (size_t i = 0; i < x.size(); ++i) {
    for (uint32_t j : lists[i]) num += x[i] * x[j];
    for (size_t j = 0; j < x.size(); ++j)
      if (j != i) den += x[i] * x[j];
  }
  EXPECT_NEAR(g.G, num / den, 1e-14);
  EXPECT_NEAR(g.EG, static_cast<double>(w.n_links()) / (49.0 * 48.0), 1e-15);
  EXPECT_GT(g.z, 0);  // Columbus crime clusters
}

TEST(GeneralG, degenerate_and_invalid_input) {
  const weights::Weights w = weights::from_lists({{1}, {0, 2}, {1, 3}, {2, 4}, {3}});
  const GeneralG zeros = general_g(w, std::vector<double>{0, 0, 0, 0, 5});
  EXPECT_EQ(zeros.p, 1.0);
  EXPECT_FALSE(zeros.warnings.empty());
  EXPECT_THROW(general_g(w, std::vector<double>{1, -1, 0, 0, 0}), Error);
  EXPECT_THROW(general_g(weights::with_self(w), std::vector<double>{1, 1, 0, 0, 0}), Error);
}

std::vector<double> random_field(size_t n, uint32_t seed) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<double> u(0, 10);
  std::vector<double> x(n);
  for (auto& v : x) v = u(gen);
  return x;
}

TEST(GlobalMoranPerm, moments_and_p_agree_with_moran_test_randomisation) {
  BP_LOAD_ORACLE(oracle, "columbus.json");
  const weights::Weights w = make_weights(oracle["weights"]["queen"]["neighbours"], "W", false);
  const auto x = random_field(49, 20240501);
  const GlobalMoran a = global_moran(w, x);
  const GlobalMoranPerm p = global_moran_perm(w, x, 9999, 7);
  EXPECT_DOUBLE_EQ(p.I, a.I);
  // Randomisation moments are the permutation distribution's exact moments.
  EXPECT_NEAR(p.E_sim, a.EI, 4 * std::sqrt(a.VI_rand / 9999));
  EXPECT_NEAR(p.V_sim / a.VI_rand, 1.0, 0.06);
  // The permutation distribution of I at n = 49 is not quite normal: the pseudo p and the
  // normal p differ by a few points (here 0.55 vs 0.60), far more than the Monte Carlo error.
  EXPECT_NEAR(p.p_sim, a.p_rand, 0.08);
  EXPECT_NEAR(p.p_sim_greater, a.p_rand_greater, 0.03);
  EXPECT_EQ(p.p_sim, std::min(1.0, 2.0 * (std::min(p.n_ge, p.n_le) + 1.0) / 10000.0));
}

TEST(GlobalMoranPerm, same_seed_same_bytes_and_strong_clustering_gets_the_smallest_p) {
  BP_LOAD_ORACLE(oracle, "columbus.json");
  const auto x = doubles(oracle["input"]["x"]);
  const weights::Weights w = make_weights(oracle["weights"]["queen"]["neighbours"], "W", false);
  const GlobalMoranPerm a = global_moran_perm(w, x, 999, 1), b = global_moran_perm(w, x, 999, 1);
  EXPECT_EQ(a.n_ge, b.n_ge);
  EXPECT_EQ(a.E_sim, b.E_sim);
  EXPECT_EQ(a.n_ge, 0u);  // Columbus crime: I = 0.5, analytic p ~ 1e-9
  EXPECT_DOUBLE_EQ(a.p_sim, 2.0 / 1000.0);
  EXPECT_DOUBLE_EQ(a.p_sim_greater, 1.0 / 1000.0);
  const GlobalMoranPerm c = global_moran_perm(w, std::vector<double>(49, 3.0), 99, 1);
  EXPECT_EQ(c.p_sim, 1.0);
  EXPECT_FALSE(c.warnings.empty());
}

}  // namespace
}  // namespace brandpunt::stats
