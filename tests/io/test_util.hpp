// Helpers for the io tests: a fresh temporary folder per test and file writing.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace brandpunt::io::test {

// <tmp>/brandpunt-io-<pid>/<suite>.<test>/, removed when the test ends.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("brandpunt-io-" + std::to_string(::getpid())) /
            (std::string(info->test_suite_name()) + "." + info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
    std::filesystem::remove(path_.parent_path(), ec);  // only succeeds once empty
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& bytes) const {
    const std::string p = file(name);
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }

 private:
  std::filesystem::path path_;
};

inline std::string shared_file(const std::string& relative) {
  return std::string(BRANDPUNT_SHARED_DIR) + "/" + relative;
}

#define BRANDPUNT_REQUIRE_SHARED(path) \
  if (!std::filesystem::exists(path))  \
  GTEST_SKIP() << "shared data not found: " << (path) << " (set BRANDPUNT_SHARED_DIR)"

}  // namespace brandpunt::io::test
