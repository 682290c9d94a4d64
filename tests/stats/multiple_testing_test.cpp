// p.adjust (BH, Bonferroni), ArcGIS bins and hot-spot class names.
#include "stats/multiple_testing.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "stats/classes.hpp"

namespace brandpunt::stats {
namespace {

TEST(MultipleTesting, bh_matches_r_p_adjust) {
  // R 4.2.2: p.adjust(c(0.01, 0.04, 0.03, 0.005, 0.2, NA, 0.04), "BH") ->
  //   0.030 0.048 0.048 0.030 0.200 NA 0.048   (m = 6: the NA is not counted)
  const std::vector<double> p = {0.01, 0.04, 0.03, 0.005, 0.2, NAN, 0.04};
  const auto q = p_adjust_bh(p);
  EXPECT_DOUBLE_EQ(q[0], 0.03);
  EXPECT_DOUBLE_EQ(q[1], 0.04 * 6 / 5);
  EXPECT_DOUBLE_EQ(q[2], 0.04 * 6 / 5);
  EXPECT_DOUBLE_EQ(q[3], 0.03);
  EXPECT_DOUBLE_EQ(q[4], 0.2);
  EXPECT_TRUE(std::isnan(q[5]));
  EXPECT_DOUBLE_EQ(q[6], 0.04 * 6 / 5);
  // Monotone in p, never below p, capped at 1.
  const std::vector<double> big = {0.9, 0.95, 0.99};
  for (double v : p_adjust_bh(big)) EXPECT_LE(v, 1.0);
}

TEST(MultipleTesting, bh_significant_is_the_same_decision_as_adjusting_every_p) {
  uint64_t state = 99;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  size_t passed = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const size_t n = 1 + static_cast<size_t>(next() * 400);
    std::vector<double> p(n);
    for (auto& v : p) {
      const double u = next();
      // many tiny p, ties (coarse values), exact 1s and NaNs
      v = u < 0.3 ? next() * 0.002 : u < 0.5 ? std::round(next() * 20) / 200 : u < 0.55 ? 1.0 : u < 0.58 ? NAN : next();
    }
    for (double alpha : {0.01, 0.05, 0.10}) {
      const std::vector<double> adj = p_adjust_bh(p);
      const std::vector<uint8_t> sig = bh_significant(p, alpha);
      ASSERT_EQ(sig.size(), n);
      for (size_t i = 0; i < n; ++i) {
        ASSERT_EQ(sig[i] != 0, adj[i] < alpha) << "trial " << trial << " i " << i << " p " << p[i];
        passed += sig[i];
      }
    }
  }
  EXPECT_GT(passed, 1000u);  // the comparison covers many significant cells, not only empty masks
  EXPECT_EQ(bh_significant(std::vector<double>{0.04}, 0.05), (std::vector<uint8_t>{1}));
  EXPECT_TRUE(bh_significant(std::vector<double>{}, 0.05).empty());
}

TEST(MultipleTesting, bonferroni_and_dispatch) {
  const std::vector<double> p = {0.01, 0.3, NAN, 0.02};
  const auto b = p_adjust_bonferroni(p);
  EXPECT_DOUBLE_EQ(b[0], 0.03);
  EXPECT_DOUBLE_EQ(b[1], 0.9);
  EXPECT_TRUE(std::isnan(b[2]));
  EXPECT_DOUBLE_EQ(b[3], 0.06);
  EXPECT_EQ(p_adjust(p, Correction::bonferroni)[0], b[0]);
  EXPECT_EQ(p_adjust(p, Correction::none)[1], 0.3);
  EXPECT_STREQ(to_string(Correction::fdr_bh), "fdr_bh");
  // A single test is not adjusted (R: n <= 1 returns p).
  EXPECT_EQ(p_adjust_bh(std::vector<double>{0.04})[0], 0.04);
}

TEST(HotspotClasses, bins_and_names_follow_arcgis_cutoffs) {
  EXPECT_EQ(gi_bin(2.0, 0.009), 3);
  EXPECT_EQ(gi_bin(2.0, 0.01), 2);
  EXPECT_EQ(gi_bin(-2.0, 0.049), -2);
  EXPECT_EQ(gi_bin(-2.0, 0.05), -1);
  EXPECT_EQ(gi_bin(1.0, 0.0999), 1);
  EXPECT_EQ(gi_bin(1.0, 0.1), 0);
  EXPECT_EQ(gi_bin(NAN, NAN), 0);
  EXPECT_EQ(hotspot_class(3.0, 0.001), HotspotClass::hot99);
  EXPECT_EQ(hotspot_class(-1.7, 0.08), HotspotClass::cold90);
  EXPECT_STREQ(to_string(HotspotClass::hot99), "hot_99");
  for (HotspotClass c : {HotspotClass::hot99, HotspotClass::hot95, HotspotClass::hot90,
                         HotspotClass::not_significant, HotspotClass::cold90, HotspotClass::cold95,
                         HotspotClass::cold99})
    EXPECT_EQ(hotspot_class_from_string(to_string(c)), c);
  EXPECT_STREQ(to_string(HotspotClass::cold95), "cold_95");
  EXPECT_STREQ(label(HotspotClass::not_significant), "Not significant");
  EXPECT_THROW(hotspot_class_from_string("warm"), Error);
  // FDR can only demote a class, never promote it.
  const std::vector<double> z = {3, 2.5, -2.2, 1.8, -3.5};
  const std::vector<double> p = {0.002, 0.012, 0.028, 0.07, 0.0004};
  const auto raw = hotspot_classes(z, p, Correction::none);
  const auto fdr = hotspot_classes(z, p, Correction::fdr_bh);
  for (size_t i = 0; i < z.size(); ++i)
    EXPECT_LE(std::abs(to_bin(fdr[i])), std::abs(to_bin(raw[i])));
}

}  // namespace
}  // namespace brandpunt::stats
