// Benchmarks of the space-time cube at city scale: 15,000 buurten x 120 months.
//
//   cmake -S . -B build -DBRANDPUNT_BENCHMARKS=ON && cmake --build build --target time_bench
//   ./build/benchmarks/time_bench --benchmark_min_time=0.5
//
// Inputs are synthetic and seeded (fixed LCG), so every run times the same work: incidents
// spread over 2015-01..2024-12 with a tail outside the window; locations on a 125 x 120
// rook grid (about 4 neighbours each) for the space-time Gi*.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "core/incidents.hpp"
#include "time/calendar.hpp"
#include "time/change.hpp"
#include "time/cube.hpp"
#include "time/emerging.hpp"
#include "time/mann_kendall.hpp"
#include "time/space_time.hpp"
#include "weights/weights.hpp"

namespace bt = brandpunt::time;

namespace {

constexpr size_t kRows = 125, kCols = 120, kLocations = kRows * kCols;  // 15,000

bt::Window ten_years() {
  return {bt::parse_iso_date("2015-01-01"), bt::parse_iso_date("2025-01-01"), bt::Step::month};
}

struct Incidents {
  std::vector<uint32_t> location;
  std::vector<int64_t> time_s;
};

Incidents make_incidents(size_t n) {
  Incidents in;
  in.location.reserve(n);
  in.time_s.reserve(n);
  uint64_t state = 20240101;
  auto next = [&] { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; };
  const int64_t t0 = bt::parse_iso_date("2014-10-01");
  const int64_t span = bt::parse_iso_date("2025-03-01") - t0;
  for (size_t i = 0; i < n; ++i) {
    const uint64_t r = next();
    in.location.push_back((r >> 40) % 50 == 0 ? brandpunt::kNoArea
                                              : static_cast<uint32_t>((r >> 20) % kLocations));
    in.time_s.push_back(t0 + static_cast<int64_t>((next() >> 11) % static_cast<uint64_t>(span)));
  }
  return in;
}

brandpunt::weights::Weights grid_weights() {
  std::vector<std::vector<uint32_t>> lists(kLocations);
  for (size_t r = 0; r < kRows; ++r)
    for (size_t c = 0; c < kCols; ++c) {
      auto& l = lists[r * kCols + c];
      if (r > 0) l.push_back(static_cast<uint32_t>((r - 1) * kCols + c));
      if (r + 1 < kRows) l.push_back(static_cast<uint32_t>((r + 1) * kCols + c));
      if (c > 0) l.push_back(static_cast<uint32_t>(r * kCols + c - 1));
      if (c + 1 < kCols) l.push_back(static_cast<uint32_t>(r * kCols + c + 1));
    }
  return brandpunt::weights::from_lists(lists, "rook_grid");
}

const bt::Cube& city_cube() {
  static const bt::Cube cube = [] {
    const Incidents in = make_incidents(2'000'000);
    return bt::build_cube(in.location, in.time_s, kLocations, ten_years());
  }();
  return cube;
}

void BM_BuildCube(benchmark::State& state) {
  const Incidents in = make_incidents(static_cast<size_t>(state.range(0)));
  const bt::Window w = ten_years();
  for (auto _ : state) {
    bt::Cube c = bt::build_cube(in.location, in.time_s, kLocations, w);
    benchmark::DoNotOptimize(c.counts.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_BuildCube)->Arg(1'000'000)->Arg(5'000'000)->Unit(benchmark::kMillisecond);

void BM_MonthsToQuarters(benchmark::State& state) {
  const bt::Cube& cube = city_cube();
  for (auto _ : state) benchmark::DoNotOptimize(bt::months_to_quarters(cube, ten_years()));
}
BENCHMARK(BM_MonthsToQuarters)->Unit(benchmark::kMillisecond);

void BM_MannKendallAllLocations(benchmark::State& state) {
  const bt::Cube& cube = city_cube();
  const bool with_slope = state.range(0) != 0;
  std::vector<double> series(cube.n_steps);
  for (auto _ : state) {
    double acc = 0;
    for (size_t loc = 0; loc < cube.n_locations; ++loc) {
      const auto s = cube.series(loc);
      for (size_t t = 0; t < s.size(); ++t) series[t] = s[t];
      const bt::MannKendall mk =
          with_slope ? bt::mann_kendall(series) : bt::mann_kendall_no_slope(series);
      acc += mk.Z;
    }
    benchmark::DoNotOptimize(acc);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(cube.n_locations));
}
BENCHMARK(BM_MannKendallAllLocations)->ArgName("sen_slope")->Arg(0)->Arg(1)
    ->Unit(benchmark::kMillisecond);

void BM_SpaceTimeGiStar(benchmark::State& state) {
  const bt::Cube& cube = city_cube();
  const auto w = grid_weights();
  for (auto _ : state)
    benchmark::DoNotOptimize(bt::space_time_gi_star(w, cube, static_cast<int>(state.range(0))));
}
BENCHMARK(BM_SpaceTimeGiStar)->ArgName("time_lags")->Arg(1)->Arg(3)
    ->Unit(benchmark::kMillisecond);

void BM_EmergingHotSpots(benchmark::State& state) {
  const bt::Cube& cube = city_cube();
  const auto w = grid_weights();
  for (auto _ : state) benchmark::DoNotOptimize(bt::emerging_hot_spots(w, cube, 1));
}
BENCHMARK(BM_EmergingHotSpots)->Unit(benchmark::kMillisecond);

void BM_ChangeRollingYear(benchmark::State& state) {
  const bt::Cube& cube = city_cube();
  const bt::Window w = ten_years();
  for (auto _ : state)
    benchmark::DoNotOptimize(bt::change_rolling_year(cube, w, static_cast<int>(cube.n_steps) - 1));
}
BENCHMARK(BM_ChangeRollingYear)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
