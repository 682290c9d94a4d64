// Incremental spatial autocorrelation on synthetic lattices with a known clustering scale.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/error.hpp"
#include "density/incremental.hpp"
#include "stats/global_moran.hpp"
#include "weights/distance_band.hpp"

namespace bd = brandpunt::density;
using brandpunt::XY;

namespace {

// 24 × 24 lattice of 100 m cells; value = checkerboard of b×b-cell blocks (±1) plus noise.
void field(int block, double noise_sd, std::vector<XY>& c, std::vector<double>& v) {
  std::mt19937_64 rng(31337);
  std::normal_distribution<double> noise(0, noise_sd);
  c.clear();
  v.clear();
  for (int iy = 0; iy < 24; ++iy)
    for (int ix = 0; ix < 24; ++ix) {
      c.push_back({ix * 100.0 + 50, iy * 100.0 + 50});
      v.push_back(((ix / block + iy / block) % 2 ? 1.0 : -1.0) + noise(rng));
    }
}

}  // namespace

TEST(IncrementalAutocorrelation, finds_the_scale_of_clustering_blocks) {
  std::vector<XY> c;
  std::vector<double> v;
  field(6, 1.5, c, v);  // 600 m blocks under heavy noise
  const bd::IsaDefaults d = bd::isa_defaults(c);
  EXPECT_NEAR(d.start_m, 100, 1e-9);  // lattice spacing: every cell has 4 neighbours at 100 m
  EXPECT_NEAR(d.step_m, 100, 1e-9);
  EXPECT_EQ(d.n_steps, 10);
  const bd::IsaResult r = bd::incremental_autocorrelation(c, v, 100, 100, 8);
  ASSERT_EQ(r.z.size(), 8u);
  EXPECT_DOUBLE_EQ(r.distances_m[7], 800);
  // Larger bands average more same-block neighbours until they reach across blocks: z rises,
  // then falls, with the first peak between a quarter and the whole block size.
  EXPECT_TRUE(r.found_peak);
  EXPECT_GE(r.peak_distance_m, 150);
  EXPECT_LE(r.peak_distance_m, 600);
  EXPECT_LT(r.z.back(), 0);  // bands wider than a block mix opposite blocks
  size_t k = static_cast<size_t>(std::lround(r.peak_distance_m / 100)) - 1;
  EXPECT_GT(r.z[k], r.z[k - 1]);
  EXPECT_GT(r.z[k], r.z[k + 1]);
  for (size_t j = 1; j < k; ++j) EXPECT_FALSE(r.z[j] > r.z[j - 1] && r.z[j] > r.z[j + 1]) << j;
  // Each z is global Moran's randomisation z on the row-standardised band.
  const auto w = brandpunt::weights::row_standardised(brandpunt::weights::distance_band(c, 300));
  EXPECT_DOUBLE_EQ(r.z[2], brandpunt::stats::global_moran(w, v).z_rand);
}

TEST(IncrementalAutocorrelation, reports_no_peak_when_z_only_rises) {
  // A smooth east-west trend: every larger band still compares like with like, so z keeps
  // rising and the largest z is at the last distance.
  std::vector<XY> c;
  std::vector<double> v;
  field(6, 0.0, c, v);
  for (size_t i = 0; i < c.size(); ++i) v[i] = c[i].x / 100 + 0.01 * static_cast<double>(i % 7);
  const bd::IsaResult r = bd::incremental_autocorrelation(c, v, 100, 100, 4);
  for (size_t k = 1; k < r.z.size(); ++k) EXPECT_GT(r.z[k], r.z[k - 1]);
  EXPECT_FALSE(r.found_peak);
  EXPECT_DOUBLE_EQ(r.peak_distance_m, 400);
}

TEST(IncrementalAutocorrelation, rejects_bad_arguments) {
  const std::vector<XY> c{{0, 0}, {1, 0}, {0, 1}, {1, 1}, {2, 2}};
  const std::vector<double> v{1, 2, 3, 4, 5};
  EXPECT_THROW(bd::incremental_autocorrelation(c, std::span<const double>(v).first(3), 1, 1, 3),
               brandpunt::Error);
  EXPECT_THROW(bd::incremental_autocorrelation(c, v, 0, 1, 3), brandpunt::Error);
  EXPECT_THROW(bd::incremental_autocorrelation(c, v, 1, 1, 0), brandpunt::Error);
  EXPECT_THROW(bd::isa_defaults(std::span<const XY>(c).first(1)), brandpunt::Error);
}
