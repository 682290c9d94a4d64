// Timing program (not a test): writes a straat-like layer (N rows of a few RD line strings, the
// straat layer's 55 columns: codes, names, counts with flags, changes in percent) through
// output::write_layer as GeoJSON (RFC 7946, in parts) and as GeoPackage, and prints wall and
// CPU time per format. At national scale the straat layer has about 217,000 rows.
//
//   cmake --build build --target layer_write_bench
//   build/benchmarks/layer_write_bench [rows=217000] [threads=1] [dir=/tmp/bp_layer_bench]
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "output/vector_writer.hpp"

namespace {

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace brandpunt;
  const size_t rows = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 217000;
  const unsigned threads = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 1;
  const std::string dir = argc > 3 ? argv[3] : "/tmp/bp_layer_bench";
  std::filesystem::create_directories(dir);

  std::mt19937_64 rng(217);
  std::uniform_real_distribution<double> ux(13000, 278000), uy(306000, 619000), step(-60, 60);
  std::poisson_distribution<int> count(6);
  output::Table t;
  for (const char* c : {"code", "name", "level", "parent_code", "stadsdeel_code", "period"}) t.add_string(c, c);
  for (size_t r = 0; r < rows; ++r) {
    const std::string buurt = "BU" + std::to_string(10000000 + r / 15);
    t.columns[0].strings.push_back(buurt + ":Straat " + std::to_string(r % 15));
    t.columns[1].strings.push_back("Straat " + std::to_string(r % 15));
    t.columns[2].strings.push_back("straat");
    t.columns[3].strings.push_back(buurt);
    t.columns[4].strings.push_back("SD" + std::to_string(r % 7));
    t.columns[5].strings.push_back("2025-10..2025-12");
  }
  for (const char* g : {"totaal", "hic", "vermogen", "geweld", "overlast", "ondermijning", "overig"}) {
    const std::string k = g;
    for (const char* suffix : {"", "_prev", "_ly"}) {
      std::vector<int64_t> n(rows), flag(rows);
      std::vector<uint8_t> null(rows);
      for (size_t r = 0; r < rows; ++r) {
        n[r] = count(rng);
        flag[r] = null[r] = n[r] > 0 && n[r] < 5;
      }
      output::Column& cn = t.add_integer("n_" + k + suffix, "count");
      cn.ints = std::move(n);
      cn.null = std::move(null);
      t.add_integer("n_" + k + suffix + "_flag", "flag").ints = std::move(flag);
    }
    t.add_real("chg_" + k + "_ly_pct", "change in percent");
    for (size_t r = 0; r < rows; ++r) t.columns.back().reals.push_back(r % 3 ? std::uniform_real_distribution<double>(-80, 80)(rng) : NAN);
  }
  output::LayerGeometry g;
  g.kind = output::LayerGeometry::line;
  for (size_t r = 0; r < rows; ++r) {
    LineString line{{ux(rng), uy(rng)}};
    for (int k = 1; k < 8; ++k) line.push_back({line.back().x + step(rng), line.back().y + step(rng)});
    g.lines.push_back({line});
  }
  std::printf("%zu rows x %zu columns, 8 vertices each, %u thread(s)\n", rows, t.columns.size(), threads);
  for (auto format : {output::VectorFormat::geojson, output::VectorFormat::gpkg}) {
    output::VectorWriteOptions o;
    o.format = format;
    o.threads = threads;
    const std::string path = dir + "/straat" + output::extension(format);
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_seconds();
    output::write_layer(path, t, g, o);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%-8s wall %6.2f s  cpu %6.2f s  %6.1f MB  %.1f us per row (cpu)\n", output::to_string(format), wall,
                cpu_seconds() - c0, static_cast<double>(std::filesystem::file_size(path)) / 1e6,
                (cpu_seconds() - c0) / static_cast<double>(rows) * 1e6);
  }
}
