#include "report/map_page.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "report/assets.hpp"
#include "report/published.hpp"
#include "report/run_report.hpp"
#include "report_test_util.hpp"

namespace brandpunt::report {
namespace {

using nlohmann::json;
using testing::fresh_dir;

MapPageInput input_in(const std::filesystem::path& dir) {
  MapPageInput in;
  in.title = "Teststad";
  in.notice = "Openbaar profiel";
  in.period = "2025-02..2025-03";
  in.layers = {
      {"buurt", testing::write_two_buurten(dir), "Buurten", "buurt", MapLayerKind::areas, true},
      {"absent", (dir / "absent.geojson").string(), "Absent", "wijk", MapLayerKind::areas, false}};
  testing::write_series(dir / "buurt_series.csv");
  in.series = {(dir / "buurt_series.csv").string()};
  testing::write_focus(dir / "focus.json");
  in.focus_json = (dir / "focus.json").string();
  return in;
}

// The page's embedded data (the <script type="application/json" id="bp-data"> element).
json data_of(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"bp-data\">";
  const size_t a = html.find(open);
  const size_t b = html.find("</script>", a);
  EXPECT_NE(a, std::string::npos);
  return json::parse(html.substr(a + open.size(), b - a - open.size()));
}

TEST(MapPage, is_one_offline_file_with_leaflet_and_the_published_data) {
  const auto dir = fresh_dir();
  const std::string html = map_page_html(input_in(dir));
  // Leaflet and the page's script are inside; a policy forbids loading anything.
  EXPECT_NE(html.find(std::string(assets::leaflet_js().substr(0, 200))), std::string::npos);
  EXPECT_NE(html.find(std::string(assets::map_page_js().substr(0, 200))), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find(" src=\""), std::string::npos);
  // No style sheet refers to a file (Leaflet's layer-switcher and marker images are not used).
  const size_t styles = html.find("<style>"), styles_end = html.rfind("</style>");
  EXPECT_EQ(html.substr(styles, styles_end - styles).find("url("), std::string::npos);
  EXPECT_EQ(html.find("sourceMappingURL"), std::string::npos);
  // The licence of the inlined Leaflet travels with it.
  EXPECT_NE(html.find("Vladimir Agafonkin"), std::string::npos);

  const json d = data_of(html);
  EXPECT_EQ(d["title"], "Teststad");
  EXPECT_EQ(d["notice"], "Openbaar profiel");
  ASSERT_EQ(d["layers"].size(), 1u);  // the absent file is skipped
  const json& l = d["layers"][0];
  EXPECT_EQ(l["kind"], "areas");
  // Only what a colour or a pop-up needs: no flags.
  const auto fields = l["fields"].get<std::vector<std::string>>();
  EXPECT_EQ(fields,
            (std::vector<std::string>{"code", "name", "level", "n_totaal", "gi_class_totaal",
                                      "gi_z_totaal", "emerging_totaal"}));
  ASSERT_EQ(l["rows"].size(), 2u);
  EXPECT_EQ(l["rows"][0][0], "BU01");
  EXPECT_EQ(l["rows"][1][1], "Oost </script><b>");  // escaped in the page, intact in the data
  EXPECT_TRUE(l["rows"][1][3].is_null());
  // Coordinates rounded to 5 decimals.
  const double x = l["geometry"][0]["coordinates"][0][0][0][0].get<double>();
  EXPECT_DOUBLE_EQ(x, std::round(x * 1e5) / 1e5);
  // Series only for the areas on the page, with the analysis period located in it.
  EXPECT_EQ(d["series"]["by_code"].size(), 1u);
  EXPECT_TRUE(d["series"]["by_code"]["BU01"]["totaal"][1].is_null());
  EXPECT_EQ(d["series"]["first_current"], 1);
  EXPECT_EQ(d["series"]["n_current"], 2);
  // The gemeente's focus list; categories from the layer.
  ASSERT_EQ(d["focus"].size(), 1u);
  EXPECT_EQ(d["focus"][0]["rows"][0]["code"], "BU01");
  ASSERT_EQ(d["categories"].size(), 1u);
  EXPECT_EQ(d["categories"][0]["key"], "totaal");
  EXPECT_EQ(d["classes"]["gi"][0]["colour"], "#D62F27");
  EXPECT_EQ(d["classes"]["emerging"].size(), 17u);
}

TEST(MapPage, no_text_in_the_data_can_end_the_script_element) {
  const auto dir = fresh_dir();
  const std::string html = map_page_html(input_in(dir));
  const size_t a = html.find("id=\"bp-data\">");
  const size_t b = html.find("</script>", a);
  const std::string data = html.substr(a, b - a);
  EXPECT_EQ(data.find("</"), std::string::npos);
  EXPECT_EQ(data.find("<!--"), std::string::npos);
  EXPECT_NE(data.find("\\u003c/script>"), std::string::npos);
}

TEST(MapPage, the_same_published_files_give_the_same_bytes) {
  const auto dir = fresh_dir();
  const MapPageInput in = input_in(dir);
  write_map_page((dir / "a.html").string(), in);
  write_map_page((dir / "b.html").string(), in);
  EXPECT_EQ(testing::slurp(dir / "a.html"), testing::slurp(dir / "b.html"));
}

TEST(MapPage, the_run_page_leaves_out_a_layer_too_large_for_a_browser_and_says_so) {
  const auto dir = fresh_dir();
  std::filesystem::copy_file(testing::write_two_buurten(dir), dir / "wijk.geojson");
  ReportOptions o;
  o.title = "Teststad";
  o.notice = "Openbaar profiel";
  o.period = "2025-01..2025-03";
  o.layer_features = {{"buurt", 2}, {"wijk", 30000}};  // as if the wijk layer had 30,000 features
  EXPECT_EQ(run_page_left_out(o), (std::vector<std::pair<std::string, size_t>>{{"wijk", 30000}}));
  ASSERT_EQ(write_run_map(dir.string(), o), std::vector<std::string>{"map.html"});
  const json d = data_of(testing::slurp(dir / "map.html"));
  std::vector<std::string> ids;
  for (const auto& l : d["layers"]) ids.push_back(l["id"]);
  EXPECT_EQ(ids, std::vector<std::string>{"buurt"});
  EXPECT_EQ(d["notice"], "Openbaar profiel Niet op deze kaart, want te veel objecten voor een browser: wijk.geojson "
                         "(30.000). Open het bestand in een GIS, of de kaart van een stadsdeel in zijn pakket.");
  // Within the cap, and in English: the layer is there and nothing is said.
  o.max_page_features = 30000;
  o.language = "en";
  write_run_map(dir.string(), o);
  const json e = data_of(testing::slurp(dir / "map.html"));
  EXPECT_EQ(e["layers"].size(), 2u);
  EXPECT_EQ(e["notice"], "Openbaar profiel");
}

TEST(MapPage, a_left_out_level_layer_still_shows_the_areas_its_focus_list_names) {
  // As at national scale: the buurt layer is too large for the page, but its gemeente focus
  // list names BU01, whose row must zoom to something on the map.
  const auto dir = fresh_dir();
  testing::write_two_buurten(dir);
  testing::write_focus(dir / "focus.json");
  ReportOptions o;
  o.title = "Teststad";
  o.period = "2025-02..2025-03";
  o.layer_features = {{"buurt", 30000}};
  write_run_map(dir.string(), o);
  const json d = data_of(testing::slurp(dir / "map.html"));
  ASSERT_EQ(d["layers"].size(), 1u);
  const json& l = d["layers"][0];
  EXPECT_EQ(l["id"], "buurt");
  EXPECT_EQ(l["level"], "buurt");
  ASSERT_EQ(l["rows"].size(), 1u);  // BU01 only, not BU02
  EXPECT_EQ(l["rows"][0][0], "BU01");
  EXPECT_EQ(l["geometry"].size(), 1u);
  EXPECT_EQ(d["notice"], "Niet op deze kaart, want te veel objecten voor een browser: buurt.geojson (30.000). "
                         "Daarvan staan de gebieden van de focuslijst wel op de kaart. Open het bestand in een "
                         "GIS, of de kaart van een stadsdeel in zijn pakket.");
  // The filtered read keeps the first feature's fields even when that feature is left out.
  const std::set<std::string> only_second{"BU02"};
  const PublishedLayer second = read_layer((dir / "buurt.geojson").string(), &only_second);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second.properties[0]["code"], "BU02");
  EXPECT_EQ(second.fields, read_layer((dir / "buurt.geojson").string()).fields);
  EXPECT_EQ(second.geometry.size(), 1u);
}

}  // namespace
}  // namespace brandpunt::report
