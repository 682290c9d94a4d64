#include "density/geotiff.hpp"

#include <gdal.h>
#include <ogr_srs_api.h>

#include <vector>

#include "core/error.hpp"
#include "density/gdal_support.hpp"

namespace brandpunt::density {

void write_geotiff(const Raster& r, const std::string& path, const std::string& crs,
                   const GeoTiffOptions& opt) {
  if (r.nx == 0 || r.ny == 0 || r.values.size() != r.nx * r.ny)
    throw Error(ErrorKind::config, "GeoTIFF: the raster is empty or inconsistent").at_file(path);
  if (!opt.no_data.empty() && opt.no_data.size() != r.values.size())
    throw Error(ErrorKind::config, "GeoTIFF: the nodata mask does not match the raster").at_file(path);
  detail::ensure_gdal();
  const detail::SrsPtr srs = detail::make_srs(crs);
  detail::GdalErrors errors;
  GDALDriverH driver = GDALGetDriverByName("GTiff");
  if (!driver) throw Error(ErrorKind::internal, "GDAL has no GTiff driver");

  // Flip to north-up and scale, one row at a time into one buffer for a single RasterIO.
  const GDALDataType type = opt.float32 ? GDT_Float32 : GDT_Float64;
  std::vector<double> buf(r.values.size());
  for (size_t row = 0; row < r.ny; ++row) {
    const size_t from = (r.ny - 1 - row) * r.nx;
    const double* src = r.values.data() + from;
    double* dst = buf.data() + row * r.nx;
    for (size_t ix = 0; ix < r.nx; ++ix) dst[ix] = src[ix] * opt.value_scale;
    if (!opt.no_data.empty())
      for (size_t ix = 0; ix < r.nx; ++ix)
        if (opt.no_data[from + ix]) dst[ix] = opt.nodata_value;
  }

  detail::AtomicPath out(path);
  {
    const char* create_opts[] = {"COMPRESS=DEFLATE", "PREDICTOR=3",
                                 "TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", nullptr};
    detail::DatasetPtr ds(GDALCreate(driver, out.tmp().c_str(), static_cast<int>(r.nx),
                                     static_cast<int>(r.ny), 1, type,
                                     const_cast<char**>(create_opts)));
    if (!ds) throw errors.error(ErrorKind::io, "GeoTIFF: cannot create file").at_file(path);
    auto* h = static_cast<GDALDatasetH>(ds.get());
    double gt[6] = {r.origin_x, r.cell_m, 0.0, r.origin_y + static_cast<double>(r.ny) * r.cell_m,
                    0.0, -r.cell_m};
    if (GDALSetGeoTransform(h, gt) != CE_None ||
        GDALSetSpatialRef(h, static_cast<OGRSpatialReferenceH>(srs.get())) != CE_None)
      throw errors.error(ErrorKind::io, "GeoTIFF: cannot set georeferencing").at_file(path);
    for (const auto& [key, value] : opt.metadata)
      GDALSetMetadataItem(h, key.c_str(), value.c_str(), nullptr);
    GDALRasterBandH band = GDALGetRasterBand(h, 1);
    GDALSetRasterUnitType(band, opt.units.c_str());
    if (!opt.no_data.empty() && GDALSetRasterNoDataValue(band, opt.nodata_value) != CE_None)
      throw errors.error(ErrorKind::io, "GeoTIFF: cannot set the nodata value").at_file(path);
    if (GDALRasterIO(band, GF_Write, 0, 0, static_cast<int>(r.nx), static_cast<int>(r.ny),
                     buf.data(), static_cast<int>(r.nx), static_cast<int>(r.ny), GDT_Float64, 0,
                     0) != CE_None)
      throw errors.error(ErrorKind::io, "GeoTIFF: cannot write cells").at_file(path);
    GDALFlushCache(h);
    if (!errors.last().empty())
      throw errors.error(ErrorKind::io, "GeoTIFF: write failed").at_file(path);
  }  // GDALClose writes the remaining blocks and directory
  if (!errors.last().empty())
    throw errors.error(ErrorKind::io, "GeoTIFF: closing failed").at_file(path);
  out.commit();
}

}  // namespace brandpunt::density
