// GAL/GWT files: exact round trips (ids, islands, weights to the last bit), the GeoDa and
// PySAL header variants, and errors that name the file and the offending row.
#include "weights/gal.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "columbus.hpp"
#include "core/error.hpp"
#include "weights/contiguity.hpp"
#include "weights/kernel.hpp"

namespace brandpunt::weights {
namespace {

Weights path_with_island() {  // 0-1-2 path, 3 an island
  return from_lists({{1}, {0, 2}, {1}, {}}, "custom");
}

const std::vector<std::string> kCodes = {"BU0001", "BU0002", "BU0003", "BU0004"};

void expect_same_links(const Weights& a, const Weights& b) {
  EXPECT_EQ(a.n, b.n);
  EXPECT_EQ(a.offsets, b.offsets);
  EXPECT_EQ(a.neighbours, b.neighbours);
}

TEST(Gal, writes_geoda_layout) {
  std::ostringstream out;
  write_gal(out, path_with_island(), kCodes, {"buurten", "BU_CODE"});
  EXPECT_EQ(out.str(),
            "0 4 buurten BU_CODE\n"
            "BU0001 1\nBU0002\n"
            "BU0002 2\nBU0001 BU0003\n"
            "BU0003 1\nBU0002\n"
            "BU0004 0\n\n");
  std::ostringstream plain;
  write_gal(plain, from_lists({{1}, {0}}));
  EXPECT_EQ(plain.str(), "2\n1 1\n2\n2 1\n1\n");
}

TEST(Gal, round_trip_keeps_ids_order_and_islands) {
  std::stringstream buf;
  write_gal(buf, path_with_island(), kCodes, {"buurten", "BU_CODE"});
  const WeightsFile f = read_gal(buf, "mem.gal");
  expect_same_links(f.weights, path_with_island());
  EXPECT_EQ(f.ids, kCodes);
  EXPECT_EQ(f.header.shapefile, "buurten");
  EXPECT_EQ(f.header.key, "BU_CODE");
  EXPECT_EQ(f.weights.islands(), std::vector<uint32_t>{3});

  // Reading against ids in another order permutes the rows accordingly.
  const std::vector<std::string> reversed(kCodes.rbegin(), kCodes.rend());
  std::stringstream again(buf.str());
  const WeightsFile r = read_gal(again, "mem.gal", reversed);
  EXPECT_EQ(to_lists(r.weights), (std::vector<std::vector<uint32_t>>{{}, {2}, {1, 3}, {2}}));
}

TEST(Gal, columbus_queen_round_trips_through_a_file) {
  BP_LOAD_COLUMBUS(col);
  const Weights w = contiguity(col.polygons);
  std::vector<std::string> ids;
  for (size_t i = 0; i < w.n; ++i) ids.push_back(std::to_string(i + 1));  // POLYID
  const auto path = std::filesystem::path(BRANDPUNT_BINARY_DIR) / "weights_test_columbus.gal";
  write_gal(path, w, ids, {"columbus", "POLYID"});
  const WeightsFile f = read_gal(path);
  expect_same_links(f.weights, w);
  test::expect_same_as_oracle(f.weights, col.weights["queen"]);
  std::filesystem::remove(path);
}

TEST(Gwt, round_trip_is_bit_exact) {
  std::vector<XY> pts;
  for (int i = 0; i < 40; ++i) pts.push_back(XY{std::sin(i * 1.7) * 100, std::cos(i * 0.3) * 77});
  KernelOptions o;
  o.function = KernelFunction::gaussian;
  o.k = 4;
  const Weights w = kernel(pts, o);
  std::stringstream buf;
  write_gwt(buf, w);
  const WeightsFile f = read_gwt(buf, "mem.gwt");
  expect_same_links(f.weights, w);
  EXPECT_EQ(f.weights.values, w.values);  // shortest round-trip formatting
  EXPECT_EQ(f.header.shapefile, "unknown");
}

TEST(Gwt, reads_ids_and_islands_with_given_codes) {
  const std::string text =
      "0 4 buurten BU_CODE\n"
      "BU0002 BU0001 0.25\n"
      "BU0001 BU0002 0.5\n"
      "\n"
      "BU0002 BU0003 0.75\n";
  std::istringstream in(text);
  const WeightsFile f = read_gwt(in, "mem.gwt", kCodes);
  EXPECT_EQ(to_lists(f.weights), (std::vector<std::vector<uint32_t>>{{1}, {0, 2}, {}, {}}));
  EXPECT_EQ(f.weights.values, (std::vector<double>{0.5, 0.25, 0.75}));
  EXPECT_EQ(f.weights.islands(), (std::vector<uint32_t>{2, 3}));
}

// The Error a reader throws for `text`, or a failed test.
Error read_error(const std::string& text, bool gwt, std::span<const std::string> ids = {}) {
  std::istringstream in(text);
  try {
    if (gwt)
      read_gwt(in, "bad.file", ids);
    else
      read_gal(in, "bad.file", ids);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for:\n" << text;
  return Error(ErrorKind::internal, "none");
}

TEST(Gal, bad_files_name_the_row) {
  // Line 5 lists one neighbour where its record promised two: row 4 (header not counted).
  Error e = read_error("3\n1 1\n2\n2 2\n3\n3 1\n2\n", false);
  EXPECT_EQ(e.kind(), ErrorKind::format);
  EXPECT_EQ(e.file(), "bad.file");
  EXPECT_EQ(e.row(), 4);
  EXPECT_NE(std::string(e.what()).find("line 5"), std::string::npos) << e.what();

  EXPECT_EQ(read_error("2\n1 x\n2\n2 1\n1\n", false).row(), 1);  // count not a number
  EXPECT_EQ(read_error("2\n1 1\n7\n2 1\n1\n", false).row(), 2);  // unknown neighbour id
  EXPECT_EQ(read_error("2\n1 1\n2\n1 1\n2\n", false).row(), 3);  // record given twice
  EXPECT_NE(read_error("2\n1 1\n2\n", false).message().find("ends"), std::string::npos);
  EXPECT_EQ(read_error("1\n1 0\n2 0\n", false).row(), 2);          // more than n records
  EXPECT_EQ(read_error("", false).kind(), ErrorKind::format);      // empty file
  EXPECT_EQ(read_error("a b c d e\n", false).row(), 0);            // bad header
  EXPECT_EQ(read_error("2\n1 2\n2 2\n2 1\n1\n", false).row(), 2);  // neighbour listed twice
  EXPECT_EQ(read_error("2\nX 0\n1 0\n", false, kCodes).kind(), ErrorKind::format);  // n != ids
}

TEST(Gwt, bad_files_name_the_row) {
  EXPECT_EQ(read_error("0 2 s k\n1 2 0.5\n2 1 abc\n", true).row(), 2);     // weight not a number
  EXPECT_EQ(read_error("0 2 s k\n1 2 0.5\n2 1 nan\n", true).row(), 2);     // not finite
  EXPECT_EQ(read_error("0 2 s k\n1 2\n", true).row(), 1);                  // two fields
  EXPECT_EQ(read_error("0 2 s k\n1 3 1\n", true).row(), 1);                // 3 is not in 1..2
  EXPECT_EQ(read_error("0 2 s k\n1 2 1\n2 1 1\n1 2 1\n", true).row(), 3);  // repeated link
  EXPECT_EQ(read_error("0 4 s k\nBU0001 BU9999 1\n", true, kCodes).row(), 1);  // unknown code
}

TEST(Gal, file_errors_and_bad_ids) {
  EXPECT_THROW(read_gal(std::filesystem::path("/nonexistent/x.gal")), Error);
  std::ostringstream out;
  const std::vector<std::string> spaced = {"BU 1", "BU2"};
  EXPECT_THROW(write_gal(out, from_lists({{1}, {0}}), spaced), Error);
  const std::vector<std::string> too_few = {"A"};
  EXPECT_THROW(write_gwt(out, from_lists({{1}, {0}}), too_few), Error);
}

}  // namespace
}  // namespace brandpunt::weights
