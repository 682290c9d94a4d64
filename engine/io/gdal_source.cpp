#include "io/gdal_source.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <ogr_srs_api.h>

#include <filesystem>
#include <mutex>

#include "core/error.hpp"
#include "core/text.hpp"

namespace brandpunt::io {

void DatasetCloser::operator()(void* ds) const {
  if (ds) GDALClose(ds);
}
void FeatureDestroyer::operator()(void* f) const {
  if (f) OGR_F_Destroy(static_cast<OGRFeatureH>(f));
}

namespace {

// Keeps GDAL quiet for the lifetime of the object (its handler stack is per thread); the
// last message stays available through CPLGetLastErrorMsg for our own error text.
struct QuietGdal {
  QuietGdal() {
    CPLErrorReset();
    CPLPushErrorHandler(CPLQuietErrorHandler);
  }
  ~QuietGdal() { CPLPopErrorHandler(); }
  QuietGdal(const QuietGdal&) = delete;
  QuietGdal& operator=(const QuietGdal&) = delete;
};

std::string gdal_message() {
  const char* m = CPLGetLastErrorMsg();
  return m && *m ? std::string(" (GDAL: ") + core::escaped(m, 300) + ")" : std::string();
}

}  // namespace

VectorSource::VectorSource(const std::string& path, const std::string& layer) : path_(path) {
  if (path.rfind("/vsi", 0) != 0) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      throw Error(ErrorKind::io, "file not found").at_file(path);
  }
  // GDAL's driver registry is process-wide; registering scans the plugin folder, so it is done
  // once per process, not per source.
  static std::once_flag registered;
  std::call_once(registered, [] { GDALAllRegister(); });
  QuietGdal quiet;
  dataset_.reset(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!dataset_)
    throw Error(ErrorKind::format, "cannot open as a vector data source" + gdal_message())
        .at_file(path);
  if (layer.empty()) {
    if (GDALDatasetGetLayerCount(dataset_.get()) < 1)
      throw Error(ErrorKind::format, "no layers").at_file(path);
    layer_ = GDALDatasetGetLayer(dataset_.get(), 0);
  } else {
    layer_ = GDALDatasetGetLayerByName(dataset_.get(), layer.c_str());
    if (!layer_) {
      std::string names;
      for (int i = 0; i < GDALDatasetGetLayerCount(dataset_.get()); ++i)
        names +=
            (i ? ", " : "") + std::string(OGR_L_GetName(GDALDatasetGetLayer(dataset_.get(), i)));
      throw Error(ErrorKind::config, "layer '" + layer + "' not found (layers: " + names + ")")
          .at_file(path)
          .at_field("layer");
    }
  }
  layer_name_ = OGR_L_GetName(layer_);
  OGR_L_ResetReading(layer_);
}

int VectorSource::field_index(const std::string& name, const std::string& role) const {
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer_);
  if (name.empty())
    throw Error(ErrorKind::config, "no field configured").at_file(path_).at_field(role);
  const int index = OGR_FD_GetFieldIndex(defn, name.c_str());
  if (index < 0) {
    std::string names;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
      names += (i ? ", " : "") + std::string(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    throw Error(ErrorKind::config, "field '" + name + "' not found in layer '" + layer_name_ +
                                       "' (fields: " + names + ")")
        .at_file(path_)
        .at_field(role);
  }
  return index;
}

bool VectorSource::is_numeric(int field) const {
  const OGRFieldType t = OGR_Fld_GetType(OGR_FD_GetFieldDefn(OGR_L_GetLayerDefn(layer_), field));
  return t == OFTInteger || t == OFTInteger64 || t == OFTReal;
}

bool VectorSource::is_date_time(int field) const {
  const OGRFieldType t = OGR_Fld_GetType(OGR_FD_GetFieldDefn(OGR_L_GetLayerDefn(layer_), field));
  return t == OFTDate || t == OFTDateTime;
}

void VectorSource::read_only_fields(const std::vector<int>& fields, bool geometry) {
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer_);
  std::vector<std::string> ignored{"OGR_STYLE"};
  for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
    bool keep = false;
    for (int f : fields) keep = keep || f == i;
    if (!keep) ignored.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
  }
  if (!geometry) ignored.emplace_back("OGR_GEOMETRY");
  std::vector<const char*> list;
  for (const auto& s : ignored) list.push_back(s.c_str());
  list.push_back(nullptr);
  QuietGdal quiet;
  OGR_L_SetIgnoredFields(layer_, list.data());  // a hint: drivers that cannot skip read all
}

std::string VectorSource::crs() const {
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer_);
  if (!srs) return "";
  const char* authority = OSRGetAuthorityName(srs, nullptr);
  const char* code = OSRGetAuthorityCode(srs, nullptr);
  if (authority && code && std::string(authority) == "EPSG") return "EPSG:" + std::string(code);
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  QuietGdal quiet;
  if (OSRExportToWktEx(srs, &wkt, options) != OGRERR_NONE || !wkt) {
    CPLFree(wkt);
    throw Error(ErrorKind::crs, "cannot export the layer CRS" + gdal_message()).at_file(path_);
  }
  std::string out = wkt;
  CPLFree(wkt);
  return out;
}

int64_t VectorSource::feature_count() const { return OGR_L_GetFeatureCount(layer_, 1); }

Feature VectorSource::next() {
  // A driver that fails half-way (a truncated or corrupt file) returns nullptr as at the end:
  // its error is what tells the two apart, so no layer is ever read short in silence.
  QuietGdal quiet;
  Feature f(OGR_L_GetNextFeature(layer_));
  if (CPLGetLastErrorType() >= CE_Failure)
    throw Error(ErrorKind::format, "cannot read feature " + std::to_string(features_read_ + 1) +
                                       " of layer '" + layer_name_ + "'" + gdal_message())
        .at_file(path_);
  if (f) ++features_read_;
  return f;
}

namespace {

void append_ring(OGRGeometryH ring, Ring& out) {
  const int n = OGR_G_GetPointCount(ring);
  out.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    out[static_cast<size_t>(i)].x = OGR_G_GetX(ring, i);
    out[static_cast<size_t>(i)].y = OGR_G_GetY(ring, i);
  }
  if (!out.empty() && !(out.front() == out.back())) out.push_back(out.front());
}

// Curved geometries (CurvePolygon, MultiSurface, CompoundCurve) become linear copies.
struct OwnedGeometry {
  OGRGeometryH g = nullptr;
  ~OwnedGeometry() {
    if (g) OGR_G_DestroyGeometry(g);
  }
};

}  // namespace

bool append_polygons(OGRGeometryH g, MultiPolygon& out) {
  if (!g || OGR_G_IsEmpty(g)) return false;
  OwnedGeometry linear;
  if (OGR_G_HasCurveGeometry(g, 0)) {
    linear.g = OGR_G_GetLinearGeometry(g, 0, nullptr);
    if (!linear.g) return false;
    g = linear.g;
  }
  const OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(g));
  if (type == wkbPolygon) {
    const int rings = OGR_G_GetGeometryCount(g);
    if (rings < 1) return false;
    Polygon p;
    append_ring(OGR_G_GetGeometryRef(g, 0), p.outer);
    for (int i = 1; i < rings; ++i) {
      p.holes.emplace_back();
      append_ring(OGR_G_GetGeometryRef(g, i), p.holes.back());
    }
    out.push_back(std::move(p));
    return true;
  }
  if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
    bool any = false;
    for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i)
      any = append_polygons(OGR_G_GetGeometryRef(g, i), out) || any;
    return any;
  }
  return false;
}

bool append_lines(OGRGeometryH g, std::vector<LineString>& out) {
  if (!g || OGR_G_IsEmpty(g)) return false;
  OwnedGeometry linear;
  if (OGR_G_HasCurveGeometry(g, 0)) {
    linear.g = OGR_G_GetLinearGeometry(g, 0, nullptr);
    if (!linear.g) return false;
    g = linear.g;
  }
  const OGRwkbGeometryType type = wkbFlatten(OGR_G_GetGeometryType(g));
  if (type == wkbLineString) {
    LineString line(static_cast<size_t>(OGR_G_GetPointCount(g)));
    for (size_t i = 0; i < line.size(); ++i) {
      line[i].x = OGR_G_GetX(g, static_cast<int>(i));
      line[i].y = OGR_G_GetY(g, static_cast<int>(i));
    }
    if (line.size() < 2) return false;
    out.push_back(std::move(line));
    return true;
  }
  if (type == wkbMultiLineString || type == wkbGeometryCollection) {
    bool any = false;
    for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i)
      any = append_lines(OGR_G_GetGeometryRef(g, i), out) || any;
    return any;
  }
  return false;
}

}  // namespace brandpunt::io
