// Binned kernel density: the lattice convolution against kde()'s exact direct sum over the cell
// centres (weights = counts), the binning error against the exact KDE of the points, and the
// determinism and input checks.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <random>
#include <span>
#include <vector>

#include "core/error.hpp"
#include "density/binned_kde.hpp"
#include "density/kde.hpp"

namespace bd = brandpunt::density;
using brandpunt::Envelope;

namespace {

// A count lattice with mostly empty cells, some small integer counts, a few large and
// fractional ones (as noisy private counts after clamping), so rows and blocks get skipped.
bd::Raster random_counts(size_t nx, size_t ny, double cell, uint32_t seed) {
  bd::Raster r;
  r.nx = nx;
  r.ny = ny;
  r.cell_m = cell;
  r.origin_x = 1000 * cell;  // lattice anchored away from 0, like a CRS-anchored grid
  r.origin_y = -37 * cell;
  r.values.assign(nx * ny, 0.0);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  for (double& v : r.values) {
    const double t = u(rng);
    if (t < 0.55) continue;
    v = t < 0.95 ? std::floor(1 + 6 * u(rng)) : 40 * u(rng);
  }
  // One empty band of rows and one empty band of columns.
  for (size_t iy = ny / 3; iy < ny / 3 + 4 && iy < ny; ++iy)
    for (size_t ix = 0; ix < nx; ++ix) r.values[iy * nx + ix] = 0;
  for (size_t iy = 0; iy < ny; ++iy)
    for (size_t ix = nx / 2; ix < nx / 2 + 30 && ix < nx; ++ix) r.values[iy * nx + ix] = 0;
  return r;
}

struct Centres {
  std::vector<double> x, y, w;
};

Centres centres_of(const bd::Raster& counts) {
  Centres c;
  for (size_t iy = 0; iy < counts.ny; ++iy)
    for (size_t ix = 0; ix < counts.nx; ++ix) {
      const double v = counts.at(ix, iy);
      if (v == 0) continue;
      const auto p = counts.cell_centre(ix, iy);
      c.x.push_back(p.x);
      c.y.push_back(p.y);
      c.w.push_back(v);
    }
  return c;
}

// kde()'s exact direct sum at the counts' own cell centres.
bd::Raster direct_at_centres(const bd::Raster& counts, bd::KdeOptions opt) {
  const Centres c = centres_of(counts);
  opt.cell_m = counts.cell_m;
  opt.method = bd::KdeMethod::exact;
  bd::Raster r = bd::kde(c.x, c.y, c.w, counts.envelope(), opt);
  EXPECT_EQ(r.nx, counts.nx);
  EXPECT_EQ(r.ny, counts.ny);
  EXPECT_NEAR(r.origin_x, counts.origin_x, 1e-9);
  return r;
}

// Σ of the counts within `reach` metres of each cell centre of the same lattice.
std::vector<double> mass_within(const bd::Raster& counts, double reach) {
  std::vector<double> m(counts.size(), 0.0);
  const auto r = static_cast<int64_t>(std::ceil(reach / counts.cell_m));
  const auto nx = static_cast<int64_t>(counts.nx), ny = static_cast<int64_t>(counts.ny);
  for (int64_t iy = 0; iy < ny; ++iy)
    for (int64_t ix = 0; ix < nx; ++ix)
      for (int64_t dy = -r; dy <= r; ++dy)
        for (int64_t dx = -r; dx <= r; ++dx) {
          const int64_t x = ix + dx, y = iy + dy;
          if (x < 0 || y < 0 || x >= nx || y >= ny) continue;
          if (std::hypot(static_cast<double>(dx), static_cast<double>(dy)) * counts.cell_m < reach)
            m[static_cast<size_t>(iy * nx + ix)] += counts.values[static_cast<size_t>(y * nx + x)];
        }
  return m;
}

bool same_bytes(const bd::Raster& a, const bd::Raster& b) {
  return a.values.size() == b.values.size() &&
         std::memcmp(a.values.data(), b.values.data(), a.values.size() * sizeof(double)) == 0;
}

}  // namespace

TEST(BinnedKde, gaussian_from_counts_equals_direct_sum_cell_by_cell) {
  // σ·4 / cell = 9.37 cells: no lattice offset lies exactly on the truncation radius.
  const bd::Raster counts = random_counts(83, 61, 10, 11);
  bd::KdeOptions opt;
  opt.kernel = bd::Kernel::gaussian;
  opt.bandwidth_m = 23.425;
  const bd::Raster fast = bd::kde_from_counts(counts, opt);
  const bd::Raster exact = direct_at_centres(counts, opt);
  size_t positive = 0;
  for (size_t k = 0; k < exact.size(); ++k) {
    ASSERT_NEAR(fast.values[k], exact.values[k], 1e-12 * exact.values[k]) << "cell " << k;
    positive += exact.values[k] > 0;
  }
  EXPECT_GT(positive, exact.size() / 2);
}

TEST(BinnedKde, quartic_from_counts_equals_direct_sum_within_the_documented_bound) {
  for (double h : {61.3, 250.0 / 3, 20.2}) {  // 6.13, 8.33 and 2.02 cells
    const bd::Raster counts = random_counts(70, 95, 10, 5);
    bd::KdeOptions opt;
    opt.bandwidth_m = h;
    const bd::Raster fast = bd::kde_from_counts(counts, opt);
    const bd::Raster exact = direct_at_centres(counts, opt);
    const auto mass = mass_within(counts, h);
    const double peak = 3.0 / (std::numbers::pi * h * h);
    size_t relative_checked = 0;
    for (size_t k = 0; k < exact.size(); ++k) {
      const double bound = 1e-13 * mass[k] * peak;
      ASSERT_NEAR(fast.values[k], exact.values[k], bound + 1e-12 * exact.values[k])
          << "h " << h << " cell " << k;
      ASSERT_GE(fast.values[k], 0.0);
      if (exact.values[k] >= 1e-4 * mass[k] * peak) {
        ++relative_checked;
        ASSERT_NEAR(fast.values[k], exact.values[k], 1e-9 * exact.values[k]);
      }
      if (mass[k] == 0) {
        ASSERT_EQ(fast.values[k], 0.0);
      }
    }
    EXPECT_GT(relative_checked, exact.size() / 2);
  }
}

TEST(BinnedKde, same_bytes_for_any_thread_count_and_cells_beyond_nothing_stay_zero) {
  const bd::Raster counts = random_counts(301, 257, 25, 3);
  for (auto kernel : {bd::Kernel::quartic, bd::Kernel::gaussian}) {
    bd::KdeOptions opt;
    opt.kernel = kernel;
    opt.bandwidth_m = kernel == bd::Kernel::quartic ? 260 : 70;
    opt.threads = 1;
    const bd::Raster one = bd::kde_from_counts(counts, opt);
    for (unsigned t : {2u, 3u, 7u}) {
      opt.threads = t;
      EXPECT_TRUE(same_bytes(one, bd::kde_from_counts(counts, opt))) << t << " threads";
    }
  }
  // A single count: the surface is its stencil, zero outside the support, symmetric.
  bd::Raster single = counts;
  std::fill(single.values.begin(), single.values.end(), 0.0);
  single.at(150, 128) = 3;
  bd::KdeOptions opt;
  opt.bandwidth_m = 260;  // 10.4 cells
  const bd::Raster f = bd::kde_from_counts(single, opt);
  const double peak = 3 * 3.0 / (std::numbers::pi * 260 * 260);
  EXPECT_DOUBLE_EQ(f.at(150, 128), peak);
  for (size_t iy = 0; iy < f.ny; ++iy)
    for (size_t ix = 0; ix < f.nx; ++ix) {
      const double di = static_cast<double>(ix) - 150, dj = static_cast<double>(iy) - 128;
      const double r2 = (di * di + dj * dj) * 25 * 25;
      if (r2 >= 260.0 * 260) {
        ASSERT_EQ(f.at(ix, iy), 0.0) << ix << "," << iy;
      } else {
        ASSERT_NEAR(f.at(ix, iy), peak * std::pow(1 - r2 / (260.0 * 260), 2), 1e-12 * peak);
      }
    }
}

TEST(BinnedKde, kde_binned_is_within_the_documented_binning_bound_of_the_exact_kde) {
  std::mt19937_64 rng(2718);
  std::uniform_real_distribution<double> u(-150, 1150), wt(0.5, 2);
  std::vector<double> x, y, w;
  for (int i = 0; i < 700; ++i) {
    x.push_back(u(rng));
    y.push_back(u(rng));
    w.push_back(wt(rng));
  }
  const Envelope ext{0, 0, 1000, 900};
  const double cell = 12.5;
  for (auto kernel : {bd::Kernel::quartic, bd::Kernel::gaussian}) {
    bd::KdeOptions opt;
    opt.kernel = kernel;
    opt.bandwidth_m = kernel == bd::Kernel::quartic ? 140 : 40;
    opt.cell_m = cell;
    const bd::Raster exact = bd::kde(x, y, w, ext, opt);
    opt.method = bd::KdeMethod::binned;
    const bd::Raster binned = bd::kde(x, y, w, ext, opt);
    ASSERT_EQ(binned.nx, exact.nx);
    ASSERT_EQ(binned.ny, exact.ny);
    const double h = opt.bandwidth_m;
    const double radius = kernel == bd::Kernel::quartic ? h : 4 * h;
    const double shift = cell / std::sqrt(2.0);
    double slope = 0, step = 0;
    if (kernel == bd::Kernel::quartic) {
      slope = 8 / (3 * std::sqrt(3.0)) * 3 / (std::numbers::pi * h * h) / h;
    } else {
      const double norm = 1 / (2 * std::numbers::pi * h * h);
      slope = std::exp(-0.5) * norm / h;
      step = std::exp(-8.0) * norm;
    }
    double worst = 0, peak = 0;
    for (size_t iy = 0; iy < exact.ny; ++iy)
      for (size_t ix = 0; ix < exact.nx; ++ix) {
        const auto c = exact.cell_centre(ix, iy);
        double reach_mass = 0;
        for (size_t i = 0; i < x.size(); ++i)
          if (std::hypot(c.x - x[i], c.y - y[i]) < radius + shift) reach_mass += w[i];
        const double d = std::abs(binned.at(ix, iy) - exact.at(ix, iy));
        ASSERT_LE(d, reach_mass * (slope * shift + step) * (1 + 1e-9) + 1e-18)
            << ix << "," << iy;
        worst = std::max(worst, d);
        peak = std::max(peak, exact.at(ix, iy));
      }
    EXPECT_GT(worst, 0.0);          // binning does move points ...
    EXPECT_LT(worst, 0.1 * peak);   // ... by little against the surface
    // binned == kde_from_counts(bin_points(...)) over the padded lattice, cropped.
    const size_t pad = static_cast<size_t>(std::ceil(radius / cell)) + 1;
    bd::Raster lattice;
    lattice.nx = exact.nx + 2 * pad;
    lattice.ny = exact.ny + 2 * pad;
    lattice.cell_m = cell;
    lattice.origin_x = exact.origin_x - static_cast<double>(pad) * cell;
    lattice.origin_y = exact.origin_y - static_cast<double>(pad) * cell;
    const bd::Raster counts = bd::bin_points(x, y, w, lattice);
    opt.cell_m = 0;
    const bd::Raster wide = bd::kde_from_counts(counts, opt);
    for (size_t iy = 0; iy < exact.ny; ++iy)
      for (size_t ix = 0; ix < exact.nx; ++ix)
        ASSERT_NEAR(wide.at(ix + pad, iy + pad), binned.at(ix, iy), 1e-12 * peak);
  }
}

TEST(BinnedKde, bin_points_sums_weights_per_cell_and_drops_points_outside) {
  bd::Raster lattice;
  lattice.nx = 3;
  lattice.ny = 2;
  lattice.cell_m = 100;
  lattice.origin_x = 1000;
  lattice.origin_y = 2000;
  const std::vector<double> x{1000, 1099.9, 1100, 1250, 999.9, 1301, 1150};
  const std::vector<double> y{2000, 2050, 2199, 2100, 2050, 2050, 2200};
  const std::vector<double> w{1, 2, 4, 8, 16, 32, 64};
  const bd::Raster r = bd::bin_points(x, y, w, lattice);
  ASSERT_EQ(r.values.size(), 6u);
  EXPECT_EQ(r.at(0, 0), 3.0);  // (1000,2000) and (1099.9,2050)
  EXPECT_EQ(r.at(1, 1), 4.0);  // (1100,2199)
  EXPECT_EQ(r.at(2, 1), 8.0);  // (1250,2100)
  double total = 0;
  for (double v : r.values) total += v;
  EXPECT_EQ(total, 15.0);  // x = 999.9, x = 1301 and y = 2200 fall outside
  const bd::Raster unit = bd::bin_points(x, y, {}, lattice);
  EXPECT_EQ(unit.at(0, 0), 2.0);
}

TEST(BinnedKde, rejects_bad_counts_and_options) {
  bd::Raster counts;
  counts.nx = 4;
  counts.ny = 3;
  counts.cell_m = 50;
  counts.values.assign(12, 1.0);
  bd::KdeOptions opt;
  opt.bandwidth_m = 120;
  EXPECT_NO_THROW(bd::kde_from_counts(counts, opt));
  opt.cell_m = 25;  // not the grid's own cell size
  EXPECT_THROW(bd::kde_from_counts(counts, opt), brandpunt::Error);
  opt.cell_m = 0;
  counts.values[5] = -1;  // e.g. unclamped noise
  try {
    bd::kde_from_counts(counts, opt);
    ADD_FAILURE() << "negative count accepted";
  } catch (const brandpunt::Error& e) {
    EXPECT_NE(std::string(e.what()).find("(1, 1)"), std::string::npos) << e.what();
  }
  counts.values[5] = std::nan("");
  EXPECT_THROW(bd::kde_from_counts(counts, opt), brandpunt::Error);
  counts.values.resize(11, 1.0);
  EXPECT_THROW(bd::kde_from_counts(counts, opt), brandpunt::Error);
  counts.values.assign(12, 1.0);
  counts.cell_m = 0;
  EXPECT_THROW(bd::kde_from_counts(counts, opt), brandpunt::Error);
  const std::vector<double> x{1, 2}, y{1};
  bd::Raster lattice = counts;
  lattice.cell_m = 50;
  EXPECT_THROW(bd::bin_points(x, y, {}, lattice), brandpunt::Error);
}
