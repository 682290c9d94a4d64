#include "gpkg.hpp"

#include <cmath>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace brandpunt::gendemo {

namespace {

struct DatasetCloser {
  void operator()(void* ds) const {
    if (ds) GDALClose(ds);
  }
};
using Dataset = std::unique_ptr<void, DatasetCloser>;
struct SrsReleaser {
  void operator()(OGRSpatialReferenceH s) const {
    if (s) OSRRelease(s);
  }
};
using Srs = std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, SrsReleaser>;
struct FeatureDestroyer {
  void operator()(OGRFeatureH f) const {
    if (f) OGR_F_Destroy(f);
  }
};
using Feature = std::unique_ptr<std::remove_pointer_t<OGRFeatureH>, FeatureDestroyer>;

std::string gdal_message() {
  const char* m = CPLGetLastErrorMsg();
  return m && *m ? std::string(": ") + m : std::string();
}

Srs rd_new() {
  Srs srs(OSRNewSpatialReference(nullptr));
  if (OSRImportFromEPSG(srs.get(), 28992) != OGRERR_NONE)
    throw Error(ErrorKind::crs, "PROJ database has no EPSG:28992" + gdal_message());
  OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

// A new GeoPackage at `tmp`; the timestamp GDAL stores is pinned so equal seeds give
// equal bytes.
Dataset create_gpkg(const std::string& tmp) {
  GDALAllRegister();
  CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
  std::filesystem::remove(tmp);
  GDALDriverH drv = GDALGetDriverByName("GPKG");
  if (!drv) throw Error(ErrorKind::io, "GDAL has no GPKG driver");
  Dataset ds(GDALCreate(drv, tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw Error(ErrorKind::io, "cannot create GeoPackage" + gdal_message()).at_file(tmp);
  return ds;
}

OGRLayerH create_layer(void* ds, const char* name, OGRSpatialReferenceH srs,
                       OGRwkbGeometryType type,
                       const std::vector<std::pair<const char*, OGRFieldType>>& fields) {
  OGRLayerH layer = GDALDatasetCreateLayer(ds, name, srs, type, nullptr);
  if (!layer)
    throw Error(ErrorKind::io, std::string("cannot create layer ") + name + gdal_message());
  for (const auto& [fname, ftype] : fields) {
    OGRFieldDefnH f = OGR_Fld_Create(fname, ftype);
    const OGRErr err = OGR_L_CreateField(layer, f, TRUE);
    OGR_Fld_Destroy(f);
    if (err != OGRERR_NONE) throw Error(ErrorKind::io, std::string("cannot create field ") + fname);
  }
  return layer;
}

OGRGeometryH to_ogr(const MultiPolygon& mp) {
  OGRGeometryH multi = OGR_G_CreateGeometry(wkbMultiPolygon);
  for (const auto& poly : mp) {
    OGRGeometryH p = OGR_G_CreateGeometry(wkbPolygon);
    auto add_ring = [&](const Ring& r) {
      OGRGeometryH ring = OGR_G_CreateGeometry(wkbLinearRing);
      for (const auto& xy : r) OGR_G_AddPoint_2D(ring, xy.x, xy.y);
      OGR_G_AddGeometryDirectly(p, ring);
    };
    add_ring(poly.outer);
    for (const auto& h : poly.holes) add_ring(h);
    OGR_G_AddGeometryDirectly(multi, p);
  }
  return multi;
}

OGRGeometryH to_ogr(const LineString& line) {
  OGRGeometryH g = OGR_G_CreateGeometry(wkbLineString);
  for (const auto& xy : line) OGR_G_AddPoint_2D(g, xy.x, xy.y);
  return g;
}

void create_feature(OGRLayerH layer, Feature f, OGRGeometryH geometry) {
  if (geometry) OGR_F_SetGeometryDirectly(f.get(), geometry);
  if (OGR_L_CreateFeature(layer, f.get()) != OGRERR_NONE)
    throw Error(ErrorKind::io, "cannot write feature" + gdal_message());
}

void write_areas(void* ds, OGRSpatialReferenceH srs, const char* layer_name, const AreaLayer& areas,
                 const std::vector<std::pair<const char*, std::vector<std::string>>>& text_fields,
                 const char* population_field) {
  std::vector<std::pair<const char*, OGRFieldType>> defs;
  for (const auto& [name, values] : text_fields) defs.push_back({name, OFTString});
  if (population_field) defs.push_back({population_field, OFTInteger64});
  OGRLayerH layer = create_layer(ds, layer_name, srs, wkbMultiPolygon, defs);
  for (size_t i = 0; i < areas.size(); ++i) {
    Feature f(OGR_F_Create(OGR_L_GetLayerDefn(layer)));
    int field = 0;
    for (const auto& [name, values] : text_fields)
      OGR_F_SetFieldString(f.get(), field++, values[i].c_str());
    if (population_field && std::isfinite(areas.population[i]))
      OGR_F_SetFieldInteger64(f.get(), field,
                              static_cast<GIntBig>(std::llround(areas.population[i])));
    else if (population_field)
      OGR_F_SetFieldNull(f.get(), field);
    create_feature(layer, std::move(f), to_ogr(areas.geometry[i]));
  }
}

void close_and_rename(Dataset ds, const std::string& tmp, const std::string& path) {
  CPLErrorReset();
  GDALClose(ds.release());  // void in GDAL 3.6: check the error state instead
  if (CPLGetLastErrorType() >= CE_Failure)
    throw Error(ErrorKind::io, "cannot finish GeoPackage" + gdal_message()).at_file(tmp);
  std::filesystem::rename(tmp, path);
}

// GDAL wants a .gpkg extension; the temporary name keeps it.
std::string tmp_name(const std::string& path) {
  const std::filesystem::path p(path);
  return (p.parent_path() / (".tmp-" + p.filename().string())).string();
}

class GpkgSink final : public IncidentSink {
 public:
  GpkgSink(std::string path, const std::string& srs_wkt)
      : path_(std::move(path)), tmp_(tmp_name(path_)) {
    ds_ = create_gpkg(tmp_);
    Srs srs = srs_wkt.empty() ? rd_new() : Srs(OSRNewSpatialReference(srs_wkt.c_str()));
    OSRSetAxisMappingStrategy(srs.get(), OAMS_TRADITIONAL_GIS_ORDER);
    layer_ = create_layer(ds_.get(), "incidents", srs.get(), wkbPoint,
                          {{"registratienummer", OFTString},
                           {"datum", OFTString},
                           {"x", OFTReal},
                           {"y", OFTReal},
                           {"soort", OFTString},
                           {"straat", OFTString}});
    GDALDatasetStartTransaction(ds_.get(), FALSE);
  }
  void write(const IncidentRow& r) override {
    Feature f(OGR_F_Create(OGR_L_GetLayerDefn(layer_)));
    OGR_F_SetFieldString(f.get(), 0, std::string(r.id).c_str());
    OGR_F_SetFieldString(f.get(), 1, std::string(r.datum).c_str());
    OGR_F_SetFieldString(f.get(), 4, std::string(r.soort).c_str());
    OGR_F_SetFieldString(f.get(), 5, std::string(r.straat).c_str());
    OGRGeometryH g = nullptr;
    if (!r.x.empty()) OGR_F_SetFieldDouble(f.get(), 2, std::stod(std::string(r.x)));
    if (!r.y.empty()) OGR_F_SetFieldDouble(f.get(), 3, std::stod(std::string(r.y)));
    if (!r.x.empty() && !r.y.empty()) {
      g = OGR_G_CreateGeometry(wkbPoint);
      OGR_G_SetPoint_2D(g, 0, std::stod(std::string(r.x)), std::stod(std::string(r.y)));
    }
    create_feature(layer_, std::move(f), g);
  }
  void finish() override {
    GDALDatasetCommitTransaction(ds_.get());
    close_and_rename(std::move(ds_), tmp_, path_);
  }

 private:
  std::string path_, tmp_;
  Dataset ds_;
  OGRLayerH layer_ = nullptr;
};

Ring read_ring(OGRGeometryH ring) {
  Ring out;
  const int n = OGR_G_GetPointCount(ring);
  for (int i = 0; i < n; ++i) out.push_back({OGR_G_GetX(ring, i), OGR_G_GetY(ring, i)});
  return out;
}

void read_polygons(OGRGeometryH g, MultiPolygon& out) {
  const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
  if (type == wkbPolygon) {
    Polygon p;
    const int n = OGR_G_GetGeometryCount(g);
    for (int i = 0; i < n; ++i) {
      Ring r = read_ring(OGR_G_GetGeometryRef(g, i));
      if (i == 0)
        p.outer = std::move(r);
      else
        p.holes.push_back(std::move(r));
    }
    if (!p.outer.empty()) out.push_back(std::move(p));
  } else if (type == wkbMultiPolygon || type == wkbGeometryCollection) {
    for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i)
      read_polygons(OGR_G_GetGeometryRef(g, i), out);
  }
}

}  // namespace

void write_text_file(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw Error(ErrorKind::io, "cannot write file").at_file(tmp);
  }
  std::filesystem::rename(tmp, path);
}

void write_city_gpkg(const std::string& path, const City& city, const StreetNetwork& streets,
                     bool with_streets) {
  const std::string tmp = tmp_name(path);
  Dataset ds = create_gpkg(tmp);
  Srs srs = rd_new();
  GDALDatasetStartTransaction(ds.get(), FALSE);
  std::vector<std::string> wijk_of_buurt, gm_of_buurt;
  write_areas(ds.get(), srs.get(), "buurten", city.buurten,
              {{"buurtcode", city.buurten.code},
               {"buurtnaam", city.buurten.name},
               {"wijkcode", city.buurten.parent},
               {"gemeentecode", city.buurt_gemeente_code}},
              "aantal_inwoners");
  write_areas(ds.get(), srs.get(), "wijken", city.wijken,
              {{"wijkcode", city.wijken.code},
               {"wijknaam", city.wijken.name},
               {"stadsdeelcode", city.wijken.parent}},
              "aantal_inwoners");
  write_areas(ds.get(), srs.get(), "stadsdelen", city.stadsdelen,
              {{"stadsdeelcode", city.stadsdelen.code},
               {"stadsdeelnaam", city.stadsdelen.name},
               {"gemeentecode", city.stadsdelen.parent}},
              "aantal_inwoners");
  write_areas(ds.get(), srs.get(), "gemeente", city.gemeenten,
              {{"gemeentecode", city.gemeenten.code}, {"gemeentenaam", city.gemeenten.name}},
              "aantal_inwoners");
  if (with_streets) {
    OGRLayerH layer =
        create_layer(ds.get(), "straten", srs.get(), wkbLineString, {{"straatnaam", OFTString}});
    for (size_t s = 0; s < streets.size(); ++s) {
      Feature f(OGR_F_Create(OGR_L_GetLayerDefn(layer)));
      OGR_F_SetFieldString(f.get(), 0, streets.name[s].c_str());
      create_feature(layer, std::move(f), to_ogr(streets.line[s]));
    }
  }
  if (GDALDatasetCommitTransaction(ds.get()) != OGRERR_NONE)
    throw Error(ErrorKind::io, "cannot commit GeoPackage" + gdal_message()).at_file(tmp);
  close_and_rename(std::move(ds), tmp, path);
}

void write_city_tables(const std::string& dir, const City& city) {
  std::ostringstream sd, pop;
  sd << "buurtcode,stadsdeelcode\n";
  pop << "buurtcode,inwoners\n";
  for (size_t b = 0; b < city.buurten.size(); ++b) {
    sd << city.buurten.code[b] << ','
       << city.stadsdelen.code[city.wijk_stadsdeel[city.buurt_wijk[b]]] << '\n';
    if (std::isfinite(city.buurten.population[b]))
      pop << city.buurten.code[b] << ',' << std::llround(city.buurten.population[b]) << '\n';
  }
  write_text_file(dir + "/buurt_stadsdeel.csv", sd.str());
  write_text_file(dir + "/population.csv", pop.str());
}

std::unique_ptr<IncidentSink> make_gpkg_sink(const std::string& path, const std::string& srs_wkt) {
  return std::make_unique<GpkgSink>(path, srs_wkt);
}

AreaSource read_area_layer(const std::string& path, const std::string& code_field) {
  GDALAllRegister();
  Dataset ds(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (!ds) throw Error(ErrorKind::io, "cannot open area layer" + gdal_message()).at_file(path);
  OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
  if (!layer) throw Error(ErrorKind::format, "no layer in file").at_file(path);
  OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(layer);
  if (!srs) throw Error(ErrorKind::crs, "the area layer has no CRS").at_file(path);
  if (!OSRIsProjected(srs) || std::abs(OSRGetLinearUnits(srs, nullptr) - 1.0) > 1e-9)
    throw Error(ErrorKind::crs,
                "the area layer must be in a projected CRS in metres (e.g. EPSG:28992)")
        .at_file(path);
  AreaSource out;
  char* wkt = nullptr;
  OSRExportToWkt(srs, &wkt);
  out.srs_wkt = wkt ? wkt : "";
  CPLFree(wkt);
  const char* auth = OSRGetAuthorityName(srs, nullptr);
  const char* code = OSRGetAuthorityCode(srs, nullptr);
  out.crs_label = auth && code ? std::string(auth) + ":" + code : std::string(OSRGetName(srs));
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  const int code_idx = OGR_FD_GetFieldIndex(defn, code_field.c_str());
  if (code_idx < 0)
    throw Error(ErrorKind::config, "field not found in area layer")
        .at_file(path)
        .at_field(code_field);
  int name_idx = -1;
  for (const char* candidate : {"buurtnaam", "wijknaam", "naam", "name", "statnaam"})
    if (name_idx < 0) name_idx = OGR_FD_GetFieldIndex(defn, candidate);
  OGR_L_ResetReading(layer);
  int64_t row = 0;
  while (OGRFeatureH raw = OGR_L_GetNextFeature(layer)) {
    Feature f(raw);
    ++row;
    OGRGeometryH g = OGR_F_GetGeometryRef(f.get());
    MultiPolygon mp;
    if (g) read_polygons(g, mp);
    if (mp.empty()) continue;  // nothing to scatter into
    out.code.push_back(OGR_F_GetFieldAsString(f.get(), code_idx));
    out.name.push_back(name_idx >= 0 ? OGR_F_GetFieldAsString(f.get(), name_idx) : out.code.back());
    out.geometry.push_back(std::move(mp));
  }
  if (out.code.empty()) throw Error(ErrorKind::format, "no polygons in area layer").at_file(path);
  return out;
}

}  // namespace brandpunt::gendemo
