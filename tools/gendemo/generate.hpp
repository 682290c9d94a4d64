// brandpunt-gendemo as a library call: writes the demo city (or scatters over a real area
// layer) with its incidents and ground truth into a folder. main.cpp only parses flags.
//
//   DemoOptions opt;  opt.out_dir = "demo";  opt.seed = 42;
//   nlohmann::ordered_json truth = generate_demo(opt);   // also written to demo/truth.json
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "city.hpp"
#include "incidents.hpp"
#include "streets.hpp"

namespace brandpunt::gendemo {

struct DemoOptions {
  std::string out_dir;  // created if missing
  uint64_t seed = 42;
  CityOptions city;  // city.buurten: number of buurten (default 100)
  StreetOptions streets;
  IncidentOptions incidents;  // incidents.incidents: expected rows (default 60,000)
  std::string areas_path;     // non-empty = scatter mode over this polygon layer
  std::string area_code_field = "buurtcode";
  bool gpkg = false;  // incidents.gpkg instead of incidents.csv
  // No street data: city.gpkg without its straten layer and an empty straat column (the
  // pipeline then makes no straat level). Planted street hot spots are dropped too.
  bool no_streets = false;
  // One buurt (not a planted one) without population in city.gpkg and population.csv
  // (truth.json: population_missing). City mode only.
  bool no_population = false;
};

// Parses "YYYY-MM" into options.incidents.start_year/start_month; throws Error(config).
void parse_start(const std::string& text, IncidentOptions& options);

nlohmann::ordered_json generate_demo(const DemoOptions& options);

}  // namespace brandpunt::gendemo
