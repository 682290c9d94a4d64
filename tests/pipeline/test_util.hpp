// Helpers for the pipeline tests: temp folders, tiny CSV reading, file comparison.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "pipeline/pipeline.hpp"

namespace brandpunt::testing {

inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::path(BRANDPUNT_BINARY_DIR) / "test-tmp" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// RFC 4180 CSV into rows of fields (quoted fields, doubled quotes).
inline std::vector<std::vector<std::string>> read_csv(const std::filesystem::path& p) {
  const std::string text = slurp(p);
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') quoted = true;
    else if (c == ',') rows.back().push_back(field), field.clear();
    else if (c == '\n') {
      rows.back().push_back(field), field.clear();
      rows.emplace_back();
    } else if (c != '\r') field += c;
  }
  if (!field.empty() || !rows.back().empty()) rows.back().push_back(field);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// Rows keyed by the value of `key_column`, each as a column-name -> value map.
inline std::map<std::string, std::map<std::string, std::string>> csv_by_key(
    const std::filesystem::path& p, const std::string& key_column) {
  const auto rows = read_csv(p);
  std::map<std::string, std::map<std::string, std::string>> out;
  if (rows.empty()) return out;
  const auto& header = rows[0];
  size_t key = 0;
  while (key < header.size() && header[key] != key_column) ++key;
  for (size_t r = 1; r < rows.size(); ++r) {
    auto& m = out[rows[r].at(key)];
    for (size_t c = 0; c < header.size() && c < rows[r].size(); ++c) m[header[c]] = rows[r][c];
  }
  return out;
}

// Two runs wrote the same files with the same bytes; run.json may differ only in its timings,
// memory figures and thread count.
inline void expect_same_outputs(const pipeline::RunResult& one, const pipeline::RunResult& two) {
  ASSERT_EQ(one.files, two.files);
  for (const auto& f : one.files) {
    if (f == "run.json") {
      auto a = nlohmann::json::parse(slurp(std::filesystem::path(one.output_dir) / f));
      auto b = nlohmann::json::parse(slurp(std::filesystem::path(two.output_dir) / f));
      for (auto* j : {&a, &b}) {
        j->erase("timings_s");
        j->erase("peak_memory_mib");
        (*j)["parameters"].erase("threads");
      }
      EXPECT_EQ(a, b);
    } else {
      EXPECT_EQ(slurp(std::filesystem::path(one.output_dir) / f), slurp(std::filesystem::path(two.output_dir) / f)) << f;
    }
  }
}

}  // namespace brandpunt::testing
