// Space-time Local Moran and ArcGIS's Local Outlier Analysis categories.
#include "time/local_outlier.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../stats/oracle_support.hpp"
#include "core/error.hpp"
#include "stats/local_moran.hpp"
#include "weights/weights.hpp"

namespace bt = brandpunt::time;
namespace bs = brandpunt::stats;
using brandpunt::weights::Weights;

namespace {

Weights rook_grid(size_t side) {
  std::vector<std::vector<uint32_t>> lists(side * side);
  for (size_t r = 0; r < side; ++r)
    for (size_t c = 0; c < side; ++c) {
      const auto id = static_cast<uint32_t>(r * side + c);
      if (r > 0) lists[id].push_back(id - static_cast<uint32_t>(side));
      if (r + 1 < side) lists[id].push_back(id + static_cast<uint32_t>(side));
      if (c > 0) lists[id].push_back(id - 1);
      if (c + 1 < side) lists[id].push_back(id + 1);
    }
  return brandpunt::weights::from_lists(lists, "rook");
}

}  // namespace

TEST(LocalOutlier, one_step_without_lags_is_spdep_localmoran_on_columbus) {
  BP_LOAD_ORACLE(oracle, "columbus.json");
  const std::vector<double> x = bs::testing::doubles(oracle["input"]["x"]);
  for (const char* set : {"queen", "rook", "knn4", "dband_0.9"}) {
    SCOPED_TRACE(set);
    const Weights w = bs::testing::make_weights(oracle["weights"][set]["neighbours"], "B", false);
    const bt::SpaceTimeMoran m = bt::space_time_local_moran(w, x, x.size(), 1, 0, true);
    const auto& want = oracle["results"][set]["B"]["local_moran"];
    const std::vector<double> z = bs::testing::doubles(want["conditional"]["Z_Ii"]);
    const std::vector<double> ii = bs::testing::doubles(want["Ii"]);
    const std::vector<double> p = bs::testing::doubles(want["conditional"]["p_two_sided"]);
    const auto quadrant = want["quadrant"].get<std::vector<std::string>>();
    ASSERT_EQ(m.z.size(), z.size());
    for (size_t i = 0; i < z.size(); ++i) {
      EXPECT_TRUE(bs::testing::near_rel(m.z[i], z[i], 1e-10)) << i;
      EXPECT_TRUE(bs::testing::near_rel(m.I[i], ii[i], 1e-10)) << i;
      EXPECT_TRUE(bs::testing::near_rel(m.p[i], p[i], 1e-10)) << i;
      EXPECT_EQ(bs::to_string(static_cast<bs::Quadrant>(m.quadrant[i])), quadrant[i]) << i;
    }
    // The same as the engine's own Local Moran (which matches spdep in tests/stats).
    const bs::LocalMoran lm = bs::local_moran(w, x);
    for (size_t i = 0; i < z.size(); ++i) EXPECT_NEAR(m.z[i], lm.z[i], 1e-12) << i;
  }
}

TEST(LocalOutlier, a_busy_area_among_quiet_neighbours_is_only_a_high_low_outlier) {
  // 9 x 9 rook grid, 24 months. Cell 40 (the centre) has 40 a month among neighbours with
  // none; the rest 3 a month.
  const size_t side = 9, n = side * side, T = 24;
  const Weights w = rook_grid(side);
  bt::Cube cube;
  cube.n_locations = n;
  cube.n_steps = T;
  cube.counts.assign(n * T, 3);
  for (size_t t = 0; t < T; ++t) {
    cube.counts[40 * T + t] = 40;
    for (size_t nb : {31u, 39u, 41u, 49u}) cube.counts[nb * T + t] = 0;
  }
  // Each month on its own (the default): the busy cell is a hot outlier every month.
  const auto out = bt::local_outliers(w, cube, 0);
  ASSERT_EQ(out.size(), n);
  EXPECT_EQ(out[40].pattern, bt::OutlierPattern::only_high_low);
  EXPECT_STREQ(bt::to_string(out[40].pattern), "only_high_low_outlier");
  EXPECT_EQ(out[40].n_high_low, 24);
  EXPECT_EQ(out[40].final_type, static_cast<uint8_t>(bs::Quadrant::HL));
  EXPECT_EQ(out[40].n_steps, 24);
  EXPECT_EQ(out[31].pattern, bt::OutlierPattern::only_low_high);  // quiet beside the busy one
  EXPECT_EQ(out[0].pattern, bt::OutlierPattern::never_significant);
  // A high type needs its own count: with a minimum of 45 the busy cell is never "high".
  bt::OutlierOptions strict;
  strict.min_high_count = 45;
  const auto s = bt::local_outliers(w, cube, 0, strict);
  EXPECT_EQ(s[40].n_high_low, 0);
  EXPECT_EQ(s[40].pattern, bt::OutlierPattern::never_significant);
  EXPECT_EQ(s[31].pattern, bt::OutlierPattern::only_low_high);  // low types are not affected
  // Standardised over the whole cube with a time lag (ArcGIS's neighbourhood) the cell's own
  // previous month is a neighbour: it resembles its own past and hardly stands out, which is
  // why the focus lists take the months one at a time.
  bt::OutlierOptions pooled;
  pooled.per_step = false;
  const auto lagged = bt::local_outliers(w, cube, 1, pooled);
  EXPECT_LT(lagged[40].n_high_low, 2);
  EXPECT_THROW(bt::local_outliers(w, cube, 1), brandpunt::Error);  // per step needs no lag
}

TEST(LocalOutlier, a_busy_block_is_a_high_high_cluster_and_a_mixed_history_multiple_types) {
  // A 3 x 3 block of 12 a month in a corner of a 9 x 9 grid of 3 a month; in the last 6 months
  // the block's centre drops to 0 while its block stays busy: LH in those months.
  const size_t side = 9, n = side * side, T = 24;
  const Weights w = rook_grid(side);
  bt::Cube cube;
  cube.n_locations = n;
  cube.n_steps = T;
  cube.counts.assign(n * T, 3);
  for (size_t t = 0; t < T; ++t)
    for (size_t r = 0; r < 3; ++r)
      for (size_t c = 0; c < 3; ++c) cube.counts[(r * side + c) * T + t] = 12;
  for (size_t t = T - 6; t < T; ++t) cube.counts[10 * T + t] = 0;
  const auto out = bt::local_outliers(w, cube, 0);
  EXPECT_EQ(out[0].pattern, bt::OutlierPattern::only_high_high);  // a corner of the block
  EXPECT_GT(out[0].n_high_high, 12);
  EXPECT_EQ(out[10].pattern, bt::OutlierPattern::multiple_types);
  EXPECT_GT(out[10].n_low_high, 0);
  EXPECT_GT(out[10].n_high_high, 0);
  EXPECT_EQ(out[10].final_type, static_cast<uint8_t>(bs::Quadrant::LH));
  EXPECT_EQ(out[80].pattern, bt::OutlierPattern::never_significant);
}

TEST(LocalOutlier, results_do_not_depend_on_threads_and_bad_input_is_refused) {
  const size_t side = 30, n = side * side, T = 12;
  const Weights w = rook_grid(side);
  bt::Cube cube;
  cube.n_locations = n;
  cube.n_steps = T;
  uint64_t state = 7;
  for (size_t k = 0; k < n * T; ++k) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    cube.counts.push_back(static_cast<uint32_t>(state >> 60));
  }
  bt::OutlierOptions one, many;
  many.threads = 3;
  const std::vector<double> x(cube.counts.begin(), cube.counts.end());
  for (bool per_step : {true, false}) {
    const int lags = per_step ? 0 : 2;
    const auto a = bt::space_time_local_moran(w, x, n, T, lags, per_step, 1);
    const auto b = bt::space_time_local_moran(w, x, n, T, lags, per_step, 3);
    EXPECT_EQ(a.z, b.z);
    EXPECT_EQ(a.quadrant, b.quadrant);
  }
  const auto la = bt::local_outliers(w, cube, 0, one), lb = bt::local_outliers(w, cube, 0, many);
  for (size_t i = 0; i < n; ++i) EXPECT_EQ(la[i].pattern, lb[i].pattern) << i;
  EXPECT_THROW(bt::space_time_local_moran(w, x, n, T, -1, false), brandpunt::Error);
  EXPECT_THROW(bt::space_time_local_moran(w, x, n - 1, T, 0, true), brandpunt::Error);
  // A constant cube has nothing to say.
  const std::vector<double> flat(n * T, 3.0);
  for (bool per_step : {true, false}) {
    const auto f = bt::space_time_local_moran(w, flat, n, T, 0, per_step);
    for (double v : f.z) EXPECT_EQ(v, 0.0);
  }
}
