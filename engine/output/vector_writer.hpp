// One output layer through GDAL's vector drivers: GeoJSON (default), GeoPackage, FlatGeobuf.
//
// The pipeline hands over geometry in the analysis CRS (metres, EPSG:28992 by default) and a
// Table of flat attributes; this writer makes a file any GIS opens as it is:
//
// - GeoJSON follows RFC 7946: the writer transforms the coordinates to EPSG:4326 (longitude,
//   latitude) itself, with PROJ (crs::Transformer, one call per ring), rounds them to
//   `coordinate_precision` decimals (6 decimals of a degree ≈ 0.11 m north-south in the
//   Netherlands, well below the precision of any address geocoding) and orients exterior rings
//   counter-clockwise and holes clockwise (the right-hand rule, RFC 7946 §3.1.6); GDAL's GeoJSON
//   driver serialises them (not in its RFC7946 mode, which would copy and reproject every feature
//   again: that was most of the time of a national straat layer). No "crs" member, no bbox, no
//   timestamps: the same input gives the same bytes. Reals are written with 15 significant digits.
//   Geometries are not cut at the antimeridian (RFC 7946 §3.1.9, which GDAL's mode would do):
//   municipal areas never cross it.
// - GeoPackage and FlatGeobuf keep the analysis CRS (they carry a full CRS definition, and
//   metres are what a municipal GIS works in); rings are written as given. GeoPackage stores a
//   "last change" timestamp; it is pinned (OGR_CURRENT_DATE, thread-locally) to
//   2000-01-01T00:00:00Z so that GeoPackage output is byte-reproducible as well.
//
// FlatGeobuf gets a spatial index, so features come back in index (Hilbert) order, and it
// cannot hold rows without geometry (GDAL 3.6 silently drops them): such a layer is refused
// with Error(config) instead of losing rows. FlatGeobuf has no null, only "unset", for
// attributes; readers (QGIS, OGR_F_IsFieldSetAndNotNull) see no value either way.
//
// Fields: integer -> OFTInteger64, real -> OFTReal, string -> OFTString (UTF-8); nulls and
// non-finite reals are written as null (OGR_F_SetFieldNull). Polygon rows become MultiPolygon,
// line rows MultiLineString, so one layer has one geometry type; a row with no parts has a null
// geometry. The file is written to a temporary name and renamed into place (atomic_file.hpp):
// a crash or an error leaves either the previous file or the complete new one. GDAL's error
// messages are captured (a handler pushed for the call and popped after it) and thrown as
// Error(io) naming the path; nothing is printed.
//
//   LayerGeometry g;  g.kind = LayerGeometry::polygon;  g.polygons = buurt_shapes;
//   write_layer("out/buurt.geojson", table, g, {});
//   write_layer("out/buurt.gpkg", table, g, {.format = VectorFormat::gpkg});
//
// A GeoPackage can carry QGIS styles (VectorWriteOptions::styles) in the `layer_styles` table
// that QGIS itself uses (columns f_table_catalog, f_table_schema, f_table_name,
// f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui,
// update_time); update_time is pinned to 2000-01-01 like the rest of the file.
#pragma once

#include <string>
#include <vector>

#include "core/geometry.hpp"
#include "output/qml.hpp"
#include "output/table.hpp"

namespace brandpunt::crs {
class Transformer;
}  // namespace brandpunt::crs

namespace brandpunt::output {

enum class VectorFormat { geojson, gpkg, fgb };

const char* to_string(VectorFormat format);                 // "geojson", "gpkg", "fgb"
const char* extension(VectorFormat format);                 // ".geojson", ".gpkg", ".fgb"
VectorFormat parse_vector_format(const std::string& name);  // Error(config) on unknown names

struct LayerGeometry {
  enum Kind { none, polygon, line } kind = none;
  std::vector<MultiPolygon> polygons;          // kind == polygon: one per table row
  std::vector<std::vector<LineString>> lines;  // kind == line: one per table row
  // An empty vector for a row means a null geometry for that row.
};

struct VectorWriteOptions {
  VectorFormat format = VectorFormat::geojson;
  std::string analysis_crs = "EPSG:28992";  // CRS of the input geometry (any string PROJ understands)
  int coordinate_precision = 6;  // GeoJSON only: decimals of a degree (6 ≈ 0.1 m), 1..15
  std::string layer_name;        // default: file name without extension
  // GeoJSON layers of more rows are written by GDAL in parts of this many rows, on `threads`
  // threads (0 = all cores), and joined in order; the bytes equal a one-piece write (tested),
  // so neither setting changes the file. 0 = always one piece.
  size_t geojson_chunk_rows = 20000;
  unsigned threads = 1;
  // GeoPackage only: QGIS styles (qml.hpp) stored in the file's `layer_styles` table, the
  // first as the layer's default, so QGIS opens the layer styled. Other formats ignore them
  // (write a .qml beside the file instead).
  std::vector<LayerStyle> styles;
  // GeoJSON: a transformer from analysis_crs to "EPSG:4326" to use instead of making one per
  // file (making one reads PROJ's database: most of the cost of a small layer). It is used on
  // the calling thread only; parts written on other threads make their own. Ignored when its
  // CRSs are not analysis_crs and "EPSG:4326".
  const crs::Transformer* to_lonlat = nullptr;
};

// Writes (or atomically replaces) one layer file. Throws Error(internal) for an invalid table or
// a geometry count that differs from the row count, Error(geometry) for non-finite coordinates,
// Error(config) for a bad option or a FlatGeobuf layer with null geometries, Error(crs) for an
// unknown analysis CRS, Error(io) for GDAL failures; in every case the file at `path` is left as it
// was.
void write_layer(const std::string& path, const Table& table, const LayerGeometry& geometry,
                 const VectorWriteOptions& options = {});

}  // namespace brandpunt::output
