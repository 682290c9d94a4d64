// Timing program (not a test): writes an N-row incident CSV shaped like the Groningen export
// (id, code, quoted street with a comma, RD x/y, ISO date, extra columns) and times
// read_incidents on it, with identity CRS and with an RD -> UTM 31N projection.
//
//   cmake --build build --target io_csv_throughput
//   build/tests/io/io_csv_throughput 1000000 /tmp/incidents.csv [keep]
// "keep" reuses an existing file. CPU time is printed beside wall time because the build
// machines are shared.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

#include "io/incident_reader.hpp"

static double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 1000000;
  const std::string path = argc > 2 ? argv[2] : "/tmp/brandpunt_throughput.csv";
  const bool keep = argc > 3 && std::string(argv[3]) == "keep";
  if (!keep) {
    std::ofstream out(path, std::ios::binary);
    out << "incident_id,incident_code,street,house_no,x_rd,y_rd,begin_dt,report_dt,object\n";
    std::mt19937_64 rng(42);
    std::uniform_int_distribution<int> dx(170000, 182000), dy(310000, 326000), day(1, 28),
        month(1, 12), hour(0, 23), minute(0, 59), house(1, 300);
    char line[256];
    for (long i = 0; i < n; ++i) {
      const int m = month(rng), d = day(rng), h = hour(rng), mi = minute(rng);
      const int len = std::snprintf(
          line, sizeof line,
          "PL0100_BVH_%ld,%s,\"Straat %ld, Maastricht\",%d,%d,%d,2023-%02d-%02dT%02d:%02d,"
          "2023-%02d-%02dT%02d:%02d,Openbare Weg\n",
          i, (i % 7 == 0) ? "1.2.3" : "1.1.1", i % 5000, house(rng), dx(rng), dy(rng), m, d, h, mi,
          m, d, h, mi);
      out.write(line, len);
    }
  }
  brandpunt::Taxonomy tax = brandpunt::Taxonomy::dutch_default();
  brandpunt::io::IncidentSourceOptions o;
  o.path = path;
  o.id_field = "incident_id";
  o.x_field = "x_rd";
  o.y_field = "y_rd";
  o.date_field = "begin_dt";
  o.category_field = "incident_code";
  o.street_field = "street";
  for (const char* target : {"EPSG:28992", "EPSG:32631"}) {
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_seconds();
    auto r = brandpunt::io::read_incidents(o, tax, target);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double c = cpu_seconds() - c0;
    std::printf(
        "%s: %lld rows (%zu kept, %zu rejected, %zu streets): wall %.3f s (%.2f M rows/s), "
        "cpu %.3f s (%.2f M rows/s)\n",
        target, static_cast<long long>(r.read), r.table.size(), r.rejects.size(),
        r.table.street_names.size(), s, r.read / s / 1e6, c, r.read / c / 1e6);
  }
  return 0;
}
