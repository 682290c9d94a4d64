// What the CSV reader does with files that are not what they claim: quotes that never close,
// runaway records, text in another encoding, and bytes that are not UTF-8.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/csv.hpp"
#include "test_util.hpp"

using brandpunt::Error;
using brandpunt::ErrorKind;
using brandpunt::io::CsvOptions;
using brandpunt::io::CsvReader;
using brandpunt::io::test::TempDir;

namespace {

// n rows "i,<date>,Straat i,1.1.1"; row `broken` gets an opening quote that never closes.
std::string incidents(int n, int broken) {
  std::string text = "id,datum,straat,soort\n";
  for (int i = 1; i <= n; ++i)
    text += std::to_string(i) + ",2024-01-05," + (i == broken ? "\"Markt " : "Straat ") +
            std::to_string(i) + ",1.1.1\n";
  return text;
}

int64_t count_rows(CsvReader& csv) {
  std::vector<std::string_view> f;
  int64_t n = 0;
  while (csv.next(f)) ++n;
  return n;
}

Error read_error(const std::string& name, const std::string& bytes, const CsvOptions& o = {}) {
  try {
    CsvReader csv(name, std::string_view(bytes), o);
    count_rows(csv);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << name;
  return Error(ErrorKind::internal, "none");
}

}  // namespace

TEST(CsvText, an_unterminated_quote_is_an_error_naming_the_row_line_and_column) {
  for (size_t block : {size_t{1} << 22, size_t{64}}) {  // one block, and many small ones
    CsvOptions o;
    o.block_bytes = block;
    // Row 101 of 3,000: the quote is still open after max_record_lines lines.
    const Error e = read_error("incidents.csv", incidents(3000, 101), o);
    EXPECT_EQ(e.kind(), ErrorKind::format);
    EXPECT_EQ(e.file(), "incidents.csv");
    EXPECT_EQ(e.row(), 101);
    EXPECT_EQ(e.field(), "straat");
    EXPECT_NE(e.message().find("unterminated quote"), std::string::npos) << e.what();
    EXPECT_NE(e.message().find("line 102"), std::string::npos) << e.what();
    EXPECT_NE(e.message().find("max_record_lines"), std::string::npos) << e.what();
    // Row 101 of 150: the file ends first.
    const Error end = read_error("short.csv", incidents(150, 101), o);
    EXPECT_EQ(end.row(), 101);
    EXPECT_EQ(end.field(), "straat");
    EXPECT_NE(end.message().find("never closes"), std::string::npos) << end.what();
    EXPECT_NE(end.message().find("the 49 lines after it"), std::string::npos) << end.what();
  }
  CsvOptions many;
  many.max_record_lines = 100000;
  const Error e = read_error("incidents.csv", incidents(3000, 101), many);
  EXPECT_NE(e.message().find("the 2,899 lines after it"), std::string::npos) << e.what();
}

TEST(CsvText, a_stray_quote_that_closes_far_later_is_an_error) {
  // Row 101 opens a quote; row 400 has a quote at the start of a field that closes it: one
  // record of 300 lines.
  std::string text = incidents(500, 101);
  const std::string row400 = "400,2024-01-05,Straat 400,1.1.1\n";
  text.replace(text.find(row400), row400.size(), "400,2024-01-05,\"Straat 400,1.1.1\n");
  const Error e = read_error("stray.csv", text);
  EXPECT_EQ(e.row(), 101);
  EXPECT_EQ(e.field(), "straat");
  EXPECT_NE(e.message().find("max_record_lines"), std::string::npos) << e.what();
  // With a higher limit it is one (odd) record, as RFC 4180 reads it.
  CsvOptions lenient;
  lenient.max_record_lines = 1000;
  CsvReader csv("stray.csv", std::string_view(text), lenient);
  EXPECT_EQ(count_rows(csv), 500 - 299);
}

TEST(CsvText, a_record_past_max_record_bytes_is_an_error) {
  CsvOptions o;
  o.max_record_bytes = 100;
  const Error quoted = read_error(
      "q.csv", "a,b\n1,\"" + std::string(100, 'x') + "\n" + std::string(100, 'x') + "\"\n", o);
  EXPECT_EQ(quoted.row(), 1);
  EXPECT_EQ(quoted.field(), "b");
  EXPECT_NE(quoted.message().find("max_record_bytes"), std::string::npos) << quoted.what();
  o.block_bytes = 32;  // the limit also holds while the record is still being read in
  const Error plain = read_error("p.csv", "a,b\n1," + std::string(200, 'x') + "\n2,3\n", o);
  EXPECT_EQ(plain.row(), 1);
  EXPECT_NE(plain.message().find("max_record_bytes"), std::string::npos) << plain.what();
  // Multi-line fields within the limits are fine.
  CsvReader ok("ok.csv", std::string_view("a,b\n1,\"two\nlines\"\n2,x\n"), o);
  std::vector<std::string_view> f;
  ASSERT_TRUE(ok.next(f));
  EXPECT_EQ(f[1], "two\nlines");
  EXPECT_EQ(ok.line(), 2);
  ASSERT_TRUE(ok.next(f));
  EXPECT_EQ(ok.row(), 2);
  EXPECT_EQ(ok.line(), 4);
}

TEST(CsvText, bytes_that_are_not_utf8_are_an_error_with_the_encoding_hint) {
  const Error e = read_error("latin1.csv", "id,straat\n1,Markt\n2,Caf\xE9 Kroon\n");
  EXPECT_EQ(e.kind(), ErrorKind::format);
  EXPECT_EQ(e.row(), 2);
  EXPECT_EQ(e.field(), "straat");
  EXPECT_NE(e.message().find("0xE9"), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("Caf\\xE9 Kroon"), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("encoding"), std::string::npos) << e.what();
  EXPECT_TRUE(brandpunt::core::is_utf8(e.what()));
  const Error header = read_error("h.csv", "id,stra\xDF" "e\n1,x\n");
  EXPECT_EQ(header.field(), "header");
}

TEST(CsvText, latin1_cp1252_and_utf16_are_converted_to_utf8) {
  CsvOptions cp;
  cp.encoding = "cp1252";
  CsvReader a("a.csv", std::string_view("id;straat\n1;Caf\xE9 \x80 5\n"), cp);
  std::vector<std::string_view> f;
  ASSERT_TRUE(a.next(f));
  EXPECT_EQ(a.delimiter(), ';');
  EXPECT_EQ(f[1], "Caf\xC3\xA9 \xE2\x82\xAC 5");  // é and the euro sign
  CsvOptions latin;
  latin.encoding = "latin1";
  latin.block_bytes = 16;  // conversions that cross blocks
  std::string text = "id,naam\n";
  for (int i = 0; i < 50; ++i) text += std::to_string(i) + ",\xC9\xE9\xE8\n";
  CsvReader b("b.csv", std::string_view(text), latin);
  int n = 0;
  while (b.next(f)) {
    EXPECT_EQ(f[1], "\xC3\x89\xC3\xA9\xC3\xA8");
    ++n;
  }
  EXPECT_EQ(n, 50);
  CsvOptions utf16;
  utf16.encoding = "UTF-16";
  const std::string le("\xFF\xFEx\0,\0y\0\n\0\x31\0,\0\xE9\0\n\0", 18);
  CsvReader c("c.csv", std::string_view(le), utf16);
  ASSERT_EQ(c.header(), (std::vector<std::string>{"x", "y"}));
  ASSERT_TRUE(c.next(f));
  EXPECT_EQ(f[1], "\xC3\xA9");
  // Undeclared UTF-16 is named as such instead of failing on the column names.
  const Error e = read_error("u.csv", le);
  EXPECT_NE(e.message().find("UTF-16"), std::string::npos) << e.what();
}

TEST(CsvText, bytes_the_encoding_does_not_have_and_unknown_encodings_are_errors) {
  CsvOptions cp;
  cp.encoding = "cp1252";
  const Error e = read_error("x.csv", std::string("id,n\n1,a\x81z\n"), cp);  // 0x81 undefined
  EXPECT_EQ(e.field(), "encoding");
  EXPECT_NE(e.message().find("0x81"), std::string::npos) << e.what();
  EXPECT_NE(e.message().find("line 2"), std::string::npos) << e.what();
  CsvOptions bad;
  bad.encoding = "klingon";
  const Error k = read_error("k.csv", "a\n1\n", bad);
  EXPECT_EQ(k.kind(), ErrorKind::config);
  EXPECT_EQ(k.field(), "encoding");
}

TEST(CsvText, memory_and_file_sources_read_the_same_and_text_after_a_closing_quote_is_kept) {
  TempDir tmp;
  const std::string text = "a,b\n\"x\"y,2\n\"p,q\",3\n";
  CsvReader file(tmp.write("m.csv", text));
  CsvReader memory("m.csv", std::string_view(text));
  std::vector<std::string_view> f, g;
  while (file.next(f)) {
    ASSERT_TRUE(memory.next(g));
    EXPECT_EQ(f, g);
  }
  EXPECT_FALSE(memory.next(g));
  CsvReader again("m.csv", std::string_view(text));
  ASSERT_TRUE(again.next(f));
  EXPECT_EQ(f[0], "xy");  // not silently cut to "x"
}
