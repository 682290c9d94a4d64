// RAII access to one layer of a GDAL/OGR vector source (GeoPackage, Shapefile, GeoJSON,
// FlatGeobuf, ...), shared by the incident, area and street readers. GDAL's messages are
// kept off stderr and folded into brandpunt::Error messages naming the file, layer and field.
//
//   io::VectorSource src("buurten.gpkg", "");               // "" = first layer
//   int code = src.field_index("buurtcode", "code_field");  // Error(config) when absent
//   src.read_only_fields({code});                           // nothing else is copied out
//   while (auto f = src.next()) OGR_F_GetFieldAsString(f.get(), code);
//
// A VectorSource is used by one thread at a time.
#pragma once

#include <gdal.h>
#include <ogr_api.h>

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "core/geometry.hpp"

namespace brandpunt::io {

struct DatasetCloser {
  void operator()(void* ds) const;
};
struct FeatureDestroyer {
  void operator()(void* f) const;
};
using Feature = std::unique_ptr<std::remove_pointer_t<OGRFeatureH>, FeatureDestroyer>;

class VectorSource {
 public:
  // Throws Error(io) when the file does not exist, Error(format) when GDAL cannot open it as a
  // vector source or the named layer is not in it.
  VectorSource(const std::string& path, const std::string& layer);

  const std::string& path() const { return path_; }
  const std::string& layer_name() const { return layer_name_; }
  OGRLayerH layer() const { return layer_; }

  // Field index; throws Error(config) "field 'x' not found in layer 'y' (fields: a, b, ...)".
  int field_index(const std::string& name, const std::string& role) const;
  bool is_numeric(int field) const;
  bool is_date_time(int field) const;

  // Tells the driver to skip every other attribute field and style (and the geometry when
  // `geometry` is false): only configured fields are read.
  void read_only_fields(const std::vector<int>& fields, bool geometry = true);

  // The layer's CRS as "EPSG:<code>" when it has an EPSG identity, else WKT2; "" when none.
  std::string crs() const;

  int64_t feature_count() const;  // may scan the layer; -1 when unknown
  // The next feature, nullptr at the end; Error(format) naming the feature when the driver
  // reports a failure (a truncated or corrupt file) instead of ending the layer early.
  Feature next();

 private:
  std::string path_, layer_name_;
  std::unique_ptr<void, DatasetCloser> dataset_;
  OGRLayerH layer_ = nullptr;
  int64_t features_read_ = 0;
};

// Appends the polygons of an OGR geometry (Polygon, MultiPolygon, curved or 3D variants) to
// `out` as 2D rings, closing open rings. Returns false when it has no polygonal part.
bool append_polygons(OGRGeometryH g, MultiPolygon& out);
// Appends the line parts of an OGR (Multi)LineString (curves linearised) as 2D lines.
bool append_lines(OGRGeometryH g, std::vector<LineString>& out);

}  // namespace brandpunt::io
