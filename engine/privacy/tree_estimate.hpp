// Least-squares estimates on a tree of sums: from a noisy measurement of every node (a parent
// is the sum of its children), the estimates that add up and are closest to the measurements,
// weighted by their variances (the best linear unbiased estimate).
//
// Two passes over the tree give the exact weighted least-squares solution (Hay, Rastogi,
// Miklau & Suciu 2010, "Boosting the accuracy of differentially private histograms through
// consistency", generalised to any tree and per-level variances; it is Gaussian belief
// propagation on the tree): bottom up, each node's own measurement is combined with the sum
// of its children's estimates by inverse variance; top down, a parent's final value is shared
// out to its children in proportion to their variances. The posterior variance of every node
// follows from the same recursion (Rauch-Tung-Striebel form), so the expected error of every
// published value is known without looking at the data.
//
// For a product of trees (areas × categories × time) whose measurement variances are a
// product of one factor per tree, the least-squares solution is the product of the per-tree
// solutions: apply the estimator along each tree in turn (kronecker.hpp does that).
//
//   SumTree t{{-1, 0, 0}, {0, 1, 1}};                 // a root with two children
//   TreeEstimator est(t, {2.0, 1.0});                 // variance per level
//   std::vector<double> y = {10.2, 3.9, 5.1};
//   est.apply(y.data(), 1);                           // y[0] == y[1] + y[2] now
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace brandpunt::privacy {

// Nodes in topological order: every parent before its children. parent[v] = -1 for a root (a
// forest is allowed); level[v] indexes the variance table.
struct SumTree {
  std::vector<int32_t> parent;
  std::vector<uint8_t> level;
  size_t size() const { return parent.size(); }
};

class TreeEstimator {
 public:
  // variance[level] >= 0: the measurement variance of that level's nodes; +infinity = not
  // measured (a leaf must be measured), 0 = known exactly (a fixed parent). Error(internal) on
  // an invalid tree or table.
  TreeEstimator(const SumTree& tree, std::span<const double> variance);

  // In place: node v's value is values[v * stride + k] for fiber k in [0, width). Every fiber
  // (e.g. every category and month of an area tree) is estimated at once.
  void apply(double* values, size_t stride, size_t width = 1) const;
  // The same with a caller's scratch buffer (no allocation when it is large enough).
  void apply(double* values, size_t stride, size_t width, std::vector<double>& scratch) const;

  size_t size() const { return parent_.size(); }
  // Variance of node v's estimate, in the units of the variance table.
  double posterior_variance(size_t v) const { return posterior_[v]; }

 private:
  std::vector<int32_t> parent_;
  std::vector<uint8_t> leaf_;
  std::vector<double> own_, sum_, share_;  // z = own * y + sum * S; x_c = z_c + share_c * (x_p - S_p)
  std::vector<double> posterior_;
};

}  // namespace brandpunt::privacy
