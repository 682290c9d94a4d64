#include "report/published.hpp"

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>

#include "core/error.hpp"
#include "crs/transform.hpp"
#include "io/csv.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace brandpunt::report {

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::io, "cannot open").at_file(path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Ring ring_of(const json& coords) {
  Ring r;
  r.reserve(coords.size());
  for (const auto& c : coords)
    if (c.is_array() && c.size() >= 2) r.push_back({c[0].get<double>(), c[1].get<double>()});
  return r;
}

json coords_of(const std::vector<XY>& pts) {
  json a = json::array();
  for (const XY& p : pts) a.push_back({p.x, p.y});
  return a;
}

struct DatasetCloser {
  void operator()(void* ds) const { GDALClose(ds); }
};

// A GDAL vector layer (GeoPackage, FlatGeobuf, ...) as GeoJSON properties and lon/lat geometry.
PublishedLayer read_with_gdal(const std::string& path) {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
  std::unique_ptr<void, DatasetCloser> ds(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) throw Error(ErrorKind::io, "cannot open as a vector layer").at_file(path);
  OGRLayerH layer = nullptr;
  for (int i = 0; i < GDALDatasetGetLayerCount(ds.get()) && !layer; ++i) {
    OGRLayerH l = GDALDatasetGetLayer(ds.get(), i);
    if (std::string(OGR_L_GetName(l)) != "layer_styles") layer = l;
  }
  if (!layer) throw Error(ErrorKind::format, "no layer").at_file(path);
  std::unique_ptr<crs::Transformer> to_lonlat;
  if (OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer)) {
    char* wkt = nullptr;
    OSRExportToWkt(srs, &wkt);
    const std::string text = wkt ? wkt : "";
    CPLFree(wkt);
    if (!text.empty()) to_lonlat = std::make_unique<crs::Transformer>(text, "EPSG:4326");
  }
  PublishedLayer out;
  out.path = path;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  const int n_fields = OGR_FD_GetFieldCount(defn);
  for (int i = 0; i < n_fields; ++i)
    out.fields.push_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
  auto transform = [&](std::vector<XY>& pts) {
    if (!to_lonlat) return;
    for (XY& p : pts) p = to_lonlat->transform(p);
  };
  auto points = [&](OGRGeometryH g) {
    std::vector<XY> pts(static_cast<size_t>(OGR_G_GetPointCount(g)));
    for (size_t k = 0; k < pts.size(); ++k)
      pts[k] = {OGR_G_GetX(g, static_cast<int>(k)), OGR_G_GetY(g, static_cast<int>(k))};
    transform(pts);
    return coords_of(pts);
  };
  OGR_L_ResetReading(layer);
  while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
    json props = json::object();
    for (int i = 0; i < n_fields; ++i) {
      const std::string& name = out.fields[static_cast<size_t>(i)];
      if (!OGR_F_IsFieldSetAndNotNull(f, i)) {
        props[name] = nullptr;
        continue;
      }
      switch (OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i))) {
        case OFTInteger:
        case OFTInteger64:
          props[name] = OGR_F_GetFieldAsInteger64(f, i);
          break;
        case OFTReal:
          props[name] = OGR_F_GetFieldAsDouble(f, i);
          break;
        default:
          props[name] = OGR_F_GetFieldAsString(f, i);
      }
    }
    json geometry = nullptr;
    if (OGRGeometryH g = OGR_F_GetGeometryRef(f)) {
      const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
      if (type == wkbPolygon || type == wkbMultiPolygon) {
        json polys = json::array();
        auto add_polygon = [&](OGRGeometryH p) {
          json rings = json::array();
          for (int r = 0; r < OGR_G_GetGeometryCount(p); ++r)
            rings.push_back(points(OGR_G_GetGeometryRef(p, r)));
          polys.push_back(rings);
        };
        if (type == wkbPolygon)
          add_polygon(g);
        else
          for (int k = 0; k < OGR_G_GetGeometryCount(g); ++k)
            add_polygon(OGR_G_GetGeometryRef(g, k));
        geometry = {{"type", "MultiPolygon"}, {"coordinates", polys}};
      } else if (type == wkbLineString || type == wkbMultiLineString) {
        json lines = json::array();
        if (type == wkbLineString)
          lines.push_back(points(g));
        else
          for (int k = 0; k < OGR_G_GetGeometryCount(g); ++k)
            lines.push_back(points(OGR_G_GetGeometryRef(g, k)));
        geometry = {{"type", "MultiLineString"}, {"coordinates", lines}};
      }
    }
    OGR_F_Destroy(f);
    out.properties.push_back(std::move(props));
    out.geometry.push_back(std::move(geometry));
  }
  return out;
}

std::optional<int64_t> parse_int(std::string_view s) {
  int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

int64_t PublishedLayer::find(const std::string& field, const std::string& value) const {
  for (size_t i = 0; i < properties.size(); ++i) {
    auto it = properties[i].find(field);
    if (it != properties[i].end() && it->is_string() && it->get_ref<const std::string&>() == value)
      return static_cast<int64_t>(i);
  }
  return -1;
}

PublishedLayer read_layer(const std::string& path) {
  if (fs::path(path).extension() != ".geojson") return read_with_gdal(path);
  // nlohmann::json keeps object keys sorted; the schema's order is the first feature's, taken
  // from the parser's events: root {0} > "features" [1] > feature {2} > "properties" {3} > keys
  // at 4.
  std::vector<std::string> order;
  std::string member;
  int features_seen = 0;
  json doc;
  try {
    doc = json::parse(slurp(path), [&](int depth, json::parse_event_t event, json& parsed) {
      if (event == json::parse_event_t::key) {
        if (depth == 3)
          member = parsed.get<std::string>();
        else if (depth == 4 && features_seen == 0 && member == "properties")
          order.push_back(parsed.get<std::string>());
      } else if (event == json::parse_event_t::object_end && depth == 2) {
        ++features_seen;
      }
      return true;
    });
  } catch (const json::exception& e) {
    throw Error(ErrorKind::format, std::string("not valid GeoJSON: ") + e.what()).at_file(path);
  }
  PublishedLayer out;
  out.path = path;
  out.fields = std::move(order);
  auto features = doc.find("features");
  if (features == doc.end() || !features->is_array())
    throw Error(ErrorKind::format, "no 'features' array").at_file(path);
  out.properties.reserve(features->size());
  out.geometry.reserve(features->size());
  for (auto& f : *features) {
    json& props = f["properties"];
    if (!props.is_object()) props = json::object();
    out.properties.push_back(std::move(props));
    out.geometry.push_back(f.contains("geometry") ? std::move(f["geometry"]) : json(nullptr));
  }
  return out;
}

MultiPolygon polygons_of(const json& g) {
  MultiPolygon out;
  if (!g.is_object()) return out;
  const std::string type = g.value("type", "");
  const json& c = g.contains("coordinates") ? g["coordinates"] : json();
  auto polygon = [&](const json& rings) {
    Polygon p;
    for (size_t r = 0; r < rings.size(); ++r)
      (r == 0 ? p.outer : p.holes.emplace_back()) = ring_of(rings[r]);
    out.push_back(std::move(p));
  };
  if (type == "Polygon") polygon(c);
  if (type == "MultiPolygon")
    for (const auto& rings : c) polygon(rings);
  return out;
}

std::vector<LineString> lines_of(const json& g) {
  std::vector<LineString> out;
  if (!g.is_object()) return out;
  const std::string type = g.value("type", "");
  const json& c = g.contains("coordinates") ? g["coordinates"] : json();
  if (type == "LineString") out.push_back(ring_of(c));
  if (type == "MultiLineString")
    for (const auto& l : c) out.push_back(ring_of(l));
  return out;
}

PublishedSeries read_series(const std::vector<std::string>& paths,
                            const std::set<std::string>* codes) {
  PublishedSeries s;
  struct Value {
    std::string code, category, month;
    std::optional<int64_t> n;
  };
  std::vector<Value> values;
  std::set<std::string> months;
  for (const auto& path : paths) {
    if (!fs::exists(path)) continue;
    io::CsvReader csv(path, ',');
    const size_t c_code = csv.column("code", "series code"),
                 c_cat = csv.column("category", "series category"),
                 c_month = csv.column("month", "series month"), c_n = csv.column("n", "series n");
    std::vector<std::string_view> f;
    while (csv.next(f)) {
      std::string code(f[c_code]);
      if (codes && !codes->count(code)) continue;
      months.insert(std::string(f[c_month]));
      values.push_back(
          {std::move(code), std::string(f[c_cat]), std::string(f[c_month]), parse_int(f[c_n])});
    }
  }
  s.months.assign(months.begin(), months.end());
  std::map<std::string, size_t> month_index;
  for (size_t i = 0; i < s.months.size(); ++i) month_index[s.months[i]] = i;
  for (auto& v : values) {
    auto& series = s.by_code[v.code][v.category];
    series.resize(s.months.size());
    series[month_index[v.month]] = v.n;
  }
  return s;
}

std::vector<FocusListView> read_focus(const std::string& focus_json, const std::string& scope) {
  auto all = read_focus_scopes(focus_json);
  auto it = all.find(scope);
  return it == all.end() ? std::vector<FocusListView>{} : std::move(it->second);
}

PublishedSeries series_of(const PublishedSeries& series, const std::set<std::string>& codes) {
  PublishedSeries out;
  out.months = series.months;
  for (const auto& code : codes)
    if (auto it = series.by_code.find(code); it != series.by_code.end()) out.by_code.insert(*it);
  return out;
}

const std::vector<FocusListView>& PublishedRun::focus_of(const std::string& scope) const {
  static const std::vector<FocusListView> none;
  auto it = focus.find(scope);
  return it == focus.end() ? none : it->second;
}

PublishedRun read_run(const std::string& dir) {
  PublishedRun run;
  run.dir = dir;
  run.focus = read_focus_scopes((fs::path(dir) / "focus.json").string());
  std::vector<std::string> paths;
  for (const char* level : {"buurt", "wijk", "stadsdeel", "gemeente"})
    paths.push_back((fs::path(dir) / (std::string(level) + "_series.csv")).string());
  run.series = read_series(paths);
  return run;
}

std::map<std::string, std::vector<FocusListView>> read_focus_scopes(const std::string& focus_json) {
  std::map<std::string, std::vector<FocusListView>> out;
  if (!fs::exists(focus_json)) return out;
  json doc;
  try {
    doc = json::parse(slurp(focus_json));
  } catch (const json::exception& e) {
    throw Error(ErrorKind::format, std::string("not valid JSON: ") + e.what()).at_file(focus_json);
  }
  if (!doc.contains("lists")) return out;
  for (const auto& l : doc["lists"]) {
    FocusListView v;
    v.level = l.value("level", "");
    v.category = l.value("category", "");
    for (const auto& r : l.value("listed", json::array())) {
      FocusRow row;
      row.rank = r.value("rank", 0);
      row.code = r.value("code", "");
      row.name = r.value("name", "");
      if (r.contains("count") && r["count"].is_number_integer())
        row.count = r["count"].get<int64_t>();
      for (const auto& reason : r.value("reasons", json::array()))
        if (reason.is_string()) row.reasons.push_back(reason.get<std::string>());
      v.rows.push_back(std::move(row));
    }
    out[l.value("scope", "")].push_back(std::move(v));
  }
  return out;
}

}  // namespace brandpunt::report
