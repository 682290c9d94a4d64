#include "io/table_reader.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "test_util.hpp"

using brandpunt::Error;
using brandpunt::ErrorKind;
using brandpunt::io::read_mapping_csv;
using brandpunt::io::read_population_csv;
using brandpunt::io::test::TempDir;

TEST(ReadMappingCsv, maps_buurt_to_stadsdeel) {
  TempDir tmp;
  const auto path =
      tmp.write("sd.csv", "buurtcode;stadsdeel;extra\nBU01; Noord ;x\nBU02;Zuid;y\n;Leeg;z\n");
  auto m = read_mapping_csv(path, "buurtcode", "stadsdeel");
  EXPECT_EQ(m, (std::map<std::string, std::string>{{"BU01", "Noord"}, {"BU02", "Zuid"}}));
}

TEST(ReadMappingCsv, duplicate_key_empty_value_and_missing_column_are_errors) {
  TempDir tmp;
  try {
    read_mapping_csv(tmp.write("d.csv", "k,v\nA,1\nB,2\nA,3\n"), "k", "v");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::format);
    EXPECT_EQ(e.row(), 3);
    EXPECT_EQ(e.field(), "k");
  }
  try {
    read_mapping_csv(tmp.write("e.csv", "k,v\nA,\n"), "k", "v");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.row(), 1);
    EXPECT_EQ(e.field(), "v");
  }
  try {
    read_mapping_csv(tmp.write("m.csv", "k,v\n"), "k", "stadsdeel");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::config);
    EXPECT_EQ(e.field(), "stadsdeel");
    EXPECT_EQ(e.file(), tmp.file("m.csv"));
  }
}

TEST(ReadPopulationCsv, numbers_and_no_data) {
  TempDir tmp;
  const auto path = tmp.write("p.csv", "code;inw\nBU01;1200\nBU02;-99999998\nBU03;\nBU04;12,5\n");
  auto p = read_population_csv(path, "code", "inw");
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p["BU01"], 1200);
  EXPECT_TRUE(std::isnan(p["BU02"]));
  EXPECT_TRUE(std::isnan(p["BU03"]));
  EXPECT_EQ(p["BU04"], 12.5);
  try {
    read_population_csv(tmp.write("q.csv", "code,inw\nBU01,veel\n"), "code", "inw");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::format);
    EXPECT_EQ(e.row(), 1);
    EXPECT_EQ(e.field(), "inw");
  }
}
