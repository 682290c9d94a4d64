// Brute-force oracle for the privacy tests: exhaustive enumeration of integer assignments.
//
// Independent of the engine's propagation and search: a plain depth-first enumeration of the
// suppressed cells over [1, max_value] (published cells fixed), pruned only by partial sums and
// by values a relation forces, with every complete assignment checked against every relation.
// `has_alternative` answers: is there a feasible assignment in which `cell` differs from its
// true value? Small instances only (the tests keep tables at 4 x 4).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "privacy/relations.hpp"

namespace brandpunt::privacy::testing {

class EnumerationOracle {
 public:
  EnumerationOracle(std::vector<int64_t> counts, std::vector<uint8_t> suppressed,
                    std::vector<Relation> relations, int64_t max_value)
      : counts_(std::move(counts)),
        suppressed_(std::move(suppressed)),
        relations_(std::move(relations)),
        max_(max_value),
        by_cell_(counts_.size()) {
    for (uint32_t r = 0; r < relations_.size(); ++r) {
      by_cell_[relations_[r].total].push_back(r);
      for (uint32_t p : relations_[r].parts) by_cell_[p].push_back(r);
    }
  }

  bool has_alternative(uint32_t cell) {
    value_.assign(counts_.size(), -1);
    order_.clear();
    order_.push_back(cell);
    for (uint32_t c = 0; c < counts_.size(); ++c) {
      if (!suppressed_[c])
        value_[c] = counts_[c];
      else if (c != cell)
        order_.push_back(c);
    }
    target_ = cell;
    nodes_ = 0;
    return dfs(0);
  }

  uint64_t nodes() const { return nodes_; }

 private:
  // Partial-sum check of one relation under the current partial assignment.
  bool relation_ok(const Relation& rel) const {
    int64_t sum = 0, open = 0;
    for (uint32_t p : rel.parts) {
      if (value_[p] < 0)
        ++open;
      else
        sum += value_[p];
    }
    const int64_t t = value_[rel.total];
    if (t < 0) return sum + open <= max_;
    if (open == 0) return sum == t;
    return sum + open <= t && sum + open * max_ >= t;
  }

  // The value a relation forces on `cell` when it is the relation's only unassigned cell.
  bool forced_value(uint32_t cell, int64_t& v) const {
    for (uint32_t r : by_cell_[cell]) {
      const Relation& rel = relations_[r];
      int64_t sum = 0;
      bool other_open = false;
      for (uint32_t p : rel.parts) {
        if (p == cell) continue;
        if (value_[p] < 0)
          other_open = true;
        else
          sum += value_[p];
      }
      if (rel.total != cell && value_[rel.total] < 0) other_open = true;
      if (other_open) continue;
      v = rel.total == cell ? sum : value_[rel.total] - sum;
      return true;
    }
    return false;
  }

  // Next cell to assign: one whose value a relation forces if there is any (unit propagation
  // keeps the tree small), else the first unassigned cell in order (the target first).
  bool pick(uint32_t& cell, bool& is_forced, int64_t& forced) const {
    bool found = false;
    for (uint32_t c : order_) {
      if (value_[c] >= 0) continue;
      if (forced_value(c, forced)) {
        cell = c;
        is_forced = true;
        return true;
      }
      if (!found) {
        cell = c;
        found = true;
      }
    }
    is_forced = false;
    return found;
  }

  bool dfs(size_t depth) {
    ++nodes_;
    uint32_t c = 0;
    bool is_forced = false;
    int64_t forced = 0;
    if (!pick(c, is_forced, forced)) {
      for (const Relation& rel : relations_) {
        if (!relation_ok(rel)) return false;
      }
      return true;
    }
    // Every value of [1, max] is tried (nearest the true value first, which finds alternatives
    // quickly); a forced value is the only one tried.
    std::vector<int64_t> values;
    if (is_forced) {
      if (forced >= 1 && forced <= max_) values.push_back(forced);
    } else {
      for (int64_t d = 0; d <= max_; ++d) {
        if (counts_[c] + d <= max_ && counts_[c] + d >= 1) values.push_back(counts_[c] + d);
        if (d > 0 && counts_[c] - d >= 1 && counts_[c] - d <= max_)
          values.push_back(counts_[c] - d);
      }
    }
    for (int64_t v : values) {
      if (c == target_ && v == counts_[c]) continue;
      value_[c] = v;
      bool ok = true;
      for (uint32_t r : by_cell_[c]) ok = ok && relation_ok(relations_[r]);
      if (ok && dfs(depth + 1)) return true;
    }
    value_[c] = -1;
    return false;
  }

  std::vector<int64_t> counts_;
  std::vector<uint8_t> suppressed_;
  std::vector<Relation> relations_;
  int64_t max_;
  std::vector<std::vector<uint32_t>> by_cell_;
  std::vector<int64_t> value_;
  std::vector<uint32_t> order_;
  uint32_t target_ = 0;
  uint64_t nodes_ = 0;
};

// A two-dimensional table (areas x categories) with row totals, column totals and a grand
// total, laid out as cells: inner r*cols+c, then row totals, then column totals, then grand.
struct Table2D {
  size_t rows = 0, cols = 0;
  std::vector<int64_t> counts;
  std::vector<Relation> relations;
  uint32_t inner(size_t r, size_t c) const { return static_cast<uint32_t>(r * cols + c); }
  uint32_t row_total(size_t r) const { return static_cast<uint32_t>(rows * cols + r); }
  uint32_t col_total(size_t c) const { return static_cast<uint32_t>(rows * cols + rows + c); }
  uint32_t grand() const { return static_cast<uint32_t>(rows * cols + rows + cols); }
};

inline Table2D make_table(size_t rows, size_t cols, const std::vector<int64_t>& inner) {
  Table2D t;
  t.rows = rows;
  t.cols = cols;
  t.counts.assign(rows * cols + rows + cols + 1, 0);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) {
      const int64_t v = inner[r * cols + c];
      t.counts[t.inner(r, c)] = v;
      t.counts[t.row_total(r)] += v;
      t.counts[t.col_total(c)] += v;
      t.counts[t.grand()] += v;
    }
  }
  for (size_t r = 0; r < rows; ++r) {
    Relation rel{t.row_total(r), {}};
    for (size_t c = 0; c < cols; ++c) rel.parts.push_back(t.inner(r, c));
    t.relations.push_back(rel);
  }
  for (size_t c = 0; c < cols; ++c) {
    Relation rel{t.col_total(c), {}};
    for (size_t r = 0; r < rows; ++r) rel.parts.push_back(t.inner(r, c));
    t.relations.push_back(rel);
  }
  Relation by_rows{t.grand(), {}}, by_cols{t.grand(), {}};
  for (size_t r = 0; r < rows; ++r) by_rows.parts.push_back(t.row_total(r));
  for (size_t c = 0; c < cols; ++c) by_cols.parts.push_back(t.col_total(c));
  t.relations.push_back(by_rows);
  t.relations.push_back(by_cols);
  return t;
}

// Two hierarchies crossed, as the pipeline publishes them: areas (gemeente > wijken > buurten)
// x categories (all > main > sub). A hierarchy is given as the parent of each node (-1 = root);
// cell (a, k) = a * n_categories + k. Relations: for each area, every category node is the sum
// of its children; for each category, every area node is the sum of its children.
struct CrossTable {
  std::vector<int> area_parent, category_parent;
  std::vector<int64_t> counts;
  std::vector<Relation> relations;
};

inline CrossTable make_cross_table(const std::vector<int>& area_parent,
                                   const std::vector<int>& category_parent,
                                   const std::vector<int64_t>& leaf_values) {
  CrossTable t{area_parent, category_parent, {}, {}};
  const size_t na = area_parent.size(), nk = category_parent.size();
  auto is_leaf = [](const std::vector<int>& parent, size_t node) {
    for (int p : parent) {
      if (p == static_cast<int>(node)) return false;
    }
    return true;
  };
  auto cell = [&](size_t a, size_t k) { return static_cast<uint32_t>(a * nk + k); };
  t.counts.assign(na * nk, 0);
  size_t next = 0;
  for (size_t a = 0; a < na; ++a) {
    if (!is_leaf(area_parent, a)) continue;
    for (size_t k = 0; k < nk; ++k) {
      if (!is_leaf(category_parent, k)) continue;
      const int64_t v = leaf_values[next++];
      // Add the leaf value to every ancestor pair (area ancestors x category ancestors).
      for (int x = static_cast<int>(a); x >= 0; x = area_parent[static_cast<size_t>(x)]) {
        for (int y = static_cast<int>(k); y >= 0; y = category_parent[static_cast<size_t>(y)]) {
          t.counts[cell(static_cast<size_t>(x), static_cast<size_t>(y))] += v;
        }
      }
    }
  }
  for (size_t a = 0; a < na; ++a) {
    for (size_t k = 0; k < nk; ++k) {
      Relation by_category{cell(a, k), {}}, by_area{cell(a, k), {}};
      for (size_t j = 0; j < nk; ++j) {
        if (category_parent[j] == static_cast<int>(k)) by_category.parts.push_back(cell(a, j));
      }
      for (size_t b = 0; b < na; ++b) {
        if (area_parent[b] == static_cast<int>(a)) by_area.parts.push_back(cell(b, k));
      }
      if (!by_category.parts.empty()) t.relations.push_back(by_category);
      if (!by_area.parts.empty()) t.relations.push_back(by_area);
    }
  }
  return t;
}

}  // namespace brandpunt::privacy::testing
