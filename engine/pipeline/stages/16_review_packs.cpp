// Stage 16: a review pack per stadsdeel, and the run's map page.
#include <cstdio>
#include <optional>

#include "pipeline/pack_text.hpp"
#include "pipeline/packs.hpp"
#include "pipeline/stages.hpp"
#include "report/run_report.hpp"

namespace brandpunt::pipeline {

namespace {

// "7" means "7 ± 2": the expected deviation of a buurt's and a straat's period count, in the
// report language ([focus] language).
std::string noise_note(const nlohmann::json& privacy, bool nl) {
  const nlohmann::json& t = privacy.contains("tables") ? privacy["tables"] : nlohmann::json::object();
  auto error = [&](const char* level) {
    if (!t.contains(level)) return std::string();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", t[level]["period"]["totaal"].get<double>());
    std::string s = buf;
    if (nl)
      for (char& c : s)
        if (c == '.') c = ',';
    return s;
  };
  if (!nl) {
    std::string note = "every count is published with a small random deviation (differential privacy), so that "
                       "no one can tell from the figures whether a particular incident is in them";
    if (!error("buurt").empty()) note += "; a count per buurt deviates by about " + error("buurt") + " from the true count on average";
    if (!error("straat").empty()) note += ", per street by about " + error("straat");
    return note + ". The tables still add up exactly (buurten to wijk, categories to the total)";
  }
  std::string note = "alle aantallen zijn gepubliceerd met een kleine willekeurige afwijking (differentiële privacy), "
                     "zodat niemand uit de cijfers kan afleiden of een bepaald incident erin zit";
  if (!error("buurt").empty()) note += "; een aantal per buurt wijkt gemiddeld ongeveer " + error("buurt") + " af van het echte aantal";
  if (!error("straat").empty()) note += ", per straat ongeveer " + error("straat");
  return note + ". De tabellen tellen wel precies op (buurten tot wijk, categorieën tot totaal)";
}

// What the map pages and pictures say of the run: its name, language, period, categories
// (totaal and the mains, in the report language) and the privacy notice.
report::ReportOptions map_options(const PipelineConfig& cfg, const Published& published, const Periods& periods,
                                  const nlohmann::json& privacy) {
  const bool nl = cfg.focus.language != "en";
  report::ReportOptions o;
  o.title = cfg.name;
  o.language = nl ? "nl" : "en";
  o.period = periods.label(kCurrent);
  o.notice = map_notice(cfg.privacy.profile == Profile::public_, noise_note(privacy, nl), nl);
  const CategoryKeys& k = published.keys[kBuurt];
  for (size_t c = 0; c < k.keys.size(); ++c)
    if (k.main_of[c].empty()) o.categories.emplace_back(k.keys[c], nl ? k.labels[c] : k.labels_en[c]);
  return o;
}

}  // namespace

void write_review_packs(const PipelineConfig& cfg, const Levels& levels, const Published& published,
                        const SurfaceResult& surfaces, const FocusResult& focus, const EvaluationResult& evaluation,
                        const Periods& periods, const nlohmann::json& privacy, const RunLog& log) {
  std::optional<PackMaps> maps;
  if (cfg.output.maps) maps = PackMaps{map_options(cfg, published, periods, privacy), report::read_run(cfg.output_dir)};
  const auto files = write_packs(cfg, levels.stadsdeel, published.tables, published.geometry, surfaces.grid, focus,
                                 evaluation.pack_section, periods, noise_note(privacy, cfg.focus.language != "en"),
                                 cfg.output_dir, maps ? &*maps : nullptr);
  log.files.insert(log.files.end(), files.begin(), files.end());
}

void write_run_map_page(const PipelineConfig& cfg, const Published& published, const SurfaceResult& surfaces,
                        const Periods& periods, const nlohmann::json& privacy, const RunLog& log) {
  report::ReportOptions o = map_options(cfg, published, periods, privacy);
  for (int l = kStraat; l <= kStadsdeel; ++l) o.layer_features[level_name(l)] = published.tables[static_cast<size_t>(l)].rows();
  if (!surfaces.grid.table.columns.empty()) o.layer_features["grid_hotspots"] = surfaces.grid.table.rows();
  for (const auto& [stem, n] : report::run_page_left_out(o))
    log.warnings.push_back("map.html leaves out " + stem + ".geojson: " + std::to_string(n) + " features, more than " +
                           std::to_string(o.max_page_features) + " a browser can draw from one page");
  const auto files = report::write_run_map(cfg.output_dir, o);
  log.files.insert(log.files.end(), files.begin(), files.end());
}

}  // namespace brandpunt::pipeline
