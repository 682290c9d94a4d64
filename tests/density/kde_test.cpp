// Kernel density against the R oracle (shared/oracle/out/kde_quartic.json) and against a
// brute-force direct sum over all points for every cell.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <numbers>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "density/kde.hpp"

namespace bd = brandpunt::density;
using brandpunt::Envelope;

namespace {

struct Points {
  std::vector<double> x, y, w;
};

Points read_points(const std::string& path) {
  Points p;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // id,x,y,weight
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string id, x, y, w;
    std::getline(ss, id, ',');
    std::getline(ss, x, ',');
    std::getline(ss, y, ',');
    std::getline(ss, w, ',');
    p.x.push_back(std::stod(x));
    p.y.push_back(std::stod(y));
    p.w.push_back(std::stod(w));
  }
  return p;
}

// f(s) computed the slow, obvious way: every point against every cell.
std::vector<double> direct_sum(const Points& p, bool weighted, const bd::Raster& r,
                               bd::Kernel kernel, double h, double cutoff_sd) {
  std::vector<double> out(r.size(), 0.0);
  for (size_t iy = 0; iy < r.ny; ++iy)
    for (size_t ix = 0; ix < r.nx; ++ix) {
      const auto c = r.cell_centre(ix, iy);
      double f = 0;
      for (size_t i = 0; i < p.x.size(); ++i) {
        const double d = std::hypot(c.x - p.x[i], c.y - p.y[i]);
        const double w = weighted ? p.w[i] : 1.0;
        if (kernel == bd::Kernel::quartic) {
          if (d < h) f += w * 3.0 / (std::numbers::pi * h * h) * std::pow(1 - (d / h) * (d / h), 2);
        } else if (d < cutoff_sd * h) {
          f += w / (2 * std::numbers::pi * h * h) * std::exp(-d * d / (2 * h * h));
        }
      }
      out[iy * r.nx + ix] = f;
    }
  return out;
}

double max_abs(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m = std::max(m, std::abs(x));
  return m;
}

// Largest |a - b| relative to max |b|.
double max_rel_diff(const std::vector<double>& a, const std::vector<double>& b) {
  EXPECT_EQ(a.size(), b.size());
  double d = 0;
  for (size_t i = 0; i < a.size(); ++i) d = std::max(d, std::abs(a[i] - b[i]));
  return d / max_abs(b);
}

std::vector<double> flatten(const nlohmann::json& rows) {
  std::vector<double> v;
  for (const auto& row : rows)
    for (const auto& x : row) v.push_back(x.get<double>());
  return v;
}

Points random_points(size_t n, uint32_t seed, double lo, double hi) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(lo, hi), wt(0.5, 3.0);
  Points p;
  for (size_t i = 0; i < n; ++i) {
    p.x.push_back(u(rng));
    p.y.push_back(u(rng));
    p.w.push_back(wt(rng));
  }
  return p;
}

class KdeOracle : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string dir = std::string(BRANDPUNT_SHARED_DIR) + "/oracle/";
    std::ifstream js(dir + "out/kde_quartic.json");
    std::ifstream csv(dir + "data/kde_points.csv");
    if (!js || !csv) GTEST_SKIP() << "oracle files missing under " << dir;
    oracle_ = nlohmann::json::parse(js);
    points_ = read_points(dir + "data/kde_points.csv");
  }
  nlohmann::json oracle_;
  Points points_;
  const Envelope window_{0, 0, 1000, 1000};
};

}  // namespace

TEST_F(KdeOracle, matches_r_at_cell_centres_unweighted_and_weighted) {
  ASSERT_EQ(points_.x.size(), 200u);
  bd::KdeOptions opt;
  opt.bandwidth_m = 100;
  opt.cell_m = 50;
  const auto& g = oracle_["grids"]["cell_centres"];
  const bd::Raster r = bd::kde(points_.x, points_.y, {}, window_, opt);
  ASSERT_EQ(r.nx, 20u);
  ASSERT_EQ(r.ny, 20u);
  EXPECT_DOUBLE_EQ(r.cell_centre(0, 0).x, g["x"][0].get<double>());
  EXPECT_DOUBLE_EQ(r.cell_centre(0, 19).y, g["y"][19].get<double>());
  EXPECT_LT(max_rel_diff(r.values, flatten(g["density"])), 1e-9);

  const bd::Raster rw = bd::kde(points_.x, points_.y, points_.w, window_, opt);
  EXPECT_LT(max_rel_diff(rw.values, flatten(g["density_weighted"])), 1e-9);

  double mass = 0;
  for (double v : r.values) mass += v * 50 * 50;
  EXPECT_NEAR(mass, oracle_["checks"]["sum_cell_centre_density_times_cell_area"].get<double>(),
              1e-9 * mass);
}

TEST_F(KdeOracle, matches_r_at_grid_nodes) {
  bd::KdeOptions opt;
  opt.bandwidth_m = 100;
  opt.cell_m = 50;
  const auto& g = oracle_["grids"]["nodes"];
  const bd::Raster r = bd::kde_at_nodes(points_.x, points_.y, {}, window_, opt);
  ASSERT_EQ(r.nx, 21u);
  ASSERT_EQ(r.ny, 21u);
  EXPECT_DOUBLE_EQ(r.cell_centre(0, 0).x, 0.0);
  EXPECT_DOUBLE_EQ(r.cell_centre(20, 20).y, 1000.0);
  EXPECT_LT(max_rel_diff(r.values, flatten(g["density"])), 1e-9);
}

TEST(Kde, quartic_equals_direct_sum_on_random_points) {
  // Points spill 300 m beyond the window so edge cells see outside points too; the odd cell
  // size puts cell centres at irregular offsets from the points.
  const Points p = random_points(400, 20240501, -300, 1300);
  bd::KdeOptions opt;
  opt.bandwidth_m = 137.5;
  opt.cell_m = 23.7;
  const Envelope ext{0, 0, 1000, 800};
  for (bool weighted : {false, true}) {
    const bd::Raster r = bd::kde(p.x, p.y, weighted ? std::span<const double>(p.w)
                                                    : std::span<const double>(), ext, opt);
    EXPECT_LT(max_rel_diff(r.values, direct_sum(p, weighted, r, bd::Kernel::quartic, 137.5, 0)),
              1e-12);
  }
}

TEST(Kde, gaussian_equals_truncated_direct_sum_and_respects_truncation_bound) {
  const Points p = random_points(300, 77, -200, 1200);
  bd::KdeOptions opt;
  opt.kernel = bd::Kernel::gaussian;
  opt.bandwidth_m = 60;
  opt.cell_m = 31;
  const Envelope ext{0, 0, 1000, 1000};
  const bd::Raster r = bd::kde(p.x, p.y, p.w, ext, opt);
  EXPECT_LT(max_rel_diff(r.values, direct_sum(p, true, r, bd::Kernel::gaussian, 60, 4)), 1e-12);

  // Against the untruncated Gaussian: each point loses at most w·exp(−c²/2)/(2πh²) per cell.
  const auto full = direct_sum(p, true, r, bd::Kernel::gaussian, 60, 1e9);
  double bound = 0;
  for (double w : p.w) bound += w * std::exp(-8.0) / (2 * std::numbers::pi * 60 * 60);
  double worst = 0;
  for (size_t i = 0; i < full.size(); ++i) {
    EXPECT_LE(r.values[i], full[i] * (1 + 1e-12));
    worst = std::max(worst, full[i] - r.values[i]);
  }
  EXPECT_GT(worst, 0.0);  // truncation is real ...
  EXPECT_LE(worst, bound);  // ... and within the documented bound
}

TEST(Kde, same_bytes_for_any_thread_count) {
  const Points p = random_points(1500, 99, 0, 5000);
  for (auto kernel : {bd::Kernel::quartic, bd::Kernel::gaussian}) {
    bd::KdeOptions opt;
    opt.kernel = kernel;
    opt.bandwidth_m = kernel == bd::Kernel::quartic ? 150 : 60;
    opt.cell_m = 10;
    opt.threads = 1;
    const Envelope ext{0, 0, 5000, 4000};
    const bd::Raster one = bd::kde(p.x, p.y, p.w, ext, opt);
    for (unsigned t : {2u, 3u, 8u}) {
      opt.threads = t;
      const bd::Raster many = bd::kde(p.x, p.y, p.w, ext, opt);
      ASSERT_EQ(one.values.size(), many.values.size());
      EXPECT_EQ(0, std::memcmp(one.values.data(), many.values.data(),
                               one.values.size() * sizeof(double)))
          << t << " threads";
    }
  }
}

TEST(Kde, each_point_integrates_to_its_weight_away_from_edges) {
  // One point in the middle of a fine grid: Σ f·cell² → w (the kernel's mass).
  const std::vector<double> x{500.3}, y{499.1}, w{2.5};
  for (auto kernel : {bd::Kernel::quartic, bd::Kernel::gaussian}) {
    bd::KdeOptions opt;
    opt.kernel = kernel;
    opt.bandwidth_m = 80;
    opt.cell_m = 1;
    opt.gaussian_cutoff_sd = 5;
    const bd::Raster r = bd::kde(x, y, w, Envelope{0, 0, 1000, 1000}, opt);
    double mass = 0;
    for (double v : r.values) mass += v;
    EXPECT_NEAR(mass, 2.5, 2.5 * 1e-3);
  }
}

TEST(Kde, default_bandwidth_follows_the_arcgis_rule) {
  // Four corners of a 2×2 square and the centre: mean centre (1,1); distances √2 ×4 and 0.
  const std::vector<double> x{0, 2, 0, 2, 1}, y{0, 0, 2, 2, 1};
  const double sd = std::sqrt(4 * 2.0 / 5);
  const double dm = std::sqrt(2.0);
  const double expect = 0.9 * std::min(sd, std::sqrt(1 / std::log(2.0)) * dm) * std::pow(5.0, -0.2);
  EXPECT_NEAR(bd::default_bandwidth_m(x, y, {}), expect, 1e-15);
  // Weighted: n is the weight sum and the centre and distances are weighted.
  const std::vector<double> w{1, 1, 1, 1, 4};
  const double sdw = std::sqrt(4 * 2.0 / 8);
  const double dmw = 0.0 + 0.5 * std::sqrt(2.0);  // cumulative weight reaches 4 exactly at d=0
  const double expect_w =
      0.9 * std::min(sdw, std::sqrt(1 / std::log(2.0)) * dmw) * std::pow(8.0, -0.2);
  EXPECT_NEAR(bd::default_bandwidth_m(x, y, w), expect_w, 1e-15);
  EXPECT_DOUBLE_EQ(bd::default_cell_m(Envelope{0, 0, 5000, 2500}), 10.0);
}

TEST(Kde, rejects_bad_input) {
  const std::vector<double> x{0, 1}, y{0}, w{1, -1}, nan{0, std::nan("")};
  bd::KdeOptions opt;
  opt.bandwidth_m = 10;
  const Envelope ext{0, 0, 10, 10};
  EXPECT_THROW(bd::kde(x, y, {}, ext, opt), brandpunt::Error);
  EXPECT_THROW(bd::kde(x, x, w, ext, opt), brandpunt::Error);
  EXPECT_THROW(bd::kde(x, nan, {}, ext, opt), brandpunt::Error);
  opt.bandwidth_m = -1;
  EXPECT_THROW(bd::kde(x, x, {}, ext, opt), brandpunt::Error);
  opt.bandwidth_m = 0;  // rule on two identical points gives 0
  const std::vector<double> same{3, 3};
  EXPECT_THROW(bd::kde(same, same, {}, ext, opt), brandpunt::Error);
  opt.bandwidth_m = 10;
  opt.cell_m = 1e-6;
  EXPECT_THROW(bd::kde(x, x, {}, ext, opt), brandpunt::Error);
}
