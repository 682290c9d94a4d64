#include "privacy/tree_estimate.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "core/error.hpp"

namespace brandpunt::privacy {

TreeEstimator::TreeEstimator(const SumTree& tree, std::span<const double> variance) : parent_(tree.parent) {
  const size_t n = tree.size();
  if (tree.level.size() != n) throw Error(ErrorKind::internal, "tree estimate: one level per node");
  leaf_.assign(n, 1);
  for (size_t v = 0; v < n; ++v) {
    const int32_t p = parent_[v];
    if (p >= static_cast<int32_t>(v) || p < -1) throw Error(ErrorKind::internal, "tree estimate: parents must come first");
    if (p >= 0) leaf_[static_cast<size_t>(p)] = 0;
    if (tree.level[v] >= variance.size() || !(variance[tree.level[v]] >= 0))
      throw Error(ErrorKind::internal, "tree estimate: no valid variance for level " + std::to_string(tree.level[v]));
  }
  // Bottom up: V = variance of the combined estimate z; U = variance of the children's sum.
  std::vector<double> V(n, 0), U(n, 0);
  own_.assign(n, 1);
  sum_.assign(n, 0);
  for (size_t i = n; i-- > 0;) {
    const double a = variance[tree.level[i]];
    if (leaf_[i]) {
      if (std::isinf(a)) throw Error(ErrorKind::internal, "tree estimate: a leaf must be measured");
      V[i] = a;
    } else if (a == 0) {
      V[i] = 0;  // known exactly: own = 1, sum = 0
    } else if (std::isinf(a)) {
      own_[i] = 0, sum_[i] = 1, V[i] = U[i];
    } else if (U[i] == 0) {
      own_[i] = 0, sum_[i] = 1, V[i] = 0;  // the children are exact
    } else {
      const double w = 1 / a + 1 / U[i];
      own_[i] = (1 / a) / w, sum_[i] = (1 / U[i]) / w, V[i] = 1 / w;
    }
    if (parent_[i] >= 0) U[static_cast<size_t>(parent_[i])] += V[i];
  }
  share_.assign(n, 0);
  posterior_.assign(n, 0);
  for (size_t v = 0; v < n; ++v) {
    const int32_t p = parent_[v];
    if (p < 0) {
      posterior_[v] = V[v];
      continue;
    }
    const size_t P = static_cast<size_t>(p);
    share_[v] = U[P] > 0 ? V[v] / U[P] : 0;
    posterior_[v] = V[v] + share_[v] * share_[v] * (posterior_[P] - U[P]);
  }
}

void TreeEstimator::apply(double* values, size_t stride, size_t width) const {
  std::vector<double> scratch;
  apply(values, stride, width, scratch);
}

void TreeEstimator::apply(double* values, size_t stride, size_t width, std::vector<double>& S) const {
  const size_t n = parent_.size();
  S.assign(n * width, 0);  // sum of the children's z, per fiber
  for (size_t i = n; i-- > 0;) {
    double* y = values + i * stride;
    double* s = S.data() + i * width;
    if (!leaf_[i])
      for (size_t k = 0; k < width; ++k) y[k] = own_[i] * y[k] + sum_[i] * s[k];
    if (parent_[i] >= 0) {
      double* sp = S.data() + static_cast<size_t>(parent_[i]) * width;
      for (size_t k = 0; k < width; ++k) sp[k] += y[k];
    }
  }
  for (size_t v = 0; v < n; ++v) {
    if (parent_[v] < 0) continue;
    const size_t p = static_cast<size_t>(parent_[v]);
    double* x = values + v * stride;
    const double* xp = values + p * stride;
    const double* sp = S.data() + p * width;
    for (size_t k = 0; k < width; ++k) x[k] += share_[v] * (xp[k] - sp[k]);
  }
}

}  // namespace brandpunt::privacy
