// Values that PySAL esda's own tests assert, reproduced by spdep (shared/oracle/out/
// pysal_expected.json). Where esda and spdep differ by design (esda's R-transform Gi variance,
// esda's one-sided p) the spdep values are the reference.
#include <gtest/gtest.h>

#include "oracle_support.hpp"
#include "stats/getis_ord.hpp"
#include "stats/global_moran.hpp"
#include "stats/local_moran.hpp"

namespace brandpunt::stats {
namespace {

using testing::doubles;
using testing::expect_all_near;
using testing::make_weights;

TEST(GetisOrd, matches_esda_and_spdep_on_six_points) {
  BP_LOAD_ORACLE(oracle, "pysal_expected.json");
  const auto& c = oracle["g_local_points"];
  const auto y = doubles(c["input"]["y"]);
  const auto& nb = c["input"]["neighbours"];
  for (const char* style : {"B", "W"}) {
    for (bool star : {false, true}) {
      const std::string key = std::string(style) + (star ? "_Gi_star" : "_Gi");
      const LocalG g = local_g(make_weights(nb, style, star), y);
      expect_all_near(g.z, c["spdep"][key], 1e-10, key);
      if (std::string(style) == "B")  // esda prints 8 decimals
        expect_all_near(g.z, c["esda_expected_Zs"][key], 0, key + " esda", 1e-8);
    }
  }
}

TEST(LocalMoran, matches_esda_moments_on_desmith) {
  BP_LOAD_ORACLE(oracle, "pysal_expected.json");
  const auto& c = oracle["moran_local_desmith"];
  const auto y = doubles(c["input"]["y"]);
  const weights::Weights w = make_weights(c["input"]["neighbours"], "W", false);
  const LocalMoran cond = local_moran(w, y, MoranVariance::conditional);
  const LocalMoran total = local_moran(w, y, MoranVariance::total);
  const auto& s = c["spdep"];
  expect_all_near(cond.I, s["Ii_mlvar_TRUE"], 1e-10, "Ii");
  expect_all_near(cond.E, s["E_Ii_conditional"], 1e-10, "EIc");
  expect_all_near(cond.V, s["Var_Ii_conditional"], 1e-10, "VIc");
  expect_all_near(cond.z, s["Z_Ii_conditional"], 1e-10, "Zc");
  expect_all_near(total.E, s["E_Ii_total"], 1e-10, "EI");
  expect_all_near(total.V, s["Var_Ii_total"], 1e-10, "VI");
  expect_all_near(total.z, s["Z_Ii_total"], 1e-10, "Z");
  // esda's printed moments (8 decimals; VI to 2e-7 as the oracle notes).
  expect_all_near(cond.E, c["esda_expected"]["EIc"], 0, "esda EIc", 1e-8);
  expect_all_near(cond.V, c["esda_expected"]["VIc"], 0, "esda VIc", 1e-8);
  expect_all_near(total.V, c["esda_expected"]["VI"], 0, "esda VI", 5e-7);
  std::vector<int> q(cond.quadrant.begin(), cond.quadrant.end());
  EXPECT_EQ(q, c["esda_expected"]["q_pysal_scheme"].get<std::vector<int>>());
}

TEST(GlobalMoran, matches_esda_variances_on_3x3_lattice) {
  BP_LOAD_ORACLE(oracle, "pysal_expected.json");
  const auto& c = oracle["global_moran_lat3x3"];
  const auto y = doubles(c["input"]["y"]);
  const GlobalMoran g = global_moran(make_weights(c["input"]["neighbours"], "B", false), y);
  EXPECT_TRUE(testing::near_rel(g.I, c["spdep"]["I"], 1e-12));
  EXPECT_TRUE(testing::near_rel(g.EI, c["spdep"]["EI"], 1e-12));
  EXPECT_TRUE(testing::near_rel(g.VI_rand, c["esda_expected"]["VI_rand"], 1e-12));
  EXPECT_TRUE(testing::near_rel(g.VI_norm, c["esda_expected"]["VI_norm"], 1e-12));
  EXPECT_TRUE(testing::near_rel(g.z_rand, c["spdep"]["z_rand"], 1e-10));
  EXPECT_TRUE(testing::near_rel(g.z_norm, c["spdep"]["z_norm"], 1e-10));
}

}  // namespace
}  // namespace brandpunt::stats
