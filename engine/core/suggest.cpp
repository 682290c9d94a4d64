#include "core/suggest.hpp"

#include <algorithm>
#include <numeric>

namespace brandpunt {

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowered(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
  // One row of the dynamic programme (Wagner-Fischer).
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::vector<std::string> nearest_names(std::string_view name, std::span<const std::string> candidates,
                                       size_t max_results) {
  const std::string needle = lowered(name);
  const size_t limit = std::max<size_t>(2, name.size() / 3);
  struct Hit {
    size_t distance, order;
  };
  std::vector<Hit> hits;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const std::string c = lowered(candidates[i]);
    if (c == needle) continue;
    const size_t d = edit_distance(needle, c);
    const bool contains = needle.size() >= 3 && c.size() >= 3 &&
                          (c.find(needle) != std::string::npos || needle.find(c) != std::string::npos);
    if (d <= limit || contains) hits.push_back({contains ? std::min(d, limit) : d, i});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& x, const Hit& y) { return x.distance < y.distance; });
  std::vector<std::string> out;
  for (size_t k = 0; k < hits.size() && k < max_results; ++k) out.push_back(candidates[hits[k].order]);
  return out;
}

std::string unknown_name_message(std::string_view what, std::string_view name,
                                 std::span<const std::string> valid, std::string_view hint,
                                 size_t list_max) {
  std::string out = "unknown " + std::string(what) + " '" + std::string(name) + "'";
  std::vector<std::string> parts;
  const std::vector<std::string> near = nearest_names(name, valid);
  if (!near.empty()) {
    std::string s = "did you mean ";
    for (size_t i = 0; i < near.size(); ++i) s += (i ? (i + 1 == near.size() ? " or '" : ", '") : "'") + near[i] + "'";
    parts.push_back(s + "?");
  }
  if (!valid.empty() && valid.size() <= list_max) {
    std::string s = "valid: ";
    for (size_t i = 0; i < valid.size(); ++i) s += (i ? ", " : "") + valid[i];
    parts.push_back(s);
  }
  if (!hint.empty()) parts.emplace_back(hint);
  if (parts.empty()) return out;
  out += " (";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
  return out + ")";
}

}  // namespace brandpunt
