// The release of a hierarchy of count tables under zCDP: measure, estimate, integerise.
//
// Every area (a geo node) has a table over a product of two trees: categories (totaal ->
// mains -> subs) and time (12-month years -> period-length blocks -> months, aligned at the
// last month so that the analysis period, the previous one and the year-earlier one are
// blocks). Areas form a forest (gemeente -> stadsdelen -> wijken -> buurten; or a fixed buurt
// -> its straten; or the fixed gemeente -> grid cells).
//
//   1. Measure: every cell of every measured table (area × category node × time node) gets
//      discrete Gaussian noise whose variance is the product of one factor per tree level
//      (budget.hpp), drawn from the area's own stream (random_stream.hpp).
//   2. Estimate: the weighted least-squares tables that add up in all three trees, exactly, by
//      applying the tree estimator along time, categories and areas in turn
//      (tree_estimate.hpp).
//   3. Integerise: top down, each area's integer leaf cells (leaf category × month) are shared
//      out to its children, non-negative and adding up exactly (integerise.hpp); a root that
//      is not fixed is made non-negative along its own trees and rounded cumulatively.
// Fixed areas (a parent released before, e.g. the buurt above its straten) are not measured
// again: their tables are given and the children must add up to them.
//
// The result depends only on the counts, the key and the specification: not on the thread
// count or the order the areas are processed in.
//
//   TableShape shape = make_table_shape(sub_main, n_mains, 36, 3);
//   ReleasedTables r = release_tables(spec, exact, fixed);
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "privacy/budget.hpp"
#include "privacy/random_stream.hpp"
#include "privacy/tree_estimate.hpp"

namespace brandpunt::privacy {

struct TableShape {
  // Category nodes in the cube's order: 0 = totaal, 1..M = mains, then the subs (if any).
  SumTree cat;
  std::vector<std::string> cat_levels;  // "totaal", "main"[, "sub"]
  // Time nodes: years, then blocks, then the months in calendar order (parents first).
  SumTree time;
  std::vector<std::string> time_levels;  // ["year",] ["block",] "month"
  size_t n_months = 0;
  size_t first_month_node = 0;  // time node of month 0
  // The leaf cells (leaf category, month) in rounding order: block by block, then category
  // (grouped by main), then month, so that an area's period count per category is a run.
  std::vector<std::pair<uint32_t, uint32_t>> leaf_cells;  // (cat node, month)

  size_t n_cat() const { return cat.size(); }
  size_t n_time() const { return time.size(); }
  size_t cells() const { return n_cat() * n_time(); }
};

// sub_main: the main (0-based) of each sub; empty = a table over totaal and mains only.
// n_months counted back from the last one; block_months = the period length; years = false
// for steps that are not months (weeks: block_months = 1 and no years gives a flat time tree).
TableShape make_table_shape(const std::vector<uint16_t>& sub_main, size_t n_mains, size_t n_months,
                            size_t block_months, bool years = true);

struct GeoForest {
  SumTree tree;                  // level = index into the budget's geo weights
  std::vector<uint8_t> fixed;    // 1: the table is given (not measured); its level is ignored
  std::vector<uint8_t> measured; // 0: not measured (an internal node that only adds up its children)
};

struct ReleaseSpec {
  const TableShape* shape = nullptr;
  GeoForest geo;
  const ProductBudget* budget = nullptr;  // geo × cat × time levels of the shape
  const NoiseKey* key = nullptr;
  uint32_t table_id = 0;    // separates the noise streams of different releases of a run
  // Stream id of node v's noise: stream_of_node[v] when given (chunks of one release keep the
  // ids of the whole), else v.
  std::vector<uint64_t> stream_of_node;
  unsigned threads = 1;
};

struct ReleasedTables {
  // [node][cat][month], the cube layout: every category node (totaal and mains are sums of the
  // leaves); for fixed nodes the given values.
  std::vector<int64_t> counts;
  // Mean posterior variance of the least-squares estimate per [geo level][cat level][time
  // level] (before rounding), over the measured nodes of each geo level; NaN where none.
  std::vector<double> posterior_variance;
};

// Step 2 alone (for tests and tools): in place, the measured tables [node][cat node][time node]
// become the weighted least-squares tables that add up along all three trees.
void estimate_tables(const TableShape& shape, const GeoForest& geo, const ProductBudget& budget,
                     std::vector<double>& tables, unsigned threads = 1);
// The mean posterior variance per [geo level][cat level][time level] (see ReleasedTables).
std::vector<double> posterior_variances(const TableShape& shape, const GeoForest& geo, const ProductBudget& budget);

// exact(v, out): writes the exact counts of node v in the cube layout [cat][month] (every
// category node; n_cat * n_months values);
// for fixed nodes the given (integer, consistent) values instead.
ReleasedTables release_tables(const ReleaseSpec& spec, const std::function<void(size_t v, int64_t* out)>& exact);

}  // namespace brandpunt::privacy
