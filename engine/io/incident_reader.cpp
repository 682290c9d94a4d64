#include "io/incident_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string_view>
#include <utility>

#include "core/error.hpp"
#include "core/text.hpp"
#include "crs/transform.hpp"
#include "io/csv.hpp"
#include "io/datetime.hpp"
#include "io/gdal_source.hpp"
#include "io/interner.hpp"

namespace brandpunt::io {

namespace {

constexpr size_t kBatch = 65536;  // points per PROJ call, and rows between progress calls

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  return true;
}

// Empty, or one of the spellings exports use for "no value" (R writes NA).
bool is_missing(std::string_view s) {
  if (s.empty()) return true;
  if (s.size() > 4) return false;
  return iequals(s, "NA") || iequals(s, "N/A") || iequals(s, "NULL") || iequals(s, "NaN");
}

std::optional<double> parse_number(std::string_view s, bool decimal_comma) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  char buf[64];
  if (decimal_comma && s.size() < sizeof buf && s.find(',') != std::string_view::npos &&
      s.find('.') == std::string_view::npos) {
    std::copy(s.begin(), s.end(), buf);
    std::replace(buf, buf + s.size(), ',', '.');
    s = std::string_view(buf, s.size());
  }
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// The form of a value without the value: digits as 'd', letters as 'a' ("31-02-2024" ->
// "dd-dd-dddd"), for public reject details.
std::string form_of(std::string_view value) {
  std::string out;
  for (char c : value.substr(0, 40)) {
    const auto u = static_cast<unsigned char>(c);
    out += std::isdigit(u) ? 'd' : std::isalpha(u) || u >= 0x80 ? 'a' : c;
  }
  if (value.size() > 40) out += "...";
  return out;
}

// A value as a reject detail: valid UTF-8 without control characters, at most 80 bytes.
std::string shown(std::string_view value) { return core::escaped(value, 80); }

// A 128-bit fingerprint of an id from two independent 64-bit hashes (libstdc++'s murmur-based
// std::hash and FNV-1a): two distinct ids collide with probability ~2^-128, so counting
// distinct fingerprints counts distinct ids (a false match among 10^8 ids: < 1e-22).
using Fingerprint = std::pair<uint64_t, uint64_t>;
Fingerprint fingerprint(std::string_view s) {
  uint64_t fnv = 14695981039346656037ull;
  for (unsigned char c : s) fnv = (fnv ^ c) * 1099511628211ull;
  return {std::hash<std::string_view>{}(s), fnv};
}

// The values of one record, as text (CSV cells, GDAL fields) or as a point geometry.
struct RecordValues {
  std::string_view x, y, date, time, category, street, id, window_from, window_to;
  bool point_given = false;    // geometry source: x/y below are the point
  bool point_missing = false;  // geometry source: null or empty geometry
  bool point_not_a_point = false;
  double px = 0, py = 0;
};

}  // namespace

struct IncidentReader::Projection {
  crs::Transformer to_analysis;
  bool geographic = false;
  Envelope analysis_area_lonlat;  // the analysis CRS's area of use; for geographic sources
};

namespace {

using Projection = IncidentReader::Projection;

// The other readings of a point's two numbers tried when it falls outside the study area.
enum class Reading { swapped, lonlat, latlon };

const char* describe(Reading r) {
  switch (r) {
    case Reading::swapped: return "with x and y swapped";
    case Reading::lonlat: return "read as lon/lat";
    case Reading::latlon: return "read as lat/lon";
  }
  return "";
}

// Per-row checks, interning and batched projection shared by the CSV and GDAL paths.
class IncidentBuilder {
 public:
  // `lonlat` (EPSG:4326 -> analysis CRS) is used for the other readings of a projected
  // source (nullptr = none).
  IncidentBuilder(const IncidentSourceOptions& o, const Taxonomy& taxonomy,
                  const Projection& projection, const Projection* lonlat,
                  const std::string& source_crs, bool csv, IncidentReadResult& out)
      : o_(o),
        taxonomy_(taxonomy),
        out_(out),
        projection_(projection),
        lonlat_(lonlat),
        order_(parse_date_order(o.date_format)),
        geographic_(projection.geographic),
        decimal_comma_(csv && o.delimiter != ','),
        area_(projection.analysis_area_lonlat),
        study_(o.study_area) {
    out_.source_crs = source_crs;
  }

  void set_decimal_comma(bool on) { decimal_comma_ = on; }

  void add(int64_t row, const RecordValues& v) {
    ++out_.read;
    if (!o_.id_field.empty() && !is_missing(trim(v.id)))
      id_prints_.push_back(fingerprint(trim(v.id)));
    double x = 0, y = 0;
    if (!coordinate(row, v, x, y)) return;

    const std::string_view date = trim(v.date);
    if (is_missing(date)) return reject(row, o_.date_field, reject_reason::missing_date, "");
    bool ambiguous = false;
    auto t = parse_date_time(date, order_, &ambiguous);
    if (!t) {
      DateCheck& d = out_.dates;
      ++d.unparseable;
      d.iso += parse_date_time(date, DateOrder::iso).has_value();
      d.dmy += parse_date_time(date, DateOrder::dmy).has_value();
      d.mdy += parse_date_time(date, DateOrder::mdy).has_value();
      return reject(row, o_.date_field, reject_reason::unparseable_date, date,
                    "a value of the form '" + form_of(date) + "' is not a date (date_format " + o_.date_format + ")");
    }
    out_.dates.ambiguous += ambiguous;
    if (!o_.time_field.empty()) {
      const std::string_view time = trim(v.time);
      if (!is_missing(time)) {
        auto tod = parse_time_of_day(time);
        if (!tod)
          return reject(row, o_.time_field, reject_reason::unparseable_date, time,
                        "a value of the form '" + form_of(time) + "' is not a time of day (hh:mm)");
        *t += *tod;
      }
    }

    int64_t from = kNoTime, to = kNoTime;
    if (windows_) window(row, v, *t, from, to);

    const std::string_view code = trim(v.category);
    if (is_missing(code))
      return reject(row, o_.category_field, reject_reason::missing_category, "");
    auto category = taxonomy_.lookup(code);
    if (!category && taxonomy_.unmapped_sub) {
      // [taxonomy] unmapped = "overig": counted under overig, and the code listed until mapped.
      category = taxonomy_.unmapped_sub;
      auto it = out_.unmapped_codes.find(code);
      if (it == out_.unmapped_codes.end()) out_.unmapped_codes.emplace(std::string(code), 1);
      else ++it->second;
    }
    if (!category)
      return reject(row, o_.category_field, reject_reason::unknown_category, code,
                    "code '" + shown(code) + "' is not in the taxonomy (brandpunt codes; map it in [taxonomy.codes])");

    bx_.push_back(x);
    by_.push_back(y);
    bt_.push_back(*t);
    bc_.push_back(*category);
    bs_.push_back(street_of(row, trim(v.street)));
    br_.push_back(row);
    if (windows_) {
      bf_.push_back(from);
      bto_.push_back(to);
    }
    if (bx_.size() == kBatch) flush();
  }

  // Room for the expected number of accepted rows, so the columns are not copied as they grow.
  void reserve(size_t rows) {
    out_.table.reserve(rows);
    if (!o_.time_from_field.empty()) out_.table.window_from_s.reserve(rows);
    if (windows_) out_.table.window_to_s.reserve(rows);
    if (!o_.id_field.empty()) id_prints_.reserve(rows);
  }

  void finish() {
    flush();
    // Rows whose id was seen before = rows with an id - distinct ids. Sorting fingerprints
    // once beats a hash set probed per row: at millions of ids every probe is a cache miss.
    std::sort(id_prints_.begin(), id_prints_.end());
    const auto distinct = std::unique(id_prints_.begin(), id_prints_.end()) - id_prints_.begin();
    out_.duplicate_ids = static_cast<int64_t>(id_prints_.size()) - distinct;
    id_prints_ = {};
    std::stable_sort(out_.rejects.begin(), out_.rejects.end(),
                     [](const Reject& a, const Reject& b) { return a.row < b.row; });
    std::stable_sort(out_.text_repairs.begin(), out_.text_repairs.end(),
                     [](const TextRepairRow& a, const TextRepairRow& b) { return a.row < b.row; });
  }

 private:
  // The street id of a row's name, cleaned of control characters and malformed bytes first
  // (a NUL would cut the name short in any C API, so two straten could share a code).
  uint32_t street_of(int64_t row, std::string_view name) {
    if (o_.street_field.empty() || is_missing(name)) return kNoStreet;
    std::string cleaned;
    if (!core::is_clean(name)) {
      core::TextRepair repair;
      cleaned = core::clean_name(name, repair);
      ++out_.text_repaired;
      if (out_.text_repairs.size() < IncidentReadResult::kMaxTextRepairRows) {
        std::string what;
        if (repair.control)
          what = std::to_string(repair.control) + " control character(s) replaced by spaces";
        if (repair.invalid)
          what += (what.empty() ? "" : ", ") + std::to_string(repair.invalid) +
                  " malformed UTF-8 byte(s) replaced by U+FFFD";
        out_.text_repairs.push_back(TextRepairRow{row, o_.street_field, what});
      }
      name = cleaned;
      if (name.empty()) return kNoStreet;
    }
    bool added = false;
    const uint32_t street = streets_.intern(name, &added);
    if (added) out_.table.street_names.emplace_back(name);
    return street;
  }

  bool coordinate(int64_t row, const RecordValues& v, double& x, double& y) {
    const std::string& xf = v.point_given ? geometry_field_ : o_.x_field;
    const std::string& yf = v.point_given ? geometry_field_ : o_.y_field;
    if (v.point_given) {
      if (v.point_missing) return reject(row, xf, reject_reason::missing_coordinate, ""), false;
      if (v.point_not_a_point)
        return reject(row, xf, reject_reason::unparseable_coordinate, "not a point", "not a point"), false;
      x = v.px;
      y = v.py;
      if (!std::isfinite(x) || !std::isfinite(y))
        return reject(row, xf, reject_reason::unparseable_coordinate, ""), false;
    } else {
      const std::string_view xs = trim(v.x), ys = trim(v.y);
      if (is_missing(xs)) return reject(row, xf, reject_reason::missing_coordinate, ""), false;
      if (is_missing(ys)) return reject(row, yf, reject_reason::missing_coordinate, ""), false;
      auto xv = parse_number(xs, decimal_comma_);
      if (!xv) return reject(row, xf, reject_reason::unparseable_coordinate, xs, "not a number"), false;
      auto yv = parse_number(ys, decimal_comma_);
      if (!yv) return reject(row, yf, reject_reason::unparseable_coordinate, ys, "not a number"), false;
      x = *xv;
      y = *yv;
    }
    out_.parsed_extent.expand(XY{x, y});
    if (geographic_) {
      // A lon/lat pair outside where the analysis CRS applies, that lands inside it with the
      // axes swapped, is almost surely written lat/lon.
      const bool in_range = std::abs(x) <= 180 && std::abs(y) <= 90;
      const bool inside = in_range && area_.contains(XY{x, y});
      const bool swapped_inside =
          std::abs(y) <= 180 && std::abs(x) <= 90 && area_.contains(XY{y, x});
      if (!inside && swapped_inside) {
        char detail[96];
        std::snprintf(detail, sizeof detail, "x=%.8g y=%.8g looks like lat/lon", x, y);
        return reject(row, xf, reject_reason::swapped_lonlat, detail, "x and y look swapped (lat/lon)"), false;
      }
      if (!in_range) {
        char detail[96];
        std::snprintf(detail, sizeof detail, "x=%.8g y=%.8g is not a lon/lat", x, y);
        return reject(row, xf, reject_reason::outside_crs_area, detail, "not a lon/lat position"), false;
      }
    }
    return true;
  }

  // The window of one row; problems leave the row without a window and are counted.
  void window(int64_t row, const RecordValues& v, int64_t start, int64_t& from, int64_t& to) {
    auto problem = [&](int64_t& counter) {
      ++counter;
      if (out_.first_window_problem_row < 0) out_.first_window_problem_row = row;
      from = to = kNoTime;
    };
    auto parse = [&](std::string_view text, int64_t& value) {
      text = trim(text);
      if (is_missing(text)) return true;
      auto t = parse_date_time(text, order_);
      if (!t) return false;
      value = *t;
      return true;
    };
    if (!o_.time_from_field.empty() && !parse(v.window_from, from))
      return problem(out_.window_unparseable);
    if (!o_.time_to_field.empty() && !parse(v.window_to, to))
      return problem(out_.window_unparseable);
    const int64_t begin = from == kNoTime ? start : from;
    if (to != kNoTime && to < begin) return problem(out_.window_reversed);
  }

  // `public_detail`: what the public profile may show (see Reject).
  void reject(int64_t row, const std::string& field, const char* reason, std::string_view value,
              std::string public_detail = "") {
    out_.rejects.push_back(Reject{row, field, reason, shown(value), std::move(public_detail)});
  }

  bool in_study_area(double x, double y) const {
    return std::isfinite(x) && std::isfinite(y) && study_.extent.contains(XY{x, y}) &&
           (!study_.contains || study_.contains(x, y));
  }

  // For the points outside the study area: the first other reading of the same two numbers
  // that lands inside it, if any (batched, so PROJ is called a few times per batch at most).
  std::vector<std::optional<Reading>> other_readings(const std::vector<size_t>& outside) {
    std::vector<std::optional<Reading>> found(outside.size());
    if (outside.empty()) return found;
    std::vector<double> ax(outside.size()), ay(outside.size());
    auto try_reading = [&](Reading reading, const crs::Transformer& t, bool swap, bool lonlat) {
      std::vector<size_t> todo;
      for (size_t k = 0; k < outside.size(); ++k) {
        if (found[k]) continue;
        const double a = swap ? ry_[outside[k]] : rx_[outside[k]];
        const double b = swap ? rx_[outside[k]] : ry_[outside[k]];
        if (lonlat && !(std::abs(a) <= 180 && std::abs(b) <= 90)) continue;
        ax[todo.size()] = a;
        ay[todo.size()] = b;
        todo.push_back(k);
      }
      t.transform(ax.data(), ay.data(), todo.size());
      for (size_t j = 0; j < todo.size(); ++j)
        if (in_study_area(ax[j], ay[j])) found[todo[j]] = reading;
    };
    try_reading(Reading::swapped, projection_.to_analysis, true, geographic_);
    if (!geographic_ && lonlat_) {
      try_reading(Reading::lonlat, lonlat_->to_analysis, false, true);
      try_reading(Reading::latlon, lonlat_->to_analysis, true, true);
    }
    return found;
  }

  void flush() {
    const bool study = !study_.extent.empty();
    if (study) {
      rx_ = bx_;
      ry_ = by_;
    }
    projection_.to_analysis.transform(bx_.data(), by_.data(), bx_.size());
    std::vector<size_t> outside;
    if (study)
      for (size_t i = 0; i < bx_.size(); ++i)
        if (std::isfinite(bx_[i]) && std::isfinite(by_[i]) && !study_.extent.contains(XY{bx_[i], by_[i]}))
          outside.push_back(i);
    const std::vector<std::optional<Reading>> readings = other_readings(outside);
    size_t next_outside = 0;
    const std::string& xf = o_.x_field.empty() ? geometry_field_ : o_.x_field;
    for (size_t i = 0; i < bx_.size(); ++i) {
      if (!std::isfinite(bx_[i]) || !std::isfinite(by_[i])) {
        reject(br_[i], xf, reject_reason::outside_crs_area, "PROJ cannot transform this point",
               "PROJ cannot transform this point");
        continue;
      }
      if (next_outside < outside.size() && outside[next_outside] == i) {
        const std::optional<Reading> r = readings[next_outside++];
        if (r) {
          char detail[128];
          std::snprintf(detail, sizeof detail, "x=%.10g y=%.10g: %s they fall in the study area",
                        rx_[i], ry_[i], describe(*r));
          reject(br_[i], xf, reject_reason::swapped_coordinates, detail);
          continue;
        }
      }
      out_.table.push_back(bx_[i], by_[i], bt_[i], bc_[i], bs_[i], br_[i]);
      if (!o_.time_from_field.empty()) out_.table.window_from_s.push_back(bf_[i]);
      if (windows_) out_.table.window_to_s.push_back(bto_[i]);
    }
    bf_.clear();
    bto_.clear();
    bx_.clear();
    by_.clear();
    bt_.clear();
    bc_.clear();
    bs_.clear();
    br_.clear();
  }

  const IncidentSourceOptions& o_;
  const Taxonomy& taxonomy_;
  IncidentReadResult& out_;
  const Projection& projection_;
  const Projection* lonlat_;
  DateOrder order_;
  bool geographic_;
  bool decimal_comma_;
  Envelope area_;
  const StudyArea& study_;
  const std::string geometry_field_ = "geometry";
  // With any window column both bounds are kept per row (an absent end is kNoTime).
  const bool windows_ = !o_.time_from_field.empty() || !o_.time_to_field.empty();
  StringInterner streets_;
  std::vector<Fingerprint> id_prints_;
  std::vector<double> bx_, by_, rx_, ry_;
  std::vector<int64_t> bt_, br_, bf_, bto_;
  std::vector<uint16_t> bc_;
  std::vector<uint32_t> bs_;
};

bool is_csv_path(const std::string& path) {
  const auto dot = path.find_last_of('.');
  if (dot == std::string::npos) return false;
  const std::string_view ext = std::string_view(path).substr(dot + 1);
  return iequals(ext, "csv") || iequals(ext, "tsv") || iequals(ext, "txt");
}

void validate(const IncidentSourceOptions& o, bool csv) {
  auto need = [&](const std::string& value, const char* field) {
    if (value.empty())
      throw Error(ErrorKind::config, "must be set").at_file(o.path).at_field(field);
  };
  need(o.path, "path");
  need(o.date_field, "date_field");
  need(o.category_field, "category_field");
  if (csv) {
    need(o.x_field, "x_field");
    need(o.y_field, "y_field");
  }
  if (o.x_field.empty() != o.y_field.empty())
    throw Error(ErrorKind::config, "set both x_field and y_field, or neither")
        .at_file(o.path)
        .at_field(o.x_field.empty() ? "x_field" : "y_field");
}

// The builder for a source CRS, with the errors of an unknown CRS naming the file and field.
IncidentBuilder make_builder(const IncidentSourceOptions& o, const Taxonomy& taxonomy,
                             IncidentReader& reader, const std::string& source_crs, bool csv,
                             IncidentReadResult& out) {
  try {
    const Projection& p = reader.projection(source_crs);
    const Projection* lonlat =
        !p.geographic && !o.study_area.extent.empty() ? &reader.projection("EPSG:4326") : nullptr;
    return IncidentBuilder(o, taxonomy, p, lonlat, source_crs, csv, out);
  } catch (Error& e) {
    throw e.at_file(o.path).at_field(e.field().empty() ? "crs" : e.field());
  }
}

void read_csv(const IncidentSourceOptions& o, const Taxonomy& taxonomy, IncidentReader& reader,
              const std::function<void(int64_t)>& progress, IncidentReadResult& out) {
  CsvOptions co;
  co.delimiter = o.delimiter;
  co.encoding = o.encoding;
  co.max_record_bytes = o.max_record_bytes;
  co.max_record_lines = o.max_record_lines;
  std::unique_ptr<CsvReader> reader_of =
      o.csv_bytes ? std::make_unique<CsvReader>(o.path, *o.csv_bytes, co)
                  : std::make_unique<CsvReader>(o.path, co);
  CsvReader& csv = *reader_of;
  const size_t none = SIZE_MAX;
  auto optional_column = [&](const std::string& name, const char* role) {
    return name.empty() ? none : csv.column(name, role);
  };
  const size_t cx = csv.column(o.x_field, "x_field"), cy = csv.column(o.y_field, "y_field");
  const size_t cd = csv.column(o.date_field, "date_field");
  const size_t cc = csv.column(o.category_field, "category_field");
  const size_t ct = optional_column(o.time_field, "time_field");
  const size_t cs = optional_column(o.street_field, "street_field");
  const size_t ci = optional_column(o.id_field, "id_field");
  const size_t cwf = optional_column(o.time_from_field, "time_from");
  const size_t cwt = optional_column(o.time_to_field, "time_to");
  if (o.crs.empty()) throw Error(ErrorKind::config, "must be set").at_file(o.path).at_field("crs");

  IncidentBuilder builder = make_builder(o, taxonomy, reader, o.crs, true, out);
  builder.set_decimal_comma(csv.delimiter() != ',');
  std::vector<std::string_view> f;
  RecordValues v;
  std::error_code size_error;
  const auto file_bytes =
      o.csv_bytes ? o.csv_bytes->size() : std::filesystem::file_size(o.path, size_error);
  while (csv.next(f)) {
    if (o.max_rows > 0 && out.read >= o.max_rows) break;
    if (csv.row() == static_cast<int64_t>(kBatch) && !size_error) {
      // Estimate the row count from the bytes per row so far (+5 %) and reserve once.
      const double per_row =
          static_cast<double>(csv.bytes_consumed()) / static_cast<double>(csv.row());
      builder.reserve(static_cast<size_t>(1.05 * static_cast<double>(file_bytes) / per_row));
    }
    v.x = f[cx];
    v.y = f[cy];
    v.date = f[cd];
    v.category = f[cc];
    v.time = ct == none ? std::string_view{} : f[ct];
    v.street = cs == none ? std::string_view{} : f[cs];
    v.id = ci == none ? std::string_view{} : f[ci];
    v.window_from = cwf == none ? std::string_view{} : f[cwf];
    v.window_to = cwt == none ? std::string_view{} : f[cwt];
    builder.add(csv.row(), v);
    if (progress && out.read % static_cast<int64_t>(kBatch) == 0) progress(out.read);
  }
  builder.finish();
}

// A GDAL field as text: strings as stored, numbers in shortest round-trip form, dates as ISO.
std::string_view field_text(OGRFeatureH f, int index, const VectorSource& src, std::string& buf) {
  if (index < 0 || !OGR_F_IsFieldSetAndNotNull(f, index)) return {};
  if (src.is_date_time(index)) {
    int y = 0, m = 0, d = 0, h = 0, mi = 0, tz = 0;
    float s = 0;
    OGR_F_GetFieldAsDateTimeEx(f, index, &y, &m, &d, &h, &mi, &s, &tz);
    char tmp[40];
    std::snprintf(tmp, sizeof tmp, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, h, mi,
                  static_cast<int>(s));
    buf = tmp;
  } else if (src.is_numeric(index)) {
    char tmp[40];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, OGR_F_GetFieldAsDouble(f, index));
    buf.assign(tmp, r.ptr);
  } else {
    buf = OGR_F_GetFieldAsString(f, index);
  }
  return buf;
}

void read_gdal(const IncidentSourceOptions& o, const Taxonomy& taxonomy, IncidentReader& reader,
               const std::function<void(int64_t)>& progress, IncidentReadResult& out) {
  VectorSource src(o.path, o.layer);
  const bool use_geometry = o.x_field.empty();
  auto optional_field = [&](const std::string& name, const char* role) {
    return name.empty() ? -1 : src.field_index(name, role);
  };
  const int fx = optional_field(o.x_field, "x_field"), fy = optional_field(o.y_field, "y_field");
  const int fd = src.field_index(o.date_field, "date_field");
  const int fc = src.field_index(o.category_field, "category_field");
  const int ft = optional_field(o.time_field, "time_field");
  const int fs = optional_field(o.street_field, "street_field");
  const int fi = optional_field(o.id_field, "id_field");
  const int fwf = optional_field(o.time_from_field, "time_from");
  const int fwt = optional_field(o.time_to_field, "time_to");
  std::vector<int> keep;
  for (int i : {fx, fy, fd, fc, ft, fs, fi, fwf, fwt})
    if (i >= 0) keep.push_back(i);
  src.read_only_fields(keep, use_geometry);

  std::string source_crs = o.crs;
  if (use_geometry) {
    const std::string layer_crs = src.crs();
    if (!layer_crs.empty()) source_crs = layer_crs;
  }
  if (source_crs.empty())
    throw Error(ErrorKind::crs, "the layer has no CRS; set crs").at_file(o.path).at_field("crs");
  IncidentBuilder builder = make_builder(o, taxonomy, reader, source_crs, false, out);

  std::string bx, by, bd, bt, bc, bs, bi, bwf, bwt;
  RecordValues v;
  int64_t row = 0;
  while (Feature feature = src.next()) {
    OGRFeatureH f = feature.get();
    ++row;
    v = RecordValues{};
    v.x = field_text(f, fx, src, bx);
    v.y = field_text(f, fy, src, by);
    v.date = field_text(f, fd, src, bd);
    v.time = field_text(f, ft, src, bt);
    v.category = field_text(f, fc, src, bc);
    v.street = field_text(f, fs, src, bs);
    v.id = field_text(f, fi, src, bi);
    v.window_from = field_text(f, fwf, src, bwf);
    v.window_to = field_text(f, fwt, src, bwt);
    if (use_geometry) {
      v.point_given = true;
      OGRGeometryH g = OGR_F_GetGeometryRef(f);
      if (!g || OGR_G_IsEmpty(g)) {
        v.point_missing = true;
      } else {
        const OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(g));
        if (type == wkbMultiPoint && OGR_G_GetGeometryCount(g) == 1) g = OGR_G_GetGeometryRef(g, 0);
        if (wkbFlatten(OGR_G_GetGeometryType(g)) == wkbPoint) {
          v.px = OGR_G_GetX(g, 0);
          v.py = OGR_G_GetY(g, 0);
        } else {
          v.point_not_a_point = true;
        }
      }
    }
    builder.add(row, v);
    if (progress && out.read % static_cast<int64_t>(kBatch) == 0) progress(out.read);
    if (o.max_rows > 0 && out.read >= o.max_rows) break;
  }
  builder.finish();
}

}  // namespace

IncidentReader::IncidentReader(const Taxonomy& taxonomy, std::string analysis_crs)
    : taxonomy_(taxonomy), analysis_crs_(std::move(analysis_crs)) {}

IncidentReader::~IncidentReader() = default;

const IncidentReader::Projection& IncidentReader::projection(const std::string& source_crs) {
  auto it = projections_.find(source_crs);
  if (it != projections_.end()) return *it->second;
  auto p = std::make_unique<Projection>(
      Projection{crs::Transformer(source_crs, analysis_crs_), crs::is_geographic(source_crs), {}});
  if (p->geographic) p->analysis_area_lonlat = crs::area_of_use_lonlat(analysis_crs_);
  return *projections_.emplace(source_crs, std::move(p)).first->second;
}

IncidentReadResult IncidentReader::read(const IncidentSourceOptions& options,
                                        const std::function<void(int64_t rows)>& progress) {
  const bool csv = options.csv_bytes.has_value() || is_csv_path(options.path);
  validate(options, csv);
  if (options.date_format != "auto" && options.date_format != "iso" &&
      options.date_format != "dmy" && options.date_format != "mdy")
    throw Error(ErrorKind::config,
                "must be auto, iso, dmy or mdy, not '" + core::escaped(options.date_format) + "'")
        .at_file(options.path)
        .at_field("date_format");
  IncidentReadResult out;
  if (csv)
    read_csv(options, taxonomy_, *this, progress, out);
  else
    read_gdal(options, taxonomy_, *this, progress, out);
  if (progress) progress(out.read);
  return out;
}

IncidentReadResult read_incidents(const IncidentSourceOptions& options, const Taxonomy& taxonomy,
                                  const std::string& analysis_crs,
                                  const std::function<void(int64_t rows)>& progress) {
  IncidentReader reader(taxonomy, analysis_crs);
  return reader.read(options, progress);
}

}  // namespace brandpunt::io
