// Additive relations between the cells of a set of published tables, and the interval
// reasoning an attacker (or our auditor) can do with them.
//
// A cell is one published count (incidents of one category in one area in one period). A
// Relation says count[total] == Σ count[parts]: a wijk is the sum of its buurten, a main
// category the sum of its subcategories, a year the sum of its months. The privacy module does
// not know how the pipeline lays out its tables; it sees only cell indices and relations.
//
// IntervalPropagator keeps an interval [lo, hi] per cell and tightens it with every relation
// until nothing changes (bounds consistency): for total = Σ parts,
//   total ∈ [Σ lo(parts), Σ hi(parts)],   part_k ∈ [lo(total) − Σ_{j≠k} hi(part_j),
//                                                    hi(total) − Σ_{j≠k} lo(part_j)].
// The result is a sound outer bound of every cell's feasible values: if an interval shrinks to a
// single value, an attacker can derive that value exactly. Changes are recorded on a trail so a
// search can undo them (backtracking without copying all intervals).
//
//   IntervalPropagator p(n_cells, relations);
//   p.restrict(cell, 1, kUnbounded);   // a suppressed cell: at least 1, no upper bound
//   bool consistent = p.propagate();
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace brandpunt::privacy {

struct Relation {
  uint32_t total = 0;           // cell index of the total
  std::vector<uint32_t> parts;  // cell indices of the parts: count[total] == Σ count[parts]
};

// Upper bound meaning "unbounded"; sums saturate here, so no arithmetic can overflow.
inline constexpr int64_t kUnbounded = int64_t{1} << 60;

// Throws Error(internal) when a cell index is out of range, a relation lists its total among its
// parts or a cell twice, a count is negative, or (if counts are given) a relation does not add up.
void validate_relations(size_t n_cells, const std::vector<Relation>& relations,
                        std::span<const int64_t> counts = {});

class IntervalPropagator {
 public:
  // All cells start unconstrained: [0, kUnbounded].
  IntervalPropagator(size_t n_cells, const std::vector<Relation>& relations);

  int64_t lo(uint32_t cell) const { return lo_[cell]; }
  int64_t hi(uint32_t cell) const { return hi_[cell]; }
  bool fixed(uint32_t cell) const { return lo_[cell] == hi_[cell]; }

  // Intersects the cell's interval with [lo, hi] and queues its relations. False if empty.
  bool restrict(uint32_t cell, int64_t lo, int64_t hi);
  // Runs queued relations to a fixpoint, or until `max_steps` relation updates were made (the
  // intervals are then still sound outer bounds, only not the tightest). False on a
  // contradiction. The queue is empty afterwards.
  bool propagate(size_t max_steps = SIZE_MAX);

  // Trail position; undo(mark) restores every interval changed since.
  size_t mark() const { return trail_.size(); }
  // Cell changed by the i-th trail entry (i < mark()): the cells touched since a mark.
  uint32_t changed_cell(size_t i) const { return trail_[i].cell; }
  void undo(size_t mark);

  const std::vector<uint32_t>& relations_of(uint32_t cell) const { return by_cell_[cell]; }
  const std::vector<Relation>& relations() const { return relations_; }

 private:
  bool tighten(uint32_t cell, int64_t lo, int64_t hi);
  bool apply(uint32_t relation);
  void enqueue_relations_of(uint32_t cell);

  const std::vector<Relation>& relations_;
  std::vector<std::vector<uint32_t>> by_cell_;
  std::vector<int64_t> lo_, hi_;
  struct Change {
    uint32_t cell;
    int64_t lo, hi;
  };
  std::vector<Change> trail_;
  std::vector<uint32_t> queue_;
  std::vector<uint8_t> queued_;
  size_t head_ = 0;
};

}  // namespace brandpunt::privacy
