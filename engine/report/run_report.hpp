// The map pages and pictures of a whole run, made from its output folder.
//
// write_run_map: `map.html` of the run (buurten, wijken, straten, the hexagon grid, the density
// classes and the stadsdeel borders; the gemeente's focus lists; the series of buurt, wijk,
// stadsdeel and gemeente). write_pack_report: in `packs/<code>/`, the pack's `map.html`
// (its own layers and focus lists) and three pictures for its README:
//   map_buurten.png   the stadsdeel's buurten by Gi* class of totaal, wijk borders, streets,
//                     the buurt focus list's first five numbered;
//   map_focus.png     a close-up of the first buurt of that list (else the first straat),
//                     its streets coloured by their own Gi* class;
//   chart_months.png  the stadsdeel's monthly totals over the series, the analysis period
//                     shaded, suppressed months marked.
// A layer is taken from the first of <name>.geojson, .gpkg, .fgb that exists; whatever is
// missing (no grid with [analysis] surfaces = false, no focus list) is left out, and a
// picture without its data is not made (PackPictures says which were).
//
// Each file is parsed once: a pack's layers serve its page and its pictures, and a PublishedRun
// (read_run) hands focus.json and the series to every page of the run.
//
//   ReportOptions o;  o.title = "Demostad";  o.period = "2025-10..2025-12";  o.notice = "...";
//   const PublishedRun run = read_run("out/demo");
//   auto files = write_run_map("out/demo", o, &run);                 // {"map.html"}
//   PackPictures p = write_pack_report("out/demo", "SD01", "Binnenstad", o, &run);
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "report/published.hpp"

namespace brandpunt::report {

struct ReportOptions {
  std::string title;            // the gemeente's name
  std::string language = "nl";  // "nl" or "en"
  std::string notice;           // privacy notice for the page (the caller knows the profile)
  std::string period;           // the analysis period, "2025-10..2025-12"
  // Category keys and labels (totaal and the mains), in order; empty = from the layers.
  std::vector<std::pair<std::string, std::string>> categories;
  // The run's page leaves out a layer of more features than this (a browser cannot draw a
  // national straat layer from one file, and reading it back would take gigabytes), and says
  // so on the page. `layer_features`: each layer's feature count by file stem ("straat",
  // "grid_hotspots", ...); a layer without a count is shown. Pack pages are not capped.
  size_t max_page_features = 25000;
  std::map<std::string, size_t> layer_features;
};

// The layers the run's page leaves out: (file stem, features), in stem order.
std::vector<std::pair<std::string, size_t>> run_page_left_out(const ReportOptions& options);

// Files written, relative to `dir`. `run`: the run's focus lists and series already read (else
// they are read from `dir`).
std::vector<std::string> write_run_map(const std::string& dir, const ReportOptions& options,
                                       const PublishedRun* run = nullptr);

struct Picture {
  std::string file;     // relative to the pack folder, e.g. "map_buurten.png"
  std::string caption;  // one sentence for the README
};

struct PackPictures {
  std::vector<std::string> files;  // everything written, relative to the run folder
  std::optional<Picture> buurten, focus, months;
  std::string focus_name, focus_level;  // the area of map_focus.png
};

// Safe to call for different packs on different threads; call release_fonts()
// (picture.hpp) once all of them are done.
PackPictures write_pack_report(const std::string& dir, const std::string& stadsdeel_code,
                               const std::string& stadsdeel_name, const ReportOptions& options,
                               const PublishedRun* run = nullptr);

}  // namespace brandpunt::report
