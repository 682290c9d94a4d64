#include "report/run_report.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

#include "focus/text.hpp"
#include "report/map_page.hpp"
#include "report/picture.hpp"
#include "report/published.hpp"

namespace fs = std::filesystem;

namespace brandpunt::report {

namespace {

// The published file of a layer: <stem>.geojson, .gpkg or .fgb, whichever exists first.
std::string layer_file(const fs::path& dir, const std::string& stem) {
  for (const char* ext : {".geojson", ".gpkg", ".fgb"}) {
    const fs::path p = dir / (stem + ext);
    if (fs::exists(p)) return p.string();
  }
  return {};
}

struct Words {
  std::string buurten, wijken, straten, grid, density, stadsdelen, wijkgrenzen;
};
Words words(const std::string& language) {
  if (language == "en")
    return {"Neighbourhoods (buurten)", "Districts (wijken)", "Streets (straten)", "Hexagon grid",
            "Density (kernel)",         "Borough borders",    "District borders"};
  return {"Buurten",
          "Wijken",
          "Straten",
          "Raster van zeshoeken",
          "Dichtheid (kerndichtheid)",
          "Stadsdeelgrenzen",
          "Wijkgrenzen"};
}

// Each published file read once, whoever asks for it (std::map: the layers do not move).
class LayerCache {
 public:
  const PublishedLayer& get(const std::string& path) {
    auto it = layers_.find(path);
    if (it == layers_.end()) it = layers_.emplace(path, read_layer(path)).first;
    return it->second;
  }

 private:
  std::map<std::string, PublishedLayer> layers_;
};

// `leave_out`: file stems not to show (the run's page: run_page_left_out).
std::vector<MapLayerSource> layers_in(const fs::path& dir, const std::string& language,
                                      bool with_run_layers, LayerCache& cache,
                                      const std::set<std::string>& leave_out = {}) {
  const Words w = words(language);
  std::vector<MapLayerSource> out;
  auto add = [&](const std::string& id, const std::string& stem, const std::string& label,
                 const std::string& level, MapLayerKind kind, bool visible) {
    if (leave_out.count(stem)) return;
    const std::string path = layer_file(dir, stem);
    if (!path.empty()) out.push_back({id, path, label, level, kind, visible, &cache.get(path)});
  };
  add("grid", "grid_hotspots", w.grid, "grid", MapLayerKind::grid, false);
  if (with_run_layers)
    add("density", "kde_contours", w.density, "density", MapLayerKind::density, false);
  add("buurt", "buurt", w.buurten, "buurt", MapLayerKind::areas, true);
  add("wijk", "wijk", w.wijken, "wijk", MapLayerKind::areas, false);
  add("straat", "straat", w.straten, "straat", MapLayerKind::streets, true);
  if (with_run_layers)
    add("stadsdeel", "stadsdeel", w.stadsdelen, "stadsdeel", MapLayerKind::outline, true);
  else
    add("wijkgrens", "wijk", w.wijkgrenzen, "wijk", MapLayerKind::outline, true);
  return out;
}

std::vector<std::string> series_files(const fs::path& dir) {
  std::vector<std::string> out;
  for (const char* level : {"buurt", "wijk", "stadsdeel", "gemeente"})
    out.push_back((dir / (std::string(level) + "_series.csv")).string());
  return out;
}

const FocusListView* list_of(const std::vector<FocusListView>& lists, const std::string& level,
                             const std::string& category) {
  for (const auto& l : lists)
    if (l.level == level && l.category == category && !l.rows.empty()) return &l;
  return nullptr;
}

}  // namespace

std::vector<std::pair<std::string, size_t>> run_page_left_out(const ReportOptions& o) {
  std::vector<std::pair<std::string, size_t>> out;
  for (const auto& [stem, n] : o.layer_features)
    if (n > o.max_page_features) out.emplace_back(stem, n);
  return out;
}

std::vector<std::string> write_run_map(const std::string& dir, const ReportOptions& o,
                                       const PublishedRun* run) {
  std::optional<PublishedRun> own;
  if (!run) run = &own.emplace(read_run(dir));
  LayerCache cache;
  MapPageInput in;
  in.title = o.title;
  in.subtitle = (o.language == "en" ? "Analysis period " : "Analyseperiode ") + o.period;
  in.language = o.language;
  in.notice = o.notice;
  in.period = o.period;
  const auto left = run_page_left_out(o);
  std::set<std::string> left_stems;
  for (const auto& [stem, n] : left) left_stems.insert(stem);
  in.layers = layers_in(dir, o.language, true, cache, left_stems);
  // A level layer left out still shows the areas its gemeente focus lists name, so every focus
  // row zooms to its area (a few hundred features at most).
  const Words w = words(o.language);
  std::vector<PublishedLayer> listed_only;
  listed_only.reserve(left.size());
  bool some_listed = false;
  for (const auto& [stem, n] : left) {
    std::set<std::string> codes;
    for (const auto& list : run->focus_of("gemeente"))
      if (list.level == stem)
        for (const auto& r : list.rows) codes.insert(r.code);
    const std::string path = layer_file(dir, stem);
    if (codes.empty() || path.empty()) continue;
    const std::string* label = stem == "straat" ? &w.straten
                               : stem == "buurt" ? &w.buurten
                               : stem == "wijk"  ? &w.wijken
                                                 : nullptr;
    if (!label) continue;
    listed_only.push_back(read_layer(path, &codes));
    some_listed = true;
    auto at = std::find_if(in.layers.begin(), in.layers.end(),
                           [](const MapLayerSource& s) { return s.kind == MapLayerKind::outline; });
    in.layers.insert(at, {stem, path, *label + (o.language == "en" ? ", on the focus list" : ", op de focuslijst"),
                          stem, stem == "straat" ? MapLayerKind::streets : MapLayerKind::areas, true,
                          &listed_only.back()});
  }
  if (!left.empty()) {
    const bool en = o.language == "en";
    std::string list;
    for (const auto& [stem, n] : left)
      list += (list.empty() ? "" : ", ") + stem + ".geojson (" +
              focus::format_count(static_cast<int64_t>(n), o.language) + ")";
    const std::string listed =
        !some_listed ? ""
        : en         ? " Of these, the areas on the focus list are shown."
                     : " Daarvan staan de gebieden van de focuslijst wel op de kaart.";
    in.notice += std::string(in.notice.empty() ? "" : " ") +
                 (en ? "Not on this map, as too many features for a browser: " + list + "." + listed +
                           " Open the file in a GIS, or the map of a stadsdeel in its pack."
                     : "Niet op deze kaart, want te veel objecten voor een browser: " + list + "." + listed +
                           " Open het bestand in een GIS, of de kaart van een stadsdeel in zijn pakket.");
  }
  in.series = series_files(dir);
  in.series_data = &run->series;
  in.focus_json = (fs::path(dir) / "focus.json").string();
  in.focus_scope = "gemeente";
  in.focus_lists = &run->focus_of("gemeente");
  in.categories = o.categories;
  write_map_page((fs::path(dir) / "map.html").string(), in);
  return {"map.html"};
}

PackPictures write_pack_report(const std::string& dir, const std::string& code,
                               const std::string& name, const ReportOptions& o,
                               const PublishedRun* run) {
  std::optional<PublishedRun> own;
  if (!run) run = &own.emplace(read_run(dir));
  LayerCache cache;
  PackPictures out;
  const fs::path pack = fs::path(dir) / "packs" / code;
  const std::string rel = "packs/" + code + "/";
  const bool en = o.language == "en";

  MapPageInput in;
  in.title = (en ? "Borough " : "Stadsdeel ") + name + " (" + code + ")";
  in.subtitle = o.title + " · " + (en ? "analysis period " : "analyseperiode ") + o.period;
  in.language = o.language;
  in.notice = o.notice;
  in.period = o.period;
  in.layers = layers_in(pack, o.language, false, cache);
  in.series = series_files(dir);  // read for the pack's own areas only
  in.series_data = &run->series;
  in.focus_json = (fs::path(dir) / "focus.json").string();
  in.focus_scope = code;
  in.focus_lists = &run->focus_of(code);
  in.categories = o.categories;
  write_map_page((pack / "map.html").string(), in);
  out.files.push_back(rel + "map.html");

  const std::string buurt_path = layer_file(pack, "buurt");
  if (buurt_path.empty()) return out;
  const PublishedLayer& buurt = cache.get(buurt_path);
  const PublishedLayer* wijk = nullptr;
  const PublishedLayer* straat = nullptr;
  if (auto p = layer_file(pack, "wijk"); !p.empty()) wijk = &cache.get(p);
  if (auto p = layer_file(pack, "straat"); !p.empty()) straat = &cache.get(p);
  const auto& lists = run->focus_of(code);
  const FocusListView* buurt_list = list_of(lists, "buurt", "totaal");
  const FocusListView* straat_list = list_of(lists, "straat", "totaal");
  const bool has_gi =
      std::find(buurt.fields.begin(), buurt.fields.end(), "gi_class_totaal") != buurt.fields.end();

  if (has_gi) {
    HotspotMap m;
    m.areas = &buurt;
    m.borders = wijk;
    m.streets = straat;
    m.language = o.language;
    m.title = en ? "Hot spots in the buurten of " + name : "Hotspots in de buurten van " + name;
    m.subtitle = (en ? "All incidents, " : "Alle incidenten, ") + o.period;
    if (buurt_list)
      for (size_t i = 0; i < buurt_list->rows.size() && i < 5; ++i)
        m.numbered.emplace_back(buurt_list->rows[i].code, buurt_list->rows[i].rank);
    write_hotspot_map((pack / "map_buurten.png").string(), m);
    out.files.push_back(rel + "map_buurten.png");
    out.buurten = Picture{
        "map_buurten.png",
        en ? "The buurten of " + name +
                 " by Gi* hot-spot class of all incidents; the numbers are the buurt focus list."
           : "De buurten van " + name +
                 " naar Gi*-hotspotklasse van alle incidenten; de nummers zijn de focuslijst van "
                 "de buurten."};

    // The close-up: the first buurt of the focus list, else the first straat.
    const FocusRow* row = buurt_list ? &buurt_list->rows.front() : nullptr;
    const PublishedLayer* host = &buurt;
    std::string level = "buurt";
    if (!row && straat_list && straat) {
      row = &straat_list->rows.front();
      host = straat;
      level = "straat";
    }
    if (row && host->find("code", row->code) >= 0) {
      FocusAreaMap f;
      f.areas = &buurt;
      f.streets = straat;
      f.focus = host;
      f.focus_code = row->code;
      f.language = o.language;
      const std::string what =
          level == "buurt" ? (en ? "buurt" : "buurt") : (en ? "street" : "straat");
      f.title = (en ? "Focus area 1: " : "Focusgebied 1: ") + row->name;
      f.subtitle = (en ? "The first " + what + " of the focus list, with its streets, "
                       : "De eerste " + what + " van de focuslijst, met de straten, ") +
                   o.period;
      write_focus_map((pack / "map_focus.png").string(), f);
      out.files.push_back(rel + "map_focus.png");
      out.focus_name = row->name;
      out.focus_level = level;
      out.focus = Picture{
          "map_focus.png",
          en ? row->name + " (" + what +
                   ", first on the focus list) and its streets by their own Gi* class."
             : row->name + " (" + what +
                   ", eerste op de focuslijst) en de straten eromheen naar hun eigen Gi*-klasse."};
    }
  }

  const PublishedSeries s = series_of(run->series, {code});
  auto it = s.by_code.find(code);
  if (it != s.by_code.end() && it->second.count("totaal")) {
    MonthChart c;
    c.months = s.months;
    c.values = it->second.at("totaal");
    c.language = o.language;
    const size_t dots = o.period.find("..");
    if (dots != std::string::npos) {
      const std::string a = o.period.substr(0, dots), b = o.period.substr(dots + 2);
      for (size_t i = 0; i < c.months.size(); ++i) {
        if (c.months[i] == a) c.first_current = static_cast<int>(i);
        if (c.first_current >= 0 && c.months[i] <= b)
          c.n_current = static_cast<int>(i) - c.first_current + 1;
      }
    }
    c.title = (en ? "Incidents per month in " : "Incidenten per maand in ") + name;
    c.subtitle = en ? "All incidents, " + c.months.front() + " to " + c.months.back()
                    : "Alle incidenten, " + c.months.front() + " tot en met " + c.months.back();
    write_month_chart((pack / "chart_months.png").string(), c);
    out.files.push_back(rel + "chart_months.png");
    out.months =
        Picture{"chart_months.png",
                en ? "All incidents per month in " + name + "; the analysis period in yellow."
                   : "Alle incidenten per maand in " + name + "; de analyseperiode in geel."};
  }
  return out;
}

}  // namespace brandpunt::report
