// Conditional permutation inference: determinism, agreement with the analytic moments, null
// behaviour, ties.
#include "stats/permutation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "oracle_support.hpp"
#include "stats/getis_ord.hpp"
#include "stats/local_moran.hpp"
#include "stats/rng.hpp"

namespace brandpunt::stats {
namespace {

template <class T>
bool same_bytes(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

bool same_bytes(const PermutationResult& a, const PermutationResult& b) {
  return same_bytes(a.statistic, b.statistic) && same_bytes(a.E_sim, b.E_sim) &&
         same_bytes(a.V_sim, b.V_sim) && same_bytes(a.z_sim, b.z_sim) &&
         same_bytes(a.p_z_sim, b.p_z_sim) && same_bytes(a.p_sim, b.p_sim) &&
         same_bytes(a.p_sim_two_sided, b.p_sim_two_sided) && same_bytes(a.p_rank, b.p_rank) &&
         same_bytes(a.n_ge, b.n_ge) && same_bytes(a.n_le, b.n_le) && a.warnings == b.warnings;
}

// Rook grid of nx x ny cells, row-major.
weights::Weights grid(uint32_t nx, uint32_t ny) {
  std::vector<std::vector<uint32_t>> lists(static_cast<size_t>(nx) * ny);
  for (uint32_t y = 0; y < ny; ++y)
    for (uint32_t x = 0; x < nx; ++x) {
      auto& l = lists[y * nx + x];
      if (y > 0) l.push_back((y - 1) * nx + x);
      if (x > 0) l.push_back(y * nx + x - 1);
      if (x + 1 < nx) l.push_back(y * nx + x + 1);
      if (y + 1 < ny) l.push_back((y + 1) * nx + x);
    }
  return weights::from_lists(lists, "rook");
}

// iid standard normal field (Box-Muller on our own generator), fixed seed.
std::vector<double> normal_field(size_t n, uint64_t seed) {
  AreaRng rng(seed, 0);
  std::vector<double> out(n);
  for (size_t i = 0; i < n; ++i) {
    const double u1 = (static_cast<double>(rng.next64() >> 11) + 1.0) * 0x1.0p-53;
    const double u2 = static_cast<double>(rng.next64() >> 11) * 0x1.0p-53;
    out[i] = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
  }
  return out;
}

TEST(Permutation, one_and_four_threads_give_identical_bytes) {
  BP_LOAD_ORACLE(oracle, "columbus.json");
  const auto x = testing::doubles(oracle["input"]["x"]);
  for (const char* set : {"queen", "knn8", "dband_0.9"}) {
    const auto& nb = oracle["weights"][set]["neighbours"];
    for (bool replace : {false, true}) {
      PermutationOptions one{199, 42, 1, replace}, four{199, 42, 4, replace};
      const weights::Weights gi = testing::make_weights(nb, "W", false);
      const weights::Weights gs = testing::make_weights(nb, "B", true);
      EXPECT_TRUE(same_bytes(local_g_perm(gi, x, one), local_g_perm(gi, x, four))) << set;
      EXPECT_TRUE(same_bytes(local_g_perm(gs, x, one), local_g_perm(gs, x, four))) << set;
      EXPECT_TRUE(same_bytes(local_moran_perm(gi, x, one), local_moran_perm(gi, x, four))) << set;
    }
  }
  // Large enough for many chunks per thread.
  const weights::Weights w = grid(60, 50);
  const auto f = normal_field(w.n, 3);
  EXPECT_TRUE(
      same_bytes(local_g_perm(w, f, {49, 9, 1, false}), local_g_perm(w, f, {49, 9, 3, false})));
}

TEST(Permutation, seed_changes_draws_but_not_the_observed_statistic) {
  BP_LOAD_ORACLE(oracle, "columbus.json");
  const auto x = testing::doubles(oracle["input"]["x"]);
  const weights::Weights w =
      testing::make_weights(oracle["weights"]["queen"]["neighbours"], "W", false);
  const auto a = local_moran_perm(w, x, {99, 1, 2, false});
  const auto b = local_moran_perm(w, x, {99, 2, 2, false});
  EXPECT_FALSE(same_bytes(a.E_sim, b.E_sim));
  EXPECT_TRUE(same_bytes(a.statistic, b.statistic));
  const LocalMoran lm = local_moran(w, x);
  for (size_t i = 0; i < x.size(); ++i)
    EXPECT_NEAR(a.statistic[i], lm.I[i], 1e-12 * std::fabs(lm.I[i]) + 1e-15);
}

// Sampling k of the n-1 other values without replacement has exactly the Ord-Getis Gi moments
// and the conditional local Moran moments, so the permutation moments must converge to them.
TEST(Permutation, moments_converge_to_analytic_conditional_moments) {
  BP_LOAD_ORACLE(oracle, "columbus.json");
  const auto x = testing::doubles(oracle["input"]["x"]);
  const unsigned nsim = 20000;
  for (const char* set : {"queen", "knn4"}) {
    const weights::Weights w =
        testing::make_weights(oracle["weights"][set]["neighbours"], "W", false);
    const LocalG g = local_g(w, x);
    const auto pg = local_g_perm(w, x, {nsim, 5, 0, false});
    const LocalMoran lm = local_moran(w, x, MoranVariance::conditional);
    const auto pm = local_moran_perm(w, x, {nsim, 5, 0, false});
    for (size_t i = 0; i < x.size(); ++i) {
      EXPECT_NEAR(pg.E_sim[i], g.EG[i], 5 * std::sqrt(g.VG[i] / nsim)) << set << i;
      EXPECT_NEAR(pg.V_sim[i] / g.VG[i], 1.0, 0.08) << set << i;
      EXPECT_NEAR(pm.E_sim[i], lm.E[i], 5 * std::sqrt(lm.V[i] / nsim)) << set << i;
      EXPECT_NEAR(pm.V_sim[i] / lm.V[i], 1.0, 0.08) << set << i;
      EXPECT_NEAR(pg.z_sim[i], g.z[i], 0.1 + 0.05 * std::fabs(g.z[i])) << set << i;
    }
  }
}

TEST(Permutation, pseudo_p_under_a_null_random_field_has_nominal_size) {
  const weights::Weights w = grid(40, 40);
  const auto f = normal_field(w.n, 2024);
  const unsigned nsim = 199;
  for (int which = 0; which < 2; ++which) {
    const auto r = which == 0 ? local_g_perm(w, f, {nsim, 77, 0, false})
                              : local_moran_perm(w, f, {nsim, 77, 0, false});
    double folded = 0, rank = 0, folded2 = 0;
    for (size_t i = 0; i < w.n; ++i) {
      folded += r.p_sim[i] < 0.05;
      folded2 += r.p_sim_two_sided[i] < 0.05;
      rank += r.p_rank[i] <= 0.05;
      // No ties in a continuous field: the folded p is exactly spdep's/esda's.
      ASSERT_EQ(r.n_ge[i] + r.n_le[i], nsim);
      EXPECT_EQ(r.p_sim[i], (std::min(r.n_ge[i], nsim - r.n_ge[i]) + 1.0) / (nsim + 1));
    }
    folded /= static_cast<double>(w.n);
    rank /= static_cast<double>(w.n);
    folded2 /= static_cast<double>(w.n);
    // p_sim is the one-tailed p in the observed direction: P(p_sim < 0.05) = 18/200 under H0.
    EXPECT_NEAR(folded, 0.09, 0.025) << which;
    // p_rank is two-sided: P(p_rank <= 0.05) = 10/200.
    EXPECT_NEAR(rank, 0.05, 0.02) << which;
    // Doubled folded p: P(2 p_sim < 0.05) = 8/200.
    EXPECT_NEAR(folded2, 0.04, 0.02) << which;
  }
}

TEST(Permutation, ties_count_in_both_tails) {
  // Counts with many repeats: 0/1/2 incidents per area.
  const weights::Weights w = grid(12, 10);
  std::vector<double> counts(w.n);
  for (size_t i = 0; i < w.n; ++i)
    counts[i] = static_cast<double>((i * 7 + i / 5) % 3 == 0 ? (i % 2) + 1 : 0);
  const unsigned nsim = 99;
  const auto r = local_g_perm(weights::with_self(w), counts, {nsim, 3, 2, false});
  size_t tied = 0;
  for (size_t i = 0; i < w.n; ++i) {
    const double spdep_p = (std::min(r.n_ge[i], nsim - r.n_ge[i]) + 1.0) / (nsim + 1);
    EXPECT_GE(r.p_sim[i], spdep_p);
    if (r.n_ge[i] + r.n_le[i] > nsim) ++tied;
    EXPECT_LE(r.p_sim[i], 1.0);
  }
  EXPECT_GT(tied, 0u);
  bool warned = false;
  for (const auto& msg : r.warnings) warned |= msg.find("ties") != std::string::npos;
  EXPECT_TRUE(warned);
}

TEST(Permutation, dense_neighbourhoods_use_the_shuffle_path_correctly) {
  // Every area neighbours every other: each draw is the full set of others, so the Gi lag
  // never changes and every draw ties.
  std::vector<std::vector<uint32_t>> lists(6);
  for (uint32_t i = 0; i < 6; ++i)
    for (uint32_t j = 0; j < 6; ++j)
      if (i != j) lists[i].push_back(j);
  const std::vector<double> x = {1, 5, 2, 8, 3, 4};
  const auto r = local_g_perm(weights::from_lists(lists), x, {50, 1, 1, false});
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(r.n_ge[i], 50u);
    EXPECT_EQ(r.n_le[i], 50u);
    EXPECT_EQ(r.p_sim[i], 1.0);
  }
  // Half the areas as neighbours (k = 20 of 39 others): Fisher-Yates path, moments still right.
  std::vector<std::vector<uint32_t>> half(40);
  for (uint32_t i = 0; i < 40; ++i)
    for (uint32_t d = 1; d <= 10; ++d) {
      half[i].push_back((i + d) % 40);
      half[i].push_back((i + 40 - d) % 40);
    }
  const weights::Weights wh = weights::from_lists(half);
  const auto f = normal_field(40, 8);
  const LocalG g = local_g(wh, f);
  const auto p = local_g_perm(wh, f, {20000, 4, 0, false});
  for (size_t i = 0; i < 40; ++i) EXPECT_NEAR(p.V_sim[i] / g.VG[i], 1.0, 0.08) << i;
}

TEST(Permutation, block_path_gives_the_same_bytes_as_the_portable_draw_by_draw_path) {
  // Neighbourhoods of every size 1..8 (the block path's range) and 9..12 (portable path), on
  // 40 areas (repeats are frequent: many replays) and on 3,000 (Lemire's low-word check fires
  // now and then); Gi, Gi*, row-standardised Gi and local Moran; with and without replacement.
  for (uint32_t n : {40u, 3000u}) {
    std::vector<std::vector<uint32_t>> lists(n);
    AreaRng pick(77, n);
    for (uint32_t i = 0; i < n; ++i) {
      const uint32_t k = 1 + i % 12;
      while (lists[i].size() < k) {
        const uint32_t j = pick.below(n);
        if (j != i && std::find(lists[i].begin(), lists[i].end(), j) == lists[i].end())
          lists[i].push_back(j);
      }
    }
    const weights::Weights b = weights::from_lists(lists);
    const weights::Weights w = weights::row_standardised(b);
    const weights::Weights star = weights::with_self(b);
    std::vector<double> x = normal_field(n, 21);
    for (size_t i = 0; i < n; i += 7) x[i] = std::round(x[i]);  // some ties
    for (bool replace : {false, true}) {
      PermutationOptions fast{n == 40 ? 999u : 199u, 5, 2, replace};
      PermutationOptions portable = fast;
      portable.portable = true;
      portable.threads = 1;
      EXPECT_TRUE(same_bytes(local_g_perm(b, x, fast), local_g_perm(b, x, portable))) << n;
      EXPECT_TRUE(same_bytes(local_g_perm(w, x, fast), local_g_perm(w, x, portable))) << n;
      EXPECT_TRUE(same_bytes(local_g_perm(star, x, fast), local_g_perm(star, x, portable))) << n;
      EXPECT_TRUE(same_bytes(local_moran_perm(w, x, fast), local_moran_perm(w, x, portable)))
          << n;
    }
  }
}

TEST(Rng, fill32_continues_the_next32_stream) {
  AreaRng a(9, 4), b(9, 4);
  std::vector<uint32_t> block(7);
  (void)a.next32();  // leaves half an output pending
  a.fill32(block.data(), block.size());
  (void)b.next32();
  for (uint32_t v : block) EXPECT_EQ(v, b.next32());
  a.fill32(block.data(), 4);
  for (size_t t = 0; t < 4; ++t) EXPECT_EQ(block[t], b.next32());
  EXPECT_EQ(a.next32(), b.next32());
}

}  // namespace
}  // namespace brandpunt::stats
