#include "privacy/relations.hpp"

#include <algorithm>
#include <string>

#include "core/error.hpp"

namespace brandpunt::privacy {
namespace {

int64_t sat_add(int64_t a, int64_t b) { return std::min(kUnbounded, a + b); }

Error relation_error(size_t r, const std::string& msg) {
  return Error(ErrorKind::internal, "privacy relation " + std::to_string(r) + ": " + msg);
}

}  // namespace

void validate_relations(size_t n_cells, const std::vector<Relation>& relations,
                        std::span<const int64_t> counts) {
  if (!counts.empty() && counts.size() != n_cells) {
    throw Error(ErrorKind::internal, "privacy: counts and cell count differ");
  }
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] < 0 || counts[i] >= kUnbounded) {
      throw Error(ErrorKind::internal, "privacy: cell " + std::to_string(i) +
                                           " has invalid count " + std::to_string(counts[i]));
    }
  }
  if (relations.size() >= UINT32_MAX) throw Error(ErrorKind::internal, "privacy: too many relations");
  std::vector<uint32_t> seen_in(n_cells, UINT32_MAX);  // 4 bytes a cell: national runs have millions
  for (size_t r = 0; r < relations.size(); ++r) {
    const Relation& rel = relations[r];
    if (rel.total >= n_cells) throw relation_error(r, "total cell out of range");
    seen_in[rel.total] = static_cast<uint32_t>(r);
    int64_t sum = 0;
    for (uint32_t p : rel.parts) {
      if (p >= n_cells) throw relation_error(r, "part cell out of range");
      if (seen_in[p] == r) throw relation_error(r, "cell " + std::to_string(p) + " listed twice");
      seen_in[p] = static_cast<uint32_t>(r);
      if (!counts.empty()) sum += counts[p];
    }
    if (!counts.empty() && sum != counts[rel.total]) {
      throw relation_error(r, "parts add up to " + std::to_string(sum) + " but the total is " +
                                  std::to_string(counts[rel.total]));
    }
  }
}

IntervalPropagator::IntervalPropagator(size_t n_cells, const std::vector<Relation>& relations)
    : relations_(relations),
      by_cell_(n_cells),
      lo_(n_cells, 0),
      hi_(n_cells, kUnbounded),
      queued_(relations.size(), 0) {
  for (uint32_t r = 0; r < relations.size(); ++r) {
    by_cell_[relations[r].total].push_back(r);
    for (uint32_t p : relations[r].parts) by_cell_[p].push_back(r);
  }
}

void IntervalPropagator::enqueue_relations_of(uint32_t cell) {
  for (uint32_t r : by_cell_[cell]) {
    if (!queued_[r]) {
      queued_[r] = 1;
      queue_.push_back(r);
    }
  }
}

bool IntervalPropagator::tighten(uint32_t cell, int64_t lo, int64_t hi) {
  lo = std::max(lo, lo_[cell]);
  hi = std::min(hi, hi_[cell]);
  if (lo == lo_[cell] && hi == hi_[cell]) return true;
  trail_.push_back({cell, lo_[cell], hi_[cell]});
  lo_[cell] = lo;
  hi_[cell] = hi;
  if (lo > hi) return false;
  enqueue_relations_of(cell);
  return true;
}

bool IntervalPropagator::restrict(uint32_t cell, int64_t lo, int64_t hi) {
  return tighten(cell, lo, hi);
}

bool IntervalPropagator::apply(uint32_t r) {
  const Relation& rel = relations_[r];
  int64_t sum_lo = 0, sum_hi_finite = 0;
  size_t n_unbounded = 0;
  for (uint32_t p : rel.parts) {
    sum_lo = sat_add(sum_lo, lo_[p]);
    if (hi_[p] >= kUnbounded)
      ++n_unbounded;
    else
      sum_hi_finite = sat_add(sum_hi_finite, hi_[p]);
  }
  const int64_t sum_hi = n_unbounded ? kUnbounded : sum_hi_finite;
  if (!tighten(rel.total, sum_lo, sum_hi)) return false;
  const int64_t t_lo = lo_[rel.total], t_hi = hi_[rel.total];
  for (uint32_t p : rel.parts) {
    // Bounds of the other parts, computed from the sums taken before this loop: tightening a
    // part only shrinks the others' slack, and the relation is queued again to catch up.
    const bool others_unbounded = n_unbounded > (hi_[p] >= kUnbounded ? 1u : 0u);
    int64_t new_lo = 0;
    if (!others_unbounded) {
      const int64_t others_hi = sum_hi_finite - (hi_[p] >= kUnbounded ? 0 : hi_[p]);
      new_lo = t_lo - others_hi;
    }
    int64_t new_hi = kUnbounded;
    if (t_hi < kUnbounded && sum_lo < kUnbounded) new_hi = t_hi - (sum_lo - lo_[p]);
    if (!tighten(p, new_lo, new_hi)) return false;
  }
  return true;
}

bool IntervalPropagator::propagate(size_t max_steps) {
  // Hierarchical relations converge in a few passes; the cap guards against slow creeping on
  // cyclic systems. Stopping early keeps the intervals sound (they are only ever shrunk).
  size_t budget = std::min(max_steps, 64 * (relations_.size() + 16));
  bool ok = true;
  while (head_ < queue_.size()) {
    const uint32_t r = queue_[head_++];
    queued_[r] = 0;
    if (budget == 0) break;
    --budget;
    if (!apply(r)) {
      ok = false;
      break;
    }
  }
  for (size_t i = head_; i < queue_.size(); ++i) queued_[queue_[i]] = 0;
  queue_.clear();
  head_ = 0;
  return ok;
}

void IntervalPropagator::undo(size_t mark) {
  while (trail_.size() > mark) {
    const Change& c = trail_.back();
    lo_[c.cell] = c.lo;
    hi_[c.cell] = c.hi;
    trail_.pop_back();
  }
}

}  // namespace brandpunt::privacy
