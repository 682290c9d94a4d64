#include "io/incident_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.hpp"
#include "io/datetime.hpp"
#include "test_util.hpp"

using brandpunt::Error;
using brandpunt::ErrorKind;
using brandpunt::kNoStreet;
using brandpunt::Reject;
using brandpunt::Taxonomy;
using brandpunt::io::days_from_civil;
using brandpunt::io::IncidentReadResult;
using brandpunt::io::IncidentSourceOptions;
using brandpunt::io::read_incidents;
using brandpunt::io::test::shared_file;
using brandpunt::io::test::TempDir;

namespace {

// A small taxonomy: one main, one sub per listed code (sub index = position).
Taxonomy taxonomy_of(const std::vector<std::string>& codes) {
  Taxonomy t;
  t.mains.push_back({"m", "M", "M"});
  for (const auto& c : codes) {
    t.code_to_sub.emplace(c, static_cast<uint16_t>(t.subs.size()));
    t.subs.push_back({c, c, c, 0});
  }
  return t;
}

IncidentSourceOptions rd_options(const std::string& path) {
  IncidentSourceOptions o;
  o.path = path;
  o.id_field = "id";
  o.x_field = "x";
  o.y_field = "y";
  o.date_field = "datum";
  o.category_field = "code";
  o.street_field = "straat";
  return o;
}

std::map<int64_t, std::string> reasons(const IncidentReadResult& r) {
  std::map<int64_t, std::string> out;
  for (const Reject& j : r.rejects) out[j.row] = j.reason;
  return out;
}

int64_t at(int y, int m, int d, int hh = 0, int mm = 0) {
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) * 86400 +
         hh * 3600 + mm * 60;
}

}  // namespace

TEST(ReadIncidents, accounts_for_every_row_with_one_reason_each) {
  TempDir tmp;
  const auto path =
      tmp.write("inc.csv",
                "id,x,y,datum,code,straat,privé\n"
                "a,155000,463000,2024-03-05T14:30,1.1.1,Markt,secret\n"  // 1 ok
                "b,,463000,2024-03-05,1.1.1,Markt,x\n"                   // 2 missing x
                "c,155000,abc,2024-03-05,1.1.1,Markt,x\n"                // 3 bad y
                "d,155000,463000,,1.1.1,Markt,x\n"                       // 4 no date
                "e,155000,463000,31-02-2024,1.1.1,Markt,x\n"             // 5 bad date
                "f,155000,463000,05-03-2024 08:15,,Markt,x\n"            // 6 no code
                "g,155000,463000,05-03-2024,9.9.9,Markt,x\n"             // 7 unknown
                "a,155100.5,463200.25,5-3-2024,1.2.3,\"Vrijthof\",x\n"   // 8 ok, dup id
                "h,NA,463000,2024-03-05,1.1.1,,x\n"                      // 9 missing x
                "i,155000,463000,2024-03-05,1.1.1,,x\n");                // 10 ok
  const Taxonomy tax = taxonomy_of({"1.1.1", "1.2.3"});
  int64_t last_progress = -1;
  auto r = read_incidents(rd_options(path), tax, "EPSG:28992",
                          [&](int64_t rows) { last_progress = rows; });
  EXPECT_EQ(r.read, 10);
  EXPECT_EQ(last_progress, 10);
  EXPECT_EQ(r.read, static_cast<int64_t>(r.table.size() + r.rejects.size()));
  EXPECT_EQ(r.duplicate_ids, 1);
  EXPECT_EQ(r.source_crs, "EPSG:28992");
  const std::map<int64_t, std::string> expected{
      {2, "missing_coordinate"}, {3, "unparseable_coordinate"}, {4, "missing_date"},
      {5, "unparseable_date"},   {6, "missing_category"},       {7, "unknown_category"},
      {9, "missing_coordinate"}};
  EXPECT_EQ(reasons(r), expected);
  ASSERT_EQ(r.rejects.size(), 7u);
  EXPECT_EQ(r.rejects[0].field, "x");
  EXPECT_EQ(r.rejects[1].field, "y");
  EXPECT_EQ(r.rejects[1].detail, "abc");
  EXPECT_EQ(r.rejects[3].detail, "31-02-2024");
  EXPECT_EQ(r.rejects[5].detail, "9.9.9");
  ASSERT_EQ(r.table.size(), 3u);
  EXPECT_EQ(r.table.row, (std::vector<int64_t>{1, 8, 10}));
  // Identity CRS: coordinates are the parsed numbers, bit for bit.
  EXPECT_EQ(r.table.x[1], 155100.5);
  EXPECT_EQ(r.table.y[1], 463200.25);
  EXPECT_EQ(r.table.time_s[0], at(2024, 3, 5, 14, 30));
  EXPECT_EQ(r.table.time_s[1], at(2024, 3, 5));
  EXPECT_EQ(r.table.category, (std::vector<uint16_t>{0, 1, 0}));
  ASSERT_EQ(r.table.street_names.size(), 2u);  // Markt (also from rejected rows), Vrijthof
  EXPECT_EQ(r.table.street_names[r.table.street[1]], "Vrijthof");
  EXPECT_EQ(r.table.street[2], kNoStreet);
}

TEST(ReadIncidents, lonlat_source_is_projected_and_swapped_or_impossible_points_rejected) {
  TempDir tmp;
  const auto path = tmp.write("ll.csv",
                              "lon;lat;when;cat\n"
                              "5,38720621;52,15517440;2024-03-05;A72\n"  // RD origin
                              "52.15517440;5.38720621;2024-03-05;A72\n"  // swapped
                              "5.4;95;2024-03-05;A72\n"                  // lat > 90
                              "-84.35;33.7;2024-03-05;A72\n");           // Atlanta: kept
  IncidentSourceOptions o;
  o.path = path;
  o.x_field = "lon";
  o.y_field = "lat";
  o.date_field = "when";
  o.category_field = "cat";
  o.crs = "EPSG:4326";
  auto r = read_incidents(o, taxonomy_of({"A72"}), "EPSG:28992");
  EXPECT_EQ(r.read, 4);
  EXPECT_EQ(reasons(r),
            (std::map<int64_t, std::string>{{2, "swapped_lonlat"}, {3, "outside_crs_area"}}));
  ASSERT_EQ(r.table.size(), 2u);
  // Decimal comma (';' file) and EPSG:4326 as x = lon; RD origin within the Helmert's 0.5 m.
  EXPECT_NEAR(r.table.x[0], 155000, 0.5);
  EXPECT_NEAR(r.table.y[0], 463000, 0.5);
  EXPECT_EQ(r.table.row[1], 4);
}

TEST(ReadIncidents, separate_time_column_and_us_dates) {
  TempDir tmp;
  const auto path = tmp.write("us.csv",
                              "x,y,d,t,c\n"
                              "155000,463000,7/20/2022,18:30,K\n"
                              "155000,463000,7/20/2022,NA,K\n"
                              "155000,463000,7/20/2022,25:00,K\n"
                              "155000,463000,20/7/2022,10:00,K\n");
  IncidentSourceOptions o;
  o.path = path;
  o.x_field = "x";
  o.y_field = "y";
  o.date_field = "d";
  o.time_field = "t";
  o.date_format = "mdy";
  o.category_field = "c";
  auto r = read_incidents(o, taxonomy_of({"K"}), "EPSG:28992");
  ASSERT_EQ(r.table.size(), 2u);
  EXPECT_EQ(r.table.time_s[0], at(2022, 7, 20, 18, 30));
  EXPECT_EQ(r.table.time_s[1], at(2022, 7, 20));  // missing time = 00:00
  EXPECT_EQ(reasons(r),
            (std::map<int64_t, std::string>{{3, "unparseable_date"}, {4, "unparseable_date"}}));
  EXPECT_EQ(r.rejects[0].field, "t");
}

TEST(ReadIncidents, configuration_errors_name_file_and_field) {
  TempDir tmp;
  const auto path = tmp.write("inc.csv", "id,x,y,datum,code\n1,155000,463000,2024-01-01,A\n");
  const Taxonomy tax = taxonomy_of({"A"});
  auto expect_error = [&](IncidentSourceOptions o, ErrorKind kind, const std::string& field) {
    try {
      read_incidents(o, tax, "EPSG:28992");
      ADD_FAILURE() << "no error for field " << field;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), kind) << e.what();
      EXPECT_EQ(e.field(), field) << e.what();
      EXPECT_EQ(e.file(), o.path) << e.what();
    }
  };
  auto o = rd_options(path);
  o.street_field = "";
  EXPECT_EQ(read_incidents(o, tax, "EPSG:28992").table.size(), 1u);
  auto bad = o;
  bad.date_field = "begin_dt";
  expect_error(bad, ErrorKind::config, "date_field");
  bad = o;
  bad.street_field = "street";
  expect_error(bad, ErrorKind::config, "street_field");
  bad = o;
  bad.crs = "EPSG:99999";
  expect_error(bad, ErrorKind::crs, "crs");
  bad = o;
  bad.date_format = "ymd";
  expect_error(bad, ErrorKind::config, "date_format");
  bad = o;
  bad.category_field = "";
  expect_error(bad, ErrorKind::config, "category_field");
  bad = o;
  bad.path = tmp.file("absent.csv");
  try {
    read_incidents(bad, tax, "EPSG:28992");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::io);
    EXPECT_EQ(e.file(), bad.path);
  }
}

TEST(ReadIncidents, gdal_point_layer_uses_layer_crs_and_only_configured_fields) {
  TempDir tmp;
  const auto path = tmp.write("inc.geojson",
                              R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"nr":"1","when":"2024-03-05T10:00","soort":"1.1.1","naam":"Jan"},
 "geometry":{"type":"Point","coordinates":[5.38720621,52.15517440]}},
{"type":"Feature","properties":{"nr":"2","when":"2024-03-05","soort":"1.1.1","naam":"Piet"},
 "geometry":null},
{"type":"Feature","properties":{"nr":"3","when":"2024-03-06","soort":"1.1.1","naam":"Kees"},
 "geometry":{"type":"LineString","coordinates":[[5.3,52.1],[5.4,52.2]]}},
{"type":"Feature","properties":{"nr":"1","when":"06-03-2024","soort":"1.2.3","naam":"Anna"},
 "geometry":{"type":"Point","coordinates":[5.6,51.0]}}]})");
  IncidentSourceOptions o;
  o.path = path;
  o.id_field = "nr";
  o.date_field = "when";
  o.category_field = "soort";
  auto r = read_incidents(o, taxonomy_of({"1.1.1", "1.2.3"}), "EPSG:28992");
  EXPECT_EQ(r.read, 4);
  EXPECT_EQ(r.source_crs, "EPSG:4326");
  EXPECT_EQ(r.duplicate_ids, 1);
  EXPECT_EQ(reasons(r), (std::map<int64_t, std::string>{{2, "missing_coordinate"},
                                                        {3, "unparseable_coordinate"}}));
  EXPECT_EQ(r.rejects[0].field, "geometry");
  ASSERT_EQ(r.table.size(), 2u);
  EXPECT_NEAR(r.table.x[0], 155000, 0.5);
  EXPECT_NEAR(r.table.y[0], 463000, 0.5);
  EXPECT_EQ(r.table.time_s[1], at(2024, 3, 6));
  EXPECT_TRUE(r.table.street_names.empty());  // "naam" is not configured: never read
}

TEST(ReadIncidents, real_groningen_bicycle_thefts) {
  const auto path = shared_file("data/groningen/fietsdiefstal_2013_2017.csv");
  BRANDPUNT_REQUIRE_SHARED(path);
  IncidentSourceOptions o;
  o.path = path;
  o.id_field = "incident_id";
  o.x_field = "x_rd";
  o.y_field = "y_rd";
  o.date_field = "begin_dt";
  o.category_field = "incident_code";
  o.street_field = "street";
  auto r = read_incidents(o, taxonomy_of({"A72"}), "EPSG:28992");
  EXPECT_EQ(r.read, 15947);
  EXPECT_EQ(r.table.size(), 15947u);  // the file is clean: no rejects
  EXPECT_TRUE(r.rejects.empty());
  EXPECT_EQ(r.duplicate_ids, 0);
  EXPECT_EQ(r.table.row.front(), 1);
  EXPECT_EQ(r.table.x.front(), 234234);  // first row: Surinamestraat, 2017-09-20T17:30
  EXPECT_EQ(r.table.y.front(), 583983);
  EXPECT_EQ(r.table.time_s.front(), at(2017, 9, 20, 17, 30));
  EXPECT_EQ(r.table.street_names[r.table.street.front()], "Surinamestraat");
  const auto [tmin, tmax] = std::minmax_element(r.table.time_s.begin(), r.table.time_s.end());
  EXPECT_GE(*tmin, at(2013, 1, 1));
  EXPECT_LT(*tmax, at(2017, 10, 1));
  // The WGS 84 columns give the same points through PROJ (within the 1 m Helmert).
  o.x_field = "lon_wgs84";
  o.y_field = "lat_wgs84";
  o.crs = "EPSG:4326";
  auto w = read_incidents(o, taxonomy_of({"A72"}), "EPSG:28992");
  ASSERT_EQ(w.table.size(), r.table.size());
  double worst = 0;
  for (size_t i = 0; i < w.table.size(); ++i)
    worst = std::max(worst, std::hypot(w.table.x[i] - r.table.x[i], w.table.y[i] - r.table.y[i]));
  EXPECT_LT(worst, 2.0);  // RD integers (1 m) and 6-decimal degrees (~0.1 m)
}

TEST(ReadIncidents, real_atlanta_offences_with_duplicates_and_us_dates) {
  const auto path = shared_file("data/atlanta/cobra_2022.csv");
  BRANDPUNT_REQUIRE_SHARED(path);
  IncidentSourceOptions o;
  o.path = path;
  o.id_field = "offense_id";
  o.x_field = "long";
  o.y_field = "lat";
  o.crs = "EPSG:4326";
  o.date_field = "occur_date";
  o.time_field = "occur_time";
  o.date_format = "mdy";
  o.category_field = "UC2_Literal";
  // Atlanta lies in UTM zone 16N (84-90 W): metres with little distortion.
  auto r = read_incidents(o,
                          taxonomy_of({"LARCENY-FROM VEHICLE", "LARCENY-NON VEHICLE", "AUTO THEFT",
                                       "AGG ASSAULT", "BURGLARY", "ROBBERY", "HOMICIDE"}),
                          "EPSG:32616");
  EXPECT_EQ(r.read, 19383);
  EXPECT_EQ(r.duplicate_ids, 113);  // rows whose offense_id appeared on an earlier row
  EXPECT_EQ(r.read, static_cast<int64_t>(r.table.size() + r.rejects.size()));
  for (const auto& j : r.rejects) EXPECT_EQ(j.reason, "missing_date") << j.row << " " << j.detail;
  EXPECT_EQ(r.rejects.size(), 7u);  // occur_date "NA"
  // Dates far before 2022 are data, not rejects: the time window is the pipeline's business.
  const auto tmin = *std::min_element(r.table.time_s.begin(), r.table.time_s.end());
  EXPECT_LT(tmin, at(2000, 1, 1));
  const auto [xmin, xmax] = std::minmax_element(r.table.x.begin(), r.table.x.end());
  EXPECT_GT(*xmin, 700000);  // UTM 16N eastings of Atlanta (-84.55 .. -84.29 deg)
  EXPECT_LT(*xmax, 760000);
}

TEST(ReadIncidents, time_window_columns_are_read_and_bad_windows_keep_the_row) {
  TempDir tmp;
  const auto path = tmp.write("inc.csv",
                              "id,x,y,datum,code,straat,van,tot\n"
                              "a,155000,463000,2024-03-08,1.1.1,M,08-03-2024 18:00,11-03-2024 08:00\n"
                              "b,155000,463000,2024-03-05T14:30,1.1.1,M,,2024-03-05T16:00\n"
                              "c,155000,463000,2024-03-05,1.1.1,M,,\n"
                              "d,155000,463000,2024-03-05,1.1.1,M,gisteren,\n"
                              "e,155000,463000,2024-03-05T10:00,1.1.1,M,,2024-03-04T10:00\n");
  const Taxonomy tax = taxonomy_of({"1.1.1"});
  IncidentSourceOptions o = rd_options(path);
  o.time_from_field = "van";
  o.time_to_field = "tot";
  const auto r = read_incidents(o, tax, "EPSG:28992");
  ASSERT_EQ(r.table.size(), 5u);  // a window never rejects a row
  EXPECT_TRUE(r.rejects.empty());
  ASSERT_EQ(r.table.window_from_s.size(), 5u);
  ASSERT_EQ(r.table.window_to_s.size(), 5u);
  EXPECT_EQ(r.table.window_from(0), at(2024, 3, 8, 18));
  EXPECT_EQ(r.table.window_to(0), at(2024, 3, 11, 8));
  EXPECT_EQ(r.table.window_from(1), at(2024, 3, 5, 14, 30));  // no start: the incident time
  EXPECT_EQ(r.table.window_to(1), at(2024, 3, 5, 16));
  EXPECT_EQ(r.table.window_to(2), brandpunt::kNoTime);       // no window at all
  EXPECT_EQ(r.table.window_to(3), brandpunt::kNoTime);       // unparseable start: no window
  EXPECT_EQ(r.table.window_to(4), brandpunt::kNoTime);       // ends before it starts
  EXPECT_EQ(r.window_unparseable, 1);
  EXPECT_EQ(r.window_reversed, 1);
  EXPECT_EQ(r.first_window_problem_row, 4);
  // Without window columns the table has none.
  const auto plain = read_incidents(rd_options(path), tax, "EPSG:28992");
  EXPECT_TRUE(plain.table.window_to_s.empty());
  EXPECT_EQ(plain.table.window_to(0), brandpunt::kNoTime);
  EXPECT_EQ(plain.table.window_from(0), plain.table.time_s[0]);
}
