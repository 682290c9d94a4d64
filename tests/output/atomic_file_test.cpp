#include "output/atomic_file.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.hpp"
#include "test_dir.hpp"

namespace brandpunt::output {
namespace {

using testing::count_entries;
using testing::fresh_test_dir;
using testing::read_all;

TEST(AtomicFile, temp_sits_next_to_final_and_keeps_extension) {
  auto dir = fresh_test_dir();
  AtomicFile f((dir / "buurt.fgb").string());
  const std::filesystem::path tmp(f.temp_path());
  EXPECT_EQ(tmp.parent_path(), dir);
  EXPECT_EQ(tmp.extension(), ".fgb");
  EXPECT_EQ(tmp.filename().string().rfind(".buurt.fgb.tmp-", 0), 0u);
}

TEST(AtomicFile, files_with_one_stem_written_at_once_keep_their_own_temporaries) {
  auto dir = fresh_test_dir();
  AtomicFile layer((dir / "buurt.geojson").string());
  { std::ofstream(layer.temp_path()) << "{}"; }
  write_text_atomic((dir / "buurt.csv").string(), "code\n");  // made and committed meanwhile
  AtomicFile other((dir / "buurt.gpkg").string());             // constructor cleans its own prefix only
  EXPECT_TRUE(std::filesystem::exists(layer.temp_path()));
  layer.commit();
  EXPECT_EQ(read_all((dir / "buurt.geojson").string()), "{}");
  EXPECT_EQ(read_all((dir / "buurt.csv").string()), "code\n");
}

TEST(AtomicFile, commit_replaces_and_abandon_leaves_previous_file) {
  auto dir = fresh_test_dir();
  const std::string path = (dir / "run.json").string();
  write_text_atomic(path, "first");
  EXPECT_EQ(read_all(path), "first");
  {
    AtomicFile f(path);
    std::ofstream(f.temp_path()) << "half";
    std::ofstream(f.temp_path() + "-journal") << "side file";
    // no commit: as if the writer threw
  }
  EXPECT_EQ(read_all(path), "first");
  EXPECT_EQ(count_entries(dir), 1u);
  write_text_atomic(path, "second");
  EXPECT_EQ(read_all(path), "second");
  EXPECT_EQ(count_entries(dir), 1u);
}

TEST(AtomicFile, commit_without_content_fails_and_cleans_up) {
  auto dir = fresh_test_dir();
  AtomicFile f((dir / "x.csv").string());
  EXPECT_THROW(f.commit(), Error);
  EXPECT_FALSE(std::filesystem::exists(dir / "x.csv"));
}

TEST(AtomicFile, missing_directory_is_an_io_error) {
  auto dir = fresh_test_dir();
  try {
    write_text_atomic((dir / "no" / "such" / "x.txt").string(), "x");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::io);
    EXPECT_NE(e.file().find("x.txt"), std::string::npos);
  }
}

}  // namespace
}  // namespace brandpunt::output
