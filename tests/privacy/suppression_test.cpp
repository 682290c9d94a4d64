#include "privacy/suppression.hpp"

#include <gtest/gtest.h>

#include <random>

#include "core/error.hpp"
#include "oracle.hpp"
#include "privacy/audit.hpp"

namespace brandpunt::privacy {
namespace {

using testing::EnumerationOracle;
using testing::make_table;
using testing::Table2D;

constexpr auto P = CellState::published;
constexpr auto S1 = CellState::primary;
constexpr auto S2 = CellState::secondary;

TEST(Protect, classic_wijk_of_three_buurten_gets_a_second_suppression) {
  const std::vector<int64_t> counts = {21, 12, 2, 7};  // wijk, buurten
  const std::vector<Relation> rel = {{0, {1, 2, 3}}};
  const auto states = protect(counts, rel, {.threshold = 5});
  // The smallest other buurt (7) is hidden with the 2: 21 - 12 = 9 = x + y, x, y in [1, 8].
  EXPECT_EQ(states, (std::vector<CellState>{P, P, S1, S2}));
  EXPECT_TRUE(audit_differencing(counts, states, rel, 5).safe);
}

TEST(Protect, hidden_sum_must_reach_threshold_plus_one) {
  // 2 and 3 are both primary, but their sum 5 tells a reader both are below 5: add the 6.
  const std::vector<int64_t> counts = {31, 20, 2, 3, 6};
  const std::vector<Relation> rel = {{0, {1, 2, 3, 4}}};
  const auto states = protect(counts, rel, {.threshold = 5});
  EXPECT_EQ(states, (std::vector<CellState>{P, P, S1, S1, S2}));
}

TEST(Protect, total_is_suppressed_when_no_part_is_left) {
  // wijk 5 = 2 + 3 + 0: both parts primary, hidden sum 5 < 6 and only the total is left.
  // Then the stadsdeel (wijk 5 + wijk 40) needs a second cell too: the other wijk.
  const std::vector<int64_t> counts = {45, 5, 2, 3, 0, 40, 40};
  const std::vector<Relation> rel = {{1, {2, 3, 4}}, {0, {1, 5}}, {5, {6}}};
  const auto states = protect(counts, rel, {.threshold = 5});
  EXPECT_EQ(states[1], S2);
  EXPECT_EQ(states[4], P);  // zero stays published
  EXPECT_EQ(states[5], S2);
  EXPECT_EQ(states[6], S2);  // wijk 40 == its only buurt 40: hiding one and not the other leaks
  EXPECT_TRUE(audit_differencing(counts, states, rel, 5).safe);
}

TEST(Protect, threshold_one_suppresses_nothing) {
  auto t = make_table(3, 3, {1, 0, 2, 3, 1, 1, 0, 0, 4});
  const auto states = protect(t.counts, t.relations, {.threshold = 1});
  EXPECT_EQ(states, std::vector<CellState>(t.counts.size(), P));
}

TEST(Protect, all_zeros_suppresses_nothing) {
  auto t = make_table(4, 4, std::vector<int64_t>(16, 0));
  const auto states = protect(t.counts, t.relations, {.threshold = 5});
  EXPECT_EQ(states, std::vector<CellState>(t.counts.size(), P));
}

TEST(Protect, rejects_bad_threshold_and_inconsistent_counts) {
  const std::vector<int64_t> counts = {10, 4, 5};
  const std::vector<Relation> rel = {{0, {1, 2}}};
  EXPECT_THROW(protect(counts, rel, {.threshold = 0}), Error);
  EXPECT_THROW(protect(counts, rel, {.threshold = 5}), Error);  // 4 + 5 != 10
}

Table2D random_table(std::mt19937& rng) {
  std::uniform_int_distribution<int> size(1, 4), value(0, 15), small(0, 2);
  const size_t rows = static_cast<size_t>(size(rng)), cols = static_cast<size_t>(size(rng));
  std::vector<int64_t> inner(rows * cols);
  // One cell in three is drawn from 0..4 so that primary suppression is common.
  for (auto& v : inner) v = small(rng) == 0 ? value(rng) % 5 : value(rng);
  return make_table(rows, cols, inner);
}

TEST(Protect, no_suppressed_cell_is_determined_in_random_two_way_tables) {
  // 200 tables up to 4 x 4 with row, column and grand totals; seed fixed and logged.
  const uint32_t seed = 20240611;
  std::mt19937 rng(seed);
  int suppressed_total = 0, exposed_without_secondary = 0;
  for (int instance = 0; instance < 200; ++instance) {
    const Table2D t = random_table(rng);
    const int64_t threshold = 5;
    const auto states = protect(t.counts, t.relations, {.threshold = threshold});
    std::vector<uint8_t> mask(t.counts.size());
    int64_t max_value = 0;
    for (size_t c = 0; c < t.counts.size(); ++c) {
      const int64_t v = t.counts[c];
      max_value = std::max(max_value, v);
      // Primary exactly for 1..threshold-1; zeros always published.
      EXPECT_EQ(states[c] == S1, v >= 1 && v < threshold) << "seed " << seed << " #" << instance;
      if (v == 0) {
        EXPECT_EQ(states[c], P);
      }
      mask[c] = states[c] != P;
      suppressed_total += mask[c];
    }
    // Proof by exhaustive enumeration: every suppressed cell takes at least two values.
    EnumerationOracle oracle(t.counts, mask, t.relations, max_value + 4);
    for (uint32_t c = 0; c < t.counts.size(); ++c) {
      if (mask[c]) {
        EXPECT_TRUE(oracle.has_alternative(c))
            << "seed " << seed << " instance " << instance << " cell " << c;
      }
    }
    // The engine's own audit agrees.
    EXPECT_TRUE(audit_differencing(t.counts, states, t.relations, threshold).safe);

    // Control: primary suppression alone is often undone by differencing.
    std::vector<CellState> primary_only(t.counts.size(), P);
    for (size_t c = 0; c < t.counts.size(); ++c) {
      if (states[c] == S1) primary_only[c] = S1;
    }
    if (!audit_differencing(t.counts, primary_only, t.relations, threshold).safe) {
      ++exposed_without_secondary;
    }
  }
  EXPECT_GT(suppressed_total, 200);
  EXPECT_GT(exposed_without_secondary, 50);
}

TEST(Protect, no_suppressed_cell_is_determined_in_area_by_category_hierarchies) {
  // gemeente > 2 wijken > 1..3 buurten each, crossed with all > 2 main > 2 sub categories:
  // every cell sits in an area relation and a category relation at once.
  const uint32_t seed = 5;
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> value(0, 15), small(0, 2), buurten(1, 3);
  const std::vector<int> category_parent = {-1, 0, 0, 1, 1, 2, 2};
  int suppressed_total = 0;
  for (int instance = 0; instance < 100; ++instance) {
    std::vector<int> area_parent = {-1, 0, 0};
    for (int w = 1; w <= 2; ++w) {
      for (int b = buurten(rng); b > 0; --b) area_parent.push_back(w);
    }
    std::vector<int64_t> leaves((area_parent.size() - 3) * 4);
    for (auto& v : leaves) v = small(rng) == 0 ? value(rng) % 5 : value(rng);
    const auto t = testing::make_cross_table(area_parent, category_parent, leaves);
    const auto states = protect(t.counts, t.relations, {.threshold = 5});
    std::vector<uint8_t> mask(t.counts.size());
    int64_t max_value = 0;
    for (size_t c = 0; c < t.counts.size(); ++c) {
      mask[c] = states[c] != P;
      max_value = std::max(max_value, t.counts[c]);
      suppressed_total += mask[c];
    }
    EnumerationOracle oracle(t.counts, mask, t.relations, max_value + 4);
    for (uint32_t c = 0; c < t.counts.size(); ++c) {
      if (mask[c]) {
        EXPECT_TRUE(oracle.has_alternative(c))
            << "seed " << seed << " instance " << instance << " cell " << c;
      }
    }
  }
  EXPECT_GT(suppressed_total, 100);
}

TEST(Protect, is_deterministic) {
  std::mt19937 rng(7);
  for (int i = 0; i < 20; ++i) {
    const Table2D t = random_table(rng);
    const auto a = protect(t.counts, t.relations);
    const auto b = protect(t.counts, t.relations);
    EXPECT_EQ(a, b);
  }
}

}  // namespace
}  // namespace brandpunt::privacy
