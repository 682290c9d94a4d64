#include "privacy/audit.hpp"

#include <gtest/gtest.h>

#include <random>

#include "core/error.hpp"
#include "oracle.hpp"

namespace brandpunt::privacy {
namespace {

using testing::EnumerationOracle;
using testing::make_table;

constexpr auto P = CellState::published;
constexpr auto S1 = CellState::primary;
constexpr auto S2 = CellState::secondary;

TEST(Audit, wijk_minus_other_buurten_recovers_a_lone_suppressed_count) {
  // wijk 21 = buurten 12 + 2 + 7; the 2 alone is hidden: 21 - 12 - 7 = 2.
  const std::vector<int64_t> counts = {21, 12, 2, 7};
  const std::vector<Relation> rel = {{0, {1, 2, 3}}};
  const std::vector<CellState> lone = {P, P, S1, P};
  AuditResult a = audit_differencing(counts, lone, rel, 5);
  EXPECT_FALSE(a.safe);
  EXPECT_EQ(a.exposed_cells, std::vector<uint32_t>{2});
  EXPECT_NE(a.explanation.find("cell 2"), std::string::npos);

  const std::vector<CellState> paired = {P, P, S1, S2};  // 2 and 7 hidden: 9 = x + y
  a = audit_differencing(counts, paired, rel, 5);
  EXPECT_TRUE(a.safe) << a.explanation;
}

TEST(Audit, two_hidden_ones_are_both_exposed) {
  // 14 = 12 + 1 + 1: the hidden pair sums to 2, so both are 1.
  const std::vector<int64_t> counts = {14, 12, 1, 1};
  const std::vector<Relation> rel = {{0, {1, 2, 3}}};
  AuditResult a = audit_differencing(counts, std::vector<CellState>{P, P, S1, S1}, rel, 5);
  EXPECT_EQ(a.exposed_cells, (std::vector<uint32_t>{2, 3}));
}

TEST(Audit, pins_cascade_from_a_column_into_the_rows) {
  // Inner cells          row totals      Suppressed: a b / c d.
  //   a=1  b=2  9    |   12              Column 0: a + c = 2 with a, c >= 1 pins a = c = 1.
  //   c=1  d=3  9    |   13              Row 0 alone (a + b = 3) pins nothing, but with a = 1
  //   col totals 2 5 18                  it gives b = 2; likewise d = 3: only combining
  //                                      relations exposes b and d.
  auto t = make_table(2, 3, {1, 2, 9, 1, 3, 9});
  std::vector<CellState> st(t.counts.size(), P);
  for (uint32_t c : {t.inner(0, 0), t.inner(0, 1), t.inner(1, 0), t.inner(1, 1)}) st[c] = S1;
  AuditResult a = audit_differencing(t.counts, st, t.relations, 5);
  EXPECT_FALSE(a.safe);
  EXPECT_EQ(a.exposed_cells,
            (std::vector<uint32_t>{t.inner(0, 0), t.inner(0, 1), t.inner(1, 0), t.inner(1, 1)}));
}

TEST(Audit, rejects_suppressed_zero_and_bad_sizes) {
  const std::vector<int64_t> counts = {3, 3, 0};
  const std::vector<Relation> rel = {{0, {1, 2}}};
  EXPECT_THROW(audit_differencing(counts, std::vector<CellState>{S1, S1, S2}, rel, 5), Error);
  EXPECT_THROW(audit_differencing(counts, std::vector<CellState>{S1, S1}, rel, 5), Error);
}

TEST(Audit, agrees_with_exhaustive_enumeration_on_random_patterns) {
  // Random suppression patterns (not produced by protect) on small two-way tables: whatever
  // the oracle proves pinned, the audit must flag (soundness); and every cell the audit flags
  // as proven (pinned / no witness) the oracle must confirm (no false alarms on proofs).
  std::mt19937 rng(4242);
  std::uniform_int_distribution<int> size(2, 3), value(0, 9), coin(0, 2);
  int pinned_seen = 0, safe_seen = 0;
  for (int instance = 0; instance < 120; ++instance) {
    const size_t rows = static_cast<size_t>(size(rng)), cols = static_cast<size_t>(size(rng));
    std::vector<int64_t> inner(rows * cols);
    for (auto& v : inner) v = value(rng);
    auto t = make_table(rows, cols, inner);
    std::vector<uint8_t> mask(t.counts.size(), 0);
    for (size_t c = 0; c < t.counts.size(); ++c) mask[c] = t.counts[c] > 0 && coin(rng) == 0;
    const auto exp = find_exposures(t.counts, mask, t.relations);
    int64_t max_value = 0;
    for (int64_t v : t.counts) max_value = std::max(max_value, v);
    EnumerationOracle oracle(t.counts, mask, t.relations, max_value + 10);
    for (uint32_t c = 0; c < t.counts.size(); ++c) {
      if (!mask[c]) continue;
      const bool alt = oracle.has_alternative(c);
      if (!alt) {
        EXPECT_NE(exp[c], Exposure::safe) << "instance " << instance << " cell " << c;
        ++pinned_seen;
      } else {
        EXPECT_EQ(exp[c], Exposure::safe) << "instance " << instance << " cell " << c;
        ++safe_seen;
      }
    }
  }
  EXPECT_GT(pinned_seen, 10);  // the instances do exercise exposure
  EXPECT_GT(safe_seen, 10);
}

}  // namespace
}  // namespace brandpunt::privacy
