#include "privacy/audit.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace brandpunt::privacy {
namespace {

// Values to try for a cell, nearest to `truth` first, inside [lo, hi]. At most `max_tries`
// values when the domain is larger; `complete` tells whether the whole domain was listed.
std::vector<int64_t> value_order(int64_t truth, int64_t lo, int64_t hi, bool include_truth,
                                 size_t max_tries, bool& complete) {
  std::vector<int64_t> out;
  const int64_t width = hi - lo + 1;  // hi may be kUnbounded: width stays far below overflow
  complete = width <= static_cast<int64_t>(max_tries) + (include_truth ? 0 : 1);
  const size_t limit = complete ? static_cast<size_t>(width) : max_tries;
  truth = std::clamp(truth, lo, hi);
  if (include_truth) out.push_back(truth);
  for (int64_t d = 1; out.size() < limit && (truth + d <= hi || truth - d >= lo); ++d) {
    if (truth + d <= hi) out.push_back(truth + d);
    if (out.size() < limit && truth - d >= lo) out.push_back(truth - d);
  }
  if (!include_truth && complete) {
    // The truth may have been clamped into the domain; never offer it as an alternative.
    out.erase(std::remove(out.begin(), out.end(), truth), out.end());
  }
  return out;
}

// Searches, cell by cell, for a witness: an assignment that satisfies every relation and
// gives the cell another value than its true count.
//
// The candidate assignment at any point is: every cell at its true count clamped into its
// current interval (fixed cells at their value). At the start all intervals contain the true
// counts, so every relation holds; after a cell is moved and the intervals propagated, only
// relations of cells whose interval changed can fail. Those are tracked incrementally in a
// "violated" set (relations of cells on the propagator's trail are re-checked after each
// propagation and after each undo). An empty set means the candidate is a witness. Otherwise
// the search branches on an unfixed cell of a violated relation and tries every value of its
// finite interval, nearest the true count first, so a failed search is a proof.
class WitnessSearch {
 public:
  WitnessSearch(IntervalPropagator& p, std::span<const int64_t> counts, size_t node_budget)
      : p_(p),
        counts_(counts),
        node_budget_(node_budget),
        position_(p.relations().size(), kAbsent) {}

  // Cells whose value differs from the truth in the last witness found: the same witness
  // proves each of them safe.
  const std::vector<uint32_t>& moved() const { return moved_; }

  Exposure run(uint32_t cell) {
    if (p_.fixed(cell)) return Exposure::pinned;
    budget_ = node_budget_;
    cut_short_ = false;
    start_mark_ = p_.mark();
    bool complete = false;
    const auto values = value_order(counts_[cell], p_.lo(cell), p_.hi(cell), false, 8, complete);
    if (!complete) cut_short_ = true;
    for (int64_t v : values) {
      if (try_value(cell, v)) return Exposure::safe;
      if (budget_ == 0) break;
    }
    return cut_short_ ? Exposure::search_cut_short : Exposure::no_witness;
  }

 private:
  static constexpr uint32_t kAbsent = UINT32_MAX;
  // Propagation after each choice is cut at this many relation updates. Full propagation
  // ripples a changed bound through the whole hierarchy (quadratic on large tables); the
  // search stays correct without it — a witness is checked against every relation it touches,
  // intervals stay sound outer bounds, and branching still covers every value they allow.
  static constexpr size_t kStepsPerTry = 256;

  // Fixes `cell` to `v`, propagates and searches on; restores everything before returning.
  bool try_value(uint32_t cell, int64_t v) {
    const size_t m = p_.mark();
    bool found = p_.restrict(cell, v, v) && p_.propagate(kStepsPerTry);
    if (found) {
      refresh(m, p_.mark());
      found = label();
    }
    std::vector<uint32_t> changed;
    changed.reserve(p_.mark() - m);
    for (size_t i = m; i < p_.mark(); ++i) changed.push_back(p_.changed_cell(i));
    p_.undo(m);
    for (uint32_t c : changed) refresh_cell(c);
    return found;
  }

  bool label() {
    if (budget_ == 0) {
      cut_short_ = true;
      return false;
    }
    --budget_;
    if (violated_.empty()) {
      record_witness();
      return true;
    }
    const uint32_t r = *std::min_element(violated_.begin(), violated_.end());
    const Relation& rel = p_.relations()[r];
    uint32_t best = UINT32_MAX;
    int64_t best_width = kUnbounded + 1;
    auto consider = [&](uint32_t c) {
      const int64_t w = p_.hi(c) - p_.lo(c);
      if (w > 0 && (w < best_width || (w == best_width && c < best))) {
        best = c;
        best_width = w;
      }
    };
    consider(rel.total);
    for (uint32_t q : rel.parts) consider(q);
    if (best == UINT32_MAX) return false;  // violated with every cell fixed: dead end
    bool complete = false;
    const auto values = value_order(counts_[best], p_.lo(best), p_.hi(best), true, 8, complete);
    if (!complete) cut_short_ = true;
    for (int64_t v : values) {
      if (try_value(best, v)) return true;
      if (budget_ == 0) break;
    }
    return false;
  }

  int64_t value_of(uint32_t c) const { return std::clamp(counts_[c], p_.lo(c), p_.hi(c)); }

  void refresh(size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) refresh_cell(p_.changed_cell(i));
  }

  void refresh_cell(uint32_t c) {
    for (uint32_t r : p_.relations_of(c)) {
      const Relation& rel = p_.relations()[r];
      int64_t sum = 0;
      for (uint32_t q : rel.parts) sum += value_of(q);
      const bool bad = sum != value_of(rel.total);
      if (bad && position_[r] == kAbsent) {
        position_[r] = static_cast<uint32_t>(violated_.size());
        violated_.push_back(r);
      } else if (!bad && position_[r] != kAbsent) {
        const uint32_t last = violated_.back();
        violated_[position_[r]] = last;
        position_[last] = position_[r];
        violated_.pop_back();
        position_[r] = kAbsent;
      }
    }
  }

  void record_witness() {
    moved_.clear();
    for (size_t i = start_mark_; i < p_.mark(); ++i) {
      const uint32_t c = p_.changed_cell(i);
      if (value_of(c) != counts_[c]) moved_.push_back(c);
    }
  }

  IntervalPropagator& p_;
  std::span<const int64_t> counts_;
  size_t node_budget_, budget_ = 0;
  bool cut_short_ = false;
  size_t start_mark_ = 0;
  std::vector<uint32_t> position_;  // index in violated_, or kAbsent
  std::vector<uint32_t> violated_;  // relations that do not hold for the candidate
  std::vector<uint32_t> moved_;
};

}  // namespace

std::vector<Exposure> find_exposures(std::span<const int64_t> counts,
                                     std::span<const uint8_t> suppressed,
                                     const std::vector<Relation>& relations, size_t node_budget) {
  const size_t n = counts.size();
  if (suppressed.size() != n) throw Error(ErrorKind::internal, "privacy: state size mismatch");
  IntervalPropagator p(n, relations);
  for (uint32_t c = 0; c < n; ++c) {
    if (suppressed[c])
      p.restrict(c, 1, kUnbounded);
    else
      p.restrict(c, counts[c], counts[c]);
  }
  if (!p.propagate()) {
    throw Error(ErrorKind::internal,
                "privacy audit: the true counts contradict the relations (a suppressed zero?)");
  }
  std::vector<Exposure> out(n, Exposure::safe);
  std::vector<uint8_t> proven_safe(n, 0);
  WitnessSearch search(p, counts, node_budget);
  for (uint32_t c = 0; c < n; ++c) {
    if (!suppressed[c] || proven_safe[c]) continue;
    out[c] = search.run(c);
    if (out[c] == Exposure::safe) {
      for (uint32_t m : search.moved()) proven_safe[m] = 1;
    }
  }
  return out;
}

AuditResult audit_differencing(std::span<const int64_t> counts, std::span<const CellState> states,
                               const std::vector<Relation>& relations, int64_t threshold) {
  if (states.size() != counts.size()) {
    throw Error(ErrorKind::internal, "privacy audit: counts and states differ in size");
  }
  validate_relations(counts.size(), relations, counts);
  std::vector<uint8_t> suppressed(counts.size());
  for (size_t i = 0; i < counts.size(); ++i) {
    suppressed[i] = states[i] != CellState::published;
    if (suppressed[i] && counts[i] == 0) {
      throw Error(ErrorKind::internal, "privacy audit: cell " + std::to_string(i) +
                                           " is a suppressed zero; zeros are always published");
    }
  }
  const auto exposures = find_exposures(counts, suppressed, relations);
  AuditResult result;
  for (uint32_t c = 0; c < counts.size(); ++c) {
    if (exposures[c] == Exposure::safe) continue;
    result.exposed_cells.push_back(c);
    if (result.exposed_cells.size() > 20) continue;
    const bool small = counts[c] < threshold;
    result.explanation +=
        "cell " + std::to_string(c) + " (" + (small ? "below threshold" : "secondary") + "): ";
    switch (exposures[c]) {
      case Exposure::pinned:
        result.explanation += "derivable by differencing the relations";
        break;
      case Exposure::no_witness:
        result.explanation += "only one value fits all relations";
        break;
      case Exposure::search_cut_short:
        result.explanation += "no second value found within the search budget";
        break;
      case Exposure::safe:
        break;
    }
    result.explanation += "\n";
  }
  result.safe = result.exposed_cells.empty();
  if (result.safe)
    result.explanation = "safe: every suppressed cell has at least two feasible values";
  return result;
}

}  // namespace brandpunt::privacy
