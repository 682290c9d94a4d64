// Knox tables with Monte Carlo significance against an independent brute-force computation
// (every pair, every permutation), a planted near-repeat pattern, chains, and the area-level
// table from a count cube.
#include "evaluate/near_repeat.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "core/error.hpp"

namespace ev = brandpunt::evaluate;

namespace {

struct Points {
  std::vector<double> x, y;
  std::vector<int64_t> day;
  void add(double px, double py, int64_t d) {
    x.push_back(px);
    y.push_back(py);
    day.push_back(d);
  }
};

// Background over 4 km × 4 km and a year, plus `chains` planted near-repeat groups: a source
// incident and two followers within 60 m and 5 days (std::mt19937_64, seed logged in the name).
Points make_points(int background, int chains, uint64_t seed) {
  std::mt19937_64 gen(seed);
  std::uniform_real_distribution<double> u(0, 4000);
  std::uniform_int_distribution<int64_t> d(19000, 19364);
  Points p;
  for (int i = 0; i < background; ++i)
    p.add(std::round(u(gen) * 100) / 100, std::round(u(gen) * 100) / 100, d(gen));
  std::uniform_real_distribution<double> off(-30, 30);
  std::uniform_int_distribution<int64_t> later(1, 5);
  for (int c = 0; c < chains; ++c) {
    const double x = u(gen), y = u(gen);
    const int64_t t = d(gen);
    p.add(x, y, t);
    for (int k = 0; k < 2; ++k) p.add(x + off(gen), y + off(gen), t + later(gen));
  }
  return p;
}

// Row and column of a pair from the table's own stated bounds, by search.
int band_of(double v, const std::vector<double>& from, const std::vector<double>& to) {
  for (size_t r = 0; r < from.size(); ++r)
    if (v >= from[r] && v < to[r]) return static_cast<int>(r);
  return -1;
}
int band_of(int64_t v, const std::vector<int64_t>& from, const std::vector<int64_t>& to) {
  for (size_t c = 0; c < from.size(); ++c)
    if (v >= from[c] && (to[c] < 0 || v < to[c])) return static_cast<int>(c);
  return -1;
}

std::vector<int64_t> brute_table(const Points& p, const std::vector<int64_t>& day,
                                 const ev::KnoxTable& t, ev::DistanceMetric m) {
  std::vector<int64_t> out(t.cells.size(), 0);
  for (size_t i = 0; i < p.x.size(); ++i)
    for (size_t j = i + 1; j < p.x.size(); ++j) {
      const double dx = p.x[i] - p.x[j], dy = p.y[i] - p.y[j];
      const double d = m == ev::DistanceMetric::manhattan ? std::fabs(dx) + std::fabs(dy)
                                                          : std::sqrt(dx * dx + dy * dy);
      const int r = band_of(d, t.row_from, t.row_to);
      const int c = band_of(std::llabs(day[i] - day[j]), t.col_from, t.col_to);
      EXPECT_GE(r, 0);
      EXPECT_GE(c, 0);
      ++out[static_cast<size_t>(r * t.cols + c)];
    }
  return out;
}

void expect_equals_brute_force(const Points& p, const ev::KnoxOptions& o) {
  const ev::KnoxTable t = ev::knox_test(p.x, p.y, p.day, o);
  const auto observed = brute_table(p, p.day, t, o.metric);
  std::vector<int64_t> sum(t.cells.size(), 0), ge(t.cells.size(), 0);
  for (int r = 0; r < o.permutations; ++r) {
    const auto perm = brute_table(p, ev::knox_permutation(p.day, o.seed, r), t, o.metric);
    for (size_t c = 0; c < perm.size(); ++c) {
      sum[c] += perm[c];
      ge[c] += perm[c] >= observed[c];
    }
  }
  int64_t total = 0;
  for (size_t c = 0; c < t.cells.size(); ++c) {
    EXPECT_EQ(t.cells[c].observed, observed[c]) << "cell " << c;
    EXPECT_DOUBLE_EQ(t.cells[c].expected, static_cast<double>(sum[c]) / o.permutations) << c;
    EXPECT_DOUBLE_EQ(t.cells[c].p, (1.0 + static_cast<double>(ge[c])) / (1 + o.permutations)) << c;
    total += t.cells[c].observed;
  }
  EXPECT_EQ(total, t.pairs);
}

}  // namespace

TEST(Knox, table_and_monte_carlo_p_equal_brute_force_manhattan_seed_11) {
  const Points p = make_points(300, 20, 11);
  ev::KnoxOptions o;
  o.band_m = 100;
  o.distance_bands = 3;
  o.band_days = 7;
  o.time_bands = 3;
  o.permutations = 19;
  o.seed = 5;
  expect_equals_brute_force(p, o);
}

TEST(Knox, table_and_monte_carlo_p_equal_brute_force_euclidean_threads_seed_12) {
  Points p = make_points(250, 15, 12);
  p.add(p.x[3], p.y[3], p.day[3] + 2);  // a repeat at the very same location
  ev::KnoxOptions o;
  o.band_m = 250;
  o.distance_bands = 2;
  o.band_days = 14;
  o.time_bands = 2;
  o.metric = ev::DistanceMetric::euclidean;
  o.permutations = 9;
  o.seed = 77;
  o.threads = 2;
  expect_equals_brute_force(p, o);
  const ev::KnoxTable t = ev::knox_test(p.x, p.y, p.day, o);
  EXPECT_GE(t.at(0, 0).observed, 1);  // same location, 0–13 days
  o.threads = 1;
  const ev::KnoxTable one = ev::knox_test(p.x, p.y, p.day, o);
  for (size_t c = 0; c < t.cells.size(); ++c) {
    EXPECT_EQ(one.cells[c].expected, t.cells[c].expected);
    EXPECT_EQ(one.cells[c].p, t.cells[c].p);
  }
}

TEST(Knox, planted_near_repeats_are_overrepresented_and_significant) {
  const Points p = make_points(600, 60, 13);
  ev::KnoxOptions o;  // 100 m × 4 bands, 7 days × 4 bands, 99 permutations
  const ev::KnoxTable t = ev::knox_test(p.x, p.y, p.day, o);
  EXPECT_EQ(t.rows, 6);
  EXPECT_EQ(t.cols, 5);
  EXPECT_GT(t.at(1, 0).ratio, 3.0);  // 1–99 m, 0–6 days
  EXPECT_NEAR(t.at(1, 0).p, 0.01, 1e-15);
  // Far apart or long after: nothing special.
  EXPECT_NEAR(t.at(5, 4).ratio, 1.0, 0.01);
  EXPECT_GT(t.at(4, 3).p, 0.01);
}

TEST(Knox, data_without_near_repeats_show_no_pattern) {
  const Points p = make_points(800, 0, 14);
  ev::KnoxOptions o;
  o.permutations = 199;
  const ev::KnoxTable t = ev::knox_test(p.x, p.y, p.day, o);
  int small = 0;
  for (const auto& c : t.cells) small += c.p <= 0.01;
  EXPECT_LE(small, 2);  // about 0.3 of 30 cells by chance
}

TEST(Knox, invalid_options_name_the_key) {
  const Points p = make_points(10, 0, 1);
  ev::KnoxOptions o;
  o.band_m = 0;
  try {
    ev::knox_test(p.x, p.y, p.day, o);
    FAIL();
  } catch (const brandpunt::Error& e) {
    EXPECT_EQ(e.field(), "band_m");
  }
  o = {};
  o.permutations = 0;
  EXPECT_THROW(ev::knox_test(p.x, p.y, p.day, o), brandpunt::Error);
  EXPECT_THROW(ev::parse_distance_metric("network"), brandpunt::Error);
}

TEST(Chains, link_incidents_close_in_space_and_time_and_number_by_first_day) {
  Points p;
  p.add(0, 0, 100);     // 0: chain B (starts day 100)
  p.add(50, 0, 103);    // 1: chain B
  p.add(90, 40, 108);   // 2: chain B via 1 (50 + 40 = 90 m Manhattan, 5 days)
  p.add(1000, 0, 50);   // 3: chain A (starts day 50)
  p.add(1000, 10, 52);  // 4: chain A
  p.add(0, 0, 200);     // 5: same place, much later: alone
  p.add(5000, 0, 100);  // 6: alone
  const ev::Chains c = ev::near_repeat_chains(p.x, p.y, p.day, {100, 7});
  ASSERT_EQ(c.size.size(), 2u);
  EXPECT_EQ(c.chain_of, (std::vector<int32_t>{1, 1, 1, 0, 0, -1, -1}));
  EXPECT_EQ(c.size, (std::vector<uint32_t>{2, 3}));
  EXPECT_EQ(c.first_day, (std::vector<int64_t>{50, 100}));
  EXPECT_EQ(c.last_day, (std::vector<int64_t>{52, 108}));
  EXPECT_EQ(c.links, 3);
  // Euclidean: 1 -> 2 is sqrt(40² + 40²) = 56.6 m, still linked; 7 days apart is not (< 7).
  p.add(0, 0, 107);  // 7: 7 days after 0, 4 after 1: linked through 1
  const ev::Chains e =
      ev::near_repeat_chains(p.x, p.y, p.day, {100, 7, ev::DistanceMetric::euclidean});
  EXPECT_EQ(e.chain_of[7], e.chain_of[0]);
  EXPECT_EQ(e.size[1], 4u);
}

TEST(AreaKnox, pair_counts_and_permutations_equal_brute_force) {
  // 6 areas on a line (i ~ i+1), 5 steps.
  const size_t areas = 6, steps = 5;
  std::vector<std::vector<uint32_t>> nb(areas);
  for (uint32_t a = 0; a + 1 < areas; ++a) {
    nb[a].push_back(a + 1);
    nb[a + 1].push_back(a);
  }
  std::mt19937_64 gen(21);
  std::uniform_int_distribution<int64_t> cnt(0, 4);
  std::vector<int64_t> cube(areas * steps);
  for (auto& v : cube) v = cnt(gen);
  cube[2 * steps + 3] = 9;  // a burst in area 2, step 3, spilling into area 3
  cube[3 * steps + 3] = 7;
  ev::AreaKnoxOptions o;
  o.lags = 2;
  o.permutations = 25;
  o.seed = 4;
  const ev::KnoxTable t = ev::area_knox_test(cube, areas, steps, nb, o);
  // The incidents one by one, in the order the test expands them (area, step, copy).
  std::vector<int64_t> area_of, step_of;
  for (size_t a = 0; a < areas; ++a)
    for (size_t s = 0; s < steps; ++s)
      for (int64_t k = 0; k < cube[a * steps + s]; ++k) {
        area_of.push_back(static_cast<int64_t>(a));
        step_of.push_back(static_cast<int64_t>(s));
      }
  auto brute = [&](const std::vector<int64_t>& st) {
    std::vector<int64_t> out(t.cells.size(), 0);
    for (size_t i = 0; i < st.size(); ++i)
      for (size_t j = i + 1; j < st.size(); ++j) {
        const int64_t da = std::llabs(area_of[i] - area_of[j]);
        const int r = da == 0 ? 0 : (da == 1 ? 1 : 2);
        const int64_t lag = std::llabs(st[i] - st[j]);
        const int c = lag < o.lags ? static_cast<int>(lag) : o.lags;
        ++out[static_cast<size_t>(r * t.cols + c)];
      }
    return out;
  };
  const auto observed = brute(step_of);
  std::vector<int64_t> sum(t.cells.size(), 0), ge(t.cells.size(), 0);
  for (int r = 0; r < o.permutations; ++r) {
    const auto perm = brute(ev::knox_permutation(step_of, o.seed, r));
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
  EXPECT_GT(t.at(0, 0).ratio, 1.0);  // the burst: same area, same step
}
