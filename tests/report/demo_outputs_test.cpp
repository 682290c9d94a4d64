// Checks on the demo city's map pages and pictures as `brandpunt run` makes them (the
// report_demo fixture runs the pipeline): the run and every pack have their map page and the
// packs their three pictures at their sizes, listed in run.json; on the buurt map every buurt is
// painted in the colour of its published Gi* class where the picture's frame puts it (the hot
// city centre and the cold south among them); each pack README shows its pictures, names only
// files that are in the pack, links nowhere outside it and explains its terms.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "output/symbology.hpp"
#include "report/picture.hpp"
#include "report/published.hpp"
#include "report_picture_util.hpp"

namespace fs = std::filesystem;
using namespace brandpunt;
using namespace brandpunt::report;

namespace {

fs::path out_dir() { return fs::path(BRANDPUNT_REPORT_DEMO_DIR) / "out"; }

std::vector<fs::path> packs() {
  std::vector<fs::path> out;
  if (fs::exists(out_dir() / "packs"))
    for (const auto& e : fs::directory_iterator(out_dir() / "packs"))
      if (e.is_directory()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// Leaves no font or cairo caches behind for the leak checker (ASan builds).
class ReleaseFonts : public ::testing::Environment {
 public:
  void TearDown() override { release_fonts(); }
};
[[maybe_unused]] ::testing::Environment* const kReleaseFonts =
    ::testing::AddGlobalTestEnvironment(new ReleaseFonts);

class DemoReport : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(out_dir() / "run.json"))
      GTEST_SKIP() << "the report_demo fixture has not run: " << out_dir();
  }
};

// Pixels of the annulus between `inner` and `outer` (pixels) around `c` that have colour `want`,
// as a share of those inside the picture. The annulus skips a focus number drawn at the centre.
double share_of(const report::testing::Png& png, XY c, double inner, double outer,
                const output::Rgb& want) {
  int n = 0, hit = 0;
  for (double dy = -outer; dy <= outer; dy += 1)
    for (double dx = -outer; dx <= outer; dx += 1) {
      const double r = std::hypot(dx, dy);
      if (r < inner || r > outer) continue;
      ++n;
      hit += png.at({c.x + dx, c.y + dy}) == want;
    }
  return n ? static_cast<double>(hit) / n : 0;
}

}  // namespace

TEST_F(DemoReport, the_run_and_every_pack_have_a_map_page_and_the_packs_their_pictures) {
  EXPECT_TRUE(fs::exists(out_dir() / "map.html"));
  ASSERT_EQ(packs().size(), 7u);
  for (const auto& p : packs()) {
    EXPECT_TRUE(fs::exists(p / "map.html")) << p;
    for (const auto& [file, w, h] :
         {std::tuple{"map_buurten.png", 1000, 720}, std::tuple{"map_focus.png", 800, 600},
          std::tuple{"chart_months.png", 1000, 340}}) {
      ASSERT_TRUE(fs::exists(p / file)) << p / file;
      const report::testing::Png png((p / file).string());
      EXPECT_EQ(png.width(), w) << p / file;
      EXPECT_EQ(png.height(), h) << p / file;
    }
  }
}

TEST_F(DemoReport, every_buurt_on_the_pack_maps_has_the_colour_of_its_published_class) {
  std::map<std::string, int> seen;  // class -> buurten checked
  for (const auto& p : packs()) {
    const PublishedLayer buurt = read_layer((p / "buurt.geojson").string());
    HotspotMap m;  // the frame depends on the areas and the size only
    m.areas = &buurt;
    const MapFrame f = hotspot_map_frame(m);
    const report::testing::Png png((p / "map_buurten.png").string());
    for (size_t i = 0; i < buurt.size(); ++i) {
      MultiPolygon planar = polygons_of(buurt.geometry[i]);
      for (auto& poly : planar)
        for (auto& q : poly.outer) q = f.to_planar(q);
      const auto [centre, radius_m] = inner_point(planar);
      const double radius_px = radius_m * f.pixels_per_metre();
      if (radius_px < 20) continue;  // too small to sample clear of outlines and numbers
      const std::string cls = buurt.properties[i].value("gi_class_totaal", "");
      const output::LegendClass* c = output::find_class(output::gi_classes(), cls);
      ASSERT_NE(c, nullptr) << cls;
      // Streets cross the buurt in thin grey lines; most of the interior is the class colour.
      const double share =
          share_of(png, f.planar_to_pixel(centre), 14, std::min(radius_px * 0.7, 40.0), c->colour);
      EXPECT_GT(share, 0.6) << p.filename() << " " << buurt.properties[i].value("code", "") << " "
                            << cls;
      ++seen[cls];
    }
  }
  // The centre (SD01) is hot, the south (SD03) cold: both kinds were seen and checked.
  EXPECT_GT(seen["hot_99"], 0);
  EXPECT_GT(seen["cold_95"] + seen["cold_90"] + seen["cold_99"], 0);
}

TEST_F(DemoReport, the_month_chart_draws_the_stadsdeel_series) {
  const PublishedSeries s = read_series({(out_dir() / "stadsdeel_series.csv").string()});
  for (const auto& p : packs()) {
    const report::testing::Png png((p / "chart_months.png").string());
    const auto& values = s.by_code.at(p.filename().string()).at("totaal");
    // The tallest month's bar reaches the top half of the plot (y from 64 to 298).
    size_t top = 0;
    for (size_t i = 0; i < values.size(); ++i)
      if (values[i] && (!values[top] || *values[i] > *values[top])) top = i;
    const double bw = (1000 - 56 - 16) / static_cast<double>(values.size());
    EXPECT_EQ(png.at({56 + (top + 0.5) * bw, 64 + 234 * 0.6}), (output::Rgb{0x5A, 0x6E, 0x8C}))
        << p;
  }
}

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_F(DemoReport, run_json_lists_the_map_pages_and_pictures) {
  const auto run = nlohmann::json::parse(slurp(out_dir() / "run.json"));
  std::set<std::string> listed;
  for (const auto& f : run.at("outputs")) listed.insert(f.get<std::string>());
  EXPECT_TRUE(listed.count("map.html"));
  for (const auto& p : packs()) {
    const std::string rel = "packs/" + p.filename().string() + "/";
    for (const char* f : {"map.html", "map_buurten.png", "map_focus.png", "chart_months.png"})
      EXPECT_TRUE(listed.count(rel + f)) << rel + f;
  }
}

TEST_F(DemoReport, every_pack_readme_shows_its_pictures_and_names_only_files_in_the_pack) {
  // Markdown links and images, and file names in backticks (a known extension).
  const std::regex link(R"(\]\(([^)\s]+)\))");
  const std::regex named(R"(`([A-Za-z0-9_./-]+\.(geojson|gpkg|fgb|csv|md|html|png|json|tif))`)");
  for (const auto& p : packs()) {
    const std::string md = slurp(p / "README.md");
    for (const char* pic : {"map_buurten.png", "map_focus.png", "chart_months.png"}) {
      const std::string image = "](" + std::string(pic) + ")";
      const size_t at = md.find(image);
      ASSERT_NE(at, std::string::npos) << p / "README.md" << " does not show " << pic;
      EXPECT_EQ(md.rfind("![", at) != std::string::npos, true);
      // The caption: one line in italics under the picture.
      const size_t caption = md.find("\n\n*", at);
      EXPECT_EQ(caption, md.find('\n', at)) << pic << ": no caption under the picture";
    }
    int links = 0;
    for (auto it = std::sregex_iterator(md.begin(), md.end(), link); it != std::sregex_iterator(); ++it, ++links) {
      const std::string target = (*it)[1];
      EXPECT_EQ(target.find("://"), std::string::npos) << p.filename() << ": links outside the pack: " << target;
      EXPECT_TRUE(fs::exists(p / target)) << p.filename() << ": link to a missing file " << target;
    }
    EXPECT_GE(links, 3);
    for (auto it = std::sregex_iterator(md.begin(), md.end(), named); it != std::sregex_iterator(); ++it)
      EXPECT_TRUE(fs::exists(p / (*it)[1].str())) << p.filename() << ": names a missing file " << (*it)[1];
    EXPECT_EQ(md.find("http"), std::string::npos) << p.filename() << ": points to a website";
    EXPECT_EQ(md.find("www."), std::string::npos) << p.filename();
    // demo.toml reports in Dutch: the glossary explains every term the lists use, and the rate
    // says over what time it counts.
    for (const char* term : {"## Woordenlijst", "Gi\\*", "Mann-Kendall", "× verwacht (SIR)", "EB", "hic (High Impact Crimes)",
                             "Opkomende hotspots", "per 1.000 inwoners in 3 mnd", "in die 3 maanden"})
      EXPECT_NE(md.find(term), std::string::npos) << p.filename() << ": no '" << term << "'";
  }
}

TEST_F(DemoReport, the_pack_map_page_carries_the_public_notice_in_the_report_language) {
  const std::string page = slurp(packs().front() / "map.html");
  // The page's data is JSON inside the page: the notice is the pack's noise note, in Dutch.
  EXPECT_NE(page.find("Openbaar profiel: alle aantallen zijn gepubliceerd met een kleine willekeurige afwijking"),
            std::string::npos);
}
