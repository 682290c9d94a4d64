// The Knox test on the demo generator's planted near-repeat burglary series: the table and its
// Monte Carlo p equal a brute-force computation over every pair and every permutation, the
// planted pattern shows (over-represented and significant close by and soon after), and the
// chains recover the planted series. Without planting there is no pattern.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "evaluate/near_repeat.hpp"
#include "generate.hpp"
#include "io/datetime.hpp"

namespace ev = brandpunt::evaluate;
using json = nlohmann::ordered_json;

namespace {

struct Burglaries {
  std::vector<double> x, y;
  std::vector<int64_t> day, row;  // row: 1-based data row in incidents.csv
  json truth;
};

// Writes a small demo city (40 buurten, 12,000 incidents, 24 months) and reads back its valid
// woninginbraak rows (soort 1.1.1).
Burglaries generate(int series, const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("brandpunt-nr-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  brandpunt::gendemo::DemoOptions o;
  o.out_dir = dir.string();
  o.seed = 2024;
  o.city.buurten = 40;
  o.incidents.incidents = 12'000;
  o.incidents.months = 24;
  o.incidents.near_repeat_series = series;
  o.incidents.near_repeat_radius_m = 120;
  o.incidents.near_repeat_days = 6;
  Burglaries b;
  b.truth = brandpunt::gendemo::generate_demo(o);
  std::ifstream in(dir / "incidents.csv");
  std::string line;
  std::getline(in, line);
  for (int64_t row = 1; std::getline(in, line); ++row) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string field;
    while (std::getline(ss, field, ',')) f.push_back(field);
    if (f.size() < 5 || f[4] != "1.1.1" || f[2].empty() || f[3].empty()) continue;
    const auto t = brandpunt::io::parse_date_time(f[1], brandpunt::io::DateOrder::automatic);
    if (!t) continue;
    const double x = std::stod(f[2]), y = std::stod(f[3]);
    if (x > 400'000) continue;  // a planted "far outside" bad row
    b.x.push_back(x);
    b.y.push_back(y);
    b.day.push_back(*t / 86400);
    b.row.push_back(row);
  }
  std::filesystem::remove_all(dir);
  return b;
}

int band(double v, const std::vector<double>& from, const std::vector<double>& to) {
  for (size_t r = 0; r < from.size(); ++r)
    if (v >= from[r] && v < to[r]) return static_cast<int>(r);
  return -1;
}
int band(int64_t v, const std::vector<int64_t>& from, const std::vector<int64_t>& to) {
  for (size_t c = 0; c < from.size(); ++c)
    if (v >= from[c] && (to[c] < 0 || v < to[c])) return static_cast<int>(c);
  return -1;
}

// Every pair, Manhattan distance, bands found by search in the table's own bounds.
std::vector<int64_t> brute(const Burglaries& b, const std::vector<int64_t>& day,
                           const ev::KnoxTable& t) {
  std::vector<int64_t> out(t.cells.size(), 0);
  for (size_t i = 0; i < b.x.size(); ++i)
    for (size_t j = i + 1; j < b.x.size(); ++j) {
      const double d = std::fabs(b.x[i] - b.x[j]) + std::fabs(b.y[i] - b.y[j]);
      const int r = band(d, t.row_from, t.row_to),
                c = band(std::llabs(day[i] - day[j]), t.col_from, t.col_to);
      ++out[static_cast<size_t>(r * t.cols + c)];
    }
  return out;
}

}  // namespace

TEST(NearRepeatDemo, planted_burglary_series_knox_table_equals_brute_force_and_shows_pattern) {
  const Burglaries b = generate(120, "planted");
  ASSERT_TRUE(b.truth.contains("near_repeat"));
  EXPECT_EQ(b.truth["near_repeat"]["series"], 120);
  ASSERT_GT(b.x.size(), 500u);
  ev::KnoxOptions o;
  o.band_m = 100;
  o.distance_bands = 4;
  o.band_days = 7;
  o.time_bands = 4;
  o.permutations = 19;
  o.seed = 9;
  o.threads = 2;
  const ev::KnoxTable t = ev::knox_test(b.x, b.y, b.day, o);
  const auto observed = brute(b, b.day, t);
  std::vector<int64_t> sum(t.cells.size(), 0), ge(t.cells.size(), 0);
  for (int r = 0; r < o.permutations; ++r) {
    const auto perm = brute(b, ev::knox_permutation(b.day, o.seed, r), t);
    for (size_t c = 0; c < perm.size(); ++c) {
      sum[c] += perm[c];
      ge[c] += perm[c] >= observed[c];
    }
  }
  for (size_t c = 0; c < t.cells.size(); ++c) {
    EXPECT_EQ(t.cells[c].observed, observed[c]) << c;
    EXPECT_DOUBLE_EQ(t.cells[c].expected, static_cast<double>(sum[c]) / o.permutations) << c;
    EXPECT_DOUBLE_EQ(t.cells[c].p, (1.0 + static_cast<double>(ge[c])) / (1 + o.permutations)) << c;
  }
  // Followers lie within 120 m (straight line, so < 170 m Manhattan) and 1..6 days: the
  // 1–99 m and 100–199 m rows of the first week are far above chance, with the smallest p.
  EXPECT_GT(t.at(1, 0).ratio, 3.0);
  EXPECT_GT(t.at(2, 0).ratio, 1.5);
  EXPECT_DOUBLE_EQ(t.at(1, 0).p, 0.05);
  EXPECT_NEAR(t.at(5, 4).ratio, 1.0, 0.01);

  // Chains within 170 m and 7 days hold nearly every planted follower with its source.
  const ev::Chains chains = ev::near_repeat_chains(b.x, b.y, b.day, {170, 7});
  int together = 0, followers = 0;
  for (const auto& s : b.truth["near_repeat"]["by_series"]) {
    const auto& rows = s["rows"];
    if (rows.size() < 2) continue;
    auto index = [&](int64_t row) {
      for (size_t i = 0; i < b.row.size(); ++i)
        if (b.row[i] == row) return static_cast<int>(i);
      return -1;
    };
    const int source = index(rows[0].get<int64_t>());
    ASSERT_GE(source, 0);
    for (size_t k = 1; k < rows.size(); ++k) {
      const int f = index(rows[k].get<int64_t>());
      ASSERT_GE(f, 0);
      ++followers;
      together +=
          chains.chain_of[static_cast<size_t>(f)] >= 0 &&
          chains.chain_of[static_cast<size_t>(f)] == chains.chain_of[static_cast<size_t>(source)];
    }
  }
  EXPECT_GT(followers, 100);
  EXPECT_GE(together, followers * 95 / 100);
}

TEST(NearRepeatDemo, demo_burglaries_without_planting_show_no_near_repeat_pattern) {
  const Burglaries b = generate(0, "plain");
  EXPECT_FALSE(b.truth.contains("near_repeat"));
  ev::KnoxOptions o;
  o.permutations = 99;
  const ev::KnoxTable t = ev::knox_test(b.x, b.y, b.day, o);
  EXPECT_GT(t.at(1, 0).p, 0.01);
  EXPECT_LT(t.at(1, 0).ratio, 2.0);
}
