#include "privacy/suppression.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "privacy/audit.hpp"

namespace brandpunt::privacy {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

class Suppressor {
 public:
  Suppressor(std::span<const int64_t> counts, const std::vector<Relation>& relations,
             int64_t threshold)
      : counts_(counts),
        relations_(relations),
        threshold_(threshold),
        states_(counts.size(), CellState::published),
        offsets_(counts.size() + 1, 0) {
    // Relations of each cell in compressed rows (offsets + one flat array, in relation order):
    // a national run has millions of cells, and a vector per cell would cost more than the data.
    for (const Relation& rel : relations) {
      ++offsets_[rel.total + 1];
      for (uint32_t p : rel.parts) ++offsets_[p + 1];
    }
    for (size_t c = 0; c < counts.size(); ++c) {
      if (offsets_[c + 1] > UINT32_MAX - offsets_[c])
        throw Error(ErrorKind::internal, "privacy: too many cell-relation links");
      offsets_[c + 1] += offsets_[c];
    }
    by_cell_.resize(offsets_.back());
    std::vector<uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (uint32_t r = 0; r < relations.size(); ++r) {
      by_cell_[fill[relations[r].total]++] = r;
      for (uint32_t p : relations[r].parts) by_cell_[fill[p]++] = r;
    }
    for (size_t i = 0; i < counts.size(); ++i) {
      if (counts[i] >= 1 && counts[i] < threshold) states_[i] = CellState::primary;
    }
  }

  bool suppressed(uint32_t c) const { return states_[c] != CellState::published; }
  const std::vector<CellState>& states() const { return states_; }
  std::span<const uint32_t> relations_of(uint32_t c) const {
    return {by_cell_.data() + offsets_[c], offsets_[c + 1] - offsets_[c]};
  }

  void suppress(uint32_t c) {
    if (!suppressed(c)) states_[c] = CellState::secondary;
  }

  // Smallest non-zero published cell of relation r (ties: lowest index), or kNone.
  uint32_t cheapest_published(uint32_t r) const {
    uint32_t best = kNone;
    auto consider = [&](uint32_t c) {
      if (suppressed(c) || counts_[c] == 0) return;
      if (best == kNone || counts_[c] < counts_[best] ||
          (counts_[c] == counts_[best] && c < best)) {
        best = c;
      }
    };
    consider(relations_[r].total);
    for (uint32_t p : relations_[r].parts) consider(p);
    return best;
  }

  // Step 2 of the rule (see the header): is relation r protected on its own?
  bool locally_protected(uint32_t r) const {
    const Relation& rel = relations_[r];
    int64_t k = suppressed(rel.total) ? 1 : 0, hidden_sum = 0;
    for (uint32_t p : rel.parts) {
      if (suppressed(p)) {
        ++k;
        hidden_sum += counts_[p];
      }
    }
    if (k == 0) return true;
    if (k == 1) return false;
    if (suppressed(rel.total)) return true;
    return hidden_sum >= threshold_ + 1 && hidden_sum > k;
  }

  // Applies step 2 to a fixpoint; a FIFO worklist in relation order keeps it deterministic.
  void local_fixpoint() {
    std::vector<uint32_t> queue(relations_.size());
    std::vector<uint8_t> queued(relations_.size(), 1);
    for (uint32_t r = 0; r < relations_.size(); ++r) queue[r] = r;
    for (size_t head = 0; head < queue.size(); ++head) {
      const uint32_t r = queue[head];
      queued[r] = 0;
      while (!locally_protected(r)) {
        const uint32_t c = cheapest_published(r);
        if (c == kNone) break;  // cannot happen for consistent counts; never loop on it
        suppress(c);
        for (uint32_t other : relations_of(c)) {
          if (other != r && !queued[other]) {
            queued[other] = 1;
            queue.push_back(other);
          }
        }
      }
    }
  }

  // Step 3 for one exposed cell: the cheapest published cell of its relations, widening
  // breadth-first through relations of suppressed cells. kNone if nothing is left.
  uint32_t repair_candidate(uint32_t cell) const {
    std::vector<uint8_t> seen(relations_.size(), 0);
    const std::span<const uint32_t> first = relations_of(cell);
    std::vector<uint32_t> frontier(first.begin(), first.end());
    for (uint32_t r : frontier) seen[r] = 1;
    while (!frontier.empty()) {
      uint32_t best = kNone;
      for (uint32_t r : frontier) {
        const uint32_t c = cheapest_published(r);
        if (c != kNone && (best == kNone || counts_[c] < counts_[best] ||
                           (counts_[c] == counts_[best] && c < best))) {
          best = c;
        }
      }
      if (best != kNone) return best;
      std::vector<uint32_t> next;
      for (uint32_t r : frontier) {
        auto widen = [&](uint32_t c) {
          if (!suppressed(c)) return;
          for (uint32_t r2 : relations_of(c)) {
            if (!seen[r2]) {
              seen[r2] = 1;
              next.push_back(r2);
            }
          }
        };
        widen(relations_[r].total);
        for (uint32_t p : relations_[r].parts) widen(p);
      }
      std::sort(next.begin(), next.end());
      frontier = std::move(next);
    }
    return kNone;
  }

 private:
  std::span<const int64_t> counts_;
  const std::vector<Relation>& relations_;
  int64_t threshold_;
  std::vector<CellState> states_;
  std::vector<uint32_t> offsets_;  // relations of cell c: by_cell_[offsets_[c] .. offsets_[c + 1])
  std::vector<uint32_t> by_cell_;
};

}  // namespace

const char* to_string(CellState state) {
  switch (state) {
    case CellState::published:
      return "published";
    case CellState::primary:
      return "primary";
    case CellState::secondary:
      return "secondary";
  }
  return "?";
}

std::vector<CellState> protect(std::span<const int64_t> counts,
                               const std::vector<Relation>& relations,
                               const SuppressionOptions& options) {
  if (options.threshold < 1) {
    throw Error(ErrorKind::config,
                "privacy threshold must be at least 1, got " + std::to_string(options.threshold))
        .at_field("threshold");
  }
  validate_relations(counts.size(), relations, counts);
  Suppressor s(counts, relations, options.threshold);
  std::vector<uint8_t> mask(counts.size());
  while (true) {
    s.local_fixpoint();
    if (!options.audit) break;
    for (size_t i = 0; i < counts.size(); ++i) mask[i] = s.suppressed(static_cast<uint32_t>(i));
    const auto exposures = find_exposures(counts, mask, relations, options.audit_node_budget);
    bool changed = false;
    std::vector<uint8_t> touched(relations.size(), 0);  // relations changed in this round
    for (uint32_t c = 0; c < counts.size(); ++c) {
      if (exposures[c] == Exposure::safe) continue;
      // A suppression made this round in one of c's relations may already free c: re-audit
      // first rather than suppress more than needed.
      const auto rels = s.relations_of(c);
      if (std::any_of(rels.begin(), rels.end(), [&](uint32_t r) { return touched[r] != 0; })) {
        continue;
      }
      const uint32_t extra = s.repair_candidate(c);
      if (extra == kNone) continue;
      s.suppress(extra);
      changed = true;
      for (uint32_t r : s.relations_of(extra)) touched[r] = 1;
    }
    if (!changed) break;  // audit passes (or nothing is left to suppress)
  }
  return s.states();
}

}  // namespace brandpunt::privacy
