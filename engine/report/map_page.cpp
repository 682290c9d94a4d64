#include "report/map_page.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "core/error.hpp"
#include "output/atomic_file.hpp"
#include "output/qml.hpp"
#include "output/symbology.hpp"
#include "report/assets.hpp"
#include "report/published.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace brandpunt::report {

namespace {

const char* kind_name(MapLayerKind k) {
  switch (k) {
    case MapLayerKind::areas:
      return "areas";
    case MapLayerKind::streets:
      return "streets";
    case MapLayerKind::grid:
      return "grid";
    case MapLayerKind::density:
      return "density";
    case MapLayerKind::outline:
      return "outline";
  }
  return "areas";
}

// Per category: what a colour or a pop-up shows.
const char* const kPerCategory[][2] = {
    {"n_", ""},     {"n_", "_prev"},     {"n_", "_ly"},
    {"rate_", ""},  {"chg_", "_ly_pct"}, {"gi_class_", ""},
    {"gi_z_", ""},  {"emerging_", ""},   {"emerging_since_", ""},
    {"trend_", ""},
};
const char* const kPlain[] = {"code", "name", "level", "id", "class", "min", "max", "population"};

double round5(double v) { return std::round(v * 1e5) / 1e5 + 0.0; }

// A geometry as the page's GeoJSON text, coordinates rounded to 5 decimals (about 1 m),
// written straight from the points (a json tree of every coordinate cost more than the rest
// of the page).
void append_number(std::string& out, double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, round5(v));
  out.append(buf, r.ptr);
}
void append_points(std::string& out, const std::vector<XY>& pts) {
  out += '[';
  for (size_t i = 0; i < pts.size(); ++i) {
    if (i) out += ',';
    out += '[';
    append_number(out, pts[i].x);
    out += ',';
    append_number(out, pts[i].y);
    out += ']';
  }
  out += ']';
}
void append_polygon(std::string& out, const Polygon& p) {
  out += '[';
  append_points(out, p.outer);
  for (const auto& h : p.holes) out += ',', append_points(out, h);
  out += ']';
}
void append_geometry(std::string& out, const PublishedGeometry& g) {
  out += "{\"type\":\"" + g.type + "\",\"coordinates\":";
  if (g.type == "Polygon") {
    append_polygon(out, g.polygons.empty() ? Polygon{} : g.polygons.front());
  } else if (g.type == "MultiPolygon") {
    out += '[';
    for (size_t i = 0; i < g.polygons.size(); ++i) {
      if (i) out += ',';
      append_polygon(out, g.polygons[i]);
    }
    out += ']';
  } else if (g.type == "LineString") {
    append_points(out, g.lines.empty() ? std::vector<XY>{} : g.lines.front());
  } else {  // MultiLineString
    out += '[';
    for (size_t i = 0; i < g.lines.size(); ++i) {
      if (i) out += ',';
      append_points(out, g.lines[i]);
    }
    out += ']';
  }
  out += '}';
}

std::vector<std::pair<std::string, std::string>> categories_of(const PublishedLayer& layer) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : layer.fields) {
    if (f.rfind("n_", 0) != 0) continue;
    const std::string key = f.substr(2);
    if (key.empty() || key.find("_prev") != std::string::npos ||
        key.find("_ly") != std::string::npos || key.find("_flag") != std::string::npos)
      continue;
    std::string label = key;
    label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
    out.emplace_back(key, label);
  }
  return out;
}

// The layer's page object; its "geometry" is a placeholder string that map_page_html
// replaces with `geometry_text` (the array of the drawn features' geometries).
json layer_json(const MapLayerSource& src, const PublishedLayer& layer,
                const std::vector<std::pair<std::string, std::string>>& categories,
                std::set<std::string>& codes, const std::string& placeholder, std::string& geometry_text) {
  std::vector<std::string> wanted;
  for (const char* f : kPlain) wanted.push_back(f);
  for (const auto& [cat, label] : categories)
    for (const auto& pc : kPerCategory) wanted.push_back(std::string(pc[0]) + cat + pc[1]);
  const std::set<std::string> present(layer.fields.begin(), layer.fields.end());
  std::vector<std::string> fields;
  for (const auto& w : wanted)
    if (present.count(w)) fields.push_back(w);
  json rows = json::array();
  geometry_text = "[";
  for (size_t i = 0; i < layer.size(); ++i) {
    const PublishedGeometry& g = layer.geometry[i];
    if (g.type.empty()) continue;  // nothing to draw (a straat without a street line)
    if (!rows.empty()) geometry_text += ',';
    append_geometry(geometry_text, g);
    json row = json::array();
    for (const auto& f : fields) {
      auto it = layer.properties[i].find(f);
      row.push_back(it == layer.properties[i].end() ? json(nullptr) : *it);
    }
    auto code = layer.properties[i].find("code");
    if (code != layer.properties[i].end() && code->is_string())
      codes.insert(code->get<std::string>());
    rows.push_back(std::move(row));
  }
  geometry_text += ']';
  return {{"id", src.id},
          {"label", src.label},
          {"level", src.level},
          {"kind", kind_name(src.kind)},
          {"visible", src.visible},
          {"fields", fields},
          {"rows", std::move(rows)},
          {"geometry", placeholder}};
}

json classes_json(const std::vector<output::LegendClass>& classes, const std::string& language) {
  json out = json::array();
  for (const auto& c : classes)
    out.push_back({{"key", c.key},
                   {"code", c.code},
                   {"label", c.label(language)},
                   {"colour", c.colour.hex()}});
  return out;
}

// JSON inside <script type="application/json">: "<" never appears raw (it only occurs inside
// strings, where \u003c means the same), so no "</script>" or "<!--" can end the element.
std::string script_safe(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 64);
  for (char c : text) {
    if (c == '<')
      out += "\\u003c";
    else
      out += c;
  }
  return out;
}

std::string html_escape(const std::string& s) { return output::xml_escape(s); }

}  // namespace

std::string map_page_html(const MapPageInput& in) {
  std::vector<PublishedLayer> read;  // the layers not handed in
  read.reserve(in.layers.size());
  std::vector<std::pair<MapLayerSource, const PublishedLayer*>> layers;
  for (const auto& src : in.layers) {
    if (src.layer) {
      layers.emplace_back(src, src.layer);
    } else if (!src.path.empty() && fs::exists(src.path)) {
      read.push_back(read_layer(src.path));
      layers.emplace_back(src, &read.back());
    }
  }
  auto categories = in.categories;
  if (categories.empty() && !layers.empty()) categories = categories_of(*layers.front().second);

  json data;
  data["title"] = in.title;
  data["subtitle"] = in.subtitle;
  data["language"] = in.language;
  data["notice"] = in.notice;
  data["period"] = in.period;
  data["categories"] = json::array();
  for (const auto& [key, label] : categories)
    data["categories"].push_back({{"key", key}, {"label", label}});
  std::set<std::string> codes;
  data["layers"] = json::array();
  // Each layer's geometry goes into the page text in place of its placeholder: the member
  // "geometry":"@@geometry:<k>@@" cannot occur in other text of the dump, whose quotes inside
  // strings are escaped.
  std::vector<std::string> geometry_texts(layers.size());
  for (size_t k = 0; k < layers.size(); ++k)
    data["layers"].push_back(layer_json(layers[k].first, *layers[k].second, categories, codes,
                                        "@@geometry:" + std::to_string(k) + "@@", geometry_texts[k]));

  const PublishedSeries series = in.series_data ? series_of(*in.series_data, codes) : read_series(in.series, &codes);
  json by_code = json::object();
  std::set<std::string> keys;
  for (const auto& [key, label] : categories) keys.insert(key);
  for (const auto& [code, cats] : series.by_code) {
    json c = json::object();
    for (const auto& [cat, values] : cats) {
      if (!keys.count(cat)) continue;
      json v = json::array();
      for (const auto& x : values) v.push_back(x ? json(*x) : json(nullptr));
      c[cat] = std::move(v);
    }
    by_code[code] = std::move(c);
  }
  // The analysis period's months, shaded in the charts: "YYYY-MM..YYYY-MM" within the series.
  int first_current = -1, n_current = 0;
  const size_t dots = in.period.find("..");
  if (dots != std::string::npos) {
    const std::string a = in.period.substr(0, dots), b = in.period.substr(dots + 2);
    for (size_t i = 0; i < series.months.size(); ++i) {
      if (series.months[i] == a) first_current = static_cast<int>(i);
      if (first_current >= 0 && series.months[i] <= b)
        n_current = static_cast<int>(i) - first_current + 1;
    }
  }
  data["series"] = {{"months", series.months},
                    {"first_current", first_current},
                    {"n_current", n_current},
                    {"by_code", std::move(by_code)}};

  json focus = json::array();
  if (in.focus_lists || !in.focus_json.empty()) {
    const std::vector<FocusListView> from_file =
        in.focus_lists ? std::vector<FocusListView>{} : read_focus(in.focus_json, in.focus_scope);
    for (const auto& l : in.focus_lists ? *in.focus_lists : from_file) {
      if (!keys.count(l.category)) continue;
      json rows = json::array();
      for (const auto& r : l.rows)
        rows.push_back({{"rank", r.rank},
                        {"code", r.code},
                        {"name", r.name},
                        {"count", r.count ? json(*r.count) : json(nullptr)},
                        {"reasons", r.reasons}});
      focus.push_back({{"level", l.level}, {"category", l.category}, {"rows", std::move(rows)}});
    }
  }
  data["focus"] = std::move(focus);
  data["classes"] = {{"gi", classes_json(output::gi_classes(), in.language)},
                     {"emerging", classes_json(output::emerging_classes(), in.language)},
                     {"density", classes_json(output::density_classes(), in.language)}};
  const output::MapColours& mc = output::map_colours();
  data["colours"] = {{"no_data", mc.no_data.hex()},
                     {"outline", mc.outline.hex()},
                     {"border", mc.border.hex()},
                     {"street", mc.street.hex()}};

  std::string html;
  html.reserve(1 << 20);
  html += "<!DOCTYPE html>\n<html lang=\"" + html_escape(in.language == "en" ? "en" : "nl") +
          "\">\n<head>\n";
  html +=
      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n";
  // Nothing may be loaded: no network, no file next to the page.
  html +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src "
      "'unsafe-inline'; "
      "style-src 'unsafe-inline'; img-src data:\">\n";
  html += "<meta name=\"generator\" content=\"brandpunt\">\n";
  html += "<title>" + html_escape(in.title) + "</title>\n";
  html += "<style>\n";
  html += assets::leaflet_css();
  html += "\n</style>\n<style>\n";
  html += assets::map_page_css();
  html +=
      "</style>\n</head>\n<body>\n<div id=\"app\"><aside id=\"panel\"></aside><div "
      "id=\"map\"></div></div>\n";
  html += "<script type=\"application/json\" id=\"bp-data\">";
  std::string text = data.dump(-1, ' ', false, json::error_handler_t::replace);
  for (size_t k = 0; k < geometry_texts.size(); ++k) {
    const std::string member = "\"geometry\":\"@@geometry:" + std::to_string(k) + "@@\"";
    const size_t at = text.find(member);
    if (at == std::string::npos) throw Error(ErrorKind::internal, "map page: layer geometry placeholder missing");
    text.replace(at, member.size(), "\"geometry\":" + geometry_texts[k]);
  }
  html += script_safe(text);
  html += "</script>\n<script>\n/*\n";
  html += assets::leaflet_notice();
  html += "\n*/\n";
  html += assets::leaflet_js();
  html += "\n</script>\n<script>\n";
  html += assets::map_page_js();
  html += "</script>\n</body>\n</html>\n";
  return html;
}

void write_map_page(const std::string& path, const MapPageInput& input) {
  output::write_text_atomic(path, map_page_html(input));
}

}  // namespace brandpunt::report
