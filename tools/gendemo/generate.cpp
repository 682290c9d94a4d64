#include "generate.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <set>

#include "core/error.hpp"
#include "gpkg.hpp"
#include "locations.hpp"
#include "planar.hpp"
#include "weights/contiguity.hpp"

namespace brandpunt::gendemo {

void parse_start(const std::string& text, IncidentOptions& o) {
  int y = 0, m = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d%c", &y, &m, &tail) != 2 || m < 1 || m > 12 || y < 1900 ||
      y > 2999)
    throw Error(ErrorKind::config, "expected YYYY-MM, got '" + text + "'").at_field("start");
  o.start_year = y;
  o.start_month = m;
}

namespace {

// Queen contiguity exactly as the analysis builds it (pipeline default snap 0.5 m), so the
// planted rings are the neighbours Gi* sums over.
std::vector<std::vector<uint32_t>> queen_neighbours(const std::vector<MultiPolygon>& areas) {
  weights::ContiguityOptions opt;
  opt.snap_m = weights::kRealWorldSnap_m;
  return weights::to_lists(weights::contiguity(areas, opt));
}

}  // namespace

nlohmann::ordered_json generate_demo(const DemoOptions& o) {
  using json = nlohmann::ordered_json;
  if (o.out_dir.empty()) throw Error(ErrorKind::config, "no output folder").at_field("out");
  if (o.incidents.incidents < 0) throw Error(ErrorKind::config, "--incidents must be >= 0");
  std::filesystem::create_directories(o.out_dir);
  const std::string dir = o.out_dir;
  const std::string incidents_path = dir + (o.gpkg ? "/incidents.gpkg" : "/incidents.csv");
  geom::GeosContext geos;
  // Independent streams per part, so e.g. more incidents never change the city.
  Rng root(o.seed);
  Rng city_rng = root.fork(1), street_rng = root.fork(2), incident_rng = root.fork(3);

  char start[16];
  std::snprintf(start, sizeof start, "%04d-%02d", o.incidents.start_year, o.incidents.start_month);
  json truth;
  truth["generator"] = "brandpunt-gendemo";
  truth["seed"] = o.seed;
  truth["period"] = {{"start", start}, {"months", o.incidents.months}};

  if (!o.areas_path.empty()) {
    const AreaSource src = read_area_layer(o.areas_path, o.area_code_field);
    ScatterLocations where(src.geometry, geos, street_rng);
    AreaModel model;
    model.code = src.code;
    model.name = src.name;
    for (const auto& g : src.geometry) {
      model.area_m2.push_back(area_of(g));
      model.population.push_back(area_of(g));  // uniform over the union: weight = area
      model.activity.push_back(area_of(g));
      model.eligible.push_back(1);
    }
    model.neighbours = queen_neighbours(src.geometry);
    for (const auto& g : src.geometry) model.centroid.push_back(planar::centroid(g));
    auto sink =
        o.gpkg ? make_gpkg_sink(incidents_path, src.srs_wkt) : make_csv_sink(incidents_path);
    IncidentOptions io = o.incidents;
    io.street_names = io.street_names && !o.no_streets;
    json body = generate_incidents(model, where, {}, io, incident_rng, *sink);
    truth["mode"] = "scatter";
    truth["crs"] = src.crs_label;
    truth["areas"] = {
        {"path", o.areas_path}, {"code_field", o.area_code_field}, {"count", src.code.size()}};
    for (auto& [k, v] : body.items()) truth[k] = v;
  } else {
    City city = generate_city(o.city, city_rng, geos);
    const StreetNetwork streets = generate_streets(city, o.streets, street_rng, geos);
    CityLocations where(city, streets);
    auto sink = o.gpkg ? make_gpkg_sink(incidents_path, "") : make_csv_sink(incidents_path);
    AreaModel model = area_model(city, streets);
    model.neighbours = queen_neighbours(city.buurten.geometry);
    model.centroid = city.buurt_centroid;
    IncidentOptions io = o.incidents;
    io.street_names = io.street_names && !o.no_streets;
    json body = generate_incidents(model, where,
                                   o.no_streets ? std::vector<PlantedStreet>{} : planted_streets(streets),
                                   io, incident_rng, *sink);
    // One buurt without population (the incidents were generated with its true population):
    // an eligible buurt outside every planted pattern and ring, in a seeded order.
    json missing = json::array();
    if (o.no_population) {
      std::set<std::string> taken;
      for (const char* group : {"planted"})
        if (body.contains(group))
          for (const auto& p : body[group]) {
            taken.insert(p["code"].get<std::string>());
            for (const auto& r : p["ring_codes"]) taken.insert(r.get<std::string>());
          }
      for (const auto& p : body["hotspots"]["buurten"]) {
        taken.insert(p["code"].get<std::string>());
        for (const auto& r : p["ring_codes"]) taken.insert(r.get<std::string>());
      }
      std::vector<uint32_t> order;
      for (uint32_t b = 0; b < city.buurten.size(); ++b)
        if (model.eligible[b] && !taken.count(city.buurten.code[b])) order.push_back(b);
      Rng pick = root.fork(4);
      if (!order.empty()) {
        const uint32_t b = order[pick.below(order.size())];
        city.buurten.population[b] = std::numeric_limits<double>::quiet_NaN();
        missing.push_back(city.buurten.code[b]);
      }
    }
    write_city_gpkg(dir + "/city.gpkg", city, streets, !o.no_streets);
    write_city_tables(dir, city);
    truth["mode"] = "city";
    truth["crs"] = "EPSG:28992";
    double inhabitants = 0;
    json low = json::array();
    for (size_t b = 0; b < city.buurten.size(); ++b) {
      if (!std::isfinite(city.buurten.population[b])) continue;
      inhabitants += city.buurten.population[b];
      if (city.buurten.population[b] < 100) low.push_back(city.buurten.code[b]);
    }
    json gemeenten = json::array();
    for (size_t g = 0; g < city.gemeenten.size(); ++g)
      gemeenten.push_back({{"code", city.gemeenten.code[g]}, {"name", city.gemeenten.name[g]}});
    truth["city"] = {{"gemeenten", gemeenten},
                     {"buurten", city.buurten.size()},
                     {"wijken", city.wijken.size()},
                     {"stadsdelen", city.stadsdelen.size()},
                     {"streets", streets.size()},
                     {"inhabitants", static_cast<int64_t>(inhabitants)},
                     {"area_m2", std::round(area_of(city.outline))},
                     {"low_population_buurten", low},
                     {"population_missing", missing},
                     {"street_layer", !o.no_streets}};
    for (auto& [k, v] : body.items()) truth[k] = v;
  }
  write_text_file(dir + "/truth.json", truth.dump(2) + "\n");
  return truth;
}

}  // namespace brandpunt::gendemo
