#include <gtest/gtest.h>

#include <charconv>
#include <cmath>

#include "core/error.hpp"
#include "output/csv_writer.hpp"
#include "output/table.hpp"
#include "test_dir.hpp"

namespace brandpunt::output {
namespace {

using testing::fresh_test_dir;
using testing::read_all;

Table sample() {
  Table t;
  t.add_string("code").strings = {"BU01", "BU,02", "say \"hi\"", "line\nbreak", ""};
  Column& n = t.add_integer("n");
  n.ints = {1, -2, 3, 4, 5};
  n.null = {0, 0, 1, 0, 0};
  t.add_real("rate").reals = {0.1, 1.0 / 3, std::nan(""), 1e-300, -0.0};
  return t;
}

TEST(Table, validate_rejects_bad_tables) {
  Table ok = sample();
  EXPECT_NO_THROW(ok.validate());
  EXPECT_EQ(ok.rows(), 5u);

  Table unequal = sample();
  unequal.columns[1].ints.pop_back();
  unequal.columns[1].null.pop_back();
  EXPECT_THROW(unequal.validate(), Error);

  Table bad_null = sample();
  bad_null.columns[1].null.push_back(0);
  EXPECT_THROW(bad_null.validate(), Error);

  Table dup = sample();
  dup.add_integer("N").ints = {1, 2, 3, 4, 5};  // case-insensitive clash (SQLite)
  EXPECT_THROW(dup.validate(), Error);

  for (const char* bad : {"", "1abc", "with space", "kolom-naam", "café"}) {
    Table t;
    t.add_integer(bad).ints = {1};
    EXPECT_THROW(t.validate(), Error) << bad;
  }
  Table wrong_vector;
  wrong_vector.add_integer("x").reals = {1.0};
  EXPECT_THROW(wrong_vector.validate(), Error);
}

TEST(Csv, quotes_per_rfc4180_and_writes_nulls_empty) {
  const std::string csv = to_csv(sample());
  EXPECT_EQ(csv,
            "code,n,rate\n"
            "BU01,1,0.1\n"
            "\"BU,02\",-2,0.3333333333333333\n"
            "\"say \"\"hi\"\"\",,\n"
            "\"line\nbreak\",4,1e-300\n"
            ",5,0\n");
}

TEST(Csv, doubles_round_trip_through_the_file) {
  Table t;
  Column& c = t.add_real("v");
  for (int i = 1; i <= 200; ++i) c.reals.push_back(std::pow(1.1, i) / 7.0 * (i % 2 ? 1 : -1));
  const std::string csv = to_csv(t);
  size_t pos = csv.find('\n') + 1;
  for (double expected : c.reals) {
    size_t end = csv.find('\n', pos);
    double back = 0;
    auto [ptr, ec] = std::from_chars(csv.data() + pos, csv.data() + end, back);
    ASSERT_EQ(ec, std::errc{});
    ASSERT_EQ(ptr, csv.data() + end);
    ASSERT_EQ(back, expected);
    pos = end + 1;
  }
}

TEST(Csv, writes_file_atomically_and_reproducibly) {
  auto dir = fresh_test_dir();
  write_csv((dir / "a.csv").string(), sample());
  write_csv((dir / "b.csv").string(), sample());
  EXPECT_EQ(read_all(dir / "a.csv"), to_csv(sample()));
  EXPECT_EQ(read_all(dir / "a.csv"), read_all(dir / "b.csv"));
  EXPECT_EQ(testing::count_entries(dir), 4u);  // a.csv, a.csvt, b.csv, b.csvt; no temporary left behind

  Table broken = sample();
  broken.columns[0].strings.pop_back();
  EXPECT_THROW(write_csv((dir / "a.csv").string(), broken), Error);
  EXPECT_EQ(read_all(dir / "a.csv"), to_csv(sample()));  // previous file untouched
  EXPECT_EQ(testing::count_entries(dir), 4u);
}

TEST(Csv, rejects_file_has_fixed_columns) {
  auto dir = fresh_test_dir();
  std::vector<Reject> rejects = {{12, "date", "unparseable", "'31-02-2024', not a date"},
                                 {-1, "x", "missing", ""}};
  write_rejects_csv((dir / "rejects.csv").string(), rejects);
  EXPECT_EQ(read_all(dir / "rejects.csv"),
            "row,field,reason,detail\n"
            "12,date,unparseable,\"'31-02-2024', not a date\"\n"
            ",x,missing,\n");
  EXPECT_EQ(read_all(dir / "rejects.csvt"), "\"Integer\",\"String\",\"String\",\"String\"\n");
}

TEST(Csv, every_csv_gets_a_csvt_with_the_schema_types_whatever_the_values) {
  auto dir = fresh_test_dir();
  Table t = sample();
  write_csv((dir / "t.csv").string(), t);
  EXPECT_EQ(read_all(dir / "t.csvt"), "\"String\",\"Integer\",\"Real\"\n");
  // A column that is null in every row keeps its type: the .csvt comes from the schema.
  for (auto& c : t.columns) c.null.assign(t.rows(), 1);
  write_csv((dir / "all_null.csv").string(), t);
  EXPECT_EQ(read_all(dir / "all_null.csvt"), "\"String\",\"Integer\",\"Real\"\n");
  // Blocks: the header block's schema, also when there are no rows at all.
  write_csv_blocks((dir / "blocks.csv").string(), 0, [&](size_t) {
    Table e;
    e.add_integer("n");
    e.add_string("s");
    return e;
  });
  EXPECT_EQ(read_all(dir / "blocks.csvt"), "\"Integer\",\"String\"\n");
  EXPECT_EQ(csvt_path("out/a.csv"), "out/a.csvt");
  EXPECT_EQ(csvt_path("out/a.txt"), "out/a.txt.csvt");
}

TEST(Csv, a_table_written_in_blocks_equals_the_whole_table) {
  auto dir = fresh_test_dir();
  auto rows = [](size_t begin, size_t end) {
    Table t;
    t.add_string("code", "id");
    t.add_integer("n", "count");
    t.add_real("x", "value");
    for (size_t r = begin; r < end; ++r) {
      t.columns[0].strings.push_back(r % 3 ? "A" + std::to_string(r) : "quote \"" + std::to_string(r) + "\", here");
      t.columns[1].ints.push_back(static_cast<int64_t>(r));
      t.columns[1].null.push_back(r % 5 == 0);
      t.columns[2].reals.push_back(r * 0.1);
    }
    return t;
  };
  write_csv((dir / "whole.csv").string(), rows(0, 10));
  write_csv_blocks((dir / "blocks.csv").string(), 4, [&](size_t b) { return rows(b * 3, std::min<size_t>(10, b * 3 + 3)); });
  EXPECT_EQ(read_all(dir / "blocks.csv"), read_all(dir / "whole.csv"));
  // No blocks at all still gives the header.
  write_csv_blocks((dir / "empty.csv").string(), 0, [&](size_t) { return rows(0, 0); });
  EXPECT_EQ(read_all(dir / "empty.csv"), "code,n,x\n");
  // Blocks must agree on their columns; the previous file stays as it was.
  EXPECT_THROW(write_csv_blocks((dir / "whole.csv").string(), 2,
                                [&](size_t b) {
                                  Table t = rows(0, 1);
                                  if (b == 1) t.columns[2].name = "y";
                                  return t;
                                }),
               Error);
  EXPECT_EQ(read_all(dir / "whole.csv").substr(0, 9), "code,n,x\n");
}

}  // namespace
}  // namespace brandpunt::output
