#include "output/qml.hpp"

#include <algorithm>
#include <cmath>

#include "output/format.hpp"
#include "output/symbology.hpp"

namespace brandpunt::output {

namespace {

// The QGIS version the documents are written for; QGIS reads styles of older and newer 3.x.
constexpr const char* kQgisVersion = "3.28.0-Firenze";

std::string rgba(const Rgb& c, int alpha = 255) {
  return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," +
         std::to_string(alpha);
}

// One symbol property in both spellings QGIS reads: the <Option> map of QGIS >= 3.26 and the
// <prop> list of older 3.x (QGIS 3.16 - 3.28 write both).
struct Props {
  std::vector<std::pair<std::string, std::string>> kv;
  std::string xml(const std::string& indent) const {
    std::string s = indent + "<Option type=\"Map\">\n";
    for (const auto& [k, v] : kv)
      s += indent + "  <Option name=\"" + k + "\" type=\"QString\" value=\"" + xml_escape(v) +
           "\"/>\n";
    s += indent + "</Option>\n";
    for (const auto& [k, v] : kv)
      s += indent + "<prop k=\"" + k + "\" v=\"" + xml_escape(v) + "\"/>\n";
    return s;
  }
};

struct Symbol {
  Rgb colour;
  int alpha = 255;
  double width_mm = 0.26;  // outline (polygons) or stroke (lines)
  Rgb outline;
  bool fill = true;  // polygons: false = outline only
};

std::string symbol_xml(const std::string& name, const Symbol& s, StyleGeometry geometry) {
  const std::string ind = "        ";
  std::string x;
  if (geometry == StyleGeometry::polygon) {
    x += "      <symbol type=\"fill\" name=\"" + name +
         "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n";
    x += "        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
    x += Props{{{"border_width_map_unit_scale", "3x:0,0,0,0,0,0"},
                {"color", rgba(s.colour, s.fill ? s.alpha : 0)},
                {"joinstyle", "bevel"},
                {"offset", "0,0"},
                {"offset_map_unit_scale", "3x:0,0,0,0,0,0"},
                {"offset_unit", "MM"},
                {"outline_color", rgba(s.outline)},
                {"outline_style", "solid"},
                {"outline_width", format_double(s.width_mm)},
                {"outline_width_unit", "MM"},
                {"style", s.fill ? "solid" : "no"}}}
             .xml(ind + "  ");
  } else {
    x += "      <symbol type=\"line\" name=\"" + name +
         "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n";
    x += "        <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n";
    x += Props{{{"capstyle", "round"},
                {"joinstyle", "round"},
                {"line_color", rgba(s.colour, s.alpha)},
                {"line_style", "solid"},
                {"line_width", format_double(s.width_mm)},
                {"line_width_unit", "MM"},
                {"offset", "0"},
                {"offset_unit", "MM"}}}
             .xml(ind + "  ");
  }
  x += "        </layer>\n      </symbol>\n";
  return x;
}

std::string head(const std::string& style_categories) {
  return std::string(
             "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"") +
         kQgisVersion + "\" styleCategories=\"" + style_categories + "\">\n";
}

std::string fields_xml(const std::vector<FieldInfo>& fields) {
  std::string x = "  <fieldConfiguration>\n";
  for (const auto& f : fields)
    x += "    <field name=\"" + xml_escape(f.name) + "\" configurationFlags=\"None\"/>\n";
  x += "  </fieldConfiguration>\n  <aliases>\n";
  for (size_t i = 0; i < fields.size(); ++i)
    x += "    <alias field=\"" + xml_escape(fields[i].name) + "\" index=\"" + std::to_string(i) +
         "\" name=\"\"/>\n";
  x += "  </aliases>\n";
  return x;
}

struct Category {
  std::string value;  // "" = all other values
  std::string label;
  Symbol symbol;
};

std::string document(const std::string& renderer, const std::vector<FieldInfo>& fields,
                     StyleGeometry geometry) {
  std::string x = head("Symbology|Fields");
  x += renderer;
  x += fields_xml(fields);
  x += "  <blendMode>0</blendMode>\n  <featureBlendMode>0</featureBlendMode>\n";
  x += "  <layerGeometryType>" + std::string(geometry == StyleGeometry::polygon ? "2" : "1") +
       "</layerGeometryType>\n</qgis>\n";
  return x;
}

std::string categorized(const std::string& attr, const std::vector<Category>& cats,
                        StyleGeometry geometry) {
  std::string x =
      "  <renderer-v2 type=\"categorizedSymbol\" attr=\"" + xml_escape(attr) +
      "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\" referencescale=\"-1\">\n";
  x += "    <categories>\n";
  for (size_t i = 0; i < cats.size(); ++i)
    x += "      <category value=\"" + xml_escape(cats[i].value) + "\" label=\"" +
         xml_escape(cats[i].label) + "\" symbol=\"" + std::to_string(i) + "\" render=\"true\"/>\n";
  x += "    </categories>\n    <symbols>\n";
  for (size_t i = 0; i < cats.size(); ++i)
    x += symbol_xml(std::to_string(i), cats[i].symbol, geometry);
  x += "    </symbols>\n    <source-symbol>\n";
  x += symbol_xml("0", cats.back().symbol, geometry);
  x += "    </source-symbol>\n    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n";
  return x;
}

// A class fill (polygons) or stroke (lines). On lines the neutral classes stay thin and grey
// so that the significant streets stand out.
Symbol class_symbol(const Rgb& colour, StyleGeometry geometry, bool neutral) {
  const MapColours& mc = map_colours();
  Symbol s;
  if (geometry == StyleGeometry::polygon) {
    s.colour = colour;
    s.outline = mc.outline;
    s.width_mm = 0.15;
  } else {
    s.colour = neutral ? mc.street : colour;
    s.width_mm = neutral ? 0.3 : 0.9;
  }
  return s;
}

std::vector<Category> class_categories(const std::vector<LegendClass>& classes,
                                       StyleGeometry geometry, const std::string& language,
                                       const std::string& neutral_key) {
  std::vector<Category> cats;
  for (const LegendClass& c : classes)
    cats.push_back(
        {c.key, c.label(language), class_symbol(c.colour, geometry, c.key == neutral_key)});
  cats.push_back({"", language == "en" ? "No data" : "Geen gegevens",
                  class_symbol(map_colours().no_data, geometry, true)});
  return cats;
}

bool has(const std::vector<FieldInfo>& fields, const std::string& name) {
  return std::any_of(fields.begin(), fields.end(),
                     [&](const FieldInfo& f) { return f.name == name; });
}

// "<prefix><cat>" fields in layer order, as the category keys.
std::vector<std::string> suffixes(const std::vector<FieldInfo>& fields, const std::string& prefix,
                                  const std::string& not_prefix = {}) {
  std::vector<std::string> out;
  for (const auto& f : fields)
    if (f.name.rfind(prefix, 0) == 0 && f.name.size() > prefix.size() &&
        (not_prefix.empty() || f.name.rfind(not_prefix, 0) != 0))
      out.push_back(f.name.substr(prefix.size()));
  return out;
}

std::string number_label(double v, const std::string& language) {
  std::string s = format_fixed(v, std::abs(v) < 10 ? 1 : 0);
  if (language != "en") std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

std::vector<std::string> density_labels(const std::vector<double>& levels, const std::string& units,
                                        const std::string& language, size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    const LegendClass& c = density_classes()[std::min(i, density_classes().size() - 1)];
    if (i < levels.size()) {
      std::string l = number_label(levels[i], language);
      l += i + 1 < levels.size() ? " – " + number_label(levels[i + 1], language) : "+";
      out.push_back(l + " " + units);
    } else {
      out.push_back(c.label(language));
    }
  }
  return out;
}

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::vector<FieldInfo> fields_of(const Table& table) {
  std::vector<FieldInfo> out;
  for (const auto& c : table.columns) out.push_back({c.name, c.type});
  return out;
}

std::vector<LayerStyle> vector_styles(const std::vector<FieldInfo>& fields, StyleGeometry geometry,
                                      const StyleOptions& options) {
  const std::string& lang = options.language;
  const bool en = lang == "en";
  std::vector<LayerStyle> styles;
  for (const std::string& cat : suffixes(fields, "gi_class_")) {
    styles.push_back(
        {"Gi* " + cat,
         (en ? "Getis-Ord Gi* hot and cold spots of "
             : "Getis-Ord Gi* hotspots en coldspots van ") +
             cat,
         document(categorized("gi_class_" + cat,
                              class_categories(gi_classes(), geometry, lang, "not_significant"),
                              geometry),
                  fields, geometry)});
  }
  for (const std::string& cat : suffixes(fields, "emerging_", "emerging_since_")) {
    styles.push_back(
        {(en ? "Emerging " : "Opkomend ") + cat,
         (en ? "Emerging hot spot categories (space-time Gi*) of "
             : "Opkomende hotspots (Gi* in ruimte en tijd) van ") +
             cat,
         document(categorized("emerging_" + cat,
                              class_categories(emerging_classes(), geometry, lang, "no_pattern"),
                              geometry),
                  fields, geometry)});
  }
  if (has(fields, "lisa_class")) {
    styles.push_back(
        {"Local Moran",
         en ? "Local Moran clusters and outliers" : "Local Moran: clusters en uitschieters",
         document(categorized("lisa_class",
                              class_categories(lisa_classes(), geometry, lang, "not_significant"),
                              geometry),
                  fields, geometry)});
  }
  if (styles.empty() && has(fields, "class") && has(fields, "min")) {
    std::vector<Category> cats;
    const auto labels = density_labels(options.density_levels, options.density_units, lang,
                                       density_classes().size());
    for (size_t i = 0; i < density_classes().size(); ++i) {
      Symbol s = class_symbol(density_classes()[i].colour, geometry, false);
      s.alpha = 200;
      s.width_mm = 0;
      s.outline = density_classes()[i].colour;
      cats.push_back({density_classes()[i].key, labels[i], s});
    }
    cats.push_back(
        {"", en ? "Other" : "Overig", class_symbol(map_colours().no_data, geometry, true)});
    styles.push_back({en ? "Density classes" : "Dichtheidsklassen",
                      en ? "Kernel density classes" : "Klassen van de kerndichtheid",
                      document(categorized("class", cats, geometry), fields, geometry)});
  }
  if (styles.empty()) {
    Symbol s;
    s.fill = false;
    s.outline = map_colours().border;
    s.colour = map_colours().border;
    s.width_mm = geometry == StyleGeometry::polygon ? 0.6 : 0.4;
    std::string r =
        "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" "
        "forceraster=\"0\" referencescale=\"-1\">\n    <symbols>\n";
    r += symbol_xml("0", s, geometry);
    r += "    </symbols>\n    <rotation/>\n    <sizescale/>\n  </renderer-v2>\n";
    styles.push_back({en ? "Outline" : "Omtrek", en ? "Outlines only" : "Alleen de omtrek",
                      document(r, fields, geometry)});
  }
  return styles;
}

std::string raster_qml(const RasterStyleOptions& options) {
  const std::vector<double>& lv = options.levels;
  const auto& classes = density_classes();
  const double lo = lv.empty() ? 0.0 : lv.front();
  const double hi = lv.empty() ? 1.0 : lv.back();
  std::string items;
  auto item = [&](const std::string& value, const Rgb& c, int alpha, const std::string& label) {
    items += "          <item alpha=\"" + std::to_string(alpha) + "\" value=\"" + value +
             "\" label=\"" + xml_escape(label) + "\" color=\"" + c.hex() + "\"/>\n";
  };
  std::string ramp_type = "INTERPOLATED";
  if (lv.empty()) {
    item("0", classes.front().colour, 0, "0");
    item("1", classes.back().colour, 255, "1");
  } else {
    // DISCRETE: a cell gets the colour of the first item whose value is >= the cell's value.
    // Below the first level: transparent; then one colour per class, the last to infinity.
    ramp_type = "DISCRETE";
    const auto labels =
        density_labels(lv, options.units, options.language, std::min(lv.size(), classes.size()));
    item(format_double(lv[0]), classes.front().colour, 0,
         options.language == "en" ? "below the first class" : "onder de eerste klasse");
    for (size_t i = 0; i < labels.size(); ++i)
      item(i + 1 < labels.size() ? format_double(lv[i + 1]) : "inf", classes[i].colour, 255,
           labels[i]);
  }
  std::string x = head("Symbology");
  x += "  <pipe>\n";
  x += "    <rasterrenderer type=\"singlebandpseudocolor\" band=\"1\" alphaBand=\"-1\" opacity=\"" +
       format_double(options.opacity) + "\" nodataColor=\"\" classificationMin=\"" +
       format_double(lo) + "\" classificationMax=\"" + format_double(hi) + "\">\n";
  x += "      <rasterTransparency/>\n";
  x += "      <minMaxOrigin>\n        <limits>None</limits>\n        <extent>WholeRaster</extent>\n"
       "        <statAccuracy>Estimated</statAccuracy>\n        "
       "<cumulativeCutLower>0.02</cumulativeCutLower>\n"
       "        <cumulativeCutUpper>0.98</cumulativeCutUpper>\n        "
       "<stdDevFactor>2</stdDevFactor>\n      </minMaxOrigin>\n";
  x += "      <rastershader>\n        <colorrampshader colorRampType=\"" + ramp_type +
       "\" classificationMode=\"3\" clip=\"0\" minimumValue=\"" + format_double(lo) +
       "\" maximumValue=\"" + format_double(hi) + "\">\n";
  x += items;
  x += "        </colorrampshader>\n      </rastershader>\n    </rasterrenderer>\n";
  x += "    <brightnesscontrast brightness=\"0\" contrast=\"0\" gamma=\"1\"/>\n";
  x +=
      "    <huesaturation saturation=\"0\" grayscaleMode=\"0\" colorizeOn=\"0\" "
      "colorizeRed=\"255\" colorizeGreen=\"128\" colorizeBlue=\"128\" colorizeStrength=\"100\"/>\n";
  x += "    <rasterresampler maxOversampling=\"2\"/>\n  </pipe>\n  "
       "<blendMode>0</blendMode>\n</qgis>\n";
  return x;
}

}  // namespace brandpunt::output
