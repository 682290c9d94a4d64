// The incident reader's defences against what users type: coordinates in the wrong columns or
// the wrong CRS, names with control characters, and a reader reused for many inputs.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/incident_reader.hpp"
#include "test_util.hpp"

using namespace std::string_literals;
using brandpunt::Envelope;
using brandpunt::Error;
using brandpunt::Reject;
using brandpunt::Taxonomy;
using brandpunt::io::IncidentReader;
using brandpunt::io::IncidentReadResult;
using brandpunt::io::IncidentSourceOptions;
using brandpunt::io::read_incidents;

namespace {

Taxonomy one_code() {
  Taxonomy t;
  t.mains.push_back({"m", "M", "M"});
  t.code_to_sub.emplace("1.1.1", 0);
  t.subs.push_back({"s", "S", "S", 0});
  return t;
}

IncidentSourceOptions csv_options(std::string_view bytes) {  // bytes must outlive the read
  IncidentSourceOptions o;
  o.path = "incidents.csv";
  o.csv_bytes = bytes;
  o.x_field = "x";
  o.y_field = "y";
  o.date_field = "datum";
  o.category_field = "soort";
  o.street_field = "straat";
  return o;
}

// Maastricht's surroundings in RD New.
Envelope maastricht() { return Envelope{170000, 305000, 185000, 325000}; }

std::map<int64_t, Reject> by_row(const IncidentReadResult& r) {
  std::map<int64_t, Reject> out;
  for (const Reject& j : r.rejects) out[j.row] = j;
  return out;
}

const char* kRows =
    "x,y,datum,soort,straat\n"
    "176000,318000,2024-01-05,1.1.1,Markt\n"      // 1 in the study area
    "318000,176000,2024-01-05,1.1.1,Markt\n"      // 2 x and y swapped
    "50.85,5.69,2024-01-05,1.1.1,Markt\n"         // 3 lat/lon typed into the RD columns
    "5.69,50.85,2024-01-05,1.1.1,Markt\n"         // 4 lon/lat in the RD columns
    "100000,400000,2024-01-05,1.1.1,Markt\n"      // 5 elsewhere in the Netherlands: outside
    "400000,100000,2024-01-05,1.1.1,Markt\n"      // 6 swapped, but elsewhere too: outside
    "52.1,5.1,2024-01-05,1.1.1,Markt\n";          // 7 lat/lon of Utrecht: not the study area

}  // namespace

TEST(SwappedCoordinates, other_readings_that_land_in_the_study_area_are_rejected) {
  IncidentSourceOptions o = csv_options(kRows);
  o.study_area.extent = maastricht();
  const IncidentReadResult r = read_incidents(o, one_code(), "EPSG:28992");
  EXPECT_EQ(r.read, 7);
  const auto rejects = by_row(r);
  ASSERT_EQ(rejects.size(), 3u);
  for (int64_t row : {2, 3, 4}) {
    ASSERT_TRUE(rejects.count(row)) << row;
    EXPECT_EQ(rejects.at(row).reason, "swapped_coordinates");
    EXPECT_EQ(rejects.at(row).field, "x");
  }
  EXPECT_NE(rejects.at(2).detail.find("x and y swapped"), std::string::npos) << rejects.at(2).detail;
  EXPECT_NE(rejects.at(3).detail.find("lat/lon"), std::string::npos) << rejects.at(3).detail;
  EXPECT_NE(rejects.at(3).detail.find("x=50.85 y=5.69"), std::string::npos) << rejects.at(3).detail;
  EXPECT_NE(rejects.at(4).detail.find("lon/lat"), std::string::npos) << rejects.at(4).detail;
  // Rows 1, 5, 6, 7 stay: 5..7 are ordinary points outside the study area.
  ASSERT_EQ(r.table.size(), 4u);
  EXPECT_EQ(r.table.row, (std::vector<int64_t>{1, 5, 6, 7}));
  EXPECT_EQ(r.table.x[1], 100000);
}

TEST(SwappedCoordinates, the_exact_test_decides_and_no_study_area_means_no_test) {
  IncidentSourceOptions o = csv_options(kRows);
  o.study_area.extent = maastricht();
  // The exact study area is the western part of the extent: only the swapped row 2 lands in it
  // (x = 176,000); lat/lon Maastricht (x = 176,325) does not.
  o.study_area.contains = [](double x, double) { return x < 176200; };
  const auto rejects = by_row(read_incidents(o, one_code(), "EPSG:28992"));
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects.begin()->first, 2);
  const IncidentReadResult plain = read_incidents(csv_options(kRows), one_code(), "EPSG:28992");
  EXPECT_TRUE(plain.rejects.empty());
  EXPECT_EQ(plain.table.size(), 7u);
}

TEST(SwappedCoordinates, lonlat_sources_and_other_analysis_crs) {
  // A lon/lat source whose latitude and longitude were swapped is caught before projection
  // (swapped_lonlat, the CRS's area of use); the study area test works in any analysis CRS.
  IncidentSourceOptions o = csv_options(
      "x,y,datum,soort,straat\n"
      "5.69,50.85,2024-01-05,1.1.1,A\n"
      "50.85,5.69,2024-01-05,1.1.1,B\n");
  o.crs = "EPSG:4326";
  o.study_area.extent = Envelope{680000, 5620000, 720000, 5660000};  // UTM 31N around Maastricht
  const IncidentReadResult r = read_incidents(o, one_code(), "EPSG:32631");
  const auto rejects = by_row(r);
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects.at(2).reason, "swapped_lonlat");
  ASSERT_EQ(r.table.size(), 1u);
  EXPECT_TRUE(o.study_area.extent.contains({r.table.x[0], r.table.y[0]}));
}

TEST(IncidentText, street_names_with_control_characters_are_cleaned_and_listed) {
  const std::string text =
      "x,y,datum,soort,straat\n"
      "176000,318000,2024-01-05,1.1.1,\"Kerk\0A\"\n"s
      "176000,318000,2024-01-05,1.1.1,\"Kerk\0B\"\n"s
      "176000,318000,2024-01-05,1.1.1,Kerk A\n"
      "176000,318000,2024-01-05,1.1.1,\"Markt\tplein\"\n"
      "176000,318000,2024-01-05,1.1.1\x01,Markt\n";
  const IncidentReadResult r = read_incidents(csv_options(text), one_code(), "EPSG:28992");
  ASSERT_EQ(r.table.size(), 4u);
  // "Kerk\0A" and "Kerk\0B" stay two streets; "Kerk\0A" cleaned is the same name as "Kerk A".
  EXPECT_EQ(r.table.street_names, (std::vector<std::string>{"Kerk A", "Kerk B", "Markt plein"}));
  EXPECT_EQ(r.table.street, (std::vector<uint32_t>{0, 1, 0, 2}));
  EXPECT_EQ(r.text_repaired, 3);
  ASSERT_EQ(r.text_repairs.size(), 3u);
  EXPECT_EQ(r.text_repairs[0].row, 1);
  EXPECT_EQ(r.text_repairs[0].field, "straat");
  EXPECT_NE(r.text_repairs[0].what.find("1 control character"), std::string::npos);
  EXPECT_EQ(r.text_repairs[2].row, 4);
  // A code with a control character is unknown; its detail is printable.
  ASSERT_EQ(r.rejects.size(), 1u);
  EXPECT_EQ(r.rejects[0].reason, "unknown_category");
  EXPECT_EQ(r.rejects[0].detail, "1.1.1\\x01");
}

TEST(IncidentText, latin1_source_is_read_through_its_encoding_and_unterminated_quotes_stop) {
  IncidentSourceOptions o = csv_options("x,y,datum,soort,straat\n176000,318000,2024-01-05,1.1.1,Caf\xE9straat\n");
  EXPECT_THROW(read_incidents(o, one_code(), "EPSG:28992"), Error);
  o.encoding = "latin1";
  const IncidentReadResult r = read_incidents(o, one_code(), "EPSG:28992");
  ASSERT_EQ(r.table.street_names.size(), 1u);
  EXPECT_EQ(r.table.street_names[0], "Caf\xC3\xA9straat");
  IncidentSourceOptions q = csv_options(
      "x,y,datum,soort,straat\n176000,318000,2024-01-05,1.1.1,\"Markt\n"
      "176000,318000,2024-01-05,1.1.1,Markt\n");
  try {
    read_incidents(q, one_code(), "EPSG:28992");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.row(), 1);
    EXPECT_EQ(e.field(), "straat");
  }
}

TEST(IncidentReader, one_reader_reads_many_sources_with_the_same_results) {
  const Taxonomy t = one_code();
  IncidentReader reader(t, "EPSG:28992");
  IncidentSourceOptions o = csv_options(kRows);
  o.crs = "EPSG:28992";
  const IncidentReadResult a = reader.read(o);
  IncidentSourceOptions ll = csv_options("x,y,datum,soort,straat\n5.69,50.85,2024-01-05,1.1.1,A\n");
  ll.crs = "EPSG:4326";
  const IncidentReadResult b = reader.read(ll);
  const IncidentReadResult c = reader.read(o);
  EXPECT_EQ(a.table.x, c.table.x);
  EXPECT_EQ(a.table.row, c.table.row);
  ASSERT_EQ(b.table.size(), 1u);
  EXPECT_NEAR(b.table.x[0], 176325, 2);
  EXPECT_THROW(reader.read([&] {
    IncidentSourceOptions bad = o;
    bad.crs = "EPSG:99999";
    return bad;
  }()), Error);
}

TEST(IncidentText, the_reader_notes_what_another_date_format_and_the_raw_extent_would_say) {
  // US dates read as d-m-y: 3/25/2024 fails (mdy reads it), 3/5/2024 passes as 3 May.
  IncidentSourceOptions o = csv_options(
      "x,y,datum,soort,straat\n"
      "176000,318000,3/25/2024,1.1.1,A\n"
      "176000,318000,12/31/2024,1.1.1,A\n"
      "5.7,50.8,3/5/2024,1.1.1,A\n"
      "176000,318000,13/13/2024,1.1.1,A\n"
      "176000,318000,5/5/2024,1.1.1,A\n");
  o.date_format = "dmy";
  const IncidentReadResult r = read_incidents(o, one_code(), "EPSG:28992");
  EXPECT_EQ(r.dates.unparseable, 3);
  EXPECT_EQ(r.dates.mdy, 2);  // 3/25 and 12/31; 13/13 no order reads
  EXPECT_EQ(r.dates.dmy, 0);
  EXPECT_EQ(r.dates.iso, 0);
  EXPECT_EQ(r.dates.ambiguous, 1);  // 3/5 (5/5 reads the same either way)
  EXPECT_DOUBLE_EQ(r.parsed_extent.min_x, 5.7);
  EXPECT_DOUBLE_EQ(r.parsed_extent.max_x, 176000);
  EXPECT_DOUBLE_EQ(r.parsed_extent.min_y, 50.8);
}
