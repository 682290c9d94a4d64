#include "privacy/relations.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace brandpunt::privacy {
namespace {

TEST(ValidateRelations, rejects_broken_relations) {
  const std::vector<int64_t> counts = {10, 4, 6};
  EXPECT_NO_THROW(validate_relations(3, {{0, {1, 2}}}, counts));
  EXPECT_THROW(validate_relations(3, {{0, {1, 1}}}, counts), Error);  // cell twice
  EXPECT_THROW(validate_relations(3, {{0, {0, 1}}}, counts), Error);  // total among parts
  EXPECT_THROW(validate_relations(3, {{0, {1, 3}}}, counts), Error);  // out of range
  EXPECT_THROW(validate_relations(3, {{0, {1}}}, counts), Error);     // 4 != 10
  const std::vector<int64_t> negative = {-1, 0, -1};
  EXPECT_THROW(validate_relations(3, {}, negative), Error);
}

TEST(IntervalPropagator, derives_a_part_from_total_and_siblings) {
  // wijk 21 = 12 + x + 7  ->  x = 2 exactly.
  std::vector<Relation> rel = {{0, {1, 2, 3}}};
  IntervalPropagator p(4, rel);
  p.restrict(0, 21, 21);
  p.restrict(1, 12, 12);
  p.restrict(2, 1, kUnbounded);
  p.restrict(3, 7, 7);
  ASSERT_TRUE(p.propagate());
  EXPECT_TRUE(p.fixed(2));
  EXPECT_EQ(p.lo(2), 2);
}

TEST(IntervalPropagator, bounds_two_hidden_parts_and_undoes) {
  // 21 = 12 + x + y with x, y >= 1  ->  x, y in [1, 8].
  std::vector<Relation> rel = {{0, {1, 2, 3}}};
  IntervalPropagator p(4, rel);
  p.restrict(0, 21, 21);
  p.restrict(1, 12, 12);
  p.restrict(2, 1, kUnbounded);
  p.restrict(3, 1, kUnbounded);
  ASSERT_TRUE(p.propagate());
  EXPECT_EQ(p.lo(2), 1);
  EXPECT_EQ(p.hi(2), 8);
  EXPECT_EQ(p.hi(3), 8);
  const size_t m = p.mark();
  p.restrict(2, 5, 5);
  ASSERT_TRUE(p.propagate());
  EXPECT_TRUE(p.fixed(3));
  EXPECT_EQ(p.lo(3), 4);
  p.undo(m);
  EXPECT_EQ(p.lo(3), 1);
  EXPECT_EQ(p.hi(3), 8);
  // Contradictions are reported: directly by restrict, or by propagation (x + y = 9, both >= 5).
  EXPECT_FALSE(p.restrict(2, 9, 9));
  p.undo(m);
  ASSERT_TRUE(p.restrict(2, 5, 8));
  ASSERT_TRUE(p.restrict(3, 5, 8));
  EXPECT_FALSE(p.propagate());
}

TEST(IntervalPropagator, unbounded_total_leaves_parts_unbounded) {
  std::vector<Relation> rel = {{0, {1, 2}}};
  IntervalPropagator p(3, rel);
  p.restrict(0, 1, kUnbounded);
  p.restrict(1, 1, kUnbounded);
  p.restrict(2, 3, 3);
  ASSERT_TRUE(p.propagate());
  EXPECT_EQ(p.lo(0), 4);
  EXPECT_EQ(p.hi(0), kUnbounded);
  EXPECT_EQ(p.hi(1), kUnbounded);
}

}  // namespace
}  // namespace brandpunt::privacy
