#include "io/area_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <optional>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"
#include "crs/transform.hpp"
#include "geom/geos.hpp"
#include "geom/ops.hpp"
#include "io/gdal_source.hpp"

namespace brandpunt::io {

namespace {

std::string trimmed(const char* s) {
  std::string_view v = s ? s : "";
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return std::string(v);
}

std::string text_field(OGRFeatureH f, int index) {
  if (index < 0 || !OGR_F_IsFieldSetAndNotNull(f, index)) return "";
  return trimmed(OGR_F_GetFieldAsString(f, index));
}

// A code as an identifier: a control character or malformed UTF-8 in it stops the run.
std::string code_field(OGRFeatureH f, int index, const AreaSourceOptions& o,
                       const std::string& field, int64_t row) {
  std::string code = text_field(f, index);
  if (!core::is_clean(code))
    throw Error(ErrorKind::format, "area code '" + core::escaped(code) +
                                       "' holds a control character or bytes that are not UTF-8")
        .at_file(o.path)
        .at_row(row)
        .at_field(field);
  return code;
}

// A name for maps and tables: control characters and malformed bytes are replaced.
std::string name_field(OGRFeatureH f, int index, const std::string& code, AreaReadReport& report) {
  const std::string name = text_field(f, index);
  if (core::is_clean(name)) return name;
  core::TextRepair repair;
  std::string cleaned = core::clean_name(name, repair);
  ++report.names_cleaned;
  report.messages.push_back(code + ": name '" + core::escaped(name) + "' had " +
                            std::to_string(repair.control + repair.invalid) +
                            " control character(s) or malformed byte(s) replaced");
  return cleaned;
}

std::string square_metres(double v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.0f m\xC2\xB2", v);
  return buf;
}

// CBS: negative counts mean "secret" or "unknown" (-99999997, -99999998): no data.
double population_of(OGRFeatureH f, int index, bool numeric, const std::string& code,
                     AreaReadReport& report) {
  if (!OGR_F_IsFieldSetAndNotNull(f, index)) return kNoData;
  double v = 0;
  if (numeric) {
    v = OGR_F_GetFieldAsDouble(f, index);
  } else {
    std::string s = trimmed(OGR_F_GetFieldAsString(f, index));
    if (s.empty()) return kNoData;
    std::replace(s.begin(), s.end(), ',', '.');
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) {
      report.messages.push_back(code + ": population '" + core::escaped(s) + "' is not a number: no data");
      return kNoData;
    }
  }
  if (!std::isfinite(v) || v < 0) return kNoData;
  return v;
}

void transform_rings(const crs::Transformer& t, MultiPolygon& mp, std::vector<double>& xs,
                     std::vector<double>& ys) {
  if (t.is_identity()) return;
  xs.clear();
  ys.clear();
  for (const auto& p : mp) {
    for (const XY& q : p.outer) xs.push_back(q.x), ys.push_back(q.y);
    for (const auto& h : p.holes)
      for (const XY& q : h) xs.push_back(q.x), ys.push_back(q.y);
  }
  t.transform(xs.data(), ys.data(), xs.size());
  size_t i = 0;
  auto put = [&](Ring& r) {
    for (XY& q : r) q = XY{xs[i], ys[i]}, ++i;
  };
  for (auto& p : mp) {
    put(p.outer);
    for (auto& h : p.holes) put(h);
  }
}

// Drops rings with fewer than 4 points (3 distinct corners + closing point): they enclose no
// area and GEOS cannot build them. Returns the number dropped.
int drop_degenerate_rings(MultiPolygon& mp) {
  int dropped = 0;
  std::vector<Polygon> kept;
  for (auto& p : mp) {
    if (p.outer.size() < 4) {
      dropped += 1 + static_cast<int>(p.holes.size());
      continue;
    }
    const size_t before = p.holes.size();
    std::erase_if(p.holes, [](const Ring& r) { return r.size() < 4; });
    dropped += static_cast<int>(before - p.holes.size());
    kept.push_back(std::move(p));
  }
  mp = std::move(kept);
  return dropped;
}

bool all_finite(const MultiPolygon& mp) {
  for (const auto& p : mp) {
    for (const XY& q : p.outer)
      if (!std::isfinite(q.x) || !std::isfinite(q.y)) return false;
    for (const auto& h : p.holes)
      for (const XY& q : h)
        if (!std::isfinite(q.x) || !std::isfinite(q.y)) return false;
  }
  return true;
}

// Makes an invalid polygon valid (GEOS MakeValid, structure method: every lobe kept) in place
// and says what it cost; nullopt when it was valid. Throws Error(geometry) when nothing is
// left or more than max_repair_loss of the drawn area is lost.
std::optional<AreaRepair> repair_polygon(const geom::GeosContext& geos, MultiPolygon& mp,
                                         const std::string& code, int64_t row,
                                         const AreaSourceOptions& o) {
  AreaRepair r;
  MultiPolygon fixed;
  try {
    const geom::GeosGeom gg = geos.from(mp);  // throws on rings GEOS cannot build
    if (geos.is_valid(gg.get())) return std::nullopt;
    r.reason = geos.validity_reason(gg.get());
    r.area_before_m2 = geom::drawn_area(geos, mp);
    fixed = geos.to_multipolygon(
        geos.make_valid(gg.get(), geom::GeosContext::MakeValidMethod::structure).get());
  } catch (Error& e) {
    throw Error(ErrorKind::geometry, "area '" + code + "': " + e.message())
        .at_file(o.path)
        .at_row(row);
  }
  if (fixed.empty())
    throw Error(ErrorKind::geometry, "area '" + code + "' (" + r.reason + ") has no area after repair")
        .at_file(o.path)
        .at_row(row);
  r.code = code;
  r.row = row;
  r.area_after_m2 = area_of(fixed);
  r.lost_m2 = std::max(0.0, r.area_before_m2 - r.area_after_m2);
  r.gained_m2 = std::max(0.0, r.area_after_m2 - r.area_before_m2);
  if (r.area_before_m2 > 0 && r.lost_m2 > o.max_repair_loss * r.area_before_m2) {
    char share[32];
    std::snprintf(share, sizeof share, "%.1f %%", 100 * r.lost_m2 / r.area_before_m2);
    throw Error(ErrorKind::geometry,
                "repairing area '" + code + "' (" + r.reason + ") loses " + share +
                    " of its area as drawn (" + square_metres(r.area_before_m2) + " -> " +
                    square_metres(r.area_after_m2) +
                    "): fix the polygon, or allow the loss with max_repair_loss")
        .at_file(o.path)
        .at_row(row)
        .at_field("max_repair_loss");
  }
  mp = std::move(fixed);
  return r;
}

}  // namespace

AreaReader::AreaReader(std::string analysis_crs)
    : analysis_crs_(std::move(analysis_crs)), geos_(std::make_unique<geom::GeosContext>()) {}

AreaReader::~AreaReader() = default;

const crs::Transformer& AreaReader::transformer(const std::string& source_crs) {
  auto it = transformers_.find(source_crs);
  if (it == transformers_.end())
    it = transformers_
             .emplace(source_crs, std::make_unique<crs::Transformer>(source_crs, analysis_crs_))
             .first;
  return *it->second;
}

AreaLayer read_areas(const AreaSourceOptions& o, const std::string& analysis_crs,
                     AreaReadReport& report) {
  AreaReader reader(analysis_crs);
  return reader.read(o, report);
}

AreaLayer AreaReader::read(const AreaSourceOptions& o, AreaReadReport& report) {
  const std::string& analysis_crs = analysis_crs_;
  if (o.path.empty()) throw Error(ErrorKind::config, "must be set").at_field("path");
  VectorSource src(o.path, o.layer);
  const int fcode = src.field_index(o.code_field, "code_field");
  const int fname = o.name_field.empty() ? -1 : src.field_index(o.name_field, "name_field");
  const int fparent = o.parent_field.empty() ? -1 : src.field_index(o.parent_field, "parent_field");
  const int fpop =
      o.population_field.empty() ? -1 : src.field_index(o.population_field, "population_field");
  std::vector<int> keep{fcode};
  for (int i : {fname, fparent, fpop})
    if (i >= 0) keep.push_back(i);
  src.read_only_fields(keep, true);
  const bool pop_numeric = fpop >= 0 && src.is_numeric(fpop);

  const std::string source_crs = o.crs.empty() ? src.crs() : o.crs;
  if (source_crs.empty())
    throw Error(ErrorKind::crs, "the layer has no CRS; set crs").at_file(o.path).at_field("crs");
  const crs::Transformer& to_analysis = [&]() -> const crs::Transformer& {
    try {
      return transformer(source_crs);
    } catch (Error& e) {
      throw e.at_file(o.path).at_field("crs");
    }
  }();

  AreaLayer raw;
  raw.level = o.level;
  const geom::GeosContext& geos = *geos_;
  std::set<std::string, std::less<>> seen;
  std::vector<double> xs, ys;
  int64_t row = 0;
  while (Feature feature = src.next()) {
    OGRFeatureH f = feature.get();
    ++row;
    std::string code = code_field(f, fcode, o, o.code_field, row);
    if (code.empty())
      throw Error(ErrorKind::format, "empty area code")
          .at_file(o.path)
          .at_row(row)
          .at_field(o.code_field);
    if (!seen.insert(code).second)
      throw Error(ErrorKind::format, "duplicate area code '" + code + "'")
          .at_file(o.path)
          .at_row(row)
          .at_field(o.code_field);
    MultiPolygon mp;
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (!g || OGR_G_IsEmpty(g))
      throw Error(ErrorKind::geometry, "area '" + code + "' has no geometry")
          .at_file(o.path)
          .at_row(row);
    if (!append_polygons(g, mp))
      throw Error(ErrorKind::geometry, "area '" + code + "' is not a polygon")
          .at_file(o.path)
          .at_row(row);
    transform_rings(to_analysis, mp, xs, ys);
    if (!all_finite(mp))
      throw Error(ErrorKind::crs, "area '" + code + "' cannot be projected to " + analysis_crs)
          .at_file(o.path)
          .at_row(row);
    if (const int dropped = drop_degenerate_rings(mp)) {
      if (mp.empty())
        throw Error(ErrorKind::geometry, "area '" + code + "' has only degenerate rings")
            .at_file(o.path)
            .at_row(row);
      ++report.repaired;
      report.messages.push_back(code + ": " + std::to_string(dropped) +
                                " ring(s) with fewer than 4 points dropped");
    }
    if (auto repair = repair_polygon(geos, mp, code, row, o)) {
      ++report.repaired;
      report.messages.push_back(code + ": " + repair->reason + " repaired: " +
                                square_metres(repair->area_before_m2) + " as drawn, " +
                                square_metres(repair->area_after_m2) + " after");
      report.repairs.push_back(std::move(*repair));
    }
    raw.code.push_back(std::move(code));
    raw.name.push_back(fname >= 0 ? name_field(f, fname, raw.code.back(), report) : raw.code.back());
    raw.parent.push_back(fparent >= 0 ? code_field(f, fparent, o, o.parent_field, row) : "");
    const double pop =
        fpop >= 0 ? population_of(f, fpop, pop_numeric, raw.code.back(), report) : kNoData;
    if (fpop >= 0 && std::isnan(pop)) ++report.population_no_data;
    raw.population.push_back(pop);
    raw.geometry.push_back(std::move(mp));
  }
  report.features = row;

  // Deterministic order: by code.
  std::vector<size_t> order(raw.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return raw.code[a] < raw.code[b]; });
  AreaLayer out;
  out.level = raw.level;
  for (size_t i : order) {
    out.code.push_back(std::move(raw.code[i]));
    out.name.push_back(std::move(raw.name[i]));
    out.parent.push_back(std::move(raw.parent[i]));
    out.population.push_back(raw.population[i]);
    out.geometry.push_back(std::move(raw.geometry[i]));
  }
  return out;
}

}  // namespace brandpunt::io
