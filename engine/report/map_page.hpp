// The map page (map.html): one self-contained HTML file that shows a run's or a pack's
// published layers on an interactive map, offline.
//
// Everything the page needs is inside it: Leaflet (inlined from Debian's libjs-leaflet at build
// time, assets.hpp), the page's script and style sheet, and the data, which is read from the
// published files (published.hpp), so the page cannot show more than was published. A
// Content-Security-Policy forbids every load (no basemap, no fonts, no images): opened from a
// USB stick on a machine without network, it works the same.
//
// What it shows: the layers in the given order (buurten, wijken, straten, the hexagon grid, the
// density classes, stadsdeel/gemeente outlines), coloured by Gi* hot-spot class or by emerging
// hot-spot category of the chosen category (ArcGIS's palette, symbology.hpp); a legend; the
// focus list of the scope beside the map (a click zooms to the area and opens its pop-up); in
// each area's pop-up its figures and its monthly series as a small bar chart; and the privacy
// notice. Only the fields a pop-up or a colour needs are embedded (code, name, counts, rates,
// classes, emerging categories, trends), and coordinates are rounded to 5 decimals (about 1 m).
//
//   MapPageInput in;
//   in.title = "Demostad";  in.notice = "Openbaar profiel: ...";  in.period = "2025-10..2025-12";
//   in.layers = {{"buurt", "out/buurt.geojson", "Buurten", "buurt", MapLayerKind::areas}};
//   in.series = {"out/buurt_series.csv"};
//   in.focus_json = "out/focus.json";  in.focus_scope = "gemeente";
//   write_map_page("out/map.html", in);
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "report/published.hpp"

namespace brandpunt::report {

enum class MapLayerKind {
  areas,    // polygons coloured by class, with pop-ups and series
  streets,  // lines: significant classes thick and coloured, the rest thin and grey
  grid,     // hexagon cells coloured by class, no outline
  density,  // kde_contours: the five density classes
  outline,  // borders only (stadsdeel, gemeente), not clickable
};

struct MapLayerSource {
  std::string id;     // unique in the page, e.g. "buurt"
  std::string path;   // the published layer (.geojson, .gpkg, .fgb); missing files are skipped
  std::string label;  // shown in the layer list
  std::string level;  // straat, buurt, wijk, ...: focus rows are matched by level and code
  MapLayerKind kind = MapLayerKind::areas;
  bool visible = true;
  const PublishedLayer* layer = nullptr;  // the file already read (must outlive the call); else read from path
};

struct MapPageInput {
  std::string title, subtitle;
  std::string language = "nl";           // "nl" or "en"
  std::string notice;                    // the privacy notice, shown above the controls
  std::string period;                    // the analysis period, "2025-10..2025-12"
  std::vector<MapLayerSource> layers;    // bottom to top
  std::vector<std::string> series;       // <level>_series.csv files (missing ones are skipped)
  std::string focus_json;                // focus.json of the run ("" = no focus list)
  std::string focus_scope = "gemeente";  // the lists shown: "gemeente" or a stadsdeel code
  // Category keys and labels for the selector, in order; empty = every <cat> with an n_<cat>
  // field in the first layer, labelled by its key.
  std::vector<std::pair<std::string, std::string>> categories;
  // Already read (must outlive the call; published.hpp read_run): the series and the focus
  // lists, used instead of `series` and `focus_json` when set.
  const PublishedSeries* series_data = nullptr;
  const std::vector<FocusListView>* focus_lists = nullptr;
};

// Throws Error(io/format) naming a published file that exists but cannot be read.
std::string map_page_html(const MapPageInput& input);
void write_map_page(const std::string& path, const MapPageInput& input);

}  // namespace brandpunt::report
