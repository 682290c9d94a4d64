// Test support: loads the spdep oracle (shared/oracle/out/*.json) and builds weights from its
// neighbour lists, so these tests do not depend on the weights builders.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "weights/weights.hpp"

namespace brandpunt::stats::testing {

inline std::optional<nlohmann::json> load_oracle(const std::string& file) {
  const std::filesystem::path path =
      std::filesystem::path(BRANDPUNT_SHARED_DIR) / "oracle" / "out" / file;
  std::ifstream in(path);
  if (!in) return std::nullopt;
  return nlohmann::json::parse(in);
}

#define BP_LOAD_ORACLE(var, file)                                                               \
  const auto var##_opt = ::brandpunt::stats::testing::load_oracle(file);                        \
  if (!var##_opt) GTEST_SKIP() << "oracle file " file " not found under " BRANDPUNT_SHARED_DIR; \
  const nlohmann::json& var = *var##_opt

inline std::vector<std::vector<uint32_t>> lists_from(const nlohmann::json& j) {
  std::vector<std::vector<uint32_t>> lists;
  for (const auto& row : j) lists.push_back(row.get<std::vector<uint32_t>>());
  return lists;
}

// spdep: nb2listw(nb, style) or nb2listw(include.self(nb), style).
inline weights::Weights make_weights(const nlohmann::json& neighbours, const std::string& style,
                                     bool self) {
  weights::Weights w = weights::from_lists(lists_from(neighbours));
  if (self) w = weights::with_self(w);
  if (style == "W") w = weights::row_standardised(w);
  return w;
}

// null in the oracle (NaN/NA) becomes NaN.
inline std::vector<double> doubles(const nlohmann::json& j) {
  std::vector<double> out;
  for (const auto& v : j) out.push_back(v.is_null() ? NAN : v.get<double>());
  return out;
}

// |a - b| <= rel |b| + abs; NaN only matches NaN.
inline ::testing::AssertionResult near_rel(double a, double b, double rel, double abs = 1e-14) {
  if (std::isnan(a) && std::isnan(b)) return ::testing::AssertionSuccess();
  if (std::fabs(a - b) <= rel * std::fabs(b) + abs) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << a << " vs expected " << b << " (diff " << a - b << ")";
}

inline void expect_all_near(const std::vector<double>& got, const nlohmann::json& want, double rel,
                            const std::string& what, double abs = 1e-14) {
  const std::vector<double> w = doubles(want);
  ASSERT_EQ(got.size(), w.size()) << what;
  for (size_t i = 0; i < w.size(); ++i)
    EXPECT_TRUE(near_rel(got[i], w[i], rel, abs)) << what << "[" << i << "]";
}

}  // namespace brandpunt::stats::testing
