// A field with no spatial structure: Gi* on independent Poisson counts over a queen grid gives
// about the nominal share of p < 0.05 before correction, and after Benjamini-Hochberg almost no
// field has any discovery (under the complete null, BH controls the chance of any at q).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "stats/getis_ord.hpp"
#include "stats/multiple_testing.hpp"
#include "weights/contiguity.hpp"
#include "weights/weights.hpp"

using namespace brandpunt;

namespace {

std::vector<MultiPolygon> grid(int n) {
  std::vector<MultiPolygon> cells;
  for (int r = 0; r < n; ++r)
    for (int c = 0; c < n; ++c) {
      const double x = c * 100.0, y = r * 100.0;
      cells.push_back({Polygon{{{x, y}, {x + 100, y}, {x + 100, y + 100}, {x, y + 100}, {x, y}}, {}}});
    }
  return cells;
}

// Poisson draw by inversion (the standard library's distribution is implementation-defined).
int poisson(std::mt19937_64& rng, double lambda) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  double p = std::exp(-lambda), s = p, x = u(rng);
  int k = 0;
  while (x > s && k < 1000) {
    ++k;
    p *= lambda / k;
    s += p;
  }
  return k;
}

}  // namespace

TEST(NullField, gi_star_false_positive_shares_are_nominal_before_and_controlled_after_fdr) {
  const weights::Weights w = weights::with_self(weights::contiguity(grid(20), {weights::Contiguity::queen, 1e-6}));
  std::mt19937_64 rng(20261122);  // fixed seed
  const int fields = 200;
  int64_t tests = 0, raw_positive = 0, fields_with_fdr_discovery = 0, fdr_positive = 0;
  for (int f = 0; f < fields; ++f) {
    std::vector<double> x(w.n);
    for (auto& v : x) v = poisson(rng, 20.0);
    const stats::LocalG g = stats::local_g(w, x);
    const std::vector<double> adj = stats::p_adjust_bh(g.p);
    int discoveries = 0;
    for (size_t i = 0; i < w.n; ++i) {
      ++tests;
      raw_positive += g.p[i] < 0.05;
      discoveries += adj[i] < 0.05;
    }
    fdr_positive += discoveries;
    fields_with_fdr_discovery += discoveries > 0;
  }
  const double raw_share = static_cast<double>(raw_positive) / static_cast<double>(tests);
  // Neighbouring Gi* are correlated, but each is marginally N(0,1): about 5 % below 0.05.
  EXPECT_GT(raw_share, 0.035);
  EXPECT_LT(raw_share, 0.065);
  // BH at q = 0.05 under the complete null: at most ~5 % of fields show any hot or cold spot.
  EXPECT_LE(fields_with_fdr_discovery, fields * 0.10);
  EXPECT_LT(static_cast<double>(fdr_positive) / static_cast<double>(tests), 0.005);
}
