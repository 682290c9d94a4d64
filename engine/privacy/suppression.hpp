// Small-count protection for public outputs: primary and secondary cell suppression.
//
// Public profile (the default): no incident points, and no reader can single out an incident.
// Every published count is a cell; relations say which cells add up to which (relations.hpp).
// The rule, in the spirit of Statistics Netherlands' (CBS) cell suppression:
//
// 1. Primary suppression: a count in [1, threshold − 1] is suppressed. Zero is published: an
//    empty cell points at no incident, and publishing zeros is what lets a reader know that
//    every suppressed cell is at least 1.
// 2. Secondary suppression, to a fixpoint over all relations (a cell sits in many: the area
//    hierarchy × the category hierarchy × the period), in relation order, deterministic. A
//    relation (its total and its parts) is protected when it has no suppressed cell, or at least
//    two and either its total is suppressed too (then the parts' sum is unknown) or the
//    suppressed parts add up to at least threshold + 1 and to more than their number. Otherwise
//    its smallest non-zero published cell (ties: lowest index) is suppressed, and again until it
//    is protected. One suppressed cell would be recovered by subtraction (a wijk minus its other
//    buurten; a total minus its other categories); two suppressed cells adding up to 2 are both
//    1; a suppressed sum of at least threshold + 1 leaves every suppressed cell of the relation
//    able to reach the threshold, so a reader cannot even tell which one is small.
// 3. Audit and repair: the local rule cannot see interactions between relations (in a table
//    with row and column totals four suppressed cells can pin each other). audit.hpp decides for
//    every suppressed cell whether another value fits all relations; for each cell that is
//    exposed, the smallest non-zero published cell of its relations is suppressed (widening to
//    neighbouring relations when those have none) and steps 2–3 repeat until the audit passes.
//    This terminates: in the worst case every non-zero cell is suppressed, and then doubling all
//    counts is another solution, so no cell is pinned.
//
// Rounding (CBS's other option, to multiples of 5) is not used: it blurs every figure, where
// suppression hides only the few small ones and keeps the rest exact for trend work.
// Rates, shares and statistics derived from a suppressed count must be suppressed too; the
// pipeline does that, as it knows which figures derive from which counts. The restricted profile
// skips this module and publishes exact counts.
//
//   std::vector<int64_t> counts = {21, 12, 2, 7};          // wijk, buurt A, B, C
//   std::vector<Relation> rel = {{0, {1, 2, 3}}};          // wijk = A + B + C
//   auto states = protect(counts, rel, {.threshold = 5});
//   // states: {published, published, primary, secondary}: B = 2 is hidden, and C = 7 with it
//   // so that 21 − 12 leaves 9 = B + C, which does not give B away.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "privacy/relations.hpp"

namespace brandpunt::privacy {

struct SuppressionOptions {
  // Counts 1 .. threshold − 1 are primary-suppressed; 0 is published. 1 disables suppression.
  int64_t threshold = 5;
  // Witness-search budget per suppressed cell in the audit (nodes); a search cut short counts
  // as exposed, so a small budget over-suppresses but never under-protects.
  size_t audit_node_budget = 100000;
  // Step 3 (the global audit) costs a search per suppressed cell. false = steps 1-2 only: every
  // relation on its own is protected, but suppressed cells of crossing relations (a two-way
  // table with both margins) are not proved safe together. Callers say which they ran.
  bool audit = true;
};

enum class CellState : uint8_t { published, primary, secondary };

const char* to_string(CellState state);

// Throws Error(config) for threshold < 1 and Error(internal) for inconsistent relations
// (validate_relations). Same input, same output, whatever the machine or thread count.
std::vector<CellState> protect(std::span<const int64_t> counts,
                               const std::vector<Relation>& relations,
                               const SuppressionOptions& options = {});

}  // namespace brandpunt::privacy
