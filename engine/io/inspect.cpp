#include "io/inspect.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>

#include "core/error.hpp"
#include "crs/suggest.hpp"
#include "crs/transform.hpp"
#include "io/csv.hpp"
#include "io/datetime.hpp"
#include "io/gdal_source.hpp"

namespace brandpunt::io {

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_missing(std::string_view s) {
  const std::string l = lower(std::string(s));
  return l.empty() || l == "na" || l == "n/a" || l == "null" || l == "nan";
}

std::optional<double> number(std::string_view s) {
  std::string buf(s);
  if (buf.find(',') != std::string::npos && buf.find('.') == std::string::npos)
    std::replace(buf.begin(), buf.end(), ',', '.');
  if (!buf.empty() && buf[0] == '+') buf.erase(0, 1);
  double v = 0;
  const auto [end, ec] = std::from_chars(buf.data(), buf.data() + buf.size(), v);
  if (ec != std::errc() || end != buf.data() + buf.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool has_time_part(std::string_view s) { return s.find(':') != std::string_view::npos; }

void add_value(ColumnProfile& c, std::string_view raw, size_t max_distinct) {
  const std::string_view v = trim(raw);
  if (is_missing(v)) {
    ++c.missing;
    return;
  }
  ++c.values;
  if (auto n = number(v)) {
    if (c.numeric == 0) c.min = c.max = *n;
    c.min = std::min(c.min, *n);
    c.max = std::max(c.max, *n);
    ++c.numeric;
    c.integral += *n == std::floor(*n);
  } else if (v.size() >= 6) {  // a date has at least d-m-yy
    const bool iso = parse_date_time(v, DateOrder::iso).has_value();
    const bool dmy = parse_date_time(v, DateOrder::dmy).has_value();
    const bool mdy = parse_date_time(v, DateOrder::mdy).has_value();
    c.iso_dates += iso;
    c.dmy_dates += dmy;
    c.mdy_dates += mdy;
    if ((iso || dmy || mdy) && has_time_part(v)) ++c.with_time;
  }
  if (v.size() <= 8 && has_time_part(v) && parse_time_of_day(v)) ++c.times;
  const std::string key(v);
  auto it = c.distinct.find(key);
  if (it != c.distinct.end()) ++it->second;
  else if (c.distinct.size() < max_distinct) {
    c.distinct.emplace(key, 1);
    if (c.samples.size() < 5) c.samples.push_back(key);
  } else {
    c.distinct_overflow = true;
  }
}

bool is_csv_path(const std::string& path) {
  const std::string ext = lower(std::filesystem::path(path).extension().string());
  return ext == ".csv" || ext == ".tsv" || ext == ".txt";
}

// How strongly a column name says it holds `role`: +1 per matching word, -1 per contrary word.
double name_score(const std::string& name, std::initializer_list<const char*> good,
                  std::initializer_list<const char*> bad = {}) {
  const std::string n = lower(name);
  double s = 0;
  for (const char* g : good)
    if (n.find(g) != std::string::npos) s += 1;
  for (const char* b : bad)
    if (n.find(b) != std::string::npos) s -= 1.5;
  return s;
}

bool boolean_like(const ColumnProfile& c) {
  if (c.distinct_overflow || c.distinct.size() > 3) return false;
  static const std::set<std::string> flags{"j", "n", "y", "ja", "nee", "yes", "no", "true", "false", "0", "1"};
  for (const auto& [v, n] : c.distinct)
    if (!flags.count(lower(v))) return false;
  return true;
}

}  // namespace

const ColumnProfile* TableProfile::column(const std::string& name) const {
  for (const auto& c : columns)
    if (c.name == name) return &c;
  return nullptr;
}

TableProfile profile_table(const std::string& path, const std::string& layer, int64_t max_rows) {
  if (!std::filesystem::exists(path)) throw Error(ErrorKind::io, "file not found").at_file(path);
  TableProfile t;
  t.path = path;
  t.layer = layer;
  if (is_csv_path(path)) {
    t.csv = true;
    CsvReader csv(path);
    t.delimiter = csv.delimiter();
    for (const auto& h : csv.header()) {
      ColumnProfile c;
      c.name = h;
      t.columns.push_back(std::move(c));
    }
    std::vector<std::string_view> f;
    while (csv.next(f)) {
      if (t.rows >= max_rows) {
        t.complete = false;
        break;
      }
      ++t.rows;
      for (size_t i = 0; i < t.columns.size() && i < f.size(); ++i)
        add_value(t.columns[i], f[i], ColumnProfile::kMaxDistinct);
    }
    return t;
  }
  VectorSource src(path, layer);
  t.layer = src.layer_name();
  t.crs = src.crs();
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(src.layer());
  const int n_fields = OGR_FD_GetFieldCount(defn);
  for (int i = 0; i < n_fields; ++i) {
    ColumnProfile c;
    c.name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
    t.columns.push_back(std::move(c));
  }
  const OGRwkbGeometryType gt = wkbFlatten(OGR_L_GetGeomType(src.layer()));
  OGREnvelope env;
  if (OGR_L_GetExtent(src.layer(), &env, TRUE) == OGRERR_NONE) {
    t.extent.expand(XY{env.MinX, env.MinY});
    t.extent.expand(XY{env.MaxX, env.MaxY});
  }
  // Area layers are small and their codes must be complete for the parent links.
  const size_t max_distinct = 200000;
  int64_t points = 0, polygons = 0, lines = 0;
  while (auto f = src.next()) {
    if (t.rows >= max_rows) {
      t.complete = false;
      break;
    }
    ++t.rows;
    for (int i = 0; i < n_fields; ++i)
      add_value(t.columns[static_cast<size_t>(i)],
                OGR_F_IsFieldSetAndNotNull(f.get(), i) ? OGR_F_GetFieldAsString(f.get(), i) : "", max_distinct);
    if (OGRGeometryH g = OGR_F_GetGeometryRef(f.get())) {
      const OGRwkbGeometryType ft = wkbFlatten(OGR_G_GetGeometryType(g));
      points += ft == wkbPoint || ft == wkbMultiPoint;
      polygons += ft == wkbPolygon || ft == wkbMultiPolygon || ft == wkbCurvePolygon || ft == wkbMultiSurface;
      lines += ft == wkbLineString || ft == wkbMultiLineString;
    }
  }
  (void)gt;
  t.geometry = polygons >= std::max(points, lines) && polygons > 0 ? "polygon"
               : points >= lines && points > 0                    ? "point"
               : lines > 0                                        ? "line"
                                                                  : "";
  return t;
}

DateFormatGuess guess_date_format(const ColumnProfile& c) {
  DateFormatGuess g;
  const double iso = c.share(c.iso_dates), dmy = c.share(c.dmy_dates), mdy = c.share(c.mdy_dates);
  if (iso >= 0.9) return {"iso", iso, false};
  if (dmy >= 0.9 && mdy >= 0.9) return {"dmy", dmy, true};
  if (dmy >= 0.9) return {"dmy", dmy, false};
  if (mdy >= 0.9) return {"mdy", mdy, false};
  return g;
}

namespace {

struct XYPair {
  std::string x, y, crs;
  double score = 0;
};

// Coordinate column pairs: names that say x/y, lon/lat, with the same remainder ("x_rd"/"y_rd",
// "lon_wgs84"/"lat_wgs84", "long"/"lat").
std::vector<XYPair> coordinate_pairs(const TableProfile& t, const std::string& area_crs, const Envelope& area_extent) {
  struct Axis {
    const char* x;
    const char* y;
  };
  static const Axis axes[] = {{"longitude", "latitude"}, {"long", "lat"}, {"lon", "lat"}, {"lng", "lat"},
                              {"easting", "northing"},   {"oost", "noord"}, {"x", "y"}};
  std::vector<XYPair> out;
  for (const auto& cx : t.columns) {
    if (cx.values == 0 || cx.share(cx.numeric) < 0.95) continue;
    const std::string nx = lower(cx.name);
    for (const auto& a : axes) {
      const size_t at = nx.find(a.x);
      if (at == std::string::npos) continue;
      const std::string ny = nx.substr(0, at) + a.y + nx.substr(at + std::string(a.x).size());
      for (const auto& cy : t.columns) {
        if (lower(cy.name) != ny || cy.share(cy.numeric) < 0.95) continue;
        Envelope e;
        e.expand(XY{cx.min, cy.min});
        e.expand(XY{cx.max, cy.max});
        XYPair p{cx.name, cy.name, "", 0};
        if (!area_crs.empty() && !area_extent.empty() && !crs::is_geographic(area_crs) &&
            e.min_x >= area_extent.min_x - 50000 && e.max_x <= area_extent.max_x + 50000 &&
            e.min_y >= area_extent.min_y - 50000 && e.max_y <= area_extent.max_y + 50000) {
          p.crs = area_crs;  // the area layer's projected CRS: no transformation needed
          p.score = 3;
        } else if (auto c = crs::crs_from_extent(e)) {
          p.crs = *c;
          p.score = *c == area_crs ? 3 : 2;
        }
        if (!p.crs.empty()) out.push_back(p);
      }
      break;
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const XYPair& a, const XYPair& b) { return a.score > b.score; });
  return out;
}

}  // namespace

IncidentGuess guess_incidents(const TableProfile& t, const Taxonomy& taxonomy, const std::string& area_crs,
                              const Envelope& area_extent) {
  IncidentGuess g;
  std::set<std::string> used;
  auto fail = [&](const std::string& what) {
    return Error(ErrorKind::format, "cannot tell " + what + " in this file; write the config by hand (see README)")
        .at_file(t.path);
  };
  // Coordinates.
  if (t.geometry == "point") {
    g.crs = t.crs;
    g.guesses.push_back({"incidents.x/y", "(point geometry)", "the layer has point geometries"});
    if (g.crs.empty()) {
      g.crs = crs::crs_from_extent(t.extent).value_or("");
      g.checks.push_back("the point layer has no CRS; guessed " + g.crs + " from its extent");
    }
    if (!g.crs.empty()) g.lonlat = crs::lonlat_extent(t.extent, g.crs);
  } else {
    const auto pairs = coordinate_pairs(t, area_crs, area_extent);
    if (pairs.empty()) throw fail("the coordinate columns (x/y, lon/lat)");
    const XYPair& p = pairs.front();
    g.x_field = p.x;
    g.y_field = p.y;
    g.crs = p.crs;
    used.insert({p.x, p.y});
    const ColumnProfile *cx = t.column(p.x), *cy = t.column(p.y);
    Envelope e;
    e.expand(XY{cx->min, cy->min});
    e.expand(XY{cx->max, cy->max});
    g.lonlat = crs::lonlat_extent(e, g.crs);
    char range[160];
    std::snprintf(range, sizeof range, "%s %.6g..%.6g, %s %.6g..%.6g", p.x.c_str(), cx->min, cx->max, p.y.c_str(),
                  cy->min, cy->max);
    g.guesses.push_back({"incidents.x, y", p.x + ", " + p.y, range});
    g.guesses.push_back({"incidents.crs", g.crs,
                         g.crs == area_crs ? "the values lie in the area layer's CRS (" + crs::crs_name(g.crs) + ")"
                                           : "from the range of the values: " + crs::crs_name(g.crs)});
    if (pairs.size() > 1)
      g.checks.push_back("other coordinate columns exist (" + pairs[1].x + ", " + pairs[1].y + ", " + pairs[1].crs +
                         "); " + p.x + "/" + p.y + " were chosen");
  }

  // Date: columns that parse as dates, the name choosing among them (occurrence before report).
  const ColumnProfile* date = nullptr;
  double best = -1e9;
  for (const auto& c : t.columns) {
    const DateFormatGuess f = guess_date_format(c);
    if (f.format.empty() || used.count(c.name)) continue;
    const double s = name_score(c.name, {"occur", "begin", "pleeg", "start", "feit", "datum", "date", "dt", "van"},
                                {"rpt", "report", "aangifte", "melding", "end", "eind", "poss", "registr", "tot", "iso"});
    if (s > best) {
      best = s;
      date = &c;
    }
  }
  if (!date) throw fail("the date column");
  const DateFormatGuess df = guess_date_format(*date);
  g.date_field = date->name;
  g.date_format = df.format;
  used.insert(date->name);
  const std::string example = date->samples.empty() ? "" : " (e.g. '" + date->samples.front() + "')";
  g.guesses.push_back({"incidents.date", date->name, "the first of the date columns by name" + example});
  g.guesses.push_back({"incidents.date_format", df.format,
                       df.format == "iso" ? "ISO dates (yyyy-mm-dd)"
                       : df.format == "mdy" ? "month/day/year: a first number above 12 never occurs, a second does"
                                            : "day-month-year"});
  if (df.ambiguous)
    g.checks.push_back(date->name + ": no day above 12 in the sample, so d-m-y and m/d/y both fit; dmy (Dutch) was chosen");
  int other_dates = 0;
  for (const auto& c : t.columns) other_dates += &c != date && !guess_date_format(c).format.empty();
  if (other_dates > 0)
    g.checks.push_back(std::to_string(other_dates) + " other date column(s) exist; " + date->name +
                       " was taken as the date of the offence (not of the report)");
  // A separate time column, when the date has none.
  if (date->share(date->with_time) < 0.5) {
    const ColumnProfile* time = nullptr;
    double tb = 0;
    const std::string stem = lower(date->name).substr(0, lower(date->name).find_first_of("_ ."));
    for (const auto& c : t.columns) {
      if (used.count(c.name) || c.share(c.times) < 0.9) continue;
      const double s = name_score(c.name, {"time", "tijd", "uur"}, {"rpt", "report", "poss", "end", "eind"}) +
                       (!stem.empty() && lower(c.name).rfind(stem, 0) == 0 ? 1 : 0);
      if (s > tb) {
        tb = s;
        time = &c;
      }
    }
    if (time) {
      g.time_field = time->name;
      used.insert(time->name);
      g.guesses.push_back({"incidents.time", time->name, "times of day (hh:mm) beside the date"});
    }
  }

  // Id and street.
  double ib = 0;
  for (const auto& c : t.columns) {
    if (used.count(c.name) || c.values == 0) continue;
    const double distinct_share = c.distinct_overflow ? 1.0 : c.share(static_cast<int64_t>(c.distinct.size()));
    if (distinct_share < 0.9) continue;
    const double s = name_score(c.name, {"id", "nummer", "nr", "registratie"}, {"bron"});
    if (s > ib) {
      ib = s;
      g.id_field = c.name;
    }
  }
  if (!g.id_field.empty()) {
    used.insert(g.id_field);
    g.guesses.push_back({"incidents.id", g.id_field, "(nearly) unique values: used to count duplicate ids only"});
  }
  for (const auto& c : t.columns) {
    if (used.count(c.name) || c.share(c.numeric) > 0.5) continue;
    const std::string n = lower(c.name);
    if (n == "street" || n == "straat" || n == "straatnaam" || n == "street_name" || n == "streetname" ||
        n == "openbareruimte" || n == "openbare_ruimte") {
      g.street_field = c.name;
      used.insert(c.name);
      g.guesses.push_back({"incidents.street", c.name, "street names: the straat level comes from them"});
      break;
    }
  }
  if (g.street_field.empty())
    g.checks.push_back("no street-name column found: the straat level stays empty (add a street layer or "
                       "incidents.street)");

  // Category: the share of known codes first, then the name, then the fewest distinct values.
  const ColumnProfile* cat = nullptr;
  double cb = -1e9;
  for (const auto& c : t.columns) {
    if (used.count(c.name) || c.values == 0 || c.distinct_overflow || c.distinct.size() > 500 || boolean_like(c))
      continue;
    int64_t known = 0;
    for (const auto& [v, n] : c.distinct) known += taxonomy.lookup(v) ? n : 0;
    const double known_share = c.share(known);
    if (known_share == 0 && c.share(c.numeric) > 0.5) continue;
    const double s = 4 * known_share +
                     name_score(c.name, {"categor", "soort", "code", "type", "offen", "crime", "delict", "misdrijf",
                                         "literal", "klasse", "incident", "feit"},
                                {"wijk", "buurt", "zone", "beat", "post", "area"}) -
                     static_cast<double>(c.distinct.size()) / 1000.0;
    if (s > cb) {
      cb = s;
      cat = &c;
    }
  }
  if (!cat || cb < 0.5) throw fail("the category (offence code) column");
  g.category_field = cat->name;
  used.insert(cat->name);
  std::vector<std::pair<std::string, int64_t>> unmapped;
  int64_t cbs = 0, other = 0;
  for (const auto& [v, n] : cat->distinct) {
    if (auto s = taxonomy.lookup(v)) {
      g.mapped_rows += n;
      (v.find('.') != std::string::npos ? cbs : other) += n;
    } else {
      g.unmapped_rows += n;
      unmapped.emplace_back(v, n);
    }
  }
  std::stable_sort(unmapped.begin(), unmapped.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  g.unmapped = unmapped;
  g.code_system = g.mapped_rows == 0 ? "unknown codes" : cbs >= other ? "CBS soort misdrijf" : "police codes";
  g.guesses.push_back({"incidents.category", cat->name,
                       std::to_string(cat->distinct.size()) + " distinct values; code system: " + g.code_system});
  if (!g.unmapped.empty())
    g.checks.push_back(std::to_string(g.unmapped.size()) + " code(s) of " + cat->name +
                       " are not in the taxonomy (unmapped) until you map them in [taxonomy.codes]");
  if (!t.complete)
    g.checks.push_back("only the first " + std::to_string(t.rows) + " rows were looked at; run `brandpunt check` for all");
  return g;
}

namespace {

bool is_code_field(const ColumnProfile& c, int64_t features) {
  return c.values == features && features > 0 && c.unique();
}

double code_name_score(const ColumnProfile& c) {
  const std::string n = lower(c.name);
  double s = name_score(c.name, {"code", "_id", "id_", "cd"});
  if (n == "id" || n == "fid") s += 0.5;
  // Values that look like codes: letters then digits ("BU00140000", "WK001400").
  if (!c.samples.empty() && std::isalpha(static_cast<unsigned char>(c.samples.front()[0])) &&
      std::isdigit(static_cast<unsigned char>(c.samples.front().back())))
    s += 1;
  return s;
}

}  // namespace

AreaGuess guess_areas(const std::vector<TableProfile>& all) {
  AreaGuess out;
  struct Layer {
    const TableProfile* t;
    const ColumnProfile* code;
    std::set<std::string> codes;
  };
  std::vector<Layer> layers;
  for (const auto& t : all) {
    if (t.geometry != "polygon") continue;
    const ColumnProfile* code = nullptr;
    double best = -1e9;
    for (const auto& c : t.columns)
      if (is_code_field(c, t.rows) && code_name_score(c) > best) {
        best = code_name_score(c);
        code = &c;
      }
    if (!code) {
      out.checks.push_back(t.path + ": no field with a unique value per area; layer not used");
      continue;
    }
    Layer l{&t, code, {}};
    for (const auto& [v, n] : code->distinct) l.codes.insert(v);
    // The same areas in another CRS: keep the projected layer.
    bool duplicate = false;
    for (auto& other : layers)
      if (other.codes == l.codes) {
        duplicate = true;
        const bool this_projected = !t.crs.empty() && !crs::is_geographic(t.crs);
        if (this_projected && crs::is_geographic(other.t->crs)) std::swap(other, l);
        out.checks.push_back(l.t->path + " repeats the areas of " + other.t->path + "; " + other.t->path + " used");
        break;
      }
    if (!duplicate) layers.push_back(std::move(l));
  }
  if (layers.empty()) throw Error(ErrorKind::format, "no polygon layer with a unique code per area among the inputs");
  // A single-feature layer is the gemeente outline: the gemeente is the union of the buurten.
  std::vector<Layer> levels;
  for (auto& l : layers)
    if (l.t->rows > 1 || layers.size() == 1) levels.push_back(std::move(l));
    else out.checks.push_back(l.t->path + " has one area (the gemeente?); brandpunt dissolves the buurten instead");
  std::stable_sort(levels.begin(), levels.end(), [](const Layer& a, const Layer& b) { return a.t->rows > b.t->rows; });

  static const char* names[] = {"buurt", "wijk", "stadsdeel"};
  std::vector<LevelGuess> chain;
  size_t current = 0;
  for (size_t depth = 0; depth < 3 && current < levels.size(); ++depth) {
    const Layer& l = levels[current];
    LevelGuess g;
    g.level = names[depth];
    g.path = l.t->path;
    g.layer = l.t->layer;
    g.crs = l.t->crs;
    g.features = l.t->rows;
    g.code_field = l.code->name;
    // Name: mostly distinct text, named like a name.
    double nb = 0;
    for (const auto& c : l.t->columns) {
      if (&c == l.code || c.share(c.numeric) > 0.5) continue;
      const double s = name_score(c.name, {"naam", "name", "nm"}) +
                       (c.distinct_overflow ? 0 : c.share(static_cast<int64_t>(c.distinct.size())));
      if (s > nb && name_score(c.name, {"naam", "name", "nm"}) > 0 &&
          (c.distinct.size() > 1 || l.t->rows == 1)) {
        nb = s;
        g.name_field = c.name;
      }
    }
    // Population: whole non-negative numbers in a field named like inhabitants.
    double pb = 0;
    for (const auto& c : l.t->columns) {
      if (c.share(c.numeric) < 0.9 || c.integral < c.numeric) continue;
      const std::string n = lower(c.name);
      double s = name_score(c.name, {"inw", "population", "bevolking", "pop"}, {"man", "vrouw", "dichth", "_p_", "p_"});
      if (n == "aant_inw" || n == "aantal_inwoners" || n == "inwoners" || n == "population" || n == "bevolking") s += 2;
      if (s > pb) {
        pb = s;
        g.population_field = c.name;
      }
    }
    // The level above: a layer whose every code appears in one field of this one, and every
    // value of that field is one of its codes.
    size_t next = levels.size();
    for (size_t j = current + 1; j < levels.size() && next == levels.size(); ++j)
      for (const auto& c : l.t->columns) {
        if (&c == l.code || c.distinct_overflow || c.values != l.t->rows) continue;
        std::set<std::string> values;
        for (const auto& [v, n] : c.distinct) values.insert(v);
        if (values == levels[j].codes || (std::includes(levels[j].codes.begin(), levels[j].codes.end(), values.begin(),
                                                        values.end()) && values.size() * 2 >= levels[j].codes.size())) {
          g.parent_field = c.name;
          next = j;
          break;
        }
      }
    chain.push_back(g);
    if (depth == 0) {
      // The gemeente: fields constant over the buurten, named like gemeente code and name.
      for (const auto& c : l.t->columns) {
        if (c.distinct.size() != 1 || c.values != l.t->rows) continue;
        const std::string n = lower(c.name);
        if (n.find("gm") != std::string::npos || n.find("gemeente") != std::string::npos) {
          const std::string v = c.distinct.begin()->first;
          if (name_score(c.name, {"naam", "name", "nm"}) > 0) out.gemeente_name = v;
          else if (name_score(c.name, {"code", "cd"}) > 0 || v.rfind("GM", 0) == 0) out.gemeente_code = v;
        }
      }
    }
    if (next == levels.size()) break;
    current = next;
  }
  if (chain.size() < levels.size())
    out.checks.push_back(std::to_string(levels.size() - chain.size()) +
                         " polygon layer(s) do not link to the levels found (no field holds their codes)");
  for (const auto& g : chain) {
    out.guesses.push_back({"areas." + g.level, g.path, std::to_string(g.features) + " areas, code field " + g.code_field +
                                                           (g.crs.empty() ? ", no CRS" : ", " + g.crs)});
    if (!g.parent_field.empty())
      out.guesses.push_back({"areas." + g.level + ".parent", g.parent_field, "its values are the codes of the level above"});
    if (!g.population_field.empty())
      out.guesses.push_back({"areas." + g.level + ".population", g.population_field, "whole numbers, named like inhabitants"});
    else if (g.level == "buurt")
      out.checks.push_back("no population field in the buurt layer: rates per 1,000 inhabitants stay empty (add [population])");
    if (g.crs.empty()) out.checks.push_back(g.path + " has no CRS (.prj): give areas." + g.level + ".crs");
  }
  if (chain.size() == 1) out.checks.push_back("no wijk layer: the buurten roll up to the gemeente directly");
  out.levels = std::move(chain);
  return out;
}

}  // namespace brandpunt::io
