#include "io/csv.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "test_util.hpp"

using brandpunt::Error;
using brandpunt::ErrorKind;
using brandpunt::io::CsvReader;
using brandpunt::io::test::TempDir;

namespace {

std::vector<std::vector<std::string>> read_all(CsvReader& csv,
                                               std::vector<int64_t>* rows = nullptr) {
  std::vector<std::vector<std::string>> out;
  std::vector<std::string_view> f;
  while (csv.next(f)) {
    out.emplace_back(f.begin(), f.end());
    if (rows) rows->push_back(csv.row());
  }
  return out;
}

}  // namespace

TEST(CsvReader, reads_quoted_fields_with_delimiters_quotes_and_newlines) {
  TempDir tmp;
  const auto path = tmp.write("q.csv",
                              "id,text,n\n"
                              "1,\"a, b\",2\n"
                              "2,\"say \"\"hi\"\"\",3\n"
                              "3,\"line1\nline2\",4\n"
                              "4,plain,5\n");
  CsvReader csv(path);
  EXPECT_EQ(csv.delimiter(), ',');
  ASSERT_EQ(csv.header(), (std::vector<std::string>{"id", "text", "n"}));
  std::vector<int64_t> rows;
  auto r = read_all(csv, &rows);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0], (std::vector<std::string>{"1", "a, b", "2"}));
  EXPECT_EQ(r[1], (std::vector<std::string>{"2", "say \"hi\"", "3"}));
  EXPECT_EQ(r[2], (std::vector<std::string>{"3", "line1\nline2", "4"}));
  EXPECT_EQ(r[3], (std::vector<std::string>{"4", "plain", "5"}));
  EXPECT_EQ(rows, (std::vector<int64_t>{1, 2, 3, 4}));  // the embedded newline is not a row
}

TEST(CsvReader, sniffs_semicolon_and_tab_and_honours_an_explicit_delimiter) {
  TempDir tmp;
  CsvReader semi(tmp.write("s.csv", "a;b;c\n1,5;2;3\n"));
  EXPECT_EQ(semi.delimiter(), ';');
  EXPECT_EQ(read_all(semi)[0], (std::vector<std::string>{"1,5", "2", "3"}));
  CsvReader tab(tmp.write("t.csv", "a\tb\n1\t2\n"));
  EXPECT_EQ(tab.delimiter(), '\t');
  EXPECT_EQ(read_all(tab)[0], (std::vector<std::string>{"1", "2"}));
  CsvReader forced(tmp.write("f.csv", "a;b,c\n1;2,3\n"), ',');
  EXPECT_EQ(forced.header(), (std::vector<std::string>{"a;b", "c"}));
}

TEST(CsvReader, strips_bom_and_crlf_and_skips_blank_lines) {
  TempDir tmp;
  CsvReader csv(tmp.write("b.csv", "\xEF\xBB\xBFx,y\r\n1,2\r\n\r\n3,\"4\r\n5\"\r\n"));
  EXPECT_EQ(csv.header(), (std::vector<std::string>{"x", "y"}));
  std::vector<int64_t> rows;
  auto r = read_all(csv, &rows);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(r[1], (std::vector<std::string>{"3", "4\r\n5"}));
  EXPECT_EQ(rows, (std::vector<int64_t>{1, 2}));
}

TEST(CsvReader, pads_short_records_and_ignores_extra_fields_and_last_line_without_newline) {
  TempDir tmp;
  CsvReader csv(tmp.write("s.csv", "a,b,c\n1\n1,2,3,4\n,,\n7,8,9"));
  auto r = read_all(csv);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0], (std::vector<std::string>{"1", "", ""}));
  EXPECT_EQ(r[1], (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(r[2], (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(r[3], (std::vector<std::string>{"7", "8", "9"}));
}

TEST(CsvReader, a_quote_inside_an_unquoted_field_is_text) {
  TempDir tmp;
  CsvReader csv(tmp.write("q.csv", "a,b\n5\" pipe,x\n2,y\n"));
  auto r = read_all(csv);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], (std::vector<std::string>{"5\" pipe", "x"}));
}

TEST(CsvReader, records_spanning_block_boundaries_are_intact) {
  // 4 MiB blocks: 200k rows of ~30 bytes cross several boundaries, some inside quotes.
  TempDir tmp;
  std::string text = "id,name,v\n";
  for (int i = 0; i < 200000; ++i)
    text += std::to_string(i) + ",\"n \"\"" + std::to_string(i) + "\"\"\nx\"," +
            std::to_string(i * 2) + "\n";
  CsvReader csv(tmp.write("big.csv", text));
  std::vector<std::string_view> f;
  int64_t n = 0;
  while (csv.next(f)) {
    ASSERT_EQ(f[0], std::to_string(n));
    ASSERT_EQ(f[1], "n \"" + std::to_string(n) + "\"\nx");
    ASSERT_EQ(f[2], std::to_string(n * 2));
    ++n;
  }
  EXPECT_EQ(n, 200000);
  EXPECT_EQ(csv.bytes_consumed(), static_cast<int64_t>(text.size()));
}

TEST(CsvReader, a_record_larger_than_a_block_grows_the_buffer) {
  TempDir tmp;
  const std::string big(5 << 20, 'z');
  brandpunt::io::CsvOptions o;
  o.max_record_bytes = 8 << 20;  // above the 1 MiB default
  CsvReader csv(tmp.write("huge.csv", "a,b\n1,\"" + big + "\"\n2,x\n"), o);
  auto r = read_all(csv);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0][1].size(), big.size());
  EXPECT_EQ(r[1][1], "x");
}

TEST(CsvReader, missing_file_and_missing_column_errors_name_file_and_field) {
  TempDir tmp;
  try {
    CsvReader csv(tmp.file("absent.csv"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::io);
    EXPECT_EQ(e.file(), tmp.file("absent.csv"));
  }
  CsvReader csv(tmp.write("h.csv", "a,b\n"));
  EXPECT_EQ(csv.column("b", "y_field"), 1u);
  try {
    csv.column("datum", "date_field");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::config);
    EXPECT_EQ(e.field(), "date_field");
    EXPECT_NE(e.message().find("'datum'"), std::string::npos);
    EXPECT_EQ(e.file(), tmp.file("h.csv"));
  }
  EXPECT_THROW(CsvReader(tmp.write("empty.csv", "")), Error);
}
