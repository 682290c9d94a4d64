// Incidents over 36 months with planted ground truth.
//
// A Poisson process on (month, area, category) cells: the intensity of a cell is a category
// share times a spatial weight (population, activity around the town centre, area) times a
// mild seasonal wave, times planted multipliers. A planted buurt hotspot is a cluster: a core
// buurt with a strong multiplier and its queen-contiguous ring with a smaller one. Each incident is
// then placed in its area, mostly near a street, and given the nearest street as its address
// street. Planted truth: buurt hotspots (persistent, new in the last months, diminishing), street
// hotspots along a named street, and ~0.1% deliberately bad rows. The CSV is streamed: memory stays
// bounded whatever the number of incidents.
//
//   CityLocations where(city, streets);
//   IncidentOptions opt;  opt.incidents = 60'000;
//   CsvIncidentSink sink("out/incidents.csv");
//   nlohmann::ordered_json truth = generate_incidents(areas_of(city), where, opt, rng, sink);
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/geometry.hpp"
#include "rng.hpp"

namespace brandpunt::gendemo {

// Patterns planted on request (brandpunt-gendemo --plant ...). Any of them replaces the four
// default clusters; each adds its own incidents (a Poisson count per month) on top of the
// background, in buurten that neither overlap nor touch each other's rings:
//   persistent_isolated  +persistent_per_month bicycle thefts (1.2.3) every month in the free
//                        buurt whose neighbours expect the fewest bicycle thefts (the most
//                        central on a tie), its neighbours untouched (Gi* misses it; excess and
//                        outliers must not)
//   historical           +historical_per_month street robberies (1.4.6) in a core buurt and a
//                        third of that in its ring, in the first half of the series only
//   new_hotspot          +new_per_month house burglaries (1.1.1) in one buurt from two thirds
//                        of the series on (month 25 of 36), its neighbours untouched
//   cluster              +cluster_per_month assaults (1.4.5) in a core buurt and half of that
//                        in each buurt of its ring, every month
struct PlantOptions {
  bool persistent_isolated = false, historical = false, new_hotspot = false, cluster = false;
  double persistent_per_month = 15;
  double historical_per_month = 8;
  double new_per_month = 10;
  double cluster_per_month = 8;
  bool any() const { return persistent_isolated || historical || new_hotspot || cluster; }
};

struct IncidentOptions {
  int64_t incidents = 60'000;  // expected number of rows (bad rows included), Poisson total
  int months = 36;
  int start_year = 2023;
  int start_month = 1;           // 1..12
  double bad_row_rate = 0.001;   // share of rows made deliberately unusable
  double iso_date_share = 0.12;  // share of dates written as ISO 8601 instead of dd-mm-yyyy
  // Planted near-repeat burglary (woninginbraak) series, on demand (0 = none, the default, so
  // the demo city's data do not change): a source burglary at a random home in a buurt chosen
  // by burglary risk, then 1..near_repeat_followers more within near_repeat_radius_m (straight
  // line, same buurt) and 1..near_repeat_days days after it. Rows are listed in truth.json
  // ("near_repeat"); they are never made bad rows.
  int near_repeat_series = 0;
  double near_repeat_radius_m = 150;
  int near_repeat_days = 10;
  int near_repeat_followers = 3;
  PlantOptions plant;            // none = the four default clusters
  int last_month_days = 0;       // > 0: the data stop after this day of the last month
  bool street_names = true;      // false: the straat column stays empty (no street data)
};

// What the generator needs to know of the areas it fills (buurten, or a real layer).
struct AreaModel {
  std::vector<std::string> code, name;
  std::vector<double> population;  // inhabitants (use the area when unknown)
  std::vector<double> activity;    // relative shops/nightlife intensity
  std::vector<double> area_m2;
  std::vector<uint8_t> eligible;  // 1 = may carry a planted hotspot (as the core of a cluster)
  // Queen-contiguous neighbours of each area (the analysis' own weights, 0.5 m snap): a
  // planted hotspot raises its ring too. Empty = no rings (every area stands alone).
  std::vector<std::vector<uint32_t>> neighbours;
  // A representative point per area (empty = unknown): the persistent isolated plant takes the
  // most central free area.
  std::vector<XY> centroid;
};

// A street that gets a planted hotspot (city mode only).
struct PlantedStreet {
  uint32_t street = 0;
  uint32_t area = 0;  // the buurt the street lies in
  std::string name;
  std::string category_code;  // e.g. "1.2.3"
  double multiplier = 10;
  double share_of_area_streets = 0;  // street length / street length in the area
};

// Where incidents fall: the synthetic city (near streets) or a real layer (uniform).
class LocationModel {
 public:
  virtual ~LocationModel() = default;
  // A point inside `area`; with probability p_street near one of its streets.
  virtual XY in_area(uint32_t area, double p_street, Rng& rng) = 0;
  // A point within a few metres of `street` (a planted street hotspot).
  virtual XY on_street(uint32_t street, uint32_t area, Rng& rng) = 0;
  // The address street of a point.
  virtual std::string_view street_name(const XY& p, Rng& rng) = 0;
  // Whether `p` lies inside `area` (a planted near repeat stays in its source's buurt).
  virtual bool contains(uint32_t area, const XY& p) const = 0;
  virtual Envelope extent() const = 0;
};

// One output row as text fields; x and y are empty strings for a missing coordinate.
struct IncidentRow {
  std::string_view id, datum, x, y, soort, straat;
};

class IncidentSink {
 public:
  virtual ~IncidentSink() = default;
  virtual void write(const IncidentRow& row) = 0;
  virtual void finish() = 0;  // flush and move the file into place (atomic rename)
};

// Streams "registratienummer,datum,x,y,soort,straat" to `path` via `path`.tmp + rename.
std::unique_ptr<IncidentSink> make_csv_sink(const std::string& path);

// Generates the incidents into `sink` and returns the ground truth (hotspots, trends, bad
// rows, counts) as JSON, without the "seed"/"mode" header the caller adds.
nlohmann::ordered_json generate_incidents(const AreaModel& areas, LocationModel& where,
                                          const std::vector<PlantedStreet>& streets,
                                          const IncidentOptions& options, Rng& rng,
                                          IncidentSink& sink);

}  // namespace brandpunt::gendemo
