// Internal to engine/density (not a public header): the small RAII layer over GDAL/OGR/OSR
// that the GeoTIFF and contour writers share — owned datasets and spatial references, GDAL
// errors captured into brandpunt::Error messages instead of stderr, and write-then-rename
// files so that a reader never sees a half-written output.
//
//   AtomicPath out(path);                       // out.tmp() = "<path>.tmp-XXXXXX", same dir
//   GdalErrors errors;                          // captures CPLError for this thread
//   DatasetPtr ds(GDALCreate(drv, out.tmp().c_str(), ...));
//   if (!ds) throw errors.error(ErrorKind::io, "cannot create").at_file(path);
//   ds.reset();  out.commit();                  // rename over `path`
#pragma once

#include <gdal.h>
#include <ogr_srs_api.h>

#include <memory>
#include <string>

#include "core/error.hpp"

namespace brandpunt::density::detail {

// GDALAllRegister once per process (GDAL's driver manager is process-wide by design).
void ensure_gdal();

struct DatasetCloser {
  void operator()(void* ds) const { if (ds) GDALClose(static_cast<GDALDatasetH>(ds)); }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

struct SrsDestroyer {
  void operator()(void* srs) const {
    if (srs) OSRDestroySpatialReference(static_cast<OGRSpatialReferenceH>(srs));
  }
};
using SrsPtr = std::unique_ptr<void, SrsDestroyer>;

// "EPSG:28992", WKT or PROJJSON → spatial reference with x = easting pinned
// (OAMS_TRADITIONAL_GIS_ORDER). Throws Error(crs).
SrsPtr make_srs(const std::string& crs);

// While alive, GDAL errors on this thread are recorded here instead of printed.
class GdalErrors {
 public:
  GdalErrors();
  ~GdalErrors();
  GdalErrors(const GdalErrors&) = delete;
  GdalErrors& operator=(const GdalErrors&) = delete;
  const std::string& last() const { return last_; }
  // Error(kind, "<what>: <last GDAL message>").
  Error error(ErrorKind kind, const std::string& what) const;

 private:
  std::string last_;
};

// A unique temporary file next to `path`, renamed over it by commit(); removed otherwise.
class AtomicPath {
 public:
  explicit AtomicPath(std::string path);
  ~AtomicPath();
  AtomicPath(const AtomicPath&) = delete;
  AtomicPath& operator=(const AtomicPath&) = delete;
  const std::string& tmp() const { return tmp_; }
  // Deletes the empty placeholder mkstemp made, for drivers that refuse to overwrite
  // (GeoJSON); the random name stays reserved in practice.
  void free_placeholder() const;
  void commit();

 private:
  std::string path_, tmp_;
  bool done_ = false;
};

}  // namespace brandpunt::density::detail
