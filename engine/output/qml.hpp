// QGIS layer styles (.qml) for the published layers, chosen from the layer's fields.
//
// QGIS loads `<name>.qml` next to `<name>.geojson` (or .gpkg, .fgb, .tif) as the layer's style
// when the layer is opened, so a buurt layer shows its Gi* hot spots in ArcGIS's colours
// instead of one flat colour. A GeoPackage carries the same styles in its `layer_styles` table
// (vector_writer.hpp), where QGIS lists them in the layer's style manager.
//
// Styles come from the fields alone, so any layer gets the right ones whatever step wrote it:
//   gi_class_<cat>   -> "Gi* <cat>": categorised on the class (symbology.hpp's gi_classes)
//   emerging_<cat>   -> "Opkomend <cat>": categorised on the emerging category
//   lisa_class       -> "Local Moran": HH / HL / LH / LL / not significant
//   class + min/max  -> the five density classes of kde_contours
//   otherwise        -> one outline symbol
// The first style is the default (Gi* of totaal if present, else the first emerging style,
// ...); every categorised style has a last "all other values" category (null, suppressed,
// not computed) in grey. Polygons get a fill with a thin grey outline; lines get coloured
// strokes, significant classes thicker. The document also lists every field of the layer
// (<fieldConfiguration>, <aliases>), so a style never refers to a field the layer lacks.
//
// A raster style (kde.tif) is a pseudocolour ramp with the same five classes (YlOrRd) in the
// raster's own units, transparent below the first class and where the raster has no data.
//
//   std::vector<LayerStyle> s = vector_styles(fields_of(table), StyleGeometry::polygon);
//   write_text_atomic("out/buurt.qml", s.front().qml);
//   write_text_atomic("out/kde.qml", raster_qml({.levels = {48, 91, 158, 281, 444}}));
#pragma once

#include <string>
#include <vector>

#include "output/table.hpp"

namespace brandpunt::output {

struct FieldInfo {
  std::string name;
  FieldType type = FieldType::string;
};

std::vector<FieldInfo> fields_of(const Table& table);

enum class StyleGeometry { polygon, line };

struct StyleOptions {
  std::string language = "nl";         // labels: "nl" or "en"
  std::vector<double> density_levels;  // class lower bounds of kde_contours, for the labels
  std::string density_units = "per km²";
};

struct LayerStyle {
  std::string name;         // short and unique per layer, e.g. "Gi* totaal" (<= 30 characters)
  std::string description;  // one line
  std::string qml;          // the whole .qml document
};

// At least one style; the first is the default.
std::vector<LayerStyle> vector_styles(const std::vector<FieldInfo>& fields, StyleGeometry geometry,
                                      const StyleOptions& options = {});

struct RasterStyleOptions {
  std::vector<double> levels;  // class lower bounds, increasing (empty: a plain ramp 0..1)
  std::string language = "nl";
  std::string units = "per km²";
  double opacity = 0.85;
};

std::string raster_qml(const RasterStyleOptions& options);

// XML text escaping (&, <, >, ", ').
std::string xml_escape(const std::string& text);

}  // namespace brandpunt::output
