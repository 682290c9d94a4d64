#include "density/contours.hpp"

#include <gdal.h>
#include <gdal_alg.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "density/gdal_support.hpp"

namespace brandpunt::density {
namespace {

struct FeatureDestroyer {
  void operator()(void* f) const { if (f) OGR_F_Destroy(static_cast<OGRFeatureH>(f)); }
};
using FeaturePtr = std::unique_ptr<void, FeatureDestroyer>;

std::string shortest(double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

// A MEM raster with the values north-up, as GDAL's contourer expects.
detail::DatasetPtr mem_raster(const Raster& r, OGRSpatialReferenceH srs,
                              const detail::GdalErrors& errors) {
  detail::DatasetPtr ds(GDALCreate(GDALGetDriverByName("MEM"), "", static_cast<int>(r.nx),
                                   static_cast<int>(r.ny), 1, GDT_Float64, nullptr));
  if (!ds) throw errors.error(ErrorKind::internal, "contours: cannot create a MEM raster");
  auto* h = static_cast<GDALDatasetH>(ds.get());
  double gt[6] = {r.origin_x, r.cell_m, 0.0, r.origin_y + static_cast<double>(r.ny) * r.cell_m,
                  0.0, -r.cell_m};
  GDALSetGeoTransform(h, gt);
  GDALSetSpatialRef(h, srs);
  GDALRasterBandH band = GDALGetRasterBand(h, 1);
  for (size_t row = 0; row < r.ny; ++row) {
    auto* src = const_cast<double*>(r.values.data() + (r.ny - 1 - row) * r.nx);
    if (GDALRasterIO(band, GF_Write, 0, static_cast<int>(row), static_cast<int>(r.nx), 1, src,
                     static_cast<int>(r.nx), 1, GDT_Float64, 0, 0) != CE_None)
      throw errors.error(ErrorKind::internal, "contours: cannot fill the MEM raster");
  }
  return ds;
}

}  // namespace

std::vector<double> default_levels(const Raster& r, int n_classes) {
  if (n_classes < 1) throw Error(ErrorKind::config, "contours: n_classes must be ≥ 1");
  std::vector<double> nz;
  for (double v : r.values)
    if (v != 0 && std::isfinite(v)) nz.push_back(v);
  std::vector<double> levels;
  if (nz.empty()) return levels;
  std::sort(nz.begin(), nz.end());
  for (int k = 0; k < n_classes; ++k) {
    const double p = 1.0 - std::ldexp(1.0, -(k + 1));
    const double h = static_cast<double>(nz.size() - 1) * p;  // R quantile type 7
    const auto lo = static_cast<size_t>(std::floor(h));
    const size_t hi = std::min(lo + 1, nz.size() - 1);
    const double q = nz[lo] + (h - static_cast<double>(lo)) * (nz[hi] - nz[lo]);
    if (levels.empty() || q > levels.back()) levels.push_back(q);
  }
  return levels;
}

void write_contours(const Raster& r, const std::vector<double>& levels,
                    const std::string& path, const std::string& analysis_crs) {
  if (r.nx < 2 || r.ny < 2 || r.values.size() != r.nx * r.ny)
    throw Error(ErrorKind::config, "contours: the raster needs at least 2 × 2 cells").at_file(path);
  for (size_t i = 0; i < levels.size(); ++i)
    if (!std::isfinite(levels[i]) || (i > 0 && !(levels[i] > levels[i - 1])))
      throw Error(ErrorKind::config, "contours: levels must be finite and strictly increasing")
          .at_file(path);
  detail::ensure_gdal();
  const detail::SrsPtr srs_holder = detail::make_srs(analysis_crs);
  auto* srs = static_cast<OGRSpatialReferenceH>(srs_holder.get());
  detail::GdalErrors errors;

  // 1. Contour into an in-memory layer in the analysis CRS. GDAL's contouring works to an
  // absolute tolerance: on densities per m² (about 1e-5) it returned rings with NaN
  // coordinates, so it runs on the raster scaled by a power of ten that brings the top level
  // to between 1 and 10 (exact for the decimal steps of the public raster's values).
  double scale = 1;
  if (!levels.empty() && levels.back() > 0) scale = std::pow(10.0, -std::floor(std::log10(levels.back())));
  Raster scaled = r;
  for (double& v : scaled.values) v *= scale;
  std::vector<double> scaled_levels = levels;
  for (double& l : scaled_levels) l *= scale;
  const detail::DatasetPtr raster = mem_raster(scaled, srs, errors);
  detail::DatasetPtr mem(GDALCreate(GDALGetDriverByName("Memory"), "", 0, 0, 0, GDT_Unknown,
                                    nullptr));
  if (!mem) throw errors.error(ErrorKind::internal, "contours: cannot create a Memory dataset");
  OGRLayerH bands = GDALDatasetCreateLayer(static_cast<GDALDatasetH>(mem.get()), "bands", srs,
                                           wkbMultiPolygon, nullptr);
  for (const char* name : {"id", "min", "max"}) {
    OGRFieldDefnH fd = OGR_Fld_Create(name, name[0] == 'i' ? OFTInteger : OFTReal);
    OGR_L_CreateField(bands, fd, TRUE);
    OGR_Fld_Destroy(fd);
  }
  double vmax = -std::numeric_limits<double>::infinity();
  for (double v : r.values) vmax = std::max(vmax, v);
  if (!levels.empty()) {
    std::string fixed = "FIXED_LEVELS=";
    for (size_t i = 0; i < levels.size(); ++i) fixed += (i ? "," : "") + shortest(scaled_levels[i]);
    const char* opts[] = {fixed.c_str(), "POLYGONIZE=YES", "ID_FIELD=0", "ELEV_FIELD_MIN=1",
                          "ELEV_FIELD_MAX=2", nullptr};
    GDALRasterBandH band = GDALGetRasterBand(static_cast<GDALDatasetH>(raster.get()), 1);
    if (GDALContourGenerateEx(band, bands, opts, nullptr, nullptr) != CE_None)
      throw errors.error(ErrorKind::io, "contours: GDAL contouring failed").at_file(path);
  }

  // 2. Copy the bands at or above the first level into the GeoJSON, with class properties.
  detail::AtomicPath out(path);
  out.free_placeholder();
  {
    detail::DatasetPtr json(GDALCreate(GDALGetDriverByName("GeoJSON"), out.tmp().c_str(), 0, 0,
                                       0, GDT_Unknown, nullptr));
    if (!json) throw errors.error(ErrorKind::io, "contours: cannot create GeoJSON").at_file(path);
    const char* layer_opts[] = {"RFC7946=YES", "WRITE_NAME=NO", nullptr};
    OGRLayerH layer = GDALDatasetCreateLayer(static_cast<GDALDatasetH>(json.get()), "contours",
                                             srs, wkbMultiPolygon,
                                             const_cast<char**>(layer_opts));
    if (!layer) throw errors.error(ErrorKind::io, "contours: cannot create layer").at_file(path);
    for (const char* name : {"class", "min", "max"}) {
      OGRFieldDefnH fd = OGR_Fld_Create(name, name[0] == 'c' ? OFTInteger : OFTReal);
      OGR_L_CreateField(layer, fd, TRUE);
      OGR_Fld_Destroy(fd);
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    OGR_L_ResetReading(bands);
    while (FeaturePtr f{OGR_L_GetNextFeature(bands)}) {
      auto* fh = static_cast<OGRFeatureH>(f.get());
      const double lo = OGR_F_GetFieldAsDouble(fh, 1);
      // The class whose lower bound the band starts at; the band below levels[0] is dropped.
      const auto it = std::upper_bound(scaled_levels.begin(), scaled_levels.end(), lo);
      if (it == scaled_levels.begin()) continue;
      const auto cls = static_cast<size_t>(it - scaled_levels.begin()) - 1;
      OGRGeometryH g = OGR_F_GetGeometryRef(fh);
      if (!g || OGR_G_IsEmpty(g)) continue;
      FeaturePtr o{OGR_F_Create(defn)};
      auto* oh = static_cast<OGRFeatureH>(o.get());
      OGR_F_SetFieldInteger(oh, 0, static_cast<int>(cls));
      OGR_F_SetFieldDouble(oh, 1, levels[cls]);
      OGR_F_SetFieldDouble(oh, 2, cls + 1 < levels.size() ? levels[cls + 1] : vmax);
      OGR_F_SetGeometry(oh, g);
      if (OGR_L_CreateFeature(layer, oh) != OGRERR_NONE)
        throw errors.error(ErrorKind::io, "contours: cannot write a feature").at_file(path);
    }
  }  // closing the dataset writes the file
  if (!errors.last().empty())
    throw errors.error(ErrorKind::io, "contours: writing failed").at_file(path);
  out.commit();
}

}  // namespace brandpunt::density
