// What QGIS (and ArcGIS) users get besides the data: .csvt field types that GDAL reads, .qml
// styles that parse as XML and name only the layer's fields, styles inside a GeoPackage, and
// the one palette with ArcGIS's codes.
#include <cpl_minixml.h>
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_api.h>

#include <memory>
#include <set>

#include "output/csv_writer.hpp"
#include "output/qml.hpp"
#include "output/symbology.hpp"
#include "output/vector_writer.hpp"
#include "test_dir.hpp"

namespace brandpunt::output {
namespace {

using testing::fresh_test_dir;

struct XmlDeleter {
  void operator()(CPLXMLNode* n) const { CPLDestroyXMLNode(n); }
};
using Xml = std::unique_ptr<CPLXMLNode, XmlDeleter>;
struct DsCloser {
  void operator()(void* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<void, DsCloser>;

Dataset open_vector(const std::string& path) {
  GDALAllRegister();
  return Dataset(
      GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

// Every attribute value named `attr` of elements named `element`, anywhere below `n`.
void collect(const CPLXMLNode* n, const std::string& element, const std::string& attr,
             std::vector<std::string>& out) {
  for (; n; n = n->psNext) {
    if (n->eType == CXT_Element) {
      if (element == n->pszValue) {
        const char* v = CPLGetXMLValue(n, attr.c_str(), nullptr);
        if (v) out.push_back(v);
      }
      collect(n->psChild, element, attr, out);
    }
  }
}

Table layer_table() {
  Table t;
  t.add_string("code").strings = {"BU01", "BU02", "BU03"};
  t.add_integer("n_totaal").ints = {10, 0, 3};
  t.add_string("gi_class_totaal").strings = {"hot_99", "not_significant", "cold_95"};
  t.add_string("gi_class_hic").strings = {"hot_90", "not_significant", "not_significant"};
  t.add_string("emerging_totaal").strings = {"persistent_hot_spot", "no_pattern", "new_cold_spot"};
  t.add_string("emerging_since_totaal").strings = {"2023-01", "", ""};
  t.add_string("lisa_class").strings = {"HH", "not_significant", "LL"};
  return t;
}

TEST(Symbology, gi_bins_and_emerging_categories_use_arcgis_numbering) {
  EXPECT_EQ(gi_bin("hot_99"), 3);
  EXPECT_EQ(gi_bin("hot_90"), 1);
  EXPECT_EQ(gi_bin("not_significant"), 0);
  EXPECT_EQ(gi_bin("cold_95"), -2);
  EXPECT_FALSE(gi_bin("NS").has_value());
  EXPECT_EQ(emerging_category("no_pattern"), 0);
  EXPECT_EQ(emerging_category("new_hot_spot"), 1);
  EXPECT_EQ(emerging_category("persistent_hot_spot"), 4);
  EXPECT_EQ(emerging_category("historical_hot_spot"), 8);
  EXPECT_EQ(emerging_category("new_cold_spot"), -1);
  EXPECT_EQ(emerging_category("oscillating_cold_spot"), -7);
  EXPECT_EQ(emerging_classes().size(), 17u);
  // ArcGIS's Hot Spot Analysis colours.
  EXPECT_EQ(find_class(gi_classes(), "hot_99")->colour.hex(), "#D62F27");
  EXPECT_EQ(find_class(gi_classes(), "not_significant")->colour.hex(), "#FFFFBF");
  EXPECT_EQ(find_class(gi_classes(), "cold_99")->colour.hex(), "#4575B5");
  // Distinct colours within each legend, so no two classes look alike.
  for (const auto* list :
       {&gi_classes(), &emerging_classes(), &lisa_classes(), &density_classes()}) {
    std::set<std::string> seen;
    for (const auto& c : *list) EXPECT_TRUE(seen.insert(c.colour.hex()).second) << c.key;
  }
}

TEST(Qml, styles_parse_as_xml_and_name_only_the_layers_fields) {
  const Table t = layer_table();
  const auto styles = vector_styles(fields_of(t), StyleGeometry::polygon);
  // Gi* for totaal and hic, emerging for totaal (not emerging_since), Local Moran.
  ASSERT_EQ(styles.size(), 4u);
  EXPECT_EQ(styles[0].name, "Gi* totaal");
  EXPECT_EQ(styles[1].name, "Gi* hic");
  EXPECT_EQ(styles[2].name, "Opkomend totaal");
  EXPECT_EQ(styles[3].name, "Local Moran");
  std::set<std::string> names;
  for (const auto& c : t.columns) names.insert(c.name);
  for (const auto& s : styles) {
    Xml doc(CPLParseXMLString(s.qml.c_str()));
    ASSERT_TRUE(doc) << s.name;
    const CPLXMLNode* qgis = CPLGetXMLNode(doc.get(), "=qgis");
    ASSERT_NE(qgis, nullptr);
    std::vector<std::string> attrs, fields, aliases, values;
    collect(qgis, "renderer-v2", "attr", attrs);
    collect(qgis, "field", "name", fields);
    collect(qgis, "alias", "field", aliases);
    collect(qgis, "category", "value", values);
    ASSERT_EQ(attrs.size(), 1u);
    EXPECT_TRUE(names.count(attrs[0])) << attrs[0];
    EXPECT_EQ(std::set<std::string>(fields.begin(), fields.end()), names);
    EXPECT_EQ(std::set<std::string>(aliases.begin(), aliases.end()), names);
    ASSERT_FALSE(values.empty());
    EXPECT_EQ(values.back(), "");  // the "all other values" category (null, suppressed)
  }
  // The Gi* style has the seven classes with ArcGIS's colours.
  Xml doc(CPLParseXMLString(styles[0].qml.c_str()));
  std::vector<std::string> values, colours;
  collect(doc.get(), "category", "value", values);
  EXPECT_EQ(values, (std::vector<std::string>{"hot_99", "hot_95", "hot_90", "not_significant",
                                              "cold_90", "cold_95", "cold_99", ""}));
  EXPECT_NE(styles[0].qml.find("\"214,47,39,255\""), std::string::npos);
}

TEST(Qml, layers_without_classes_get_an_outline_and_contours_their_density_classes) {
  Table outline;
  outline.add_string("code").strings = {"SD01"};
  auto s = vector_styles(fields_of(outline), StyleGeometry::polygon);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_NE(s[0].qml.find("singleSymbol"), std::string::npos);
  Table contours;
  contours.add_integer("class").ints = {0};
  contours.add_real("min").reals = {48.2};
  contours.add_real("max").reals = {91.1};
  s = vector_styles(fields_of(contours), StyleGeometry::polygon,
                    {.density_levels = {48.2, 91.1, 158, 281, 444}});
  ASSERT_EQ(s.size(), 1u);
  EXPECT_NE(s[0].qml.find("attr=\"class\""), std::string::npos);
  EXPECT_NE(s[0].qml.find("48 – 91 per km²"), std::string::npos);
  EXPECT_NE(s[0].qml.find("444+ per km²"), std::string::npos);
  const auto lines = vector_styles(fields_of(layer_table()), StyleGeometry::line);
  EXPECT_NE(lines[0].qml.find("SimpleLine"), std::string::npos);
  EXPECT_EQ(lines[0].qml.find("SimpleFill"), std::string::npos);
}

TEST(Qml, raster_style_is_a_discrete_ramp_on_the_class_bounds) {
  const std::string q = raster_qml({.levels = {48.2, 91.1, 158, 281, 444}});
  Xml doc(CPLParseXMLString(q.c_str()));
  ASSERT_TRUE(doc);
  std::vector<std::string> values, alphas;
  collect(doc.get(), "item", "value", values);
  collect(doc.get(), "item", "alpha", alphas);
  EXPECT_EQ(values, (std::vector<std::string>{"48.2", "91.1", "158", "281", "444", "inf"}));
  EXPECT_EQ(alphas.front(), "0");  // below the first class: transparent
  EXPECT_NE(q.find("colorRampType=\"DISCRETE\""), std::string::npos);
}

TEST(Csvt, gdal_reads_the_column_types_from_the_csvt_even_for_an_all_null_column) {
  auto dir = fresh_test_dir();
  Table t;
  t.add_string("code").strings = {"BU01", "BU02"};
  Column& n = t.add_integer("n_hic_ly");
  n.ints = {0, 0};
  n.null = {1, 1};  // null in every row
  Column& r = t.add_real("rate");
  r.reals = {1.5, 0};
  r.null = {0, 1};
  write_csv((dir / "t.csv").string(), t);
  Dataset ds = open_vector((dir / "t.csv").string());
  ASSERT_TRUE(ds);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(GDALDatasetGetLayer(ds.get(), 0));
  ASSERT_EQ(OGR_FD_GetFieldCount(defn), 3);
  EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, 0)), OFTString);
  EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, 1)), OFTInteger);
  EXPECT_EQ(OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, 2)), OFTReal);
}

TEST(GpkgStyles, a_geopackage_carries_its_styles_in_layer_styles_with_the_first_as_default) {
  auto dir = fresh_test_dir();
  const Table t = layer_table();
  LayerGeometry g;
  g.kind = LayerGeometry::polygon;
  for (int i = 0; i < 3; ++i)
    g.polygons.push_back({Polygon{
        {{1000.0 * i, 0}, {1000.0 * i + 900, 0}, {1000.0 * i + 900, 900}, {1000.0 * i, 0}}, {}}});
  VectorWriteOptions opt;
  opt.format = VectorFormat::gpkg;
  opt.layer_name = "buurt";
  opt.analysis_crs = "EPSG:28992";
  opt.styles = vector_styles(fields_of(t), StyleGeometry::polygon);
  const std::string path = (dir / "buurt.gpkg").string();
  write_layer(path, t, g, opt);
  Dataset ds = open_vector(path);
  ASSERT_TRUE(ds);
  OGRLayerH styles = GDALDatasetGetLayerByName(ds.get(), "layer_styles");
  ASSERT_NE(styles, nullptr);
  ASSERT_EQ(OGR_L_GetFeatureCount(styles, TRUE), static_cast<GIntBig>(opt.styles.size()));
  OGR_L_ResetReading(styles);
  int i = 0;
  while (OGRFeatureH f = OGR_L_GetNextFeature(styles)) {
    EXPECT_STREQ(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "f_table_name")), "buurt");
    EXPECT_STREQ(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "f_geometry_column")), "geom");
    EXPECT_EQ(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "styleName")),
              opt.styles[static_cast<size_t>(i)].name);
    EXPECT_EQ(OGR_F_GetFieldAsInteger(f, OGR_F_GetFieldIndex(f, "useAsDefault")), i == 0 ? 1 : 0);
    EXPECT_EQ(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "styleQML")),
              opt.styles[static_cast<size_t>(i)].qml);
    OGR_F_Destroy(f);
    ++i;
  }
  // The data layer itself is intact, and the file is the same bytes when written again.
  EXPECT_EQ(OGR_L_GetFeatureCount(GDALDatasetGetLayerByName(ds.get(), "buurt"), TRUE), 3);
  ds.reset();
  const std::string again = (dir / "again.gpkg").string();
  write_layer(again, t, g, opt);
  EXPECT_EQ(testing::read_all(path), testing::read_all(again));
}

}  // namespace
}  // namespace brandpunt::output
