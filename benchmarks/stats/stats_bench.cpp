// Times brandpunt's permutation tests (and the analytic ones) on a neighbour-list file, for the
// side-by-side run against R spdep in run_vs_peers.sh. Plain main, no Google Benchmark needed.
//
//   stats_bench <neighbours.txt> <x.txt> [permutations=999] [threads=0] [repeats=3]
// neighbours.txt: first line n, then one line per area with its 0-based neighbour ids.
// x.txt: one value per line. Prints one tab-separated line per test: name, n, threads,
// best-of-repeats wall seconds, and the process CPU seconds of that run (all threads; on a busy
// shared machine CPU time is the fairer single-thread comparison).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "stats/getis_ord.hpp"
#include "stats/local_moran.hpp"
#include "stats/permutation.hpp"
#include "weights/weights.hpp"

namespace {

using brandpunt::weights::Weights;

Weights read_neighbours(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::string line;
  std::getline(in, line);
  const size_t n = std::stoul(line);
  std::vector<std::vector<uint32_t>> lists(n);
  for (size_t i = 0; i < n && std::getline(in, line); ++i) {
    std::istringstream row(line);
    uint32_t j;
    while (row >> j) lists[i].push_back(j);
  }
  return brandpunt::weights::from_lists(lists);
}

std::vector<double> read_values(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<double> x;
  double v;
  while (in >> v) x.push_back(v);
  return x;
}

struct Timing {
  double wall_s = 1e300, cpu_s = 0;
};

template <class F>
Timing best_seconds(int repeats, F&& f) {
  Timing best;
  for (int r = 0; r < repeats; ++r) {
    const std::clock_t c0 = std::clock();
    const auto t0 = std::chrono::steady_clock::now();
    f();
    const auto t1 = std::chrono::steady_clock::now();
    const std::clock_t c1 = std::clock();
    const double wall = std::chrono::duration<double>(t1 - t0).count();
    if (wall < best.wall_s) best = {wall, static_cast<double>(c1 - c0) / CLOCKS_PER_SEC};
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: stats_bench <neighbours.txt> <x.txt> [permutations] [threads] [repeats]\n";
    return 2;
  }
  try {
    const Weights b = read_neighbours(argv[1]);
    const std::vector<double> x = read_values(argv[2]);
    brandpunt::stats::PermutationOptions opt;
    if (argc > 3) opt.permutations = static_cast<unsigned>(std::stoul(argv[3]));
    if (argc > 4) opt.threads = static_cast<unsigned>(std::stoul(argv[4]));
    const int repeats = argc > 5 ? std::stoi(argv[5]) : 3;
    const Weights w = brandpunt::weights::row_standardised(b);
    double sink = 0;
    auto report = [&](const char* name, Timing t) {
      std::printf("%s\t%zu\t%u\t%.4f\t%.4f\n", name, b.n, opt.threads, t.wall_s, t.cpu_s);
      std::fflush(stdout);
    };
    report("local_g_analytic",
           best_seconds(repeats, [&] { sink += brandpunt::stats::local_g(b, x).z[0]; }));
    report("local_moran_analytic",
           best_seconds(repeats, [&] { sink += brandpunt::stats::local_moran(w, x).z[0]; }));
    report("localG_perm", best_seconds(repeats, [&] {
             sink += brandpunt::stats::local_g_perm(b, x, opt).p_sim[0];
           }));
    report("localmoran_perm", best_seconds(repeats, [&] {
             sink += brandpunt::stats::local_moran_perm(w, x, opt).p_sim[0];
           }));
    if (sink == 12345.6789) std::printf("#\n");  // keep the work observable
  } catch (const std::exception& e) {
    std::cerr << "stats_bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
