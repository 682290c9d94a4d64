// Every analytic value of the spdep 1.2-7 oracle on Columbus (5 weight sets x styles B/W).
#include <gtest/gtest.h>

#include "oracle_support.hpp"
#include "stats/classes.hpp"
#include "stats/getis_ord.hpp"
#include "stats/global_moran.hpp"
#include "stats/local_moran.hpp"
#include "stats/multiple_testing.hpp"

namespace brandpunt::stats {
namespace {

using testing::doubles;
using testing::expect_all_near;
using testing::make_weights;

constexpr double kRel = 1e-9;
const char* const kSets[] = {"queen", "rook", "knn4", "knn8", "dband_0.9"};
const char* const kStyles[] = {"B", "W"};

void check_g(const nlohmann::json& oracle, const char* set, const char* style, bool star) {
  SCOPED_TRACE(std::string(set) + "/" + style + (star ? "/Gi*" : "/Gi"));
  const auto x = doubles(oracle["input"]["x"]);
  const auto& want = oracle["results"][set][style][star ? "Gi_star" : "Gi"];
  const weights::Weights w = make_weights(oracle["weights"][set]["neighbours"], style, star);
  const LocalG g = local_g(w, x);
  EXPECT_EQ(g.star, star);
  EXPECT_TRUE(g.warnings.empty());
  expect_all_near(g.z, want["z"], kRel, "z");
  expect_all_near(g.p, want["p_two_sided"], kRel, "p");
  expect_all_near(g.G, want["G"], kRel, "G");
  expect_all_near(g.EG, want["EG"], kRel, "EG");
  expect_all_near(g.VG, want["VG"], kRel, "VG", 1e-20);
  // BH on our p against R's p.adjust on R's p.
  expect_all_near(p_adjust_bh(g.p), want["p_bh"], 1e-12, "p_bh");
  const auto bins = want["gi_bin"].get<std::vector<int>>();
  const auto bins_fdr = want["gi_bin_fdr"].get<std::vector<int>>();
  EXPECT_EQ(gi_bins(g.z, g.p, Correction::none), bins);
  EXPECT_EQ(gi_bin_fdr(g.z, g.p), bins_fdr);
  for (size_t i = 0; i < bins.size(); ++i) {
    EXPECT_EQ(gi_bin(g.z[i], g.p[i]), bins[i]) << i;
    EXPECT_EQ(to_bin(hotspot_class(g.z[i], g.p[i])), bins[i]) << i;
  }
  const auto classes = hotspot_classes(g.z, g.p, Correction::fdr_bh);
  for (size_t i = 0; i < bins.size(); ++i) EXPECT_EQ(to_bin(classes[i]), bins_fdr[i]) << i;
}

TEST(GetisOrd, gi_matches_spdep_on_columbus_all_weights_and_styles) {
  BP_LOAD_ORACLE(oracle, "columbus.json");
  for (const char* set : kSets)
    for (const char* style : kStyles) check_g(oracle, set, style, false);
}

TEST(GetisOrd, gi_star_matches_spdep_on_columbus_all_weights_and_styles) {
  BP_LOAD_ORACLE(oracle, "columbus.json");
  for (const char* set : kSets)
    for (const char* style : kStyles) check_g(oracle, set, style, true);
}

std::vector<std::string> class_names(const std::vector<uint8_t>& cls) {
  std::vector<std::string> out;
  for (uint8_t c : cls) out.push_back(c == 0 ? "NS" : to_string(static_cast<Quadrant>(c)));
  return out;
}

TEST(LocalMoran, matches_spdep_conditional_and_total_on_columbus) {
  BP_LOAD_ORACLE(oracle, "columbus.json");
  const auto x = doubles(oracle["input"]["x"]);
  for (const char* set : kSets) {
    for (const char* style : kStyles) {
      SCOPED_TRACE(std::string(set) + "/" + style);
      const auto& want = oracle["results"][set][style]["local_moran"];
      const weights::Weights w = make_weights(oracle["weights"][set]["neighbours"], style, false);
      for (const char* kind : {"conditional", "total"}) {
        SCOPED_TRACE(kind);
        const bool cond = std::string(kind) == "conditional";
        const LocalMoran lm =
            local_moran(w, x, cond ? MoranVariance::conditional : MoranVariance::total);
        EXPECT_TRUE(lm.warnings.empty());
        expect_all_near(lm.I, want["Ii"], kRel, "Ii");
        expect_all_near(lm.lag_z, want["lag_z"], kRel, "lag_z", 1e-12);
        expect_all_near(lm.E, want[kind]["E_Ii"], kRel, "E");
        expect_all_near(lm.V, want[kind]["Var_Ii"], kRel, "Var");
        expect_all_near(lm.z, want[kind]["Z_Ii"], kRel, "Z");
        expect_all_near(lm.p, want[kind]["p_two_sided"], kRel, "p");
        expect_all_near(p_adjust_bh(lm.p), want[kind]["p_bh"], 1e-12, "p_bh");
        EXPECT_EQ(class_names(lisa_classes(lm, 0.05)),
                  want[kind]["class_p05"].get<std::vector<std::string>>());
        EXPECT_EQ(class_names(lm.quadrant), want["quadrant"].get<std::vector<std::string>>());
        // Outlier classes after BH: the quadrant where spdep's p_bh < 0.05.
        {
          const auto quadrants = want["quadrant"].get<std::vector<std::string>>();
          const std::vector<double> p_bh = doubles(want[kind]["p_bh"]);
          std::vector<std::string> expected;
          for (size_t i = 0; i < quadrants.size(); ++i)
            expected.push_back(p_bh[i] < 0.05 ? quadrants[i] : "NS");
          EXPECT_EQ(class_names(lisa_classes(lm, 0.05, Correction::fdr_bh)), expected);
        }
        // esda's Is = I (n-1)/n = spdep mlvar = FALSE.
        const auto n = static_cast<double>(x.size());
        std::vector<double> is(lm.I);
        for (double& v : is) v *= (n - 1) / n;
        expect_all_near(is, want["Ii_n_minus_1"], kRel, "Ii_n_minus_1");
      }
    }
  }
}

TEST(LocalMoran, conditional_z_equals_signed_gi_z) {
  BP_LOAD_ORACLE(oracle, "columbus.json");
  const auto x = doubles(oracle["input"]["x"]);
  double mean = 0;
  for (double v : x) mean += v / static_cast<double>(x.size());
  for (const char* set : kSets) {
    const weights::Weights w = make_weights(oracle["weights"][set]["neighbours"], "W", false);
    const LocalMoran lm = local_moran(w, x);
    const LocalG g = local_g(w, x);
    for (size_t i = 0; i < x.size(); ++i) {
      const double sign = x[i] > mean ? 1.0 : -1.0;
      EXPECT_NEAR(lm.z[i], sign * g.z[i], 1e-12) << set << " " << i;
    }
  }
}

TEST(GlobalMoran, matches_spdep_moran_test_on_columbus) {
  BP_LOAD_ORACLE(oracle, "columbus.json");
  const auto x = doubles(oracle["input"]["x"]);
  for (const char* set : kSets) {
    for (const char* style : kStyles) {
      SCOPED_TRACE(std::string(set) + "/" + style);
      const auto& want = oracle["results"][set][style]["global_moran"];
      const weights::Weights w = make_weights(oracle["weights"][set]["neighbours"], style, false);
      const GlobalMoran g = global_moran(w, x);
      EXPECT_TRUE(g.warnings.empty());
      EXPECT_TRUE(testing::near_rel(g.I, want["I"], kRel));
      EXPECT_TRUE(testing::near_rel(g.EI, want["EI"], kRel));
      EXPECT_TRUE(testing::near_rel(g.S0, want["S0"], kRel));
      EXPECT_TRUE(testing::near_rel(g.S1, want["S1"], kRel));
      EXPECT_TRUE(testing::near_rel(g.S2, want["S2"], kRel));
      EXPECT_TRUE(testing::near_rel(g.b2, want["kurtosis_b2"], kRel));
      const auto& r = want["randomisation"];
      EXPECT_TRUE(testing::near_rel(g.VI_rand, r["VI"], kRel));
      EXPECT_TRUE(testing::near_rel(g.z_rand, r["z"], kRel));
      EXPECT_TRUE(testing::near_rel(g.p_rand, r["p_two_sided"], kRel));
      EXPECT_TRUE(testing::near_rel(g.p_rand_greater, r["p_greater"], kRel));
      const auto& nm = want["normality"];
      EXPECT_TRUE(testing::near_rel(g.VI_norm, nm["VI"], kRel));
      EXPECT_TRUE(testing::near_rel(g.z_norm, nm["z"], kRel));
      EXPECT_TRUE(testing::near_rel(g.p_norm, nm["p_two_sided"], kRel));
      EXPECT_TRUE(testing::near_rel(g.p_norm_greater, nm["p_greater"], kRel));
    }
  }
}

}  // namespace
}  // namespace brandpunt::stats
