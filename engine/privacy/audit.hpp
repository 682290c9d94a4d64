// Differencing audit: can a reader of the public tables work out a suppressed count?
//
// The attacker model (the strongest reader of a public release): they know every published
// count, every relation (a wijk is the sum of its buurten, a category the sum of its
// subcategories, ...), that zeros are always published — so every suppressed cell is ≥ 1 — and
// that primary-suppressed cells are ≤ threshold − 1, without knowing which suppressed cells are
// primary. The last fact bounds no individual cell (any suppressed cell may be secondary), so
// the feasible set is: integers ≥ 1 on suppressed cells, published values fixed, all relations
// holding. A suppressed cell is exposed when every feasible assignment gives it the same value.
//
// How it is decided, per suppressed cell:
// 1. interval propagation over all relations to a fixpoint (relations.hpp) — sound outer bounds;
//    an interval of one value is a proof of exposure (the classic "wijk minus its other buurten");
// 2. otherwise a search for a witness: an assignment satisfying every relation in which the
//    cell has another value. Found = safe (the witness is the proof, and it also proves safe
//    every other cell it moves, which then needs no search of its own). The search starts from
//    the true counts, moves the cell by ±1, ±2, ..., and repairs the relations this breaks by
//    branching on a cell of a violated relation (values nearest the truth first, every value
//    of its interval in turn), with interval propagation after each choice (cut after a few
//    hundred relation updates, which keeps it local without losing soundness). Exhausting the
//    finite intervals without a witness is a proof of exposure.
//    When the search is cut short (node budget, or an unbounded interval of which only the
//    values near the truth were tried) the cell is reported as exposed too: the audit errs on
//    the side of protecting, and protect() then suppresses one more cell.
//
// Cost: roughly linear in the number of suppressed cells for tables like the pipeline's
// (measured: 9 000 cells, 4 900 primary → 0.1 s; 11 000 cells of mostly ones → 2 s for
// protect, audit included); adversarial structures can reach the node budget.
//
//   auto states = protect(counts, relations, {.threshold = 5});
//   AuditResult a = audit_differencing(counts, states, relations, 5);
//   assert(a.safe);
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "privacy/relations.hpp"
#include "privacy/suppression.hpp"

namespace brandpunt::privacy {

struct AuditResult {
  bool safe = true;
  std::vector<uint32_t> exposed_cells;  // suppressed cells whose exact value can be derived
  std::string explanation;              // one line per exposed cell (first 20), or "safe"
};

// counts: true values; states: as returned by protect() (or any suppression pattern to test).
// Throws Error(internal) if the sizes differ or the relations do not hold for counts.
AuditResult audit_differencing(std::span<const int64_t> counts, std::span<const CellState> states,
                               const std::vector<Relation>& relations, int64_t threshold);

// The work horse, for protect(): exposure of each cell (false for published cells).
// `node_budget` caps the witness search per cell (a cut-short search counts as exposed).
enum class Exposure : uint8_t { safe, pinned, no_witness, search_cut_short };
std::vector<Exposure> find_exposures(std::span<const int64_t> counts,
                                     std::span<const uint8_t> suppressed,
                                     const std::vector<Relation>& relations,
                                     size_t node_budget = 100000);

}  // namespace brandpunt::privacy
