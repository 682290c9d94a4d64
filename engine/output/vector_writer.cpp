#include "output/vector_writer.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <string_view>
#include <memory>
#include <mutex>
#include <thread>
#include <optional>
#include <utility>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "crs/transform.hpp"
#include "output/atomic_file.hpp"

namespace brandpunt::output {
namespace {

// Collects GDAL's messages for the lifetime of the scope. GDAL's handler stack is per thread,
// so this neither sees nor disturbs other threads, and the destructor pops what it pushed.
class GdalErrorScope {
 public:
  GdalErrorScope() { CPLPushErrorHandlerEx(&GdalErrorScope::handle, this); }
  ~GdalErrorScope() { CPLPopErrorHandler(); }
  GdalErrorScope(const GdalErrorScope&) = delete;
  GdalErrorScope& operator=(const GdalErrorScope&) = delete;

  bool failed() const { return !errors_.empty(); }
  std::string message(const std::string& what) const {
    std::string m = what;
    if (!errors_.empty())
      m += ": " + errors_;
    else if (!warnings_.empty())
      m += " (GDAL warnings: " + warnings_ + ")";
    return m;
  }

 private:
  static void CPL_STDCALL handle(CPLErr cls, CPLErrorNum, const char* msg) {
    auto* self = static_cast<GdalErrorScope*>(CPLGetErrorHandlerUserData());
    if (self == nullptr || msg == nullptr) return;
    std::string& sink = cls >= CE_Failure ? self->errors_ : self->warnings_;
    if (sink.size() > 2000) return;  // one failing feature can repeat the same message
    if (!sink.empty()) sink += "; ";
    sink += msg;
  }
  std::string errors_, warnings_;
};

// Sets a GDAL configuration option for this thread and restores the previous value.
class ThreadConfigOption {
 public:
  ThreadConfigOption(const char* key, const char* value) : key_(key) {
    if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr)) previous_ = old;
    CPLSetThreadLocalConfigOption(key, value);
  }
  ~ThreadConfigOption() {
    CPLSetThreadLocalConfigOption(key_, previous_ ? previous_->c_str() : nullptr);
  }
  ThreadConfigOption(const ThreadConfigOption&) = delete;
  ThreadConfigOption& operator=(const ThreadConfigOption&) = delete;

 private:
  const char* key_;
  std::optional<std::string> previous_;
};

struct DatasetCloser {
  void operator()(void* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;
struct FeatureDeleter {
  void operator()(void* f) const { OGR_F_Destroy(f); }
};
using FeaturePtr = std::unique_ptr<void, FeatureDeleter>;
struct GeometryDeleter {
  void operator()(void* g) const { OGR_G_DestroyGeometry(g); }
};
using GeometryPtr = std::unique_ptr<void, GeometryDeleter>;
struct SrsReleaser {
  void operator()(void* s) const { OSRRelease(s); }
};
using SrsPtr = std::unique_ptr<void, SrsReleaser>;
struct CslDeleter {
  void operator()(char** list) const { CSLDestroy(list); }
};
using CslPtr = std::unique_ptr<char*, CslDeleter>;

void register_drivers() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

const char* driver_name(VectorFormat f) {
  switch (f) {
    case VectorFormat::geojson:
      return "GeoJSON";
    case VectorFormat::gpkg:
      return "GPKG";
    case VectorFormat::fgb:
      return "FlatGeobuf";
  }
  return "";
}

// How GeoJSON coordinates are made (RFC 7946): transformed to longitude/latitude (EPSG:4326)
// here, in one PROJ call per ring, rounded to `decimals`, and rings oriented by the right-hand
// rule. GDAL then only serialises them.
struct LonLat {
  const crs::Transformer* transformer = nullptr;  // nullptr: the analysis CRS is EPSG:4326
  double scale = 1e6;                             // 10^decimals
};

// Geometry of one output row, in the analysis CRS (GeoPackage, FlatGeobuf: rings as given) or
// as RFC 7946 longitude/latitude (GeoJSON).
class GeometryMaker {
 public:
  GeometryMaker(const std::string& path, std::optional<LonLat> lonlat) : path_(path), lonlat_(lonlat) {}

  // Builds a MultiPolygon; empty rings are dropped, open rings are closed. nullptr = null geometry.
  GeometryPtr multipolygon(const MultiPolygon& mp) {
    GeometryPtr out(OGR_G_CreateGeometry(wkbMultiPolygon));
    for (const Polygon& poly : mp) {
      if (poly.outer.empty()) continue;
      GeometryPtr p(OGR_G_CreateGeometry(wkbPolygon));
      OGR_G_AddGeometryDirectly(p.get(), points(wkbLinearRing, poly.outer, +1));
      for (const Ring& hole : poly.holes) {
        if (!hole.empty()) OGR_G_AddGeometryDirectly(p.get(), points(wkbLinearRing, hole, -1));
      }
      OGR_G_AddGeometryDirectly(out.get(), p.release());
    }
    if (OGR_G_GetGeometryCount(out.get()) == 0) return nullptr;
    OGR_G_CloseRings(out.get());
    return out;
  }

  GeometryPtr multiline(const std::vector<LineString>& lines) {
    GeometryPtr out(OGR_G_CreateGeometry(wkbMultiLineString));
    for (const LineString& line : lines) {
      if (!line.empty()) OGR_G_AddGeometryDirectly(out.get(), points(wkbLineString, line, 0));
    }
    if (OGR_G_GetGeometryCount(out.get()) == 0) return nullptr;
    return out;
  }

 private:
  // `orientation`: +1 exterior ring (counter-clockwise in RFC 7946), -1 hole (clockwise), 0 line.
  OGRGeometryH points(OGRwkbGeometryType type, const std::vector<XY>& pts, int orientation) {
    const size_t n = pts.size();
    x_.resize(n);
    y_.resize(n);
    for (size_t k = 0; k < n; ++k) {
      if (!std::isfinite(pts[k].x) || !std::isfinite(pts[k].y))
        throw Error(ErrorKind::geometry, "non-finite coordinate in output geometry").at_file(path_);
      x_[k] = pts[k].x;
      y_[k] = pts[k].y;
    }
    if (lonlat_) {
      if (lonlat_->transformer) lonlat_->transformer->transform(x_.data(), y_.data(), n);
      const double scale = lonlat_->scale;
      for (size_t k = 0; k < n; ++k) {
        if (!(std::abs(x_[k]) <= 180) || !(std::abs(y_[k]) <= 90))
          throw Error(ErrorKind::geometry, "output coordinate (" + std::to_string(pts[k].x) + ", " +
                                               std::to_string(pts[k].y) + ") has no longitude/latitude")
              .at_file(path_);
        x_[k] = std::round(x_[k] * scale) / scale + 0.0;  // + 0.0: no "-0"
        y_[k] = std::round(y_[k] * scale) / scale + 0.0;
      }
      if (orientation != 0) {
        double twice_area = 0;  // relative to the first point: small terms, no cancellation
        for (size_t k = 1; k + 1 < n; ++k)
          twice_area += (x_[k] - x_[0]) * (y_[k + 1] - y_[0]) - (x_[k + 1] - x_[0]) * (y_[k] - y_[0]);
        if (twice_area * orientation < 0) {
          std::reverse(x_.begin(), x_.end());
          std::reverse(y_.begin(), y_.end());
        }
      }
    }
    OGRGeometryH g = OGR_G_CreateGeometry(type);
    OGR_G_SetPoints(g, static_cast<int>(n), x_.data(), sizeof(double), y_.data(), sizeof(double), nullptr, 0);
    return g;
  }

  const std::string& path_;
  std::optional<LonLat> lonlat_;
  std::vector<double> x_, y_;
};

// First row (0-based) whose geometry has no parts, or -1.
int64_t first_null_geometry(const LayerGeometry& g) {
  for (size_t r = 0; r < g.polygons.size(); ++r) {
    bool any = false;
    for (const auto& p : g.polygons[r]) any = any || !p.outer.empty();
    if (!any) return static_cast<int64_t>(r);
  }
  for (size_t r = 0; r < g.lines.size(); ++r) {
    bool any = false;
    for (const auto& l : g.lines[r]) any = any || !l.empty();
    if (!any) return static_cast<int64_t>(r);
  }
  return -1;
}

void check_inputs(const std::string& path, const Table& table, const LayerGeometry& geometry,
                  const VectorWriteOptions& options) {
  table.validate();
  const size_t n = table.rows();
  size_t g = 0;
  switch (geometry.kind) {
    case LayerGeometry::none:
      g = n;
      break;
    case LayerGeometry::polygon:
      g = geometry.polygons.size();
      break;
    case LayerGeometry::line:
      g = geometry.lines.size();
      break;
  }
  if (g != n && !(table.columns.empty() && geometry.kind != LayerGeometry::none)) {
    throw Error(ErrorKind::internal, "layer has " + std::to_string(g) + " geometries for " +
                                         std::to_string(n) + " table rows")
        .at_file(path);
  }
  if (options.format == VectorFormat::fgb && geometry.kind != LayerGeometry::none) {
    // GDAL 3.6's FlatGeobuf writer silently skips features whose geometry is null or empty, so
    // the file would hold fewer rows than the table. Refuse rather than lose rows.
    if (int64_t r = first_null_geometry(geometry); r >= 0) {
      throw Error(ErrorKind::config,
                  "FlatGeobuf cannot store rows without geometry (GDAL drops them); write "
                  "GeoPackage or GeoJSON, or leave such rows out")
          .at_file(path)
          .at_row(r + 1);
    }
  }
  if (options.format == VectorFormat::geojson &&
      (options.coordinate_precision < 1 || options.coordinate_precision > 15)) {
    throw Error(ErrorKind::config, "coordinate_precision must be in 1..15").at_file(path);
  }
}

}  // namespace

const char* to_string(VectorFormat format) {
  switch (format) {
    case VectorFormat::geojson:
      return "geojson";
    case VectorFormat::gpkg:
      return "gpkg";
    case VectorFormat::fgb:
      return "fgb";
  }
  return "";
}

const char* extension(VectorFormat format) {
  switch (format) {
    case VectorFormat::geojson:
      return ".geojson";
    case VectorFormat::gpkg:
      return ".gpkg";
    case VectorFormat::fgb:
      return ".fgb";
  }
  return "";
}

VectorFormat parse_vector_format(const std::string& name) {
  for (VectorFormat f : {VectorFormat::geojson, VectorFormat::gpkg, VectorFormat::fgb}) {
    if (name == to_string(f)) return f;
  }
  throw Error(ErrorKind::config,
              "unknown vector format '" + name + "' (expected geojson, gpkg or fgb)");
}

namespace {

// QGIS's own style table in a GeoPackage (what QGIS writes with "Save style... in the
// datasource database"): one row per style of `layer`, the first the default.
void write_layer_styles(GDALDatasetH ds, OGRLayerH layer, const std::string& layer_name,
                        const std::vector<LayerStyle>& styles, const std::function<Error(const std::string&)>& fail) {
  CslPtr lco(CSLSetNameValue(nullptr, "FID", "id"));
  OGRLayerH t = GDALDatasetCreateLayer(ds, "layer_styles", nullptr, wkbNone, lco.get());
  if (t == nullptr) throw fail("cannot create table 'layer_styles'");
  struct Field {
    const char* name;
    OGRFieldType type;
    int width;
  };
  static constexpr Field kFields[] = {
      {"f_table_catalog", OFTString, 256}, {"f_table_schema", OFTString, 256},
      {"f_table_name", OFTString, 256},    {"f_geometry_column", OFTString, 256},
      {"styleName", OFTString, 30},        {"styleQML", OFTString, 0},
      {"styleSLD", OFTString, 0},          {"useAsDefault", OFTInteger, 0},
      {"description", OFTString, 0},       {"owner", OFTString, 30},
      {"ui", OFTString, 0},                {"update_time", OFTDateTime, 0}};
  for (const Field& f : kFields) {
    OGRFieldDefnH fld = OGR_Fld_Create(f.name, f.type);
    if (f.width > 0) OGR_Fld_SetWidth(fld, f.width);
    if (std::string_view(f.name) == "useAsDefault") OGR_Fld_SetSubType(fld, OFSTBoolean);
    const OGRErr err = OGR_L_CreateField(t, fld, FALSE);
    OGR_Fld_Destroy(fld);
    if (err != OGRERR_NONE) throw fail(std::string("cannot create field layer_styles.") + f.name);
  }
  const char* geometry_column = OGR_L_GetGeometryColumn(layer);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(t);
  for (size_t i = 0; i < styles.size(); ++i) {
    FeaturePtr f(OGR_F_Create(defn));
    OGR_F_SetFieldString(f.get(), 0, "");
    OGR_F_SetFieldString(f.get(), 1, "");
    OGR_F_SetFieldString(f.get(), 2, layer_name.c_str());
    OGR_F_SetFieldString(f.get(), 3, geometry_column ? geometry_column : "");
    OGR_F_SetFieldString(f.get(), 4, styles[i].name.c_str());
    OGR_F_SetFieldString(f.get(), 5, styles[i].qml.c_str());
    OGR_F_SetFieldString(f.get(), 6, "");
    OGR_F_SetFieldInteger(f.get(), 7, i == 0 ? 1 : 0);
    OGR_F_SetFieldString(f.get(), 8, styles[i].description.c_str());
    OGR_F_SetFieldString(f.get(), 9, "brandpunt");
    OGR_F_SetFieldNull(f.get(), 10);
    OGR_F_SetFieldDateTimeEx(f.get(), 11, 2000, 1, 1, 0, 0, 0.0f, 100);  // pinned, like the file's date
    if (OGR_L_CreateFeature(t, f.get()) != OGRERR_NONE) throw fail("cannot write layer style '" + styles[i].name + "'");
  }
}

// Writes rows [begin, end) as a new dataset at `file` (a temporary: atomic replacement is the
// caller's); errors name `path`, the final file. Each call has its own SRS and GDAL objects,
// so calls on different files may run on different threads.
void write_dataset(const std::string& file, const std::string& path, const Table& table,
                   const LayerGeometry& geometry, const VectorWriteOptions& options,
                   const std::string& layer_name, size_t begin, size_t end) {
  // GeoJSON: coordinates are transformed to EPSG:4326 here (GeometryMaker) and the layer gets
  // no SRS, so GDAL writes no "crs" member; other formats keep the analysis CRS.
  const bool geojson = options.format == VectorFormat::geojson;
  std::optional<crs::Transformer> own_lonlat;
  const crs::Transformer* to_lonlat = nullptr;
  if (geojson && options.to_lonlat && options.to_lonlat->from() == options.analysis_crs &&
      options.to_lonlat->to() == "EPSG:4326") {
    to_lonlat = options.to_lonlat;
  } else if (geojson) {
    try {
      to_lonlat = &own_lonlat.emplace(options.analysis_crs, "EPSG:4326");
    } catch (const Error& e) {
      throw Error(ErrorKind::crs, e.message()).at_file(path);
    }
  }
  SrsPtr srs;
  if (!geojson) {
    srs.reset(OSRNewSpatialReference(nullptr));
    GdalErrorScope errors;
    if (OSRSetFromUserInput(srs.get(), options.analysis_crs.c_str()) != OGRERR_NONE) {
      throw Error(ErrorKind::crs,
                  errors.message("unknown analysis CRS '" + options.analysis_crs + "'"))
          .at_file(path);
    }
    OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
  }

  {
    GdalErrorScope errors;
    auto fail = [&](const std::string& what) {
      return Error(ErrorKind::io, errors.message(what)).at_file(path);
    };
    std::optional<ThreadConfigOption> pinned_date;
    if (options.format == VectorFormat::gpkg) {
      pinned_date.emplace("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
    }
    GDALDriverH driver = GDALGetDriverByName(driver_name(options.format));
    if (driver == nullptr)
      throw fail(std::string("GDAL driver ") + driver_name(options.format) + " is not available");
    DatasetPtr ds(GDALCreate(driver, file.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw fail("cannot create " + file);

    CslPtr lco;
    if (options.format == VectorFormat::geojson) {
      char** l = nullptr;
      // Not GDAL's RFC7946 mode: it would copy every feature to reproject and reorient it,
      // which is done here already. Reals with 15 significant digits; coordinates, rounded
      // already, print exactly with them (up to 12 decimals; beyond, GDAL rounds them too).
      l = CSLSetNameValue(l, "WRITE_BBOX", "NO");
      l = CSLSetNameValue(l, "SIGNIFICANT_FIGURES", "15");
      if (options.coordinate_precision > 12)
        l = CSLSetNameValue(l, "COORDINATE_PRECISION", std::to_string(options.coordinate_precision).c_str());
      lco.reset(l);
    }
    const OGRwkbGeometryType gtype = geometry.kind == LayerGeometry::polygon ? wkbMultiPolygon
                                     : geometry.kind == LayerGeometry::line  ? wkbMultiLineString
                                                                             : wkbNone;
    OGRLayerH layer = GDALDatasetCreateLayer(
        ds.get(), layer_name.c_str(), gtype == wkbNone ? nullptr : srs.get(), gtype, lco.get());
    if (layer == nullptr) throw fail("cannot create layer '" + layer_name + "'");

    for (const Column& c : table.columns) {
      const OGRFieldType t = c.type == FieldType::integer ? OFTInteger64
                             : c.type == FieldType::real  ? OFTReal
                                                          : OFTString;
      OGRFieldDefnH fld = OGR_Fld_Create(c.name.c_str(), t);
      const OGRErr err = OGR_L_CreateField(layer, fld, /*bApproxOK=*/FALSE);
      OGR_Fld_Destroy(fld);
      if (err != OGRERR_NONE) throw fail("cannot create field '" + c.name + "'");
    }

    // One transaction for the whole layer: GeoPackage would otherwise commit per feature.
    const bool in_transaction = GDALDatasetStartTransaction(ds.get(), FALSE) == OGRERR_NONE;
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    std::optional<LonLat> lonlat;
    if (geojson)
      lonlat = LonLat{to_lonlat->is_identity() ? nullptr : to_lonlat, std::pow(10.0, options.coordinate_precision)};
    GeometryMaker make(path, lonlat);
    for (size_t r = begin; r < end; ++r) {
      FeaturePtr f(OGR_F_Create(defn));
      for (size_t c = 0; c < table.columns.size(); ++c) {
        const Column& col = table.columns[c];
        const int i = static_cast<int>(c);
        if (col.is_null(r)) {
          OGR_F_SetFieldNull(f.get(), i);
          continue;
        }
        switch (col.type) {
          case FieldType::integer:
            OGR_F_SetFieldInteger64(f.get(), i, col.ints[r]);
            break;
          case FieldType::real:
            OGR_F_SetFieldDouble(f.get(), i, col.reals[r]);
            break;
          case FieldType::string:
            OGR_F_SetFieldString(f.get(), i, col.strings[r].c_str());
            break;
        }
      }
      GeometryPtr g;
      try {
        if (geometry.kind == LayerGeometry::polygon) g = make.multipolygon(geometry.polygons[r]);
        if (geometry.kind == LayerGeometry::line) g = make.multiline(geometry.lines[r]);
      } catch (Error& e) {
        throw e.at_row(static_cast<int64_t>(r) + 1);
      }
      if (g) {
        if (srs) OGR_G_AssignSpatialReference(g.get(), srs.get());
        OGR_F_SetGeometryDirectly(f.get(), g.release());
      }
      if (OGR_L_CreateFeature(layer, f.get()) != OGRERR_NONE) {
        throw Error(ErrorKind::io, errors.message("cannot write feature"))
            .at_file(path)
            .at_row(static_cast<int64_t>(r) + 1);
      }
    }
    if (options.format == VectorFormat::gpkg && !options.styles.empty())
      write_layer_styles(ds.get(), layer, layer_name, options.styles, fail);
    if (in_transaction && GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE) {
      throw fail("cannot commit the layer");
    }
    ds.reset();  // GDALClose: drivers finish the file (FlatGeobuf builds its index here)
    if (errors.failed()) throw fail("GDAL reported an error while writing");
  }
}

// An open file descriptor, closed on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// Reads up to `n` bytes at `offset` (fewer at the end of the file).
std::string read_at(int fd, off_t offset, size_t n, const std::string& path) {
  std::string out(n, '\0');
  size_t got = 0;
  while (got < n) {
    const ssize_t r = ::pread(fd, out.data() + got, n - got, offset + static_cast<off_t>(got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw Error(ErrorKind::io, std::string("cannot read a GeoJSON part: ") + std::strerror(errno)).at_file(path);
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  out.resize(got);
  return out;
}

void write_all(int fd, std::string_view text, const std::string& path) {
  for (size_t done = 0; done < text.size();) {
    const ssize_t w = ::write(fd, text.data() + done, text.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) throw Error(ErrorKind::io, std::string("write failed: ") + std::strerror(errno)).at_file(path);
    done += static_cast<size_t>(w);
  }
}

// Appends bytes [offset, offset + n) of `in` to `out`: in the kernel (copy_file_range) where
// it can, else through a buffer.
void append_range(int in, off_t offset, size_t n, int out, const std::string& path) {
  while (n > 0) {
    off_t from = offset;
    const ssize_t r = ::copy_file_range(in, &from, out, nullptr, n, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;  // not supported here (or nothing copied): finish with read/write
    offset += r;
    n -= static_cast<size_t>(r);
  }
  while (n > 0) {
    const std::string chunk = read_at(in, offset, std::min(n, size_t{1} << 20), path);
    if (chunk.empty()) throw Error(ErrorKind::io, "a GeoJSON part ended early").at_file(path);
    write_all(out, chunk, path);
    offset += static_cast<off_t>(chunk.size());
    n -= chunk.size();
  }
}


// Joins GeoJSON files that GDAL wrote for consecutive row ranges into one FeatureCollection:
// GDAL writes a fixed header ending in `"features": [` + newline, one feature per line with
// ",\n" between features, and "\n]\n}\n" after the last. The header must be the same in
// every part. The features are copied file to file without passing through memory. Returns
// false (nothing written) when a part does not have that layout, so the caller can write the
// layer in one piece instead.
bool join_geojson_parts(const std::vector<std::string>& parts, const std::string& out_file,
                        const std::string& path) {
  static const std::string kOpen = "\"features\": [\n", kClose = "\n]\n}\n";
  Fd out(::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (out.get() < 0) throw Error(ErrorKind::io, "cannot create " + out_file).at_file(path);
  auto give_up = [&] {
    ::close(out.release());
    std::error_code ignored;
    std::filesystem::remove(out_file, ignored);
    return false;
  };
  std::string header;
  for (size_t k = 0; k < parts.size(); ++k) {
    Fd in(::open(parts[k].c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (in.get() < 0 || ::fstat(in.get(), &st) != 0)
      throw Error(ErrorKind::io, "cannot read back " + parts[k]).at_file(path);
    const auto size = static_cast<size_t>(st.st_size);
    const std::string head = read_at(in.get(), 0, std::min<size_t>(size, 65536), path);
    const size_t open = head.find(kOpen);
    const size_t h = open == std::string::npos ? 0 : open + kOpen.size();
    const bool ok = open != std::string::npos && size > h + kClose.size() &&  // >= 1 feature
                    read_at(in.get(), static_cast<off_t>(size - kClose.size()), kClose.size(), path) == kClose &&
                    (k == 0 || head.compare(0, h, header) == 0);
    if (!ok) return give_up();
    if (k == 0) {
      header = head.substr(0, h);
      write_all(out.get(), header, path);
    } else {
      write_all(out.get(), ",\n", path);
    }
    append_range(in.get(), static_cast<off_t>(h), size - kClose.size() - h, out.get(), path);
  }
  write_all(out.get(), kClose, path);
  if (::close(out.release()) != 0)
    throw Error(ErrorKind::io, std::string("write failed: ") + std::strerror(errno)).at_file(path);
  return true;
}

}  // namespace

void write_layer(const std::string& path, const Table& table, const LayerGeometry& geometry,
                 const VectorWriteOptions& options) {
  check_inputs(path, table, geometry, options);
  // A geometry-only layer (no attribute columns) takes its row count from the geometry.
  size_t rows = table.rows();
  if (table.columns.empty()) {
    rows = geometry.kind == LayerGeometry::polygon ? geometry.polygons.size()
           : geometry.kind == LayerGeometry::line  ? geometry.lines.size()
                                                   : 0;
  }
  register_drivers();
  const std::string layer_name =
      options.layer_name.empty() ? std::filesystem::path(path).stem().string() : options.layer_name;
  AtomicFile file(path);
  const size_t chunk = options.geojson_chunk_rows;
  bool written = false;
  if (options.format == VectorFormat::geojson && chunk > 0 && rows > chunk) {
    // Large GeoJSON layers: GDAL writes fixed row ranges into part files (on `threads`
    // threads), which are joined in order. The part files start with the temporary's name, so
    // a failure leaves nothing behind (AtomicFile removes them).
    const size_t n_parts = (rows + chunk - 1) / chunk;
    std::vector<std::string> parts(n_parts);
    for (size_t k = 0; k < n_parts; ++k) parts[k] = file.temp_path() + ".part" + std::to_string(k) + ".geojson";
    // Each thread takes the next unwritten part, so the threads finish together whatever
    // the parts cost; the join below is in part order either way. After a failure no new part
    // is started, and the error of the first failed part is the one reported.
    std::atomic<size_t> next{0};
    std::atomic<bool> failed{false};
    std::vector<std::exception_ptr> errors(n_parts);
    VectorWriteOptions part_options = options;
    part_options.to_lonlat = nullptr;  // one thread at a time: each part makes its own
    const unsigned workers = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    core::parallel_chunks(std::min<size_t>(workers, n_parts), workers, [&](size_t, size_t) {
      for (size_t k = next++; k < n_parts && !failed; k = next++) {
        try {
          write_dataset(parts[k], path, table, geometry, part_options, layer_name, k * chunk,
                        std::min(rows, (k + 1) * chunk));
        } catch (...) {
          errors[k] = std::current_exception();
          failed = true;
        }
      }
    }, 1);
    for (const auto& e : errors)
      if (e) std::rethrow_exception(e);
    written = join_geojson_parts(parts, file.temp_path(), path);
    for (const auto& part : parts) {
      std::error_code ignored;  // a part left behind is removed with the temporary (AtomicFile)
      std::filesystem::remove(part, ignored);
    }
  }
  if (!written) write_dataset(file.temp_path(), path, table, geometry, options, layer_name, 0, rows);
  file.commit();
}

}  // namespace brandpunt::output
