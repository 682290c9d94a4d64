// Inspection of unseen files for `brandpunt init`: date formats, coordinates and their CRS,
// the category column and its code system, and the area levels with their links.
#include "io/inspect.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "crs/suggest.hpp"

namespace fs = std::filesystem;
using namespace brandpunt;
using namespace brandpunt::io;

namespace {

fs::path write_tmp(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / "brandpunt_inspect_test";
  fs::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

TEST(Inspect, date_formats_follow_the_values_and_ambiguity_is_flagged) {
  const TableProfile t = profile_table(write_tmp("dates.csv",
                                                 "us,nl,iso,amb,ts\n"
                                                 "7/20/2022,20-07-2022,2022-07-20,01-02-2022,2022-07-20T10:00\n"
                                                 "12/31/2022,31-12-2022,2022-12-31,03-04-2022,2022-12-31 23:59\n"
                                                 "1/2/2022,02-01-2022,2022-01-02,05-06-2022,2022-01-02T00:00\n")
                                           .string());
  EXPECT_EQ(guess_date_format(*t.column("us")).format, "mdy");
  EXPECT_EQ(guess_date_format(*t.column("nl")).format, "dmy");
  EXPECT_EQ(guess_date_format(*t.column("iso")).format, "iso");
  const DateFormatGuess amb = guess_date_format(*t.column("amb"));
  EXPECT_EQ(amb.format, "dmy");
  EXPECT_TRUE(amb.ambiguous);
  EXPECT_EQ(t.column("ts")->with_time, 3);
}

TEST(Inspect, incident_columns_are_guessed_with_code_system_and_unmapped_codes) {
  const TableProfile t = profile_table(write_tmp("inc.csv",
                                                 "report_id,rpt_date,occur_date,occur_time,lat,long,soort,flag\n"
                                                 "a1,7/21/2022,7/20/2022,18:30,33.71,-84.35,1.1.1,J\n"
                                                 "a2,9/12/2022,9/11/2022,11:15,33.74,-84.36,1.2.3,N\n"
                                                 "a3,6/14/2022,6/13/2022,05:21,33.69,-84.52,XYZ,J\n"
                                                 "a4,6/15/2022,6/15/2022,05:21,33.70,-84.50,1.1.1,N\n")
                                           .string());
  const IncidentGuess g = guess_incidents(t, Taxonomy::dutch_default());
  EXPECT_EQ(g.x_field, "long");
  EXPECT_EQ(g.y_field, "lat");
  EXPECT_EQ(g.crs, "EPSG:4326");
  EXPECT_EQ(g.date_field, "occur_date");  // the offence, not the report
  EXPECT_EQ(g.date_format, "mdy");
  EXPECT_EQ(g.time_field, "occur_time");
  EXPECT_EQ(g.category_field, "soort");
  EXPECT_EQ(g.code_system, "CBS soort misdrijf");
  EXPECT_EQ(g.id_field, "report_id");
  ASSERT_EQ(g.unmapped.size(), 1u);
  EXPECT_EQ(g.unmapped[0], (std::pair<std::string, int64_t>{"XYZ", 1}));
  EXPECT_EQ(g.mapped_rows, 3);
  EXPECT_EQ(crs::suggest_analysis_crs(g.lonlat).crs, "EPSG:32616");  // Atlanta: UTM 16N
}

TEST(Inspect, a_file_without_dates_is_an_error_naming_it) {
  const fs::path p = write_tmp("nodates.csv", "x,y,code\n1,2,1.1.1\n");
  try {
    guess_incidents(profile_table(p.string()), Taxonomy::dutch_default());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("nodates.csv"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("date"), std::string::npos);
  }
}

TEST(CrsSuggest, extents_utm_zones_and_the_netherlands) {
  Envelope ll;
  ll.expand(XY{4.6, 50.8});
  ll.expand(XY{6.0, 51.9});
  EXPECT_EQ(crs::crs_from_extent(ll), "EPSG:4326");
  EXPECT_EQ(crs::suggest_analysis_crs(ll).crs, "EPSG:28992");
  Envelope rd;
  rd.expand(XY{176000, 317000});
  rd.expand(XY{183000, 324000});
  EXPECT_EQ(crs::crs_from_extent(rd), "EPSG:28992");
  EXPECT_EQ(crs::utm_crs(-84.39, 33.75), "EPSG:32616");   // Atlanta
  EXPECT_EQ(crs::utm_crs(151.2, -33.9), "EPSG:32756");    // Sydney, southern hemisphere
  EXPECT_EQ(crs::utm_zone(5.3, 60.4), 32);                // Bergen: the Norway exception
  EXPECT_EQ(crs::utm_zone(15.6, 78.2), 33);               // Svalbard
  EXPECT_EQ(crs::utm_zone(180.0, 0), 60);
}

TEST(Inspect, groningen_files_give_the_levels_and_links) {
  const fs::path d = fs::path(BRANDPUNT_SHARED_DIR) / "data" / "groningen";
  if (!fs::exists(d / "buurten_2017_rd.geojson")) GTEST_SKIP() << "shared Groningen data missing";
  const AreaGuess a = guess_areas({profile_table((d / "wijken_2017_rd.geojson").string()),
                                   profile_table((d / "buurten_2017_rd.geojson").string())});
  ASSERT_EQ(a.levels.size(), 2u);
  EXPECT_EQ(a.levels[0].level, "buurt");
  EXPECT_EQ(a.levels[0].code_field, "BU_CODE");
  EXPECT_EQ(a.levels[0].name_field, "BU_NAAM");
  EXPECT_EQ(a.levels[0].parent_field, "WK_CODE");
  EXPECT_EQ(a.levels[0].population_field, "AANT_INW");
  EXPECT_EQ(a.levels[0].features, 108);
  EXPECT_EQ(a.levels[1].level, "wijk");
  EXPECT_EQ(a.levels[1].code_field, "WK_CODE");
  EXPECT_EQ(a.gemeente_code, "GM0014");
  EXPECT_EQ(a.gemeente_name, "Groningen");
  const TableProfile inc = profile_table((d / "fietsdiefstal_2013_2017.csv").string());
  const IncidentGuess g = guess_incidents(inc, Taxonomy::dutch_default(), "EPSG:28992", [&] {
    Envelope e;
    e.expand(XY{225000, 575000});
    e.expand(XY{245000, 590000});
    return e;
  }());
  EXPECT_EQ(g.x_field, "x_rd");  // the area layer's CRS, not lon/lat
  EXPECT_EQ(g.crs, "EPSG:28992");
  EXPECT_EQ(g.date_field, "begin_dt");
  EXPECT_EQ(g.date_format, "iso");
  EXPECT_EQ(g.category_field, "incident_code");
  EXPECT_EQ(g.street_field, "street");
  EXPECT_TRUE(g.unmapped.empty());
  EXPECT_EQ(g.mapped_rows, 15947);
}

}  // namespace
