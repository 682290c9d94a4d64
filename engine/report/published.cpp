#include "report/published.hpp"

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
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
  auto points = [&](OGRGeometryH g) {
    std::vector<XY> pts(static_cast<size_t>(OGR_G_GetPointCount(g)));
    for (size_t k = 0; k < pts.size(); ++k)
      pts[k] = {OGR_G_GetX(g, static_cast<int>(k)), OGR_G_GetY(g, static_cast<int>(k))};
    if (to_lonlat)
      for (XY& p : pts) p = to_lonlat->transform(p);
    return pts;
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
    PublishedGeometry geometry;
    if (OGRGeometryH g = OGR_F_GetGeometryRef(f)) {
      const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
      if (type == wkbPolygon || type == wkbMultiPolygon) {
        auto add_polygon = [&](OGRGeometryH p) {
          Polygon& poly = geometry.polygons.emplace_back();
          for (int r = 0; r < OGR_G_GetGeometryCount(p); ++r)
            (r == 0 ? poly.outer : poly.holes.emplace_back()) = points(OGR_G_GetGeometryRef(p, r));
        };
        if (type == wkbPolygon)
          add_polygon(g);
        else
          for (int k = 0; k < OGR_G_GetGeometryCount(g); ++k) add_polygon(OGR_G_GetGeometryRef(g, k));
        geometry.type = "MultiPolygon";
      } else if (type == wkbLineString || type == wkbMultiLineString) {
        if (type == wkbLineString)
          geometry.lines.push_back(points(g));
        else
          for (int k = 0; k < OGR_G_GetGeometryCount(g); ++k) geometry.lines.push_back(points(OGR_G_GetGeometryRef(g, k)));
        geometry.type = "MultiLineString";
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

// JSON text as events for a handler with nlohmann's SAX methods (null, boolean,
// number_integer, number_float, string, start_object, key, end_object, start_array,
// end_array), strictly by RFC 8259 apart from UTF-8 validation. Written for the published
// layers, which are megabytes: nlohmann's lexer took most of the time of reading one. Errors
// are Error(format) naming the file and the byte offset.
template <class Handler>
class JsonEvents {
 public:
  JsonEvents(std::string_view text, Handler& h, const std::string& path) : s_(text), h_(h), path_(path) {}

  void run() {
    value(0);
    skip_space();
    if (i_ != s_.size()) throw fail("text after the end of the document");
  }

 private:
  static constexpr int kMaxDepth = 256;

  Error fail(const std::string& what) const {
    return Error(ErrorKind::format, "not valid JSON: " + what + " at byte " + std::to_string(i_)).at_file(path_);
  }
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) ++i_;
  }
  char peek() {
    skip_space();
    if (i_ >= s_.size()) throw fail("unexpected end of the text");
    return s_[i_];
  }
  void expect(char c) {
    if (peek() != c) throw fail(std::string("expected '") + c + "'");
    ++i_;
  }

  void value(int depth) {
    if (depth > kMaxDepth) throw fail("nesting deeper than " + std::to_string(kMaxDepth));
    const char c = peek();
    if (c == '{') {
      ++i_;
      h_.start_object(0);
      items('}', [&] {
        if (peek() != '"') throw fail("expected a member name");
        string();
        h_.key(str_);
        expect(':');
        value(depth + 1);
      });
      h_.end_object();
    } else if (c == '[') {
      ++i_;
      h_.start_array(0);
      items(']', [&] { value(depth + 1); });
      h_.end_array();
    } else if (c == '"') {
      string();
      h_.string(str_);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      number();
    } else if (literal("true")) {
      h_.boolean(true);
    } else if (literal("false")) {
      h_.boolean(false);
    } else if (literal("null")) {
      h_.null();
    } else {
      throw fail("unexpected character");
    }
  }

  // The comma-separated items of an object or array, each read by `item`, up to and including
  // `close`.
  template <class Item>
  void items(char close, Item&& item) {
    if (peek() == close) {
      ++i_;
      return;
    }
    while (true) {
      item();
      const char next = peek();
      ++i_;
      if (next == close) return;
      if (next != ',') throw fail(std::string("expected ',' or '") + close + "'");
    }
  }

  bool literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  void number() {
    const size_t begin = i_;
    auto digits = [&] {
      const size_t from = i_;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
      return i_ - from;
    };
    if (s_[i_] == '-') ++i_;
    if (i_ < s_.size() && s_[i_] == '0') {
      ++i_;
    } else if (digits() == 0) {
      throw fail("a number without digits");
    }
    bool integer = true;
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      integer = false;
      if (digits() == 0) throw fail("no digits after the decimal point");
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      integer = false;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (digits() == 0) throw fail("no digits in the exponent");
    }
    const char* first = s_.data() + begin;
    const char* last = s_.data() + i_;
    if (integer) {
      int64_t v = 0;
      const auto r = std::from_chars(first, last, v);
      if (r.ec == std::errc() && r.ptr == last) {
        h_.number_integer(v);
        return;
      }
    }
    double d = 0;
    const auto r = std::from_chars(first, last, d);
    if (r.ptr != last) throw fail("a number out of range");  // from_chars gives ±inf as out of range
    str_.assign(first, last);
    h_.number_float(d, str_);
  }

  static void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  uint32_t hex4() {
    if (i_ + 4 > s_.size()) throw fail("a short \\u escape");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
      else throw fail("a bad \\u escape");
    }
    return v;
  }

  // The string at i_ (its opening quote) into str_.
  void string() {
    ++i_;
    str_.clear();
    while (true) {
      size_t j = i_;
      while (j < s_.size() && s_[j] != '"' && s_[j] != '\\' && static_cast<unsigned char>(s_[j]) >= 0x20) ++j;
      str_.append(s_.data() + i_, j - i_);
      i_ = j;
      if (i_ >= s_.size()) throw fail("a string without its closing quote");
      const char c = s_[i_++];
      if (c == '"') return;
      if (c != '\\') throw fail("a control character in a string");
      if (i_ >= s_.size()) throw fail("a string without its closing quote");
      switch (s_[i_++]) {
        case '"': str_ += '"'; break;
        case '\\': str_ += '\\'; break;
        case '/': str_ += '/'; break;
        case 'b': str_ += '\b'; break;
        case 'f': str_ += '\f'; break;
        case 'n': str_ += '\n'; break;
        case 'r': str_ += '\r'; break;
        case 't': str_ += '\t'; break;
        case 'u': {
          uint32_t cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (s_.substr(i_, 2) != "\\u") throw fail("a lone surrogate in a \\u escape");
            i_ += 2;
            const uint32_t low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) throw fail("a lone surrogate in a \\u escape");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            throw fail("a lone surrogate in a \\u escape");
          }
          append_utf8(str_, cp);
          break;
        }
        default:
          throw fail("a bad escape in a string");
      }
    }
  }

  std::string_view s_;
  Handler& h_;
  const std::string& path_;
  size_t i_ = 0;
  std::string str_;
};

// A json document from JsonEvents: the same value as json::parse, built at our lexer's speed.
class JsonDom {
 public:
  json take() { return std::move(root_); }
  void null() { put(json(nullptr)); }
  void boolean(bool v) { put(json(v)); }
  void number_integer(int64_t v) { put(json(v)); }
  void number_float(double v, const std::string&) { put(json(v)); }
  void string(std::string& v) { put(json(std::move(v))); }
  void start_object(size_t) { open(json::object()); }
  void start_array(size_t) { open(json::array()); }
  void key(const std::string& k) { keys_.back() = k; }
  void end_object() { close(); }
  void end_array() { close(); }

 private:
  // A container's address stays valid while it is open: nothing is added to its parent
  // until it closes.
  json& put(json v) {
    if (open_.empty()) return root_ = std::move(v);
    json& top = *open_.back();
    if (top.is_array()) {
      top.push_back(std::move(v));
      return top.back();
    }
    return top[keys_.back()] = std::move(v);
  }
  void open(json container) {
    json& j = put(std::move(container));
    open_.push_back(&j);
    keys_.emplace_back();
  }
  void close() {
    open_.pop_back();
    keys_.pop_back();
  }
  json root_;
  std::vector<json*> open_;
  std::vector<std::string> keys_;
};

// Whether a feature's string property `code` is one of `codes`.
bool code_in(const json& props, const std::set<std::string>& codes) {
  auto it = props.find("code");
  return it != props.end() && it->is_string() && codes.count(it->get_ref<const std::string&>());
}

// A GeoJSON FeatureCollection read in one pass of events (nlohmann's SAX interface): the
// properties become one json object per feature, the coordinates go straight into lon/lat
// polygons and lines, never into a json tree (a tree of every coordinate took most of the
// time of reading a layer and as long again to free).
class GeoJsonReader {
 public:
  GeoJsonReader(std::string path, const std::set<std::string>* codes)
      : path_(std::move(path)), codes_(codes) {
    out_.path = path_;
  }

  PublishedLayer finish() {
    if (!saw_features_) throw Error(ErrorKind::format, "no 'features' array").at_file(path_);
    return std::move(out_);
  }

  bool null() { return value(json(nullptr)); }
  bool boolean(bool v) { return value(json(v)); }
  bool number_integer(json::number_integer_t v) { return number(static_cast<double>(v), json(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return number(static_cast<double>(v), json(v)); }
  bool number_float(json::number_float_t v, const json::string_t&) { return number(v, json(v)); }
  bool string(json::string_t& v) {
    if (!stack_.empty() && stack_.back().role == Role::geometry && stack_.back().key == "type") {
      type_ = v;
      return true;
    }
    return value(json(std::move(v)));
  }
  bool binary(json::binary_t&) { return value(json(nullptr)); }

  bool start_object(std::size_t) {
    const Role parent = stack_.empty() ? Role::none : stack_.back().role;
    const std::string& key = stack_.empty() ? empty_ : stack_.back().key;
    Role role = Role::skip;
    if (stack_.empty()) {
      role = Role::root;
    } else if (parent == Role::features) {
      role = Role::feature;
      props_ = json::object();
      geometry_ = {};
      dropped_ = false;
    } else if (parent == Role::feature && key == "properties") {
      role = Role::properties;
    } else if (parent == Role::feature && key == "geometry") {
      role = Role::geometry;
      type_.clear();
      points_.clear();
      for (auto& e : ends_) e.clear();
    } else if (parent == Role::properties || parent == Role::nested) {
      role = Role::nested;
      open_nested(json::object());
    }
    stack_.emplace_back(role);
    return true;
  }

  bool key(json::string_t& k) {
    Ctx& c = stack_.back();
    c.key = k;
    if (c.role == Role::properties && !fields_done_) out_.fields.push_back(k);
    return true;
  }

  bool end_object() {
    const Role role = stack_.back().role;
    stack_.pop_back();
    if (role == Role::geometry) {
      if (!dropped_) geometry_ = build_geometry();
    } else if (role == Role::feature) {
      fields_done_ = true;  // the fields are the first feature's, kept or not
      if (!dropped_ && keep(props_)) {
        out_.properties.push_back(std::move(props_));
        out_.geometry.push_back(std::move(geometry_));
      }
      props_ = json::object();
      geometry_ = {};
    } else if (role == Role::nested) {
      close_nested();
    }
    return true;
  }

  bool start_array(std::size_t) {
    const Role parent = stack_.empty() ? Role::none : stack_.back().role;
    const std::string& key = stack_.empty() ? empty_ : stack_.back().key;
    Ctx c{Role::skip};
    if (parent == Role::root && key == "features") {
      c.role = Role::features;
      saw_features_ = true;
    } else if (parent == Role::geometry && key == "coordinates") {
      c.role = Role::coordinates;
      c.depth = 1;
    } else if (parent == Role::coordinates) {
      c.role = Role::coordinates;
      c.depth = stack_.back().depth + 1;
    } else if (parent == Role::properties || parent == Role::nested) {
      c.role = Role::nested;
      open_nested(json::array());
    }
    if (c.role == Role::coordinates) position_.clear();
    stack_.push_back(std::move(c));
    return true;
  }

  bool end_array() {
    const Ctx c = std::move(stack_.back());
    stack_.pop_back();
    if (c.role == Role::coordinates) {
      if (c.position) {
        if (position_.size() >= 2) points_.push_back({position_[0], position_[1]});
        position_.clear();
      } else if (c.depth < ends_.size()) {
        ends_[c.depth].push_back(points_.size());
      }
    } else if (c.role == Role::nested) {
      close_nested();
    }
    return true;
  }

 private:
  enum class Role { none, root, features, feature, properties, nested, geometry, coordinates, skip };
  struct Ctx {
    explicit Ctx(Role r) : role(r) {}
    Role role;
    std::string key;
    size_t depth = 0;       // coordinates: 1 for the coordinates array itself
    bool position = false;  // coordinates: this array holds numbers
  };

  bool number(double v, json as_json) {
    if (!stack_.empty() && stack_.back().role == Role::coordinates) {
      stack_.back().position = true;
      if (!dropped_) position_.push_back(v);
      return true;
    }
    return value(std::move(as_json));
  }

  // A scalar value: a property, or an element of a nested property value.
  bool value(json v) {
    if (stack_.empty() || dropped_) return true;
    const Ctx& c = stack_.back();
    if (c.role == Role::properties) {
      // A feature whose code is not wanted: nothing more of it is built.
      if (codes_ && c.key == "code" && v.is_string() && !codes_->count(v.get_ref<const std::string&>())) {
        dropped_ = true;
        return true;
      }
      props_[c.key] = std::move(v);
    } else if (c.role == Role::nested) {
      json& top = *nested_.back();
      if (top.is_array())
        top.push_back(std::move(v));
      else
        top[c.key] = std::move(v);
    }
    return true;
  }

  // Nested property values (arrays, objects) are built as json, as they come.
  void open_nested(json container) {
    if (dropped_) {
      nested_.push_back(&scratch_);  // keeps the stack balanced; nothing is written to it
      return;
    }
    json* slot = nullptr;
    const Ctx& parent = stack_.back();
    if (parent.role == Role::properties) {
      slot = &(props_[parent.key] = std::move(container));
    } else {
      json& top = *nested_.back();
      if (top.is_array()) {
        top.push_back(std::move(container));
        slot = &top.back();
      } else {
        slot = &(top[parent.key] = std::move(container));
      }
    }
    nested_.push_back(slot);
  }
  void close_nested() { nested_.pop_back(); }

  // The points between two ends of the arrays at one depth: a ring or a line.
  std::vector<XY> slice(size_t begin, size_t end) const {
    return {points_.begin() + static_cast<std::ptrdiff_t>(begin), points_.begin() + static_cast<std::ptrdiff_t>(end)};
  }

  PublishedGeometry build_geometry() const {
    PublishedGeometry g;
    auto rings_into = [&](Polygon& p, size_t from, const std::vector<size_t>& ring_ends, size_t& r, size_t until) {
      for (bool first = true; r < ring_ends.size() && ring_ends[r] <= until; ++r, first = false) {
        (first ? p.outer : p.holes.emplace_back()) = slice(from, ring_ends[r]);
        from = ring_ends[r];
      }
    };
    if (type_ == "LineString") {
      g.lines.push_back(points_);
    } else if (type_ == "MultiLineString") {
      size_t from = 0;
      for (size_t e : ends_[2]) g.lines.push_back(slice(from, e)), from = e;
    } else if (type_ == "Polygon") {
      size_t r = 0;
      rings_into(g.polygons.emplace_back(), 0, ends_[2], r, points_.size());
    } else if (type_ == "MultiPolygon") {
      size_t r = 0, from = 0;
      for (size_t e : ends_[2]) {
        rings_into(g.polygons.emplace_back(), from, ends_[3], r, e);
        from = e;
      }
    } else {
      return g;  // a type the pages do not draw
    }
    g.type = type_;
    return g;
  }

  std::string path_;
  PublishedLayer out_;
  bool saw_features_ = false;
  std::vector<Ctx> stack_;
  std::vector<json*> nested_;
  json props_ = json::object();
  PublishedGeometry geometry_;
  std::string type_;
  bool keep(const json& props) const { return !codes_ || code_in(props, *codes_); }

  const std::set<std::string>* codes_;
  bool fields_done_ = false;
  bool dropped_ = false;  // the current feature's code is not in codes_
  json scratch_;
  std::vector<XY> points_;
  std::vector<double> position_;
  std::array<std::vector<size_t>, 5> ends_;  // by depth below "coordinates" (1..4)
  const std::string empty_;
};

// The features of a layer whose code is wanted, as a FeatureCollection, read line by line from
// brandpunt's own GeoJSON, where GDAL writes each feature on one line starting with
// `{ "type": "Feature"`. Only those lines are parsed then, which at national scale is a few
// dozen of 188,367 straten (a 635 MB file) instead of all of them. The first feature stays (the
// layer's fields are its fields; the reader drops it if unwanted), a code with an escape is kept
// for the reader to decide, and a file of another layout is returned whole.
std::string wanted_lines(const std::string& path, const std::set<std::string>& codes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::io, "cannot open the file").at_file(path);
  static constexpr std::string_view feature = "{ \"type\": \"Feature\"", code_key = "\"code\": \"";
  std::string out = "{\"type\": \"FeatureCollection\", \"features\": [\n", line;
  bool first = true;
  while (std::getline(in, line)) {
    if (line.compare(0, feature.size(), feature) != 0) continue;
    bool wanted = first;
    if (!wanted) {
      const size_t k = line.find(code_key);
      if (k == std::string::npos) {
        wanted = true;
      } else {
        const size_t from = k + code_key.size(), to = line.find('"', from);
        const std::string_view code(line.data() + from, (to == std::string::npos ? line.size() : to) - from);
        wanted = code.find('\\') != std::string_view::npos || codes.count(std::string(code));
      }
    }
    if (!wanted) continue;
    while (!line.empty() && (line.back() == ',' || line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!first) out += ",\n";
    out += line;
    first = false;
  }
  if (in.bad()) throw Error(ErrorKind::io, "cannot read the file").at_file(path);
  if (first) return slurp(path);  // no feature line of brandpunt's layout: parse the whole file
  out += "\n]}\n";
  return out;
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

PublishedLayer read_layer(const std::string& path, const std::set<std::string>* codes) {
  if (fs::path(path).extension() != ".geojson") {
    PublishedLayer all = read_with_gdal(path);
    if (!codes) return all;
    PublishedLayer kept;
    kept.path = all.path;
    kept.fields = all.fields;
    for (size_t i = 0; i < all.size(); ++i) {
      if (!code_in(all.properties[i], *codes)) continue;
      kept.properties.push_back(std::move(all.properties[i]));
      kept.geometry.push_back(std::move(all.geometry[i]));
    }
    return kept;
  }
  GeoJsonReader reader(path, codes);
  const std::string text = codes ? wanted_lines(path, *codes) : slurp(path);
  JsonEvents<GeoJsonReader>(text, reader, path).run();
  return reader.finish();
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
  const std::string text = slurp(focus_json);
  JsonDom dom;
  JsonEvents<JsonDom>(text, dom, focus_json).run();
  const json doc = dom.take();
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
