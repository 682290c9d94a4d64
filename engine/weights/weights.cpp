#include "weights/weights.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace brandpunt::weights {

std::vector<uint32_t> Weights::islands() const {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < n; ++i) {
    size_t others = 0;
    for (uint32_t k = offsets[i]; k < offsets[i + 1]; ++k)
      if (neighbours[k] != i) ++others;
    if (others == 0) out.push_back(static_cast<uint32_t>(i));
  }
  return out;
}

bool Weights::symmetric() const {
  for (size_t i = 0; i < n; ++i) {
    for (uint32_t k = offsets[i]; k < offsets[i + 1]; ++k) {
      const uint32_t j = neighbours[k];
      auto first = neighbours.begin() + offsets[j];
      auto last = neighbours.begin() + offsets[j + 1];
      if (!std::binary_search(first, last, static_cast<uint32_t>(i))) return false;
    }
  }
  return true;
}

Weights from_lists(const std::vector<std::vector<uint32_t>>& lists, std::string method) {
  Weights w;
  w.n = lists.size();
  w.method = std::move(method);
  w.offsets.assign(1, 0);
  for (const auto& list : lists) {
    std::vector<uint32_t> row = list;
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end()), row.end());
    for (uint32_t j : row) {
      if (j >= lists.size())
        throw Error(ErrorKind::internal, "neighbour id " + std::to_string(j) + " out of range");
      w.neighbours.push_back(j);
      w.values.push_back(1.0);
    }
    w.offsets.push_back(static_cast<uint32_t>(w.neighbours.size()));
  }
  return w;
}

std::vector<std::vector<uint32_t>> to_lists(const Weights& w) {
  std::vector<std::vector<uint32_t>> out(w.n);
  for (size_t i = 0; i < w.n; ++i)
    out[i].assign(w.neighbours.begin() + w.offsets[i], w.neighbours.begin() + w.offsets[i + 1]);
  return out;
}

Weights row_standardised(const Weights& w) {
  Weights r = w;
  r.style = "W";
  for (size_t i = 0; i < w.n; ++i) {
    double sum = 0;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) sum += w.values[k];
    if (sum == 0) continue;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) r.values[k] = w.values[k] / sum;
  }
  return r;
}

Weights with_self(const Weights& w) {
  std::vector<std::vector<uint32_t>> lists = to_lists(w);
  Weights s;
  s.n = w.n;
  s.method = w.method;
  s.style = w.style;
  s.self_included = true;
  s.offsets.assign(1, 0);
  for (size_t i = 0; i < w.n; ++i) {
    bool inserted = false;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) {
      const uint32_t j = w.neighbours[k];
      if (!inserted && j >= i) {
        if (j != i) {
          s.neighbours.push_back(static_cast<uint32_t>(i));
          s.values.push_back(1.0);
        }
        inserted = true;
      }
      s.neighbours.push_back(j);
      s.values.push_back(j == i ? 1.0 : w.values[k]);
    }
    if (!inserted) {
      s.neighbours.push_back(static_cast<uint32_t>(i));
      s.values.push_back(1.0);
    }
    s.offsets.push_back(static_cast<uint32_t>(s.neighbours.size()));
  }
  return s;
}

Weights binary(const Weights& w) {
  Weights b = w;
  b.style = "B";
  std::fill(b.values.begin(), b.values.end(), 1.0);
  return b;
}

}  // namespace brandpunt::weights
