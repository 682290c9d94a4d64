// Stage 13: the level layers, their CSV twins, the long tables and the space-time layer.
#include <algorithm>
#include <filesystem>
#include <optional>

#include "crs/transform.hpp"
#include "output/csv_writer.hpp"
#include "pipeline/jobs.hpp"
#include "pipeline/layer_files.hpp"
#include "pipeline/stages.hpp"

namespace fs = std::filesystem;

namespace brandpunt::pipeline {

namespace {

// A long table (rows per area and category) is built and written a block of areas at a time
// inside its job, so only a block of it exists in memory.
constexpr size_t kAreaBlock = 2048;

// The layer of buurten with their emerging category per category group.
output::Table space_time_table(const Levels& lv, const LevelInfo& buurt, const CategoryKeys& keys,
                               const LevelTrends& tr, time::Step step) {
  output::Table t;
  t.add_string("code", "buurt code");
  t.add_string("name", "buurt name");
  t.add_string("stadsdeel_code", "stadsdeel of the buurt");
  t.columns[0].strings = lv.buurt.code;
  t.columns[1].strings = lv.buurt.name;
  t.columns[2].strings = buurt.stadsdeel;
  const size_t G = tr.n_groups;
  for (size_t g = 0; g < keys.keys.size(); ++g) {
    t.add_string("emerging_" + keys.keys[g], "emerging hot spot category of " + keys.keys[g]);
    for (size_t a = 0; a < tr.n_areas; ++a) t.columns.back().strings.push_back(time::to_string(tr.emerging[a * G + g].category));
    const std::string noun = time::to_string(step), plural = noun + "s";
    t.add_string("emerging_since_" + keys.keys[g], "first " + noun + " of the pattern");
    for (size_t a = 0; a < tr.n_areas; ++a) t.columns.back().strings.push_back(tr.since(a * G + g));
    t.add_integer("hot_" + plural + "_" + keys.keys[g], plural + " that were a significant space-time hot spot");
    for (size_t a = 0; a < tr.n_areas; ++a) t.columns.back().ints.push_back(tr.emerging[a * G + g].n_hot);
  }
  return t;
}

}  // namespace

Published write_layers(const PipelineConfig& cfg, const Setup& setup, const Levels& lv,
                       std::vector<std::vector<LineString>>&& straat_lines,
                       const std::array<LevelInfo, kLevelCount>& info, const Figures& figures,
                       const HotspotResults& hotspots, const TrendResults& trends, const Periods& periods,
                       const RunLog& log) {
  Published pub;
  const AnalysisSteps& steps = cfg.analysis;
  const size_t n_groups = 1 + setup.taxonomy.mains.size();
  const time::Step step = trends.step;
  output::Table space_time;
  output::LayerGeometry space_time_geometry;
  // GeoJSON layers reuse transformers to longitude/latitude, one per writing thread.
  crs::TransformerPool to_lonlat(cfg.analysis_crs, "EPSG:4326");
  const bool geojson = std::find(cfg.output.formats.begin(), cfg.output.formats.end(), "geojson") != cfg.output.formats.end();
  // Files are written by background jobs while the next tables are built (jobs.hpp); the queue
  // is declared after everything its jobs read, so it finishes before those go away.
  JobQueue jobs(setup.threads > 1 ? setup.threads : 0);
  auto push_layer = [&](const std::string& name, const output::Table& t, const output::LayerGeometry& g) {
    jobs.push([&cfg, name, &t, &g, &to_lonlat, geojson] {
      JobOutput o;
      std::optional<crs::TransformerPool::Lease> lease;
      if (geojson) lease.emplace(to_lonlat.borrow());
      write_layer_formats(cfg, cfg.output_dir, name, t, g, o.files, &o.warnings, lease ? lease->get() : nullptr);
      return o;
    });
  };
  auto push_csv = [&](const std::string& name, size_t n_areas, std::function<output::Table(AreaRange)> build) {
    jobs.push([&cfg, name, n_areas, build = std::move(build)] {
      JobOutput o;
      const size_t n_blocks = (n_areas + kAreaBlock - 1) / kAreaBlock;
      output::write_csv_blocks((fs::path(cfg.output_dir) / (name + ".csv")).string(), n_blocks, [&](size_t b) {
        output::Table t = build(AreaRange{b * kAreaBlock, (b + 1) * kAreaBlock});
        if (b == 0) o.schema.emplace_back(name, table_schema(t));
        return t;
      });
      o.files.push_back(name + ".csv");
      return o;
    });
  };
  for (int l = 0; l < kLevelCount; ++l) {
    const size_t L = static_cast<size_t>(l);
    const std::string name = level_name(l);
    pub.keys[L] = category_keys(setup.taxonomy, l != kStraat);
    const CategoryKeys& keys = pub.keys[L];
    output::Table& t = pub.tables[L];
    t = level_table(info[L], figures.levels[L], keys, periods);
    const std::vector<std::string> group_keys(keys.keys.begin(), keys.keys.begin() + static_cast<long>(n_groups));
    if (l <= kWijk && steps.hotspots) append_hotspot_columns(t, hotspots.levels[L], group_keys, cfg.privacy.profile);
    if (l <= kWijk && steps.trends) append_trend_columns(t, trends.levels[L], group_keys, cfg.privacy);
    if (cfg.output.series_property) append_series_columns(t, figures.levels[L], group_keys);
    output::LayerGeometry& geometry = pub.geometry[L];
    if (l == kStraat) {
      geometry.kind = output::LayerGeometry::line;
      geometry.lines = std::move(straat_lines);  // not needed after this
    } else {
      geometry.kind = output::LayerGeometry::polygon;
      const AreaLayer* layers[] = {nullptr, &lv.buurt, &lv.wijk, &lv.stadsdeel, &lv.gemeente};
      geometry.polygons = layers[l]->geometry;
    }
    // Without a wijk level the gemeente stands in for the one wijk and stadsdeel (levels.hpp):
    // kept for the focus lists and packs, not published as levels of their own.
    if (lv.wijk_implicit && (l == kWijk || l == kStadsdeel)) continue;
    // No street data (no street layer, no street names on the records): no straat level, so no
    // empty straat layers or tables either (run.json straat_level says why).
    if (l == kStraat && info[L].code.empty()) {
      log.warnings.push_back("no straten (no street layer, and no street name on the incident records, or in the "
                             "public profile none frequent enough to be published): no straat level was made");
      continue;
    }
    log.schema[name] = table_schema(t);
    push_layer(name, t, geometry);
    if (!setup.write_csv) continue;
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
    // The series at another step (public: the released weekly cube, or sums of released months).
    if (l <= kWijk && steps.trends && step != time::Step::month) {
      const StepSeries& ss = trends.series[L];
      push_csv(name + "_series_" + time::to_string(step), n,
               [&li, &ss, &keys, n_groups](AreaRange r) { return step_series_table(li.code, ss, keys.keys, n_groups, r); });
    }
    if (l <= kWijk && steps.hotspots) {
      const LevelHotspots& hs = hotspots.levels[L];
      push_csv(name + "_hotspots", n, [&li, &hs, &keys, &cfg](AreaRange r) { return hotspot_table(li.code, hs, keys.keys, cfg.privacy.profile, r); });
    }
    if (l <= kWijk && steps.trends) {
      const LevelTrends& tr = trends.levels[L];
      push_csv(name + "_trends", n, [&li, &tr, &keys, &cfg](AreaRange r) {
        return trend_table(li.code, tr, keys.keys, cfg.privacy, cfg.time.trend_alpha, r);
      });
    }
  }
  if (steps.trends) {
    const CategoryKeys keys = category_keys(setup.taxonomy, false);
    space_time = space_time_table(lv, info[kBuurt], keys, trends.levels[kBuurt], step);
    log.schema["space_time_hotspots"] = table_schema(space_time);
    space_time_geometry.kind = output::LayerGeometry::polygon;
    space_time_geometry.polygons = lv.buurt.geometry;
    push_layer("space_time_hotspots", space_time, space_time_geometry);
  }
  for (JobOutput& o : jobs.finish()) {
    log.files.insert(log.files.end(), o.files.begin(), o.files.end());
    log.warnings.insert(log.warnings.end(), o.warnings.begin(), o.warnings.end());
    for (auto& [table, columns] : o.schema) log.schema[table] = std::move(columns);
  }
  return pub;
}

}  // namespace brandpunt::pipeline
