#include "time/emerging.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.hpp"
#include "time/space_time.hpp"

namespace bt = brandpunt::time;
using bt::Emerging;

namespace {

struct Series {
  std::vector<double> z, p;
};

// One character a step: 'H' significant hot (z = 3, p = 0.0027), 'C' significant cold
// (z = -3), '.' not significant (z alternating +0.5 / -0.4, p > 0.6).
Series from_pattern(const std::string& pattern) {
  Series s;
  for (size_t t = 0; t < pattern.size(); ++t) {
    const char c = pattern[t];
    s.z.push_back(c == 'H' ? 3.0 : c == 'C' ? -3.0 : (t % 2 ? 0.5 : -0.4));
    s.p.push_back(bt::two_sided_normal_p(s.z.back()));
  }
  return s;
}

Series from_z(const std::vector<double>& z) {
  Series s{z, {}};
  for (double v : z) s.p.push_back(bt::two_sided_normal_p(v));
  return s;
}

bt::EmergingResult classify(const Series& s) {
  return bt::classify_emerging_detail(s.z, s.p, bt::EmergingOptions{});
}

Series negate(Series s) {
  for (double& v : s.z) v = -v;
  return s;
}

// 20 steps each; 90% of 20 = 18 steps.
Series intensifying_hot() {
  std::vector<double> z;
  for (int t = 0; t < 20; ++t) z.push_back(2.0 + 0.1 * t);  // all hot, z rising
  return from_z(z);
}
Series diminishing_hot() {
  std::vector<double> z;
  for (int t = 0; t < 20; ++t) z.push_back(4.0 - 0.1 * t);  // all hot, z falling
  return from_z(z);
}
Series persistent_hot() {
  std::vector<double> z;
  for (int t = 0; t < 20; ++t) z.push_back(t % 2 ? 2.5 : 3.0);  // all hot, no trend (S = -10)
  return from_z(z);
}

}  // namespace

TEST(Emerging, every_hot_category_from_its_own_series) {
  struct Case {
    const char* name;
    Series s;
    Emerging want;
    int since;
  };
  const std::vector<Case> cases = {
      {"no pattern", from_pattern("...................."), Emerging::no_pattern, -1},
      {"new", from_pattern("...................H"), Emerging::new_hot, 19},
      {"new after cold spots", from_pattern("..CC...............H"), Emerging::new_hot, 19},
      {"consecutive", from_pattern("................HHHH"), Emerging::consecutive_hot, 16},
      {"consecutive after a cold spot", from_pattern(".....C..........HHHH"),
       Emerging::consecutive_hot, 16},
      {"intensifying", intensifying_hot(), Emerging::intensifying_hot, 0},
      {"persistent", persistent_hot(), Emerging::persistent_hot, 0},
      {"diminishing", diminishing_hot(), Emerging::diminishing_hot, 0},
      {"sporadic", from_pattern("..H....H.....H....HH"), Emerging::sporadic_hot, 18},
      {"oscillating", from_pattern("..C....H.....C.....H"), Emerging::oscillating_hot, 19},
      {"historical", from_pattern("HHHHHHHHHHHHHHHHHHH."), Emerging::historical_hot, 19},
  };
  for (const Case& c : cases) {
    const bt::EmergingResult r = classify(c.s);
    EXPECT_EQ(r.category, c.want) << c.name << ": got " << bt::to_string(r.category);
    EXPECT_EQ(r.since_step, c.since) << c.name;
    EXPECT_EQ(bt::classify_emerging(c.s.z, c.s.p), c.want) << c.name;
  }
  // The trend test behind the three 90% categories.
  EXPECT_LT(classify(intensifying_hot()).trend.p, 0.10);
  EXPECT_GT(classify(intensifying_hot()).trend.S, 0);
  EXPECT_GT(classify(persistent_hot()).trend.p, 0.10);
}

TEST(Emerging, every_cold_category_from_its_own_series) {
  struct Case {
    const char* name;
    Series s;
    Emerging want;
  };
  const std::vector<Case> cases = {
      {"new", from_pattern("...................C"), Emerging::new_cold},
      {"consecutive", from_pattern("..............CCCCCC"), Emerging::consecutive_cold},
      {"intensifying (ever colder)", negate(intensifying_hot()), Emerging::intensifying_cold},
      {"persistent", negate(persistent_hot()), Emerging::persistent_cold},
      {"diminishing (warming up)", negate(diminishing_hot()), Emerging::diminishing_cold},
      {"sporadic", from_pattern(".C......C..C.......C"), Emerging::sporadic_cold},
      {"oscillating", from_pattern("...H..C....H.....CCC"), Emerging::oscillating_cold},
      {"historical", from_pattern("CCCCCCCCCCCCCCCCC.CC."), Emerging::historical_cold},
  };
  for (const Case& c : cases) {
    const Emerging got = classify(c.s).category;
    EXPECT_EQ(got, c.want) << c.name << ": got " << bt::to_string(got);
    EXPECT_TRUE(bt::is_cold(got)) << c.name;
    EXPECT_FALSE(bt::is_hot(got)) << c.name;
  }
}

TEST(Emerging, the_ninety_percent_boundary_is_inclusive) {
  // 18 of 20 hot (exactly 90%) with a gap: persistent (>= 90%), not sporadic.
  EXPECT_EQ(classify(from_pattern("HHHH.HHHHHHHH.HHHHHH")).category, Emerging::persistent_hot);
  // 17 of 20: sporadic.
  EXPECT_EQ(classify(from_pattern("HHH..HHHHHHHH.HHHHHH")).category, Emerging::sporadic_hot);
  // A final run of 18 with nothing before it is >= 90%, so not "consecutive" (it rises from
  // the quiet start: S = 37, p = 0.024, intensifying).
  EXPECT_EQ(classify(from_pattern("..HHHHHHHHHHHHHHHHHH")).category, Emerging::intensifying_hot);
  // A final run of 17 with nothing before it is consecutive.
  EXPECT_EQ(classify(from_pattern("...HHHHHHHHHHHHHHHHH")).category, Emerging::consecutive_hot);
  // Historical needs >= 90% hot: 18 of 20 is historical, 16 of 20 no pattern.
  EXPECT_EQ(classify(from_pattern("HHHHHHHHHHHH.HHHHHH.")).category, Emerging::historical_hot);
  EXPECT_EQ(classify(from_pattern("HH..HHHHHHHH.HHHHHH.")).category, Emerging::no_pattern);
}

TEST(Emerging, significance_uses_alpha_and_short_series_have_no_trend) {
  // z = 1.8 has p = 0.072: hot at alpha 0.10, not at 0.05.
  const Series s = from_z({0.1, -0.2, 0.3, 1.8});
  EXPECT_EQ(bt::classify_emerging(s.z, s.p, 0.10), Emerging::new_hot);
  EXPECT_EQ(bt::classify_emerging(s.z, s.p, 0.05), Emerging::no_pattern);
  // Three steps, all hot and rising: too short for Mann-Kendall, so persistent, flagged.
  const bt::EmergingResult r = classify(from_z({2.0, 3.0, 4.0}));
  EXPECT_EQ(r.category, Emerging::persistent_hot);
  EXPECT_TRUE(r.trend.too_short);
  EXPECT_EQ(classify(from_z({})).category, Emerging::no_pattern);
  const std::vector<double> z = {1, 2}, p = {0.5};
  EXPECT_THROW(bt::classify_emerging(z, p), brandpunt::Error);
}

TEST(Emerging, string_keys_are_stable) {
  EXPECT_STREQ(bt::to_string(Emerging::no_pattern), "no_pattern");
  EXPECT_STREQ(bt::to_string(Emerging::new_hot), "new_hot_spot");
  EXPECT_STREQ(bt::to_string(Emerging::intensifying_hot), "intensifying_hot_spot");
  EXPECT_STREQ(bt::to_string(Emerging::historical_cold), "historical_cold_spot");
  EXPECT_STREQ(bt::to_string(Emerging::oscillating_cold), "oscillating_cold_spot");
}

TEST(Emerging, end_to_end_on_a_grid_cube_finds_a_consecutive_hot_spot) {
  // 5 x 5 grid of cells (rook neighbours), 24 months; the centre cell and its four neighbours
  // jump from 1 to 12 incidents a month in the last three months.
  const size_t side = 5, n = side * side, T = 24;
  std::vector<std::vector<uint32_t>> lists(n);
  for (size_t r = 0; r < side; ++r)
    for (size_t c = 0; c < side; ++c) {
      auto id = [&](size_t rr, size_t cc) { return static_cast<uint32_t>(rr * side + cc); };
      if (r > 0) lists[id(r, c)].push_back(id(r - 1, c));
      if (r + 1 < side) lists[id(r, c)].push_back(id(r + 1, c));
      if (c > 0) lists[id(r, c)].push_back(id(r, c - 1));
      if (c + 1 < side) lists[id(r, c)].push_back(id(r, c + 1));
    }
  const brandpunt::weights::Weights w = brandpunt::weights::from_lists(lists, "rook");
  bt::Cube cube;
  cube.n_locations = n;
  cube.n_steps = T;
  cube.counts.assign(n * T, 1);
  for (uint32_t cell : {12u, 7u, 11u, 13u, 17u})
    for (size_t t = 21; t < T; ++t) cube.counts[cell * T + t] = 12;
  const bt::Window window{bt::parse_iso_date("2024-01-01"), bt::parse_iso_date("2026-01-01"),
                          bt::Step::month};
  const std::vector<bt::EmergingResult> res = bt::emerging_hot_spots(w, cube, 0);
  ASSERT_EQ(res.size(), n);
  EXPECT_EQ(res[12].category, Emerging::consecutive_hot) << bt::to_string(res[12].category);
  EXPECT_EQ(bt::since_label(res[12], window), "2025-10");
  EXPECT_EQ(res[0].category, Emerging::no_pattern) << bt::to_string(res[0].category);
  EXPECT_EQ(bt::since_label(res[0], window), "");
  // With the FDR correction the strong spike survives and the quiet corner stays quiet.
  bt::EmergingOptions fdr;
  fdr.fdr = true;
  const std::vector<bt::EmergingResult> res_fdr = bt::emerging_hot_spots(w, cube, 0, fdr);
  EXPECT_EQ(res_fdr[12].category, Emerging::consecutive_hot);
  EXPECT_EQ(res_fdr[0].category, Emerging::no_pattern);
  int hot_raw = 0, hot_fdr = 0;
  for (size_t i = 0; i < n; ++i) hot_raw += res[i].n_hot, hot_fdr += res_fdr[i].n_hot;
  EXPECT_LE(hot_fdr, hot_raw);
}

TEST(Emerging, results_are_identical_at_any_thread_count) {
  // A 40 x 40 rook grid (1,600 locations: several chunks per thread) of pseudo-random counts.
  const size_t side = 40, n = side * side, T = 30;
  std::vector<std::vector<uint32_t>> lists(n);
  for (size_t r = 0; r < side; ++r)
    for (size_t c = 0; c < side; ++c) {
      const auto id = static_cast<uint32_t>(r * side + c);
      if (r > 0) lists[id].push_back(id - static_cast<uint32_t>(side));
      if (r + 1 < side) lists[id].push_back(id + static_cast<uint32_t>(side));
      if (c > 0) lists[id].push_back(id - 1);
      if (c + 1 < side) lists[id].push_back(id + 1);
    }
  const brandpunt::weights::Weights w = brandpunt::weights::from_lists(lists, "rook");
  bt::Cube cube;
  cube.n_locations = n;
  cube.n_steps = T;
  uint64_t state = 42;
  for (size_t k = 0; k < n * T; ++k) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const size_t loc = k / T;
    cube.counts.push_back(static_cast<uint32_t>((state >> 59) + (loc % side < 8 && loc / side < 8 ? (k % T) / 3 : 0)));
  }
  bt::EmergingOptions one, many;
  one.fdr = many.fdr = true;
  many.threads = 3;
  const auto a = bt::emerging_hot_spots(w, cube, 1, one);
  const auto b = bt::emerging_hot_spots(w, cube, 1, many);
  ASSERT_EQ(a.size(), b.size());
  int hot = 0;
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(a[i].category, b[i].category) << i;
    EXPECT_EQ(a[i].since_step, b[i].since_step) << i;
    EXPECT_EQ(a[i].n_hot, b[i].n_hot) << i;
    EXPECT_EQ(a[i].trend.S, b[i].trend.S) << i;
    hot += bt::is_hot(a[i].category);
  }
  EXPECT_GT(hot, 0);  // the rising corner is found, so the comparison covers real patterns
  const auto z1 = bt::space_time_gi_star(w, cube, 1, 1);
  const auto z2 = bt::space_time_gi_star(w, cube, 1, 2);
  EXPECT_EQ(z1, z2);
}

TEST(Emerging, a_bin_below_the_minimum_count_is_never_hot) {
  // One buurt on a 7 x 7 rook grid jumps from 1 to 30 incidents a month in the last 4 months;
  // its four neighbours keep 1 a month. Their Gi* sums include the busy buurt, so without a
  // minimum they are "consecutive hot spots" built on 1 incident a month.
  const size_t side = 7, n = side * side, T = 24;
  std::vector<std::vector<uint32_t>> lists(n);
  for (size_t r = 0; r < side; ++r)
    for (size_t c = 0; c < side; ++c) {
      const auto id = static_cast<uint32_t>(r * side + c);
      if (r > 0) lists[id].push_back(id - static_cast<uint32_t>(side));
      if (r + 1 < side) lists[id].push_back(id + static_cast<uint32_t>(side));
      if (c > 0) lists[id].push_back(id - 1);
      if (c + 1 < side) lists[id].push_back(id + 1);
    }
  const brandpunt::weights::Weights w = brandpunt::weights::from_lists(lists, "rook");
  bt::Cube cube;
  cube.n_locations = n;
  cube.n_steps = T;
  cube.counts.assign(n * T, 1);
  const size_t centre = 24;
  for (size_t t = T - 4; t < T; ++t) cube.counts[centre * T + t] = 30;
  const auto plain = bt::emerging_hot_spots(w, cube, 0);
  ASSERT_EQ(plain[centre].category, Emerging::consecutive_hot);
  ASSERT_EQ(plain[centre + 1].category, Emerging::consecutive_hot);  // 1 incident a month
  bt::EmergingOptions o;
  o.min_hot_count = 3;
  const auto strict = bt::emerging_hot_spots(w, cube, 0, o);
  EXPECT_EQ(strict[centre].category, Emerging::consecutive_hot);
  EXPECT_EQ(strict[centre].n_hot, 4);
  EXPECT_EQ(strict[centre].n_steps, 24);
  for (size_t nb : {centre - 1, centre + 1, centre - side, centre + side}) {
    EXPECT_EQ(strict[nb].category, Emerging::no_pattern) << nb;
    EXPECT_EQ(strict[nb].n_hot, 0) << nb;
  }
  // Counts of another length are refused.
  const std::vector<double> z(3, 3.0), p(3, 0.001);
  const std::vector<uint32_t> counts(2, 5);
  EXPECT_THROW(bt::classify_emerging_detail(z, p, o, counts), brandpunt::Error);
}
