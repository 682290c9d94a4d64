// Kernel density at municipal scale: 1 million points on a 1,000 × 1,000 grid.
//
//   build-bench/benchmarks/density/density_bench --benchmark_filter=Kde
//
// The grid is 10 km × 10 km at 10 m cells; the bandwidth (250 m = 25 cells) is in the range
// the ArcGIS rule gives for a city's incidents. Points: 70% uniform, 30% in 20 Gaussian
// clusters (σ 150 m), fixed seed, so that the work per row band is uneven as in real data.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

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

void run_kde(benchmark::State& state, brandpunt::density::Kernel kernel, double bandwidth_m) {
  const Cloud& c = cloud();
  brandpunt::density::KdeOptions opt;
  opt.kernel = kernel;
  opt.bandwidth_m = bandwidth_m;
  opt.cell_m = 10;
  opt.threads = static_cast<unsigned>(state.range(0));
  const brandpunt::Envelope ext{0, 0, 10000, 10000};
  for (auto _ : state) {
    auto r = brandpunt::density::kde(c.x, c.y, {}, ext, opt);
    benchmark::DoNotOptimize(r.values.data());
  }
  state.counters["points"] = static_cast<double>(c.x.size());
  state.counters["cells"] = 1e6;
}

void BM_KdeQuartic1M(benchmark::State& state) {
  run_kde(state, brandpunt::density::Kernel::quartic, 250);
}
// Gaussian σ = 100 m, truncated at 4σ: the same 400 m support radius as a quartic h = 400.
void BM_KdeGaussian1M(benchmark::State& state) {
  run_kde(state, brandpunt::density::Kernel::gaussian, 100);
}

}  // namespace

BENCHMARK(BM_KdeQuartic1M)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_KdeGaussian1M)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
