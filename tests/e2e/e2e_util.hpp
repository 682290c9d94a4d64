// Helpers for the end-to-end tests: where the shared data and the demo generator live, running
// a config copied into a temp folder, and reading the outputs.
//
//   auto dir = fresh_dir("e2e_x");
//   auto cfg = load_copied_config(BRANDPUNT_SOURCE_DIR "/geo-data/demo.toml", dir);
//   cfg.incidents.path = ...; cfg.output_dir = (dir / "out").string();
//   auto result = pipeline::run(cfg);
#pragma once

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "../pipeline/test_util.hpp"
#include "pipeline/config.hpp"

namespace brandpunt::testing {

inline std::filesystem::path shared_dir() { return std::filesystem::path(BRANDPUNT_SHARED_DIR); }

inline std::filesystem::path gendemo_binary() {
  return std::filesystem::path(BRANDPUNT_BINARY_DIR) / "tools" / "gendemo" / "brandpunt-gendemo";
}

// Copies a config into `dir` and loads the copy, so relative paths in it resolve against the
// temp folder (callers then set every path they need, absolute). The copy keeps the test
// independent of where the build folder is.
inline pipeline::PipelineConfig load_copied_config(const std::filesystem::path& config,
                                                   const std::filesystem::path& dir) {
  const auto copy = dir / config.filename();
  std::filesystem::copy_file(config, copy, std::filesystem::copy_options::overwrite_existing);
  return pipeline::load_config(copy.string());
}

// Runs brandpunt-gendemo with `args` (quiet); returns its exit status.
inline int run_gendemo(const std::string& args) {
  const std::string cmd = "'" + gendemo_binary().string() + "' --quiet " + args + " >/dev/null";
  return std::system(cmd.c_str());
}

inline bool have_program(const std::string& name) {
  return std::system(("command -v " + name + " >/dev/null 2>&1").c_str()) == 0;
}

// The header of a CSV file (empty when the file is empty or missing).
inline std::vector<std::string> csv_header(const std::filesystem::path& p) {
  const auto rows = read_csv(p);
  return rows.empty() ? std::vector<std::string>{} : rows[0];
}

// Column `name` of a CSV as one string per data row; fails the test when it is missing.
inline std::vector<std::string> csv_column(const std::filesystem::path& p,
                                           const std::string& name) {
  const auto rows = read_csv(p);
  std::vector<std::string> out;
  if (rows.empty()) return out;
  size_t c = 0;
  while (c < rows[0].size() && rows[0][c] != name) ++c;
  if (c == rows[0].size()) {
    ADD_FAILURE() << p << " has no column " << name;
    return out;
  }
  for (size_t r = 1; r < rows.size(); ++r) out.push_back(c < rows[r].size() ? rows[r][c] : "");
  return out;
}

inline int64_t sum_column(const std::filesystem::path& p, const std::string& name) {
  int64_t sum = 0;
  for (const auto& v : csv_column(p, name))
    if (!v.empty()) sum += std::stoll(v);
  return sum;
}

}  // namespace brandpunt::testing
