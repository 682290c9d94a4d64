// Empirical Bayes rates against spdep 1.2-7 EBest / EBlocal.
//
// Reference values made with R 4.2.2 + spdep 1.2-7 (Debian 12) on the oracle's Columbus data:
//   events <- round(CRIME); pop <- 50 + ((1:49) * 37) %% 400
//   EBest(events, pop)$estmm; EBlocal(events, pop, queen_nb)$est; EBlocal(..., geoda = TRUE)$est
// with queen_nb the oracle's queen lists (1-based in R).
#include "stats/smoothing.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "oracle_support.hpp"

namespace brandpunt::stats {
namespace {

const std::vector<double> kEbGlobal = {
    0.1800356143954057742, 0.1527163756645122106, 0.1898436305300554849, 0.1608838123848390089,
    0.2141337996852559766, 0.0973939267289423288, 0.0045984974449465310, 0.1108562397875616778,
    0.0826091079881078882, 0.0824776326438788066, 0.9469895818707319002, 0.5620760257021507611,
    0.3436895128177702707, 0.3284299033115192779, 0.2347087182644852221, 0.2240578764054712846,
    0.1330947474084206716, 0.1394609086674949150, 0.1555480396535067478, 0.0036673477038594027,
    0.0948858967697653877, 0.4791560123388661774, 0.1933620838469304326, 0.2666334033443387153,
    0.3376234656941589640, 0.1912758221847429829, 0.2102813012980829233, 0.1975105045513321222,
    0.1875774942714788229, 0.1904412135520769933, 0.0478281734687515253, 0.0460948217283548289,
    0.5364989135400385356, 0.2157860023773844338, 0.2610442201273353580, 0.0805490632258653166,
    0.1897959028977650175, 0.2085071131150808277, 0.0675434887420150870, 0.0513705782792502202,
    0.0542863103692326487, 0.0421888357909467604, 0.0852889722696054120, 0.3120550716465475549,
    0.2436975746814621369, 0.1139799978313923018, 0.1480607352760489603, 0.1206128330703888363,
    0.0896162673984543523};
const std::vector<double> kEbLocal = {
    0.1774193548387096864, 0.1719298245614035159, 0.1850931677018633481, 0.1614161951986297916,
    0.2156561168498719316, 0.1011429843151432778, 0.0035460132620774576, 0.1110137804306171733,
    0.0832941285877855792, 0.0810915572946534352, 1.0129602267811546046, 0.5899601585557632255,
    0.3515231614454574216, 0.3315377593145022450, 0.2387572041997970407, 0.2292710200854795322,
    0.1302617431754750088, 0.1461485273660477202, 0.1594753913464558304, 0.0027007125770965035,
    0.0988642457683392845, 0.4549726720052545970, 0.1856920300294123694, 0.2516601589763570734,
    0.3047712549567406226, 0.1942706890540259468, 0.2118919732351434992, 0.2016679034817419058,
    0.1947224401067944866, 0.1914012059128959997, 0.0475573884588435108, 0.0438241775669486536,
    0.5421238957846459261, 0.1975397503997018966, 0.2601079119130704775, 0.0758607116181484881,
    0.1876489734253699304, 0.2071021149188161659, 0.0655453554904167901, 0.0491809029009068338,
    0.0536511422555924350, 0.0413785759272868522, 0.0888324577667523457, 0.2917006424357467820,
    0.2280472580280071548, 0.0797448165869218545, 0.1294530303599226995, 0.1199479247051183362,
    0.0922374881711263556};
const std::vector<double> kEbLocalGeoda = {
    0.1774193548387096864, 0.1719298245614035159, 0.1850931677018633481, 0.1611999461352255358,
    0.2159284268086782976, 0.0990091592641717255, 0.0033188699245282616, 0.1108794445576502807,
    0.0824835313716507784, 0.0811053020873121616, 1.0159523150992804119, 0.5912270036134973372,
    0.3519771358175720621, 0.3319794382461918048, 0.2387976186387383293, 0.2294954428383114142,
    0.1287043660837510484, 0.1480924598242333579, 0.1600049576795780637, 0.0021902041102304509,
    0.1005276701439285075, 0.4695602253441282237, 0.1792280138967757841, 0.2520344348243053201,
    0.3141579002066890447, 0.1942647961337692908, 0.2119996188404243975, 0.2032406452077949455,
    0.1975224609034821888, 0.1914517082680471383, 0.0476050971788931840, 0.0438796369133720651,
    0.5505880499162427721, 0.1838501512546311112, 0.2617754839118370813, 0.0758246399863859999,
    0.1867182016081355145, 0.2059265740926392307, 0.0656049104001546479, 0.0491441955999302044,
    0.0531983004651266148, 0.0414660793497594743, 0.0901941517553244837, 0.2864184795109822046,
    0.2150623850755087885, 0.0797448165869218545, 0.1315573586244193627, 0.1201582139754548140,
    0.0929446712021162608};

struct Case {
  std::vector<double> events, pop;
  weights::Weights queen;
};

std::optional<Case> columbus_case() {
  auto oracle = testing::load_oracle("columbus.json");
  if (!oracle) return std::nullopt;
  Case c;
  const auto x = testing::doubles((*oracle)["input"]["x"]);
  for (size_t i = 0; i < x.size(); ++i) {
    c.events.push_back(std::nearbyint(x[i]));
    c.pop.push_back(50.0 + static_cast<double>(((i + 1) * 37) % 400));
  }
  c.queen = testing::make_weights((*oracle)["weights"]["queen"]["neighbours"], "B", false);
  return c;
}

void expect_near_all(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_TRUE(testing::near_rel(got[i], want[i], 1e-12)) << i;
}

TEST(EmpiricalBayes, global_matches_spdep_ebest) {
  const auto c = columbus_case();
  if (!c) GTEST_SKIP() << "oracle columbus.json not found under " BRANDPUNT_SHARED_DIR;
  const EbRates r = eb_global_rates(c->events, c->pop);
  expect_near_all(r.estimate, kEbGlobal);
  EXPECT_NEAR(r.prior_var[0], 0.014612319587555652, 1e-15);
  EXPECT_NEAR(r.prior_mean[0], 0.146411889596602979, 1e-15);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(EmpiricalBayes, local_matches_spdep_eblocal_both_variants) {
  const auto c = columbus_case();
  if (!c) GTEST_SKIP() << "oracle columbus.json not found under " BRANDPUNT_SHARED_DIR;
  expect_near_all(eb_local(c->queen, c->events, c->pop), kEbLocal);
  expect_near_all(eb_local(c->queen, c->events, c->pop, EbLocalVariant::geoda), kEbLocalGeoda);
  // The self may already be in the lists (with_self): same result.
  expect_near_all(eb_local(weights::with_self(c->queen), c->events, c->pop), kEbLocal);
}

TEST(EmpiricalBayes, small_population_is_shrunk_more) {
  // Same raw rate 0.5, prior pulls the 2-inhabitant area much closer to the global mean.
  const std::vector<double> events = {1, 50, 10, 10, 10}, pop = {2, 100, 100, 100, 100};
  const auto est = eb_global(events, pop);
  const double b = 81.0 / 402.0;
  EXPECT_LT(std::fabs(est[0] - b), std::fabs(est[1] - b));
  EXPECT_LT(std::fabs(est[0] - b), 0.5 - b);
}

TEST(EmpiricalBayes, zero_population_gets_prior_mean_and_warning) {
  const std::vector<double> events = {3, 5, 0, 7}, pop = {100, 200, 0, 300};
  const EbRates r = eb_global_rates(events, pop);
  EXPECT_TRUE(std::isnan(r.raw[2]));
  EXPECT_DOUBLE_EQ(r.estimate[2], 15.0 / 600.0);  // b without the unpopulated area
  ASSERT_EQ(r.warnings.size(), 1u);
  // Leaving the area out gives the same estimates for the others.
  const auto rest = eb_global(std::vector<double>{3, 5, 7}, std::vector<double>{100, 200, 300});
  EXPECT_DOUBLE_EQ(r.estimate[0], rest[0]);
  EXPECT_DOUBLE_EQ(r.estimate[3], rest[2]);
  // Local: a neighbourhood without population falls back to the global estimate.
  const weights::Weights w = weights::from_lists({{1}, {0}, {}, {}});
  const EbRates l =
      eb_local_rates(w, std::vector<double>{1, 2, 4, 0}, std::vector<double>{10, 20, 0, 50});
  EXPECT_DOUBLE_EQ(l.estimate[2], eb_global(std::vector<double>{1, 2, 4, 0},
                                            std::vector<double>{10, 20, 0, 50})[2]);
  EXPECT_FALSE(l.warnings.empty());
}

TEST(EmpiricalBayes, all_zero_counts_give_zero_rates) {
  const std::vector<double> events(5, 0.0), pop = {10, 20, 30, 40, 50};
  for (double v : eb_global(events, pop)) EXPECT_EQ(v, 0.0);
  const weights::Weights w = weights::from_lists({{1}, {0, 2}, {1, 3}, {2, 4}, {3}});
  for (double v : eb_local(w, events, pop)) EXPECT_EQ(v, 0.0);
}

TEST(EmpiricalBayes, rejects_negative_or_nan_input) {
  EXPECT_THROW(eb_global(std::vector<double>{1, -1}, std::vector<double>{1, 1}), Error);
  EXPECT_THROW(eb_global(std::vector<double>{1, 1}, std::vector<double>{NAN, 1}), Error);
  EXPECT_THROW(eb_global(std::vector<double>{1}, std::vector<double>{1, 1}), Error);
}

}  // namespace
}  // namespace brandpunt::stats
