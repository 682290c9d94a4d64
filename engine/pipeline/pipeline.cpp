#include "pipeline/pipeline.hpp"

#include <gdal.h>
#include <geos_c.h>
#include <proj.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <future>
#include <map>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "aggregate/cube.hpp"
#include "assign/assign.hpp"
#include "assign/straten.hpp"
#include "assign/tiling.hpp"
#include "core/error.hpp"
#include "core/parallel.hpp"
#include "core/taxonomy.hpp"
#include "geom/geos.hpp"
#include "index/area_index.hpp"
#include "index/segment_index.hpp"
#include "io/incident_reader.hpp"
#include "io/sha256.hpp"
#include "io/street_reader.hpp"
#include "output/atomic_file.hpp"
#include "output/csv_writer.hpp"
#include "output/vector_writer.hpp"
#include "weights/contiguity.hpp"
#include "weights/knn.hpp"
#include "pipeline/figures.hpp"
#include "pipeline/focus_step.hpp"
#include "pipeline/hotspots.hpp"
#include "pipeline/jobs.hpp"
#include "pipeline/layer_files.hpp"
#include "pipeline/packs.hpp"
#include "pipeline/surfaces.hpp"
#include "pipeline/trends.hpp"
#include "pipeline/levels.hpp"
#include "pipeline/tables.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace brandpunt::pipeline {

namespace {

constexpr const char* kVersion = "0.1.0";

// Wall time per step, and the process's peak resident memory when the step ended (getrusage;
// the peak never falls, so a step that raised it is the one whose value first shows it).
class Timer {
 public:
  Timer(json& timings, json& peaks) : timings_(timings), peaks_(peaks) {}
  void lap(const std::string& step) {
    const auto now = std::chrono::steady_clock::now();
    timings_[step] = std::round(std::chrono::duration<double>(now - last_).count() * 1000) / 1000;
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) == 0) peaks_[step] = usage.ru_maxrss / 1024;  // KiB -> MiB
    last_ = now;
  }
  // A step that ran beside others (in the background): its own wall time, and the peak so far.
  void record(const std::string& step, double seconds) {
    timings_[step] = std::round(seconds * 1000) / 1000;
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) == 0) peaks_[step] = usage.ru_maxrss / 1024;
  }

 private:
  json& timings_;
  json& peaks_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

Taxonomy build_taxonomy(const PipelineConfig& cfg) {
  Taxonomy t = Taxonomy::dutch_default();
  for (const auto& [code, sub] : cfg.extra_codes) {
    auto s = t.sub_index(sub);
    if (!s)
      throw Error(ErrorKind::config, "unknown sub category '" + sub + "'")
          .at_file(cfg.config_path)
          .at_field("taxonomy.codes." + code);
    t.code_to_sub[code] = *s;
  }
  return t;
}

CategoryKeys category_keys(const Taxonomy& t, bool with_subs) {
  CategoryKeys k;
  k.keys.push_back("totaal");
  k.labels.push_back("Totaal");
  k.main_of.push_back("");
  for (const auto& m : t.mains) {
    k.keys.push_back(m.key);
    k.labels.push_back(m.label_nl);
    k.main_of.push_back("");
  }
  if (with_subs)
    for (const auto& s : t.subs) {
      k.keys.push_back(s.key);
      k.labels.push_back(s.label_nl);
      k.main_of.push_back(t.mains[s.main].key);
    }
  return k;
}

// [totaal, mains..., subs...] from a cube over sub categories (or mains when keep_detail is
// false and the cube is over mains already).
aggregate::CountCube expand(const aggregate::CountCube& cube, const std::vector<uint16_t>& cat_main,
                            size_t n_mains, bool keep_detail) {
  std::vector<std::vector<uint16_t>> targets(cube.n_cats);
  for (size_t c = 0; c < cube.n_cats; ++c) {
    targets[c] = {0, static_cast<uint16_t>(1 + cat_main[c])};
    if (keep_detail) targets[c].push_back(static_cast<uint16_t>(1 + n_mains + c));
  }
  return aggregate::spread_categories(cube, targets, 1 + n_mains + (keep_detail ? cube.n_cats : 0));
}

// One key for a (buurt, street name) pair.
uint64_t straat_pair(uint32_t buurt, uint32_t name) { return (uint64_t{buurt} << 32) | name; }

LevelInfo info_of(const AreaLayer& layer, const std::vector<std::string>& stadsdeel) {
  LevelInfo info;
  info.level = layer.level;
  info.code = layer.code;
  info.name = layer.name;
  info.parent = layer.parent;
  info.stadsdeel = stadsdeel;
  info.population = layer.population;
  for (const auto& g : layer.geometry) info.area_m2.push_back(area_of(g));
  return info;
}

json file_entry(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return {{"path", path}, {"bytes", ec ? 0 : size}, {"sha256", io::sha256_file(path)}};
}

json schema_of(const output::Table& t) {
  json cols = json::array();
  for (const auto& c : t.columns)
    cols.push_back({{"name", c.name}, {"type", output::to_string(c.type)}, {"description", c.description}});
  return cols;
}

}  // namespace

RunResult run(const PipelineConfig& cfg, const ProgressFn& progress) {
  auto report = [&](const std::string& step, int64_t done = 0, int64_t total = 0) {
    if (progress) progress(Progress{step, done, total});
  };
  json run_json;
  Timer timer(run_json["timings_s"], run_json["peak_memory_mib"]);
  RunResult result;
  result.output_dir = cfg.output_dir;
  std::vector<std::string>& warnings = result.warnings;
  const unsigned threads = cfg.threads ? cfg.threads : std::max(1u, std::thread::hardware_concurrency());

  // Validate everything cheap before touching data.
  const Taxonomy taxonomy = build_taxonomy(cfg);
  bool write_csv = false;
  for (const auto& f : cfg.output.formats) {
    if (f == "csv") write_csv = true;
    else output::parse_vector_format(f);  // throws Error(config) on an unknown format
  }
  fs::create_directories(cfg.output_dir);
  // The inputs' SHA-256 for run.json, computed beside the run when it has threads (hashing a
  // national incident file takes about a second); collected when run.json is written.
  std::future<json> input_hashes = std::async(threads > 1 ? std::launch::async : std::launch::deferred, [&cfg] {
    std::vector<std::string> paths = {cfg.config_path, cfg.incidents.path};
    for (const LevelSource* s : {&cfg.buurt, &cfg.wijk, &cfg.stadsdeel}) {
      if (!s->areas.path.empty()) paths.push_back(s->areas.path);
      if (!s->table_path.empty()) paths.push_back(s->table_path);
    }
    if (!cfg.population.path.empty()) paths.push_back(cfg.population.path);
    if (!cfg.streets.path.empty()) paths.push_back(cfg.streets.path);
    std::sort(paths.begin(), paths.end());
    paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
    json entries = json::array();
    for (const auto& p : paths) entries.push_back(file_entry(p));
    return entries;
  });

  // 1. Areas.
  report("read areas");
  geom::GeosContext geos;
  json areas_report;
  Levels lv = load_levels(cfg, geos, warnings, areas_report);
  const assign::TilingReport tiling = assign::check_tiling(lv.buurt.geometry);
  for (const auto& [a, b] : tiling.overlaps)
    warnings.push_back("buurten " + lv.buurt.code[a] + " and " + lv.buurt.code[b] + " overlap");
  if (tiling.gap_count > 0)
    warnings.push_back(std::to_string(tiling.gap_count) + " gaps between buurten (" +
                       std::to_string(std::llround(tiling.gap_area_m2)) + " m²)");
  areas_report["tiling"] = {{"overlapping_pairs", tiling.overlaps.size()},
                            {"overlap_area_m2", tiling.overlap_area_m2},
                            {"gaps", tiling.gap_count},
                            {"gap_area_m2", tiling.gap_area_m2}};
  timer.lap("read_areas");

  // Streets do not depend on the incidents: with threads to spare they are read, indexed and
  // cut into straten (street name within buurt) beside the incident reading, which is one thread.
  // Should a later step throw first, the future's destructor waits for this work to end (it
  // reads only cfg and lv, which outlive it) and its own error, if any, is not reported.
  struct StreetWork {
    io::StreetLines streets;
    std::unique_ptr<index::SegmentIndex> segments;
    assign::StraatLayer pieces;
    double read_s = 0, straten_s = 0;
  };
  std::future<StreetWork> street_work;
  if (!cfg.streets.path.empty()) {
    street_work = std::async(threads > 1 ? std::launch::async : std::launch::deferred, [&cfg, &lv, threads] {
      StreetWork w;
      const auto t0 = std::chrono::steady_clock::now();
      w.streets = io::read_streets(cfg.streets.path, cfg.streets.layer, cfg.streets.name_field, cfg.analysis_crs);
      w.segments = std::make_unique<index::SegmentIndex>(w.streets.lines);
      const auto t1 = std::chrono::steady_clock::now();
      w.pieces = assign::build_straten(w.streets.lines, w.streets.name, w.streets.names, lv.buurt, threads);
      w.read_s = std::chrono::duration<double>(t1 - t0).count();
      w.straten_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
      return w;
    });
  }

  // 2. Incidents.
  report("read incidents");
  io::IncidentReadResult incidents = io::read_incidents(
      cfg.incidents, taxonomy, cfg.analysis_crs,
      [&](int64_t rows) { report("read incidents", rows, 0); });
  const IncidentTable& table = incidents.table;
  timer.lap("read_incidents");

  // 3. Assign to buurten.
  report("assign to buurten", 0, static_cast<int64_t>(table.size()));
  const index::AreaIndex buurt_index(lv.buurt.geometry);
  assign::AssignResult assigned = assign::assign_to_areas(buurt_index, table, threads);
  Accounting acc;
  acc.read = incidents.read;
  acc.rejected = static_cast<int64_t>(incidents.rejects.size());
  acc.assigned = assigned.assigned;
  acc.outside = assigned.outside;
  acc.duplicate_ids = incidents.duplicate_ids;
  if (!acc.balanced())
    throw Error(ErrorKind::internal, "accounting does not balance: read " + std::to_string(acc.read) +
                                         " != assigned + outside + rejected");
  timer.lap("assign_buurt");

  // 4. Straten: street name within buurt, from the street layer (snapping) or the records.
  report("assign to straten");
  std::vector<uint32_t> name_of_incident(table.size(), kNoStreet);
  std::vector<std::string> street_names;
  std::unordered_map<uint64_t, std::vector<LineString>> straat_geometry;  // straat_pair -> lines
  if (street_work.valid()) {
    StreetWork w = street_work.get();
    // read_streets and build_straten ran beside the incident reading: their own wall times.
    timer.record("read_streets", w.read_s);
    timer.record("build_straten", w.straten_s);
    timer.lap("wait_streets");
    const io::StreetLines& streets = w.streets;
    {
      const assign::SnapResult snap = assign::snap_to_streets(*w.segments, table, cfg.streets.snap_distance_m, threads);
      acc.snapped = snap.snapped;
      acc.unsnapped = snap.unsnapped;
      for (size_t i = 0; i < table.size(); ++i)
        if (snap.line[i] != kNoStreet) name_of_incident[i] = streets.name[snap.line[i]];
    }
    w.segments.reset();
    timer.lap("snap_streets");
    street_names = streets.names;
    assign::StraatLayer& pieces = w.pieces;
    std::map<std::string, uint32_t> name_id;
    for (size_t n = 0; n < street_names.size(); ++n) name_id.emplace(street_names[n], static_cast<uint32_t>(n));
    for (size_t s = 0; s < pieces.code.size(); ++s)
      straat_geometry[straat_pair(pieces.buurt[s], name_id.at(pieces.name[s]))] = std::move(pieces.geometry[s]);
  } else {
    for (size_t i = 0; i < table.size(); ++i) name_of_incident[i] = table.street[i];
    street_names = table.street_names;
  }
  // Straat index per incident: the distinct (buurt, street name) pairs of the street layer and
  // of the records, numbered in the order of their straat code "<buurt code>:<street name>".
  std::unordered_set<uint64_t> pairs;
  pairs.reserve(straat_geometry.size() * 2 + 1024);
  for (const auto& [key, geometry] : straat_geometry) pairs.insert(key);
  for (size_t i = 0; i < table.size(); ++i)
    if (assigned.area[i] != kNoArea && name_of_incident[i] != kNoStreet)
      pairs.insert(straat_pair(assigned.area[i], name_of_incident[i]));
  std::vector<std::pair<std::string, uint64_t>> coded;
  coded.reserve(pairs.size());
  for (uint64_t key : pairs)
    coded.emplace_back(lv.buurt.code[key >> 32] + ":" + street_names[key & 0xffffffffu], key);
  pairs = {};
  std::sort(coded.begin(), coded.end());  // codes are unique: buurt codes and names are
  std::unordered_map<uint64_t, uint32_t> straat_id;
  straat_id.reserve(coded.size());
  AreaLayer straten;
  straten.level = "straat";
  std::vector<std::vector<LineString>> straat_lines;
  std::vector<uint32_t> straat_buurt;
  for (auto& [code, key] : coded) {
    const auto buurt = static_cast<uint32_t>(key >> 32);
    const auto name = static_cast<uint32_t>(key & 0xffffffffu);
    straat_id.emplace(key, static_cast<uint32_t>(straten.code.size()));
    straten.code.push_back(std::move(code));
    straten.name.push_back(street_names[name]);
    straten.parent.push_back(lv.buurt.code[buurt]);
    straten.population.push_back(kNoData);
    auto g = straat_geometry.find(key);
    straat_lines.push_back(g == straat_geometry.end() ? std::vector<LineString>{} : std::move(g->second));
    straat_buurt.push_back(buurt);
  }
  coded = {};
  straat_geometry = {};
  std::vector<uint32_t> straat_of(table.size(), kNoArea);
  core::parallel_chunks(table.size(), threads, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i)
      if (assigned.area[i] != kNoArea && name_of_incident[i] != kNoStreet)
        straat_of[i] = straat_id.at(straat_pair(assigned.area[i], name_of_incident[i]));
  });
  int64_t without_street = 0;
  for (size_t i = 0; i < table.size(); ++i)
    without_street += assigned.area[i] != kNoArea && name_of_incident[i] == kNoStreet;
  timer.lap("assign_straat");

  // 5. Periods.
  int last_month = INT32_MIN, first_month = INT32_MAX;
  for (size_t i = 0; i < table.size(); ++i) {
    if (assigned.area[i] == kNoArea) continue;
    const int m = aggregate::month_of(table.time_s[i]);
    last_month = std::max(last_month, m);
    first_month = std::min(first_month, m);
  }
  Periods periods;
  periods.months = cfg.period.months;
  const int end = !cfg.period.end_month.empty() ? aggregate::parse_month(cfg.period.end_month)
                  : last_month != INT32_MIN     ? last_month
                                                : aggregate::month_index(2000, 1);
  periods.first = {end - periods.months + 1, end - 2 * periods.months + 1, end - periods.months + 1 - 12};
  const int series_len = cfg.period.series_months > 0 ? cfg.period.series_months : 36;
  periods.series = {end - series_len + 1, series_len};
  const int cube_first = std::min({periods.series.first, periods.first[1], periods.first[2]});
  periods.cube = {cube_first, end - cube_first + 1};
  if (first_month != INT32_MAX && first_month > periods.first[kLastYear])
    warnings.push_back("data start in " + aggregate::month_label(first_month) +
                       ": the year-earlier period " + periods.label(kLastYear) + " is not fully covered");

  // 6. Aggregate: buurt cube over subs, rolled up; straat cube over mains.
  report("aggregate");
  const size_t n_subs = taxonomy.subs.size(), n_mains = taxonomy.mains.size();
  std::vector<uint16_t> sub_main(n_subs);
  for (size_t s = 0; s < n_subs; ++s) sub_main[s] = taxonomy.subs[s].main;
  int64_t out_of_series = 0;
  std::vector<uint16_t> main_of_incident(table.size());
  for (size_t i = 0; i < table.size(); ++i) main_of_incident[i] = sub_main[table.category[i]];
  std::vector<uint16_t> identity(n_mains);
  for (size_t m = 0; m < n_mains; ++m) identity[m] = static_cast<uint16_t>(m);
  // The counted cubes are temporaries: only their expanded forms are kept.
  std::array<aggregate::CountCube, kLevelCount> cubes;
  // The straat and buurt cubes are counted at once (each pass reads every incident).
  std::future<aggregate::CountCube> straat_cube =
      std::async(threads > 1 ? std::launch::async : std::launch::deferred, [&] {
        return expand(aggregate::count_incidents(straat_of, main_of_incident, table.time_s, straten.size(), n_mains,
                                                 periods.cube),
                      identity, n_mains, false);
      });
  cubes[kBuurt] = expand(aggregate::count_incidents(assigned.area, table.category, table.time_s, lv.buurt.size(),
                                                    n_subs, periods.cube, &out_of_series),
                         sub_main, n_mains, true);
  acc.assigned_out_of_window = out_of_series;
  acc.assigned_in_window = acc.assigned - out_of_series;
  cubes[kStraat] = straat_cube.get();
  cubes[kWijk] = aggregate::roll_up(cubes[kBuurt], lv.buurt_wijk, lv.wijk.size());
  cubes[kStadsdeel] = aggregate::roll_up(cubes[kWijk], lv.wijk_stadsdeel, lv.stadsdeel.size());
  cubes[kGemeente] = aggregate::roll_up(cubes[kStadsdeel], std::vector<uint32_t>(lv.stadsdeel.size(), 0), 1);
  timer.lap("aggregate");
  name_of_incident = {};
  // The incidents themselves serve only the analysis steps (representative points, week
  // series, grid and density) and the restricted assignment table; without those they are
  // freed here as well: about half a gigabyte at national scale.
  const bool incidents_needed = cfg.analysis.hotspots || cfg.analysis.trends || cfg.analysis.surfaces ||
                                cfg.privacy.profile == Profile::restricted;
  // The incidents and their per-incident columns, once no later step reads them.
  auto free_incidents = [&] {
    incidents.table = {};
    assigned.area = {};
    straat_of = {};
    main_of_incident = {};
  };
  if (!incidents_needed) free_incidents();

  // 7. Protect (public profile) and publish.
  report("protect small counts");
  const std::array<std::vector<uint32_t>, kLevelCount - 1> parents = {
      straat_buurt, lv.buurt_wijk, lv.wijk_stadsdeel, std::vector<uint32_t>(lv.stadsdeel.size(), 0)};
  Figures figures = count_figures(cubes, n_mains, periods, cfg.privacy.profile);
  // The straat cube (the largest) serves only the straat trends after this: free it early
  // when they are off, before the protection step's peak.
  if (!cfg.analysis.trends) cubes[kStraat] = {};
  protect_figures(figures, parents, sub_main, n_mains, periods, cfg.privacy);
  timer.lap("protect");

  std::vector<std::string> sd_of_buurt, sd_of_wijk, sd_of_sd = lv.stadsdeel.code, sd_of_straat;
  for (size_t w = 0; w < lv.wijk.size(); ++w) sd_of_wijk.push_back(lv.stadsdeel.code[lv.wijk_stadsdeel[w]]);
  for (size_t b = 0; b < lv.buurt.size(); ++b) sd_of_buurt.push_back(sd_of_wijk[lv.buurt_wijk[b]]);
  for (size_t s = 0; s < straten.size(); ++s) sd_of_straat.push_back(sd_of_buurt[straat_buurt[s]]);
  std::array<LevelInfo, kLevelCount> info = {
      info_of(straten, sd_of_straat), info_of(lv.buurt, sd_of_buurt), info_of(lv.wijk, sd_of_wijk),
      info_of(lv.stadsdeel, sd_of_sd), info_of(lv.gemeente, {""})};
  info[kStraat].area_m2.assign(straten.size(), NAN);
  info[kStadsdeel].parent.assign(lv.stadsdeel.size(), cfg.gemeente_code);

  // 8. Hotspot statistics on straat, buurt and wijk (exact counts of the analysis period).
  const AnalysisSteps& steps = cfg.analysis;
  if (steps.hotspots) report("hotspot statistics");
  const size_t n_groups = 1 + n_mains;
  // Every category counted at the level: totaal and mains, and the subs except for straten.
  auto period_counts = [&](int l) {
    const LevelFigures& f = figures.levels[static_cast<size_t>(l)];
    std::vector<double> c(f.n_areas * f.n_cats);
    for (size_t a = 0; a < f.n_areas; ++a)
      for (size_t g = 0; g < f.n_cats; ++g) c[a * f.n_cats + g] = static_cast<double>(f.period[f.pi(a, g, kCurrent)]);
    return c;
  };
  weights::ContiguityOptions queen;
  queen.rule = weights::Contiguity::queen;
  queen.snap_m = cfg.hotspots.contiguity_snap_m;
  std::array<LevelHotspots, 3> hotspots;
  std::array<weights::Weights, 3> level_weights;
  json hotspot_report;
  if (steps.hotspots || steps.trends) {
    // Straten: k nearest by a representative point (the middle of its geometry, else the mean
    // of its incidents' positions, which is used for the weights only and never published).
    std::vector<XY> rep(straten.size(), XY{0, 0});
    std::vector<int64_t> n_rep(straten.size(), 0);
    for (size_t s = 0; s < straten.size(); ++s) {
      double len_sum = 0;
      for (const auto& line : straat_lines[s])
        for (size_t k = 1; k < line.size(); ++k) {
          const double len = std::hypot(line[k].x - line[k - 1].x, line[k].y - line[k - 1].y);
          rep[s].x += len * (line[k].x + line[k - 1].x) / 2;
          rep[s].y += len * (line[k].y + line[k - 1].y) / 2;
          len_sum += len;
        }
      if (len_sum > 0) {
        rep[s].x /= len_sum;
        rep[s].y /= len_sum;
        n_rep[s] = -1;
      }
    }
    for (size_t i = 0; i < table.size(); ++i) {
      const uint32_t s = straat_of[i];
      if (s == kNoArea || n_rep[s] < 0) continue;
      rep[s].x += table.x[i];
      rep[s].y += table.y[i];
      ++n_rep[s];
    }
    for (size_t s = 0; s < straten.size(); ++s)
      if (n_rep[s] > 0) rep[s] = XY{rep[s].x / static_cast<double>(n_rep[s]), rep[s].y / static_cast<double>(n_rep[s])};
    const unsigned k = static_cast<unsigned>(std::min<size_t>(cfg.hotspots.straat_knn, straten.size() > 0 ? straten.size() - 1 : 0));
    const weights::Weights w_straat = k > 0 ? weights::knn(rep, k) : weights::from_lists(std::vector<std::vector<uint32_t>>(straten.size()));
    level_weights = {w_straat, weights::contiguity(lv.buurt.geometry, queen),
                     weights::contiguity(lv.wijk.geometry, queen)};
    for (int l = 0; l < 3 && steps.hotspots; ++l)
      hotspots[static_cast<size_t>(l)] = level_hotspots(level_weights[static_cast<size_t>(l)], period_counts(l),
                                                        figures.levels[static_cast<size_t>(l)].n_cats,
                                                        info[static_cast<size_t>(l)].population, cfg.hotspots, threads);
    for (int l = 0; l < 3 && steps.hotspots; ++l) {
      json islands = json::array();
      const auto& codes = info[static_cast<size_t>(l)].code;
      for (size_t a = 0; a < hotspots[static_cast<size_t>(l)].n_areas; ++a)
        if (!std::isfinite(hotspots[static_cast<size_t>(l)].z[a * hotspots[static_cast<size_t>(l)].n_groups])) islands.push_back(codes[a]);
      hotspots[static_cast<size_t>(l)].report["island_codes"] = islands;
      if (!islands.empty())
        warnings.push_back(std::to_string(islands.size()) + " " + level_name(l) +
                           " areas have no neighbours: their hotspot fields are null");
      hotspot_report[level_name(l)] = hotspots[static_cast<size_t>(l)].report;
    }
    if (steps.hotspots) {
      hotspot_report["straat"]["weights"] = "knn" + std::to_string(k) + " on representative points";
      hotspot_report["buurt"]["contiguity_snap_m"] = cfg.hotspots.contiguity_snap_m;
    }
  }
  timer.lap("hotspots");

  // 9. Time: trends, emerging hot spots and changes between periods on straat, buurt, wijk.
  if (steps.trends) report("trends and emerging hot spots");
  std::array<LevelTrends, 3> trends;
  json trend_report;
  // The series at the configured step: month and quarter from the monthly cubes, weeks (which
  // do not nest in months) from the incidents, with the same groups as the cubes.
  const time::Step step = time::parse_step(cfg.time.step);
  std::array<StepSeries, 3> step_series;
  if (steps.trends && step == time::Step::week) {
    step_series[kStraat] = step_series_from_incidents(straat_of, table.category, table.time_s, sub_main, n_mains,
                                                      false, straten.size(), periods, step);
    step_series[kBuurt] = step_series_from_incidents(assigned.area, table.category, table.time_s, sub_main, n_mains,
                                                     true, lv.buurt.size(), periods, step);
    step_series[kWijk] = roll_up(step_series[kBuurt], lv.buurt_wijk, lv.wijk.size());
  } else if (steps.trends) {
    for (int l = 0; l < 3; ++l)
      step_series[static_cast<size_t>(l)] = step_series_from_months(
          cubes[static_cast<size_t>(l)], figures.levels[static_cast<size_t>(l)].n_cats, periods, step);
  }
  for (int l = 0; l < 3 && steps.trends; ++l) {
    trends[static_cast<size_t>(l)] = level_trends(cubes[static_cast<size_t>(l)], figures.levels[static_cast<size_t>(l)],
                                                  figures.levels[static_cast<size_t>(l)].n_cats,
                                                  periods, level_weights[static_cast<size_t>(l)], cfg.time,
                                                  step_series[static_cast<size_t>(l)], threads);
    trend_report[level_name(l)] = trends[static_cast<size_t>(l)].report;
  }
  timer.lap("trends");

  report("write outputs");

  json schema;
  auto write_table_csv = [&](const std::string& name, const output::Table& t) {
    output::write_csv((fs::path(cfg.output_dir) / name).string(), t);
    result.files.push_back(name);
  };
  std::array<output::Table, kLevelCount> level_tables;
  std::array<output::LayerGeometry, kLevelCount> level_geometry;
  std::array<CategoryKeys, kLevelCount> level_keys;
  output::Table space_time;
  output::LayerGeometry space_time_geometry;
  // Files are written by background jobs while the next tables are built (jobs.hpp); the queue
  // is declared after everything its jobs read, so it finishes before those go away.
  JobQueue jobs(threads > 1 ? threads : 0);
  auto push_layer = [&](const std::string& name, const output::Table& t, const output::LayerGeometry& g) {
    jobs.push([&cfg, name, &t, &g] {
      JobOutput o;
      write_layer_formats(cfg, cfg.output_dir, name, t, g, o.files, &o.warnings);
      return o;
    });
  };
  // A long table (rows per area and category) is built and written a block of areas at a time
  // inside its job, so only a block of it exists in memory.
  constexpr size_t kAreaBlock = 2048;
  auto push_csv = [&](const std::string& name, size_t n_areas, std::function<output::Table(AreaRange)> build) {
    jobs.push([&cfg, name, n_areas, build = std::move(build)] {
      JobOutput o;
      const size_t n_blocks = (n_areas + kAreaBlock - 1) / kAreaBlock;
      output::write_csv_blocks((fs::path(cfg.output_dir) / (name + ".csv")).string(), n_blocks, [&](size_t b) {
        output::Table t = build(AreaRange{b * kAreaBlock, (b + 1) * kAreaBlock});
        if (b == 0) o.schema.emplace_back(name, schema_of(t));
        return t;
      });
      o.files.push_back(name + ".csv");
      return o;
    });
  };
  for (int l = 0; l < kLevelCount; ++l) {
    const size_t L = static_cast<size_t>(l);
    const std::string name = level_name(l);
    level_keys[L] = category_keys(taxonomy, l != kStraat);
    const CategoryKeys& keys = level_keys[L];
    output::Table& t = level_tables[L];
    t = level_table(info[L], figures.levels[L], keys, periods);
    const std::vector<std::string> group_keys(keys.keys.begin(), keys.keys.begin() + static_cast<long>(n_groups));
    if (l <= kWijk && steps.hotspots)
      append_hotspot_columns(t, hotspots[L], group_keys, cfg.privacy.profile);
    if (l <= kWijk && steps.trends)
      append_trend_columns(t, trends[L], group_keys, figures.levels[L], cfg.privacy);
    if (cfg.output.series_property) append_series_columns(t, figures.levels[L], group_keys);
    schema[name] = schema_of(t);
    output::LayerGeometry& geometry = level_geometry[L];
    if (l == kStraat) {
      geometry.kind = output::LayerGeometry::line;
      geometry.lines = std::move(straat_lines);  // not needed after this
    } else {
      geometry.kind = output::LayerGeometry::polygon;
      const AreaLayer* layers[] = {nullptr, &lv.buurt, &lv.wijk, &lv.stadsdeel, &lv.gemeente};
      geometry.polygons = layers[l]->geometry;
    }
    push_layer(name, t, geometry);
    if (!write_csv) continue;
    jobs.push([&cfg, name, &t] {
      JobOutput o;
      output::write_csv((fs::path(cfg.output_dir) / (name + ".csv")).string(), t);
      o.files.push_back(name + ".csv");
      return o;
    });
    const LevelInfo& li = info[L];
    const LevelFigures& lf = figures.levels[L];
    const size_t n = lf.n_areas;
    push_csv(name + "_categories", n, [&li, &lf, &keys, &periods](AreaRange r) { return category_table(li, lf, keys, periods, r); });
    if (lf.n_series > 0)  // public: no straat series
      push_csv(name + "_series", n, [&li, &lf, &keys](AreaRange r) { return series_table(li, lf, keys, r); });
    // A series at another step is unprotected: next to the protected monthly table it would
    // let a reader recover suppressed months by differencing, so only the restricted profile
    // gets it.
    if (l <= kWijk && steps.trends && step != time::Step::month && cfg.privacy.profile == Profile::restricted) {
      const StepSeries& ss = step_series[L];
      push_csv(name + "_series_" + time::to_string(step), n,
               [&li, &ss, &keys, n_groups](AreaRange r) { return step_series_table(li.code, ss, keys.keys, n_groups, r); });
    }
    if (l <= kWijk && steps.hotspots) {
      const LevelHotspots& hs = hotspots[L];
      push_csv(name + "_hotspots", n, [&li, &hs, &keys, &cfg](AreaRange r) { return hotspot_table(li.code, hs, keys.keys, cfg.privacy.profile, r); });
    }
    if (l <= kWijk && steps.trends) {
      const LevelTrends& tr = trends[L];
      push_csv(name + "_trends", n, [&li, &tr, &keys, &lf, &cfg](AreaRange r) {
        return trend_table(li.code, tr, keys.keys, lf, cfg.privacy, cfg.time.trend_alpha, r);
      });
    }
  }
  // The space-time hot spot layer: buurten with their emerging category per category group.
  if (steps.trends) {
    output::Table& t = space_time;
    t.add_string("code", "buurt code");
    t.add_string("name", "buurt name");
    t.add_string("stadsdeel_code", "stadsdeel of the buurt");
    for (int c = 0; c < 3; ++c) t.columns[static_cast<size_t>(c)].strings = c == 0 ? lv.buurt.code : c == 1 ? lv.buurt.name : sd_of_buurt;
    const CategoryKeys keys = category_keys(taxonomy, false);
    const LevelTrends& tr = trends[kBuurt];
    for (size_t g = 0; g < n_groups; ++g) {
      t.add_string("emerging_" + keys.keys[g], "emerging hot spot category of " + keys.keys[g]);
      const size_t G = tr.n_groups;
      for (size_t a = 0; a < tr.n_areas; ++a) t.columns.back().strings.push_back(time::to_string(tr.emerging[a * G + g].category));
      const std::string noun = time::to_string(step), plural = noun + "s";
      t.add_string("emerging_since_" + keys.keys[g], "first " + noun + " of the pattern");
      for (size_t a = 0; a < tr.n_areas; ++a) t.columns.back().strings.push_back(tr.since(a * G + g));
      t.add_integer("hot_" + plural + "_" + keys.keys[g], plural + " that were a significant space-time hot spot");
      for (size_t a = 0; a < tr.n_areas; ++a) t.columns.back().ints.push_back(tr.emerging[a * G + g].n_hot);
    }
    schema["space_time_hotspots"] = schema_of(t);
    space_time_geometry.kind = output::LayerGeometry::polygon;
    space_time_geometry.polygons = lv.buurt.geometry;
    push_layer("space_time_hotspots", space_time, space_time_geometry);
  }
  for (JobOutput& o : jobs.finish()) {
    result.files.insert(result.files.end(), o.files.begin(), o.files.end());
    warnings.insert(warnings.end(), o.warnings.begin(), o.warnings.end());
    for (auto& [table, columns] : o.schema) schema[table] = std::move(columns);
  }
  timer.lap("write_layers");

  // Focus lists, indicators and the reference comparison.
  report("focus lists and indicators");
  std::array<LevelView, kLevelCount> views;
  for (int l = 0; l < kLevelCount; ++l) {
    LevelView& v = views[static_cast<size_t>(l)];
    v.info = &info[static_cast<size_t>(l)];
    v.figures = &figures.levels[static_cast<size_t>(l)];
    v.hotspots = l <= kWijk ? &hotspots[static_cast<size_t>(l)] : nullptr;
    v.trends = l <= kWijk ? &trends[static_cast<size_t>(l)] : nullptr;
    v.cube = &cubes[static_cast<size_t>(l)];
    v.cat_keys = &level_keys[static_cast<size_t>(l)].keys;
    v.cat_labels = &level_keys[static_cast<size_t>(l)].labels;
    v.polygons = &level_geometry[static_cast<size_t>(l)].polygons;
    v.lines = &level_geometry[static_cast<size_t>(l)].lines;
  }
  const FocusResult focus_result = run_focus(cfg, views, periods);
  write_focus_outputs(cfg, focus_result, views, cfg.output_dir, result.files);
  if (steps.focus)
    run_json["focus"] = {{"policy", {{"weights", {{"hotspot", cfg.focus.w_hotspot}, {"rate", cfg.focus.w_rate},
                                                {"volume", cfg.focus.w_volume}, {"trend", cfg.focus.w_trend},
                                                {"emerging", cfg.focus.w_emerging}, {"change", cfg.focus.w_change}}},
                                   {"min_count", cfg.focus.min_count}, {"rows", cfg.focus.rows},
                                   {"near_miss_rows", cfg.focus.near_miss_rows}, {"language", cfg.focus.language}}},
                       {"lists", focus_result.lists.size()},
                       {"signals", focus_result.signals.size()},
                       {"indicators", cfg.indicators.size()},
                       {"indicator_reports", {focus_result.month_label, focus_result.quarter_label}}};
  timer.lap("focus");

  // Grid hot spots and the kernel density surface of the analysis period.
  SurfaceResult surfaces;
  if (steps.surfaces) {
    report("grid and density surfaces");
    // The analysis period's points for the grid's Gi* and the KDE; the series window's points
    // with their time for the grid's space-time cube.
    std::vector<double> px, py, sx, sy;
    std::vector<int64_t> st;
    std::vector<uint16_t> smain;
    for (size_t i = 0; i < table.size(); ++i) {
      if (assigned.area[i] == kNoArea) continue;
      const int m = aggregate::month_of(table.time_s[i]);
      if (m >= periods.series.first && m < periods.series.first + periods.series.count) {
        sx.push_back(table.x[i]);
        sy.push_back(table.y[i]);
        st.push_back(table.time_s[i]);
        smain.push_back(main_of_incident[i]);
      }
      if (m < periods.first[kCurrent] || m >= periods.first[kCurrent] + periods.months) continue;
      px.push_back(table.x[i]);
      py.push_back(table.y[i]);
    }
    // The points are copied out: in the public profile nothing after this reads the incidents,
    // so they go before the grid and density surfaces are made.
    if (cfg.privacy.profile != Profile::restricted) free_incidents();
    const MultiPolygon& outline = lv.gemeente.geometry.front();
    const CategoryKeys keys = category_keys(taxonomy, false);
    const SeriesPoints series{sx, sy, st, smain,
                              std::vector<std::string>(keys.keys.begin() + 1, keys.keys.begin() + static_cast<long>(n_groups)),
                              series_window(periods, step)};
    surfaces = write_surfaces(cfg, outline, px, py, series, threads);
    result.files.insert(result.files.end(), surfaces.files.begin(), surfaces.files.end());
    warnings.insert(warnings.end(), surfaces.warnings.begin(), surfaces.warnings.end());
    run_json["grid"] = surfaces.grid_report;
    run_json["kde"] = surfaces.kde_report;
    for (auto& [k, v] : surfaces.schema.items()) schema[k] = v;
  }
  timer.lap("surfaces");

  // A review pack per stadsdeel.
  if (cfg.packs) {
    report("review packs");
    const auto pack_files = write_packs(cfg, lv.stadsdeel, level_tables, level_geometry, surfaces.grid, focus_result, periods,
                                        cfg.output_dir);
    result.files.insert(result.files.end(), pack_files.begin(), pack_files.end());
    timer.lap("packs");
  }

  // Restricted profile: which areas each record went to (no coordinates), for checking.
  if (cfg.privacy.profile == Profile::restricted) {
    output::Table t;
    t.add_integer("row", "data row in the incident source (1-based, header not counted)");
    t.add_string("buurt_code", "assigned buurt (empty = outside the study area)");
    t.add_string("wijk_code", "wijk of that buurt");
    t.add_string("stadsdeel_code", "stadsdeel of that buurt");
    t.add_string("straat_code", "assigned straat (empty = none)");
    for (size_t i = 0; i < table.size(); ++i) {
      const uint32_t b = assigned.area[i];
      t.columns[0].ints.push_back(table.row[i]);
      t.columns[1].strings.push_back(b == kNoArea ? "" : lv.buurt.code[b]);
      t.columns[2].strings.push_back(b == kNoArea ? "" : lv.wijk.code[lv.buurt_wijk[b]]);
      t.columns[3].strings.push_back(b == kNoArea ? "" : sd_of_buurt[b]);
      t.columns[4].strings.push_back(straat_of[i] == kNoArea ? "" : straten.code[straat_of[i]]);
    }
    schema["incident_assignment"] = schema_of(t);
    write_table_csv("incident_assignment.csv", t);
  }
  // Rejects: in the public profile without the offending values.
  std::vector<Reject> rejects = incidents.rejects;
  if (cfg.privacy.profile == Profile::public_)
    for (auto& r : rejects) r.detail.clear();
  output::write_rejects_csv((fs::path(cfg.output_dir) / "rejects.csv").string(), rejects);
  result.files.push_back("rejects.csv");
  timer.lap("write");

  // 8. run.json.
  std::map<std::string, int64_t> reasons;
  for (const auto& r : incidents.rejects) ++reasons[r.reason];
  json inputs = input_hashes.get();

  run_json["brandpunt"] = {{"version", kVersion}, {"name", cfg.name}};
  run_json["software"] = {{"gdal", GDALVersionInfo("RELEASE_NAME")},
                          {"geos", GEOSversion()},
                          {"proj", proj_info().release}};
  run_json["inputs"] = inputs;
  run_json["parameters"] = {
      {"analysis_crs", cfg.analysis_crs},
      {"output_crs", "EPSG:4326 (GeoJSON, RFC 7946); analysis CRS for GeoPackage/FlatGeobuf"},
      {"incident_crs", incidents.source_crs},
      {"period", {{"months", periods.months},
                  {"current", periods.label(kCurrent)},
                  {"previous", periods.label(kPrevious)},
                  {"last_year", periods.label(kLastYear)},
                  {"series", aggregate::month_label(periods.series.first) + ".." +
                                 aggregate::month_label(periods.series.first + periods.series.count - 1)}}},
      {"streets", cfg.streets.path.empty() ? json("street name of the incident record")
                                           : json({{"snap_distance_m", cfg.streets.snap_distance_m}})},
      {"formats", cfg.output.formats},
      {"threads", threads}};
  run_json["privacy"] = {{"profile", to_string(cfg.privacy.profile)},
                         {"threshold", cfg.privacy.threshold},
                         {"rule", "counts 1..threshold-1 suppressed; secondary suppression so that no "
                                  "suppressed count can be recovered by subtraction (see docs/DESIGN.md)"},
                         {"cells", figures.cells},
                         {"audit", figures.audit},
                         {"audit_meaning", figures.audit == "full"
                              ? "every suppressed count proved to have a second value consistent with all published figures"
                              : figures.audit == "local" ? "every additive relation protected on its own (problem larger than audit_max_cells)" : "not protected (restricted)"},
                         {"suppressed_small", figures.suppressed_small},
                         {"suppressed_secondary", figures.suppressed_secondary},
                         {"incident_points_published", false}};
  run_json["accounting"] = {{"read", acc.read},
                            {"assigned", acc.assigned},
                            {"outside", acc.outside},
                            {"rejected", acc.rejected},
                            {"balanced", acc.balanced()},
                            {"rejected_by_reason", reasons},
                            {"duplicate_ids", acc.duplicate_ids},
                            {"assigned_in_window", acc.assigned_in_window},
                            {"assigned_out_of_window", acc.assigned_out_of_window},
                            {"straat", {{"snapped", acc.snapped},
                                        {"unsnapped", acc.unsnapped},
                                        {"without_street", without_street},
                                        {"straten", straten.size()}}}};
  run_json["areas"] = areas_report["areas"];
  run_json["areas"]["tiling"] = areas_report["tiling"];
  run_json["analysis"] = {{"hotspots", steps.hotspots}, {"trends", steps.trends},
                          {"surfaces", steps.surfaces}, {"focus", steps.focus}};
  if (steps.hotspots) run_json["hotspots"] = hotspot_report;
  if (steps.trends) run_json["time"] = trend_report;
  run_json["warnings"] = warnings;
  std::sort(result.files.begin(), result.files.end());
  result.files.push_back("run.json");
  run_json["outputs"] = result.files;
  run_json["schema"] = schema;
  timer.lap("run_json");
  output::write_text_atomic((fs::path(cfg.output_dir) / "run.json").string(), run_json.dump(2) + "\n");
  result.accounting = acc;
  std::sort(result.files.begin(), result.files.end());
  return result;
}

}  // namespace brandpunt::pipeline
