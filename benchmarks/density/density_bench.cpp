// Kernel density at municipal scale: 1 million points on a 1,000 × 1,000 grid, exact (direct
// sum) and binned (binned_kde.hpp).
//
//   build/benchmarks/density_bench --benchmark_filter=Kde
//   build/benchmarks/density_bench --dump DIR   # points + binned surfaces for scipy_kde.py,
//                                               # and the binned-vs-exact error
//
// The grid is 10 km × 10 km at 10 m cells; the bandwidth (250 m = 25 cells) is in the range
// the ArcGIS rule gives for a city's incidents. Points: 70% uniform, 30% in 20 Gaussian
// clusters (σ 150 m), fixed seed, so that the work per row band is uneven as in real data.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "density/binned_kde.hpp"
#include "density/kde.hpp"

namespace {

struct Cloud {
  std::vector<double> x, y;
};

const Cloud& cloud() {
  static const Cloud c = [] {
    Cloud out;
    std::mt19937_64 rng(1234567);
    std::uniform_real_distribution<double> u(0, 10000);
    std::normal_distribution<double> g(0, 150);
    std::vector<std::pair<double, double>> centres;
    for (int i = 0; i < 20; ++i) centres.emplace_back(u(rng), u(rng));
    const size_t n = 1'000'000;
    out.x.reserve(n);
    out.y.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      if (i % 10 < 7) {
        out.x.push_back(u(rng));
        out.y.push_back(u(rng));
      } else {
        const auto& c0 = centres[i % 20];
        out.x.push_back(c0.first + g(rng));
        out.y.push_back(c0.second + g(rng));
      }
    }
    return out;
  }();
  return c;
}

namespace bd = brandpunt::density;

bd::KdeOptions options(bd::Kernel kernel, double bandwidth_m, unsigned threads,
                       bd::KdeMethod method) {
  bd::KdeOptions opt;
  opt.kernel = kernel;
  opt.bandwidth_m = bandwidth_m;
  opt.cell_m = 10;
  opt.threads = threads;
  opt.method = method;
  return opt;
}

void run_kde(benchmark::State& state, bd::Kernel kernel, double bandwidth_m,
             bd::KdeMethod method = bd::KdeMethod::exact) {
  const Cloud& c = cloud();
  const bd::KdeOptions opt =
      options(kernel, bandwidth_m, static_cast<unsigned>(state.range(0)), method);
  const brandpunt::Envelope ext{0, 0, 10000, 10000};
  for (auto _ : state) {
    auto r = bd::kde(c.x, c.y, {}, ext, opt);
    benchmark::DoNotOptimize(r.values.data());
  }
  state.counters["points"] = static_cast<double>(c.x.size());
  state.counters["cells"] = 1e6;
}

void BM_KdeQuartic1M(benchmark::State& state) {
  run_kde(state, bd::Kernel::quartic, 250);
}
// Gaussian σ = 100 m, truncated at 4σ: the same 400 m support radius as a quartic h = 400.
void BM_KdeGaussian1M(benchmark::State& state) {
  run_kde(state, bd::Kernel::gaussian, 100);
}

void BM_KdeBinnedQuartic1M(benchmark::State& state) {
  run_kde(state, bd::Kernel::quartic, 250, bd::KdeMethod::binned);
}
void BM_KdeBinnedGaussian1M(benchmark::State& state) {
  run_kde(state, bd::Kernel::gaussian, 100, bd::KdeMethod::binned);
}
// The privacy path: counts already on a 1000 × 1000 lattice (here the binned cloud).
void BM_KdeFromCounts1000x1000(benchmark::State& state) {
  const Cloud& c = cloud();
  bd::Raster lattice{.nx = 1000, .ny = 1000, .origin_x = 0, .origin_y = 0, .cell_m = 10,
                     .values = {}};
  const bd::Raster counts = bd::bin_points(c.x, c.y, {}, lattice);
  bd::KdeOptions opt = options(bd::Kernel::quartic, 250, static_cast<unsigned>(state.range(0)),
                               bd::KdeMethod::binned);
  opt.cell_m = 0;
  for (auto _ : state) {
    auto r = bd::kde_from_counts(counts, opt);
    benchmark::DoNotOptimize(r.values.data());
  }
}
void BM_BinPoints1M(benchmark::State& state) {
  const Cloud& c = cloud();
  bd::Raster lattice{.nx = 1000, .ny = 1000, .origin_x = 0, .origin_y = 0, .cell_m = 10,
                     .values = {}};
  for (auto _ : state) {
    auto r = bd::bin_points(c.x, c.y, {}, lattice);
    benchmark::DoNotOptimize(r.values.data());
  }
}

void write_doubles(const std::string& path, const std::vector<double>& a,
                   const std::vector<double>& b = {}) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(a.data()), static_cast<std::streamsize>(a.size() * 8));
  out.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size() * 8));
  if (!out) throw std::runtime_error("cannot write " + path);
}

// Writes DIR/points.bin (x then y) and the binned surfaces DIR/quartic.bin and
// DIR/gaussian.bin (row 0 = south) for scipy_kde.py, and prints how far binning moves each
// surface from the exact one.
int dump(const std::string& dir) {
  const Cloud& c = cloud();
  write_doubles(dir + "/points.bin", c.x, c.y);
  const brandpunt::Envelope ext{0, 0, 10000, 10000};
  std::printf("kernel\tmax|binned-exact|/peak\trms/peak\tcells_over_1pct_of_peak\n");
  for (auto [name, kernel, h] : {std::tuple{"quartic", bd::Kernel::quartic, 250.0},
                                 std::tuple{"gaussian", bd::Kernel::gaussian, 100.0}}) {
    const auto binned = bd::kde(c.x, c.y, {}, ext, options(kernel, h, 0, bd::KdeMethod::binned));
    write_doubles(dir + "/" + name + ".bin", binned.values);
    const auto exact = bd::kde(c.x, c.y, {}, ext, options(kernel, h, 0, bd::KdeMethod::exact));
    double peak = 0, worst = 0, ss = 0;
    size_t over = 0;
    for (double v : exact.values) peak = std::max(peak, v);
    for (size_t i = 0; i < exact.size(); ++i) {
      const double d = std::abs(binned.values[i] - exact.values[i]);
      worst = std::max(worst, d);
      ss += d * d;
      over += d > 0.01 * peak;
    }
    std::printf("%s\t%.3e\t%.3e\t%zu\n", name, worst / peak,
                std::sqrt(ss / static_cast<double>(exact.size())) / peak, over);
  }
  return 0;
}

}  // namespace

BENCHMARK(BM_KdeQuartic1M)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeGaussian1M)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeBinnedQuartic1M)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeBinnedGaussian1M)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeFromCounts1000x1000)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_BinPoints1M)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--dump") == 0) {
    try {
      return dump(argv[2]);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "density_bench: %s\n", e.what());
      return 1;
    }
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
