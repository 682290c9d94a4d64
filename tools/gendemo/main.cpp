// brandpunt-gendemo: writes the seeded demo city "Demostad" (EPSG:28992) with 36 months of
// incidents and their planted ground truth, or scatters incidents over a real area layer.
//
//   brandpunt-gendemo --out demo                          # ~100 buurten, ~60,000 incidents
//   brandpunt-gendemo --out nl --buurten 15000 --incidents 10000000   # benchmark scale
//   brandpunt-gendemo --out mst --areas buurten.gpkg --area-code-field buurtcode
//   brandpunt-gendemo --out nr --near-repeat 300          # plus 300 near-repeat burglary series
//   brandpunt-gendemo --out p --plant persistent_isolated,historical,new,cluster
//       --no-streets --no-population --partial-last-month       # patterns on demand
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "generate.hpp"

int main(int argc, char** argv) {
  using namespace brandpunt;
  gendemo::DemoOptions opt;
  std::string start = "2023-01", format = "csv";
  bool quiet = false;
  CLI::App app{"brandpunt-gendemo: seeded demo data (city, streets, incidents, ground truth)"};
  app.add_option("--out", opt.out_dir, "output folder")->required();
  app.add_option("--seed", opt.seed, "random seed")->capture_default_str();
  app.add_option("--buurten", opt.city.buurten, "number of buurten")
      ->capture_default_str()
      ->check(CLI::Range(7, 1'000'000));
  app.add_option("--incidents", opt.incidents.incidents, "expected number of incident rows")
      ->capture_default_str();
  app.add_option("--months", opt.incidents.months, "months of incidents")
      ->capture_default_str()
      ->check(CLI::Range(12, 600));
  app.add_option("--start", start, "first month, YYYY-MM")->capture_default_str();
  app.add_option("--areas", opt.areas_path,
                 "scatter over this polygon layer instead of a synthetic city");
  app.add_option("--area-code-field", opt.area_code_field, "code field of --areas")
      ->capture_default_str();
  app.add_option("--format", format, "incidents file format")
      ->check(CLI::IsMember({"csv", "gpkg"}))
      ->capture_default_str();
  app.add_option("--near-repeat", opt.incidents.near_repeat_series,
                 "plant this many near-repeat burglary series (0 = none)")
      ->capture_default_str()
      ->check(CLI::Range(0, 10'000'000));
  app.add_option("--near-repeat-radius", opt.incidents.near_repeat_radius_m,
                 "followers within this many metres of their source")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 5000.0));
  app.add_option("--near-repeat-days", opt.incidents.near_repeat_days,
                 "followers 1..this many days after their source")
      ->capture_default_str()
      ->check(CLI::Range(1, 365));
  std::vector<std::string> plant;
  app.add_option("--plant", plant,
                 "patterns to plant instead of the four default clusters: persistent_isolated, "
                 "historical, new, cluster (comma separated; truth.json: planted)")
      ->delimiter(',')
      ->check(CLI::IsMember({"persistent_isolated", "historical", "new", "cluster"}));
  app.add_flag("--no-streets", opt.no_streets,
               "no street data: no straten layer and an empty straat column");
  app.add_flag("--no-population", opt.no_population,
               "one buurt without population (truth.json: city.population_missing)");
  bool partial = false;
  app.add_flag("--partial-last-month", partial,
               "the data stop on the 15th of the last month (truth.json: partial_last_month)");
  app.add_flag("--quiet", quiet, "print nothing on success");
  CLI11_PARSE(app, argc, argv);
  try {
    gendemo::parse_start(start, opt.incidents);
    for (const std::string& p : plant) {
      gendemo::PlantOptions& po = opt.incidents.plant;
      (p == "persistent_isolated" ? po.persistent_isolated
       : p == "historical"        ? po.historical
       : p == "new"               ? po.new_hotspot
                                  : po.cluster) = true;
    }
    if (partial) opt.incidents.last_month_days = 15;
    opt.gpkg = format == "gpkg";
    const auto t0 = std::chrono::steady_clock::now();
    const auto truth = gendemo::generate_demo(opt);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!quiet) {
      if (truth.contains("city"))
        std::printf(
            "Demostad: %d buurten, %d wijken, %d stadsdelen, %d streets, %lld inhabitants\n",
            truth["city"]["buurten"].get<int>(), truth["city"]["wijken"].get<int>(),
            truth["city"]["stadsdelen"].get<int>(), truth["city"]["streets"].get<int>(),
            static_cast<long long>(truth["city"]["inhabitants"].get<int64_t>()));
      std::printf("%lld incidents (%lld deliberately bad) in %s, %.1f s\n",
                  static_cast<long long>(truth["counts"]["rows"].get<int64_t>()),
                  static_cast<long long>(truth["counts"]["bad_rows"].get<int64_t>()),
                  opt.out_dir.c_str(), seconds);
    }
    return 0;
  } catch (const Error& e) {
    std::fprintf(stderr, "brandpunt-gendemo: %s\n", e.what());
    return e.kind() == ErrorKind::config ? 2 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "brandpunt-gendemo: %s\n", e.what());
    return 1;
  }
}
