// Reading back what a run published: layers, monthly series and focus lists.
//
// The map page and the pictures (map_page.hpp, picture.hpp) are made from the files a run
// wrote, never from its internal state, so they can show nothing that is not published and
// they follow the published schema whatever the pipeline computed (fields are found by name;
// a field or file that is absent is simply not shown).
//
// - Layers: brandpunt's RFC 7946 GeoJSON (longitude/latitude) is parsed directly; a
//   GeoPackage or FlatGeobuf layer is read through GDAL and its geometry transformed to
//   EPSG:4326, so every caller sees longitude/latitude GeoJSON geometries.
// - Series: `<level>_series.csv` (code, category, month, n; other columns ignored), empty n =
//   null (suppressed).
// - Focus lists: focus.json's lists of one scope ("gemeente" or a stadsdeel code).
//
//   PublishedLayer buurt = read_layer("out/demo/buurt.geojson");
//   const auto& p = buurt.properties[0];          // {"code": "BU09990101", "n_totaal": 12, ...}
//   PublishedSeries s = read_series({"out/demo/buurt_series.csv"});
//   auto lists = read_focus("out/demo/focus.json", "SD01");
//   PublishedRun run = read_run("out/demo");   // focus.json and the series, read once for all pages
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/geometry.hpp"

namespace brandpunt::report {

// A feature's geometry in lon/lat. `type` is the GeoJSON type as written ("Polygon",
// "MultiPolygon", "LineString", "MultiLineString"); empty for a null geometry and for types
// the pages and pictures do not draw (points, collections).
struct PublishedGeometry {
  std::string type;
  MultiPolygon polygons;          // Polygon, MultiPolygon
  std::vector<LineString> lines;  // LineString, MultiLineString
};

struct PublishedLayer {
  std::string path;
  std::vector<std::string> fields;         // in file order (GeoJSON: the first feature's)
  std::vector<nlohmann::json> properties;  // one object per feature
  std::vector<PublishedGeometry> geometry;  // one per feature
  size_t size() const { return properties.size(); }
  // Index of the feature whose `field` equals `value` (a string field), or -1.
  int64_t find(const std::string& field, const std::string& value) const;
};

// Throws Error(io) naming the file when it cannot be read, Error(format) for a malformed file.
// With `codes`, only the features whose string property `code` is in the set are kept (the run
// page shows the listed areas of a layer too large to embed whole).
PublishedLayer read_layer(const std::string& path, const std::set<std::string>* codes = nullptr);

// Lon/lat polygons (MultiPolygon / Polygon) and lines (MultiLineString / LineString) of a
// feature's geometry; other types and null give nothing.
inline const MultiPolygon& polygons_of(const PublishedGeometry& g) { return g.polygons; }
inline const std::vector<LineString>& lines_of(const PublishedGeometry& g) { return g.lines; }

struct PublishedSeries {
  std::vector<std::string> months;  // sorted labels, "2023-01", ...
  // code -> category -> one value per month (nullopt = suppressed or absent).
  std::map<std::string, std::map<std::string, std::vector<std::optional<int64_t>>>> by_code;
};

// Reads the series CSVs that exist (missing files are skipped); with `codes`, only those areas.
PublishedSeries read_series(const std::vector<std::string>& paths,
                            const std::set<std::string>* codes = nullptr);

struct FocusRow {
  int rank = 0;
  std::string code, name;
  std::optional<int64_t> count;
  std::vector<std::string> reasons;
};

struct FocusListView {
  std::string level, category;
  std::vector<FocusRow> rows;  // the listed rows, by rank
};

// The lists of one scope in file order; empty when the file does not exist.
std::vector<FocusListView> read_focus(const std::string& focus_json, const std::string& scope);
// The lists of every scope, by scope, in file order.
std::map<std::string, std::vector<FocusListView>> read_focus_scopes(const std::string& focus_json);

// The series of `series` restricted to `codes` (the months stay those of the whole series).
PublishedSeries series_of(const PublishedSeries& series, const std::set<std::string>& codes);

// What every map page and picture of a run reads, read once (focus.json is megabytes on a
// city; a run with many packs would parse it per pack): the focus lists of every scope and the
// series of buurt, wijk, stadsdeel and gemeente (<level>_series.csv).
struct PublishedRun {
  std::string dir;
  std::map<std::string, std::vector<FocusListView>> focus;  // by scope
  PublishedSeries series;
  const std::vector<FocusListView>& focus_of(const std::string& scope) const;
};
PublishedRun read_run(const std::string& dir);

}  // namespace brandpunt::report
