#include "evaluate/near_repeat.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "stats/rng.hpp"

namespace brandpunt::evaluate {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

double distance(double dx, double dy, DistanceMetric m) {
  return m == DistanceMetric::manhattan ? std::fabs(dx) + std::fabs(dy) : std::hypot(dx, dy);
}

// Calls f(i, j, d) once for every unordered pair i < j closer than max_d. Points go into
// square cells of side max_d; a pair closer than max_d (in either metric: Manhattan >=
// Euclidean) lies in the same or an adjacent cell, and visiting each cell with half of its
// neighbours (itself, E, NE, N, SE... see kHalf) meets every cell pair once.
template <class F>
void for_each_pair_within(std::span<const double> x, std::span<const double> y, double max_d,
                          DistanceMetric metric, F&& f) {
  const size_t n = x.size();
  if (n < 2) return;
  const double min_x = *std::min_element(x.begin(), x.end());
  const double min_y = *std::min_element(y.begin(), y.end());
  const double max_x = *std::max_element(x.begin(), x.end());
  const double max_y = *std::max_element(y.begin(), y.end());
  if ((max_x - min_x) / max_d > 2e9 || (max_y - min_y) / max_d > 2e9)
    throw Error(ErrorKind::config, "near repeat: distance too small for the extent of the data");
  auto key_of = [&](size_t i) {
    const auto cx = static_cast<uint64_t>(std::floor((x[i] - min_x) / max_d));
    const auto cy = static_cast<uint64_t>(std::floor((y[i] - min_y) / max_d));
    return (cx << 32) | cy;
  };
  std::vector<std::pair<uint64_t, uint32_t>> keyed(n);
  for (size_t i = 0; i < n; ++i) keyed[i] = {key_of(i), static_cast<uint32_t>(i)};
  std::sort(keyed.begin(), keyed.end());
  struct Cell {
    uint64_t key;
    uint32_t begin, end;
  };
  std::vector<Cell> cells;
  for (uint32_t i = 0; i < n;) {
    uint32_t j = i;
    while (j < n && keyed[j].first == keyed[i].first) ++j;
    cells.push_back({keyed[i].first, i, j});
    i = j;
  }
  auto find = [&](uint64_t key) -> const Cell* {
    auto it = std::lower_bound(cells.begin(), cells.end(), key,
                               [](const Cell& c, uint64_t k) { return c.key < k; });
    return it != cells.end() && it->key == key ? &*it : nullptr;
  };
  auto visit = [&](uint32_t i, uint32_t j) {
    const double d = distance(x[i] - x[j], y[i] - y[j], metric);
    if (d < max_d) f(std::min(i, j), std::max(i, j), d);
  };
  static constexpr int kHalf[4][2] = {{1, -1}, {1, 0}, {1, 1}, {0, 1}};
  for (const Cell& c : cells) {
    for (uint32_t a = c.begin; a < c.end; ++a)
      for (uint32_t b = a + 1; b < c.end; ++b) visit(keyed[a].second, keyed[b].second);
    const auto cx = static_cast<int64_t>(c.key >> 32),
               cy = static_cast<int64_t>(c.key & 0xFFFFFFFFu);
    for (const auto& o : kHalf) {
      if (cy + o[1] < 0) continue;
      const Cell* other =
          find((static_cast<uint64_t>(cx + o[0]) << 32) | static_cast<uint64_t>(cy + o[1]));
      if (!other) continue;
      for (uint32_t a = c.begin; a < c.end; ++a)
        for (uint32_t b = other->begin; b < other->end; ++b)
          visit(keyed[a].second, keyed[b].second);
    }
  }
}

void validate(const KnoxOptions& o) {
  if (!(o.band_m > 0) || !std::isfinite(o.band_m))
    throw Error(ErrorKind::config, "near repeat: band_m must be > 0").at_field("band_m");
  if (o.distance_bands < 1 || o.distance_bands > 100)
    throw Error(ErrorKind::config, "near repeat: distance_bands must be 1..100")
        .at_field("distance_bands");
  if (!(o.same_location_m >= 0) || o.same_location_m > o.band_m)
    throw Error(ErrorKind::config, "near repeat: same_location_m must be in 0..band_m")
        .at_field("same_location_m");
  if (o.band_days < 1)
    throw Error(ErrorKind::config, "near repeat: band_days must be >= 1").at_field("band_days");
  if (o.time_bands < 1 || o.time_bands > 100)
    throw Error(ErrorKind::config, "near repeat: time_bands must be 1..100").at_field("time_bands");
  if (o.permutations < 1)
    throw Error(ErrorKind::config, "near repeat: permutations must be >= 1")
        .at_field("permutations");
}

// Pairs per time band over all n (n−1)/2 pairs: sorted days and one pointer per band bound.
std::vector<int64_t> time_band_totals(std::span<const int64_t> day, int64_t band, int bands) {
  std::vector<int64_t> sorted(day.begin(), day.end());
  std::sort(sorted.begin(), sorted.end());
  const auto n = static_cast<int64_t>(sorted.size());
  std::vector<int64_t> below(static_cast<size_t>(bands), 0);  // pairs with gap < (b+1)·band
  for (int b = 0; b < bands; ++b) {
    const int64_t bound = (b + 1) * band;
    int64_t j = 0, count = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (j < i + 1) j = i + 1;
      while (j < n && sorted[static_cast<size_t>(j)] - sorted[static_cast<size_t>(i)] < bound) ++j;
      count += j - i - 1;
    }
    below[static_cast<size_t>(b)] = count;
  }
  std::vector<int64_t> totals(static_cast<size_t>(bands) + 1);
  int64_t prev = 0;
  for (int b = 0; b < bands; ++b) {
    totals[static_cast<size_t>(b)] = below[static_cast<size_t>(b)] - prev;
    prev = below[static_cast<size_t>(b)];
  }
  totals[static_cast<size_t>(bands)] = n * (n - 1) / 2 - prev;
  return totals;
}

// Fills expected, ratio and p from the observed table and the Monte Carlo sums.
void finish(KnoxTable& t, const std::vector<int64_t>& sum, const std::vector<int64_t>& at_least) {
  for (size_t c = 0; c < t.cells.size(); ++c) {
    KnoxCell& k = t.cells[c];
    k.expected = static_cast<double>(sum[c]) / t.permutations;
    k.ratio = k.expected > 0 ? static_cast<double>(k.observed) / k.expected
                             : std::numeric_limits<double>::quiet_NaN();
    k.p = (1.0 + static_cast<double>(at_least[c])) / (1.0 + t.permutations);
  }
}

void shuffle(std::vector<int64_t>& v, uint64_t seed, int r) {
  stats::AreaRng rng(seed, static_cast<uint64_t>(r));
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(static_cast<uint32_t>(i))]);
}

// Runs the Monte Carlo tables r = 0 .. permutations-1 in contiguous chunks, one chunk per
// thread, and fills expected, ratio and p. `make_worker()` gives each thread its own callable
// `(int r, std::vector<int64_t>& table)` (with its own scratch space). Integer sums: the merge
// order cannot change a result.
template <class MakeWorker>
void monte_carlo(KnoxTable& t, const std::vector<int64_t>& observed, unsigned threads,
                 MakeWorker&& make_worker) {
  const size_t cells = t.cells.size(), perms = static_cast<size_t>(t.permutations);
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, perms));
  std::vector<std::vector<int64_t>> sums(threads, std::vector<int64_t>(cells, 0));
  std::vector<std::vector<int64_t>> ge(threads, std::vector<int64_t>(cells, 0));
  const size_t per = (perms + threads - 1) / threads;
  core::parallel_chunks(
      threads, threads,
      [&](size_t begin, size_t end) {
        auto worker = make_worker();
        std::vector<int64_t> out(cells);
        for (size_t w = begin; w < end; ++w)
          for (size_t r = w * per; r < std::min(perms, (w + 1) * per); ++r) {
            worker(static_cast<int>(r), out);
            for (size_t c = 0; c < cells; ++c) {
              sums[w][c] += out[c];
              ge[w][c] += out[c] >= observed[c] ? 1 : 0;
            }
          }
      },
      1);
  std::vector<int64_t> sum(cells, 0), at_least(cells, 0);
  for (unsigned w = 0; w < threads; ++w)
    for (size_t c = 0; c < cells; ++c) {
      sum[c] += sums[w][c];
      at_least[c] += ge[w][c];
    }
  finish(t, sum, at_least);
}

}  // namespace

const char* to_string(DistanceMetric m) {
  return m == DistanceMetric::manhattan ? "manhattan" : "euclidean";
}

DistanceMetric parse_distance_metric(const std::string& text) {
  if (text == "manhattan") return DistanceMetric::manhattan;
  if (text == "euclidean") return DistanceMetric::euclidean;
  throw Error(ErrorKind::config,
              "unknown distance metric '" + text + "' (use \"manhattan\" or \"euclidean\")");
}

std::vector<int64_t> knox_permutation(std::span<const int64_t> day, uint64_t seed, int r) {
  std::vector<int64_t> v(day.begin(), day.end());
  shuffle(v, seed, r);
  return v;
}

KnoxTable knox_test(std::span<const double> x, std::span<const double> y,
                    std::span<const int64_t> day, const KnoxOptions& o) {
  validate(o);
  if (y.size() != x.size() || day.size() != x.size())
    throw Error(ErrorKind::internal, "knox_test: x, y and day of different lengths");
  if (x.size() > std::numeric_limits<uint32_t>::max())
    throw Error(ErrorKind::internal, "knox_test: too many incidents");
  KnoxTable t;
  const int close_rows = 1 + o.distance_bands;  // same location + the bands
  t.rows = close_rows + 1;
  t.cols = o.time_bands + 1;
  t.permutations = o.permutations;
  t.incidents = static_cast<int64_t>(x.size());
  t.pairs = t.incidents * (t.incidents - 1) / 2;
  t.row_from.push_back(0);
  t.row_to.push_back(o.same_location_m);
  for (int i = 1; i <= o.distance_bands; ++i) {
    t.row_from.push_back(std::max(o.same_location_m, (i - 1) * o.band_m));
    t.row_to.push_back(i * o.band_m);
  }
  t.row_from.push_back(o.distance_bands * o.band_m);
  t.row_to.push_back(kInf);
  for (int j = 0; j <= o.time_bands; ++j) {
    t.col_from.push_back(static_cast<int64_t>(j) * o.band_days);
    t.col_to.push_back(j < o.time_bands ? static_cast<int64_t>(j + 1) * o.band_days : -1);
  }
  const auto cols = static_cast<size_t>(t.cols);
  t.cells.assign(static_cast<size_t>(t.rows) * cols, KnoxCell{});

  struct Pair {
    uint32_t i, j;
    uint32_t row;
  };
  std::vector<Pair> close;
  const double max_d = o.distance_bands * o.band_m;
  for_each_pair_within(x, y, max_d, o.metric, [&](uint32_t i, uint32_t j, double d) {
    const uint32_t row =
        d < o.same_location_m
            ? 0
            : std::min<uint32_t>(static_cast<uint32_t>(o.distance_bands),
                                 1 + static_cast<uint32_t>(std::floor(d / o.band_m)));
    close.push_back({i, j, row});
  });
  const int64_t band = o.band_days;
  const auto col_of = [&](int64_t a, int64_t b) {
    const int64_t gap = a > b ? a - b : b - a;
    return static_cast<size_t>(std::min<int64_t>(gap / band, o.time_bands));
  };
  const std::vector<int64_t> col_totals = time_band_totals(day, band, o.time_bands);
  // The table of one set of days: close pairs counted, the last row from the column totals.
  auto table = [&](std::span<const int64_t> d, std::vector<int64_t>& out) {
    std::fill(out.begin(), out.end(), 0);
    for (const Pair& p : close) ++out[p.row * cols + col_of(d[p.i], d[p.j])];
    const size_t last = static_cast<size_t>(close_rows) * cols;
    for (size_t c = 0; c < cols; ++c) {
      int64_t near = 0;
      for (size_t r = 0; r < static_cast<size_t>(close_rows); ++r) near += out[r * cols + c];
      out[last + c] = col_totals[c] - near;
    }
  };
  std::vector<int64_t> observed(t.cells.size());
  table(day, observed);
  for (size_t c = 0; c < t.cells.size(); ++c) t.cells[c].observed = observed[c];

  // Monte Carlo: the days permuted among the incidents, locations fixed.
  monte_carlo(t, observed, o.threads, [&] {
    return [&, perm = std::vector<int64_t>(day.size())](int r, std::vector<int64_t>& out) mutable {
      std::copy(day.begin(), day.end(), perm.begin());
      shuffle(perm, o.seed, r);
      table(perm, out);
    };
  });
  return t;
}

Chains near_repeat_chains(std::span<const double> x, std::span<const double> y,
                          std::span<const int64_t> day, const ChainOptions& o) {
  if (!(o.distance_m > 0) || !std::isfinite(o.distance_m))
    throw Error(ErrorKind::config, "near repeat chains: distance_m must be > 0")
        .at_field("chain_distance_m");
  if (o.days < 1)
    throw Error(ErrorKind::config, "near repeat chains: days must be >= 1").at_field("chain_days");
  if (y.size() != x.size() || day.size() != x.size())
    throw Error(ErrorKind::internal, "near_repeat_chains: x, y and day of different lengths");
  const size_t n = x.size();
  std::vector<uint32_t> parent(n);
  std::iota(parent.begin(), parent.end(), 0u);
  auto root = [&](uint32_t a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  };
  Chains c;
  for_each_pair_within(x, y, o.distance_m, o.metric, [&](uint32_t i, uint32_t j, double) {
    const int64_t gap = day[i] > day[j] ? day[i] - day[j] : day[j] - day[i];
    if (gap >= o.days) return;
    ++c.links;
    const uint32_t a = root(i), b = root(j);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  });
  // Number the groups of two or more by (first day, lowest member), whatever the pair order.
  std::vector<uint32_t> members(n, 0);
  std::vector<int64_t> first(n, std::numeric_limits<int64_t>::max());
  std::vector<int64_t> last(n, std::numeric_limits<int64_t>::min());
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t r = root(i);
    ++members[r];
    first[r] = std::min(first[r], day[i]);
    last[r] = std::max(last[r], day[i]);
  }
  std::vector<uint32_t> roots;
  for (uint32_t i = 0; i < n; ++i)
    if (root(i) == i && members[i] >= 2) roots.push_back(i);  // a root is its group's lowest index
  std::sort(roots.begin(), roots.end(), [&](uint32_t a, uint32_t b) {
    return first[a] != first[b] ? first[a] < first[b] : a < b;
  });
  std::vector<int32_t> number(n, -1);
  for (size_t k = 0; k < roots.size(); ++k) {
    number[roots[k]] = static_cast<int32_t>(k);
    c.size.push_back(members[roots[k]]);
    c.first_day.push_back(first[roots[k]]);
    c.last_day.push_back(last[roots[k]]);
  }
  c.chain_of.resize(n);
  for (uint32_t i = 0; i < n; ++i) c.chain_of[i] = number[root(i)];
  return c;
}

KnoxTable area_knox_test(std::span<const int64_t> counts, size_t areas, size_t steps,
                         const std::vector<std::vector<uint32_t>>& neighbours,
                         const AreaKnoxOptions& o) {
  if (o.lags < 1 || o.lags > 60)
    throw Error(ErrorKind::config, "area near repeat: lags must be 1..60").at_field("lags");
  if (o.permutations < 1)
    throw Error(ErrorKind::config, "area near repeat: permutations must be >= 1")
        .at_field("permutations");
  if (counts.size() != areas * steps || neighbours.size() != areas)
    throw Error(ErrorKind::internal, "area_knox_test: cube and neighbour lists do not match");
  KnoxTable t;
  t.rows = 3;
  t.cols = o.lags + 1;
  t.permutations = o.permutations;
  t.row_from = {0, 1, 2};
  t.row_to = {1, 2, kInf};
  for (int j = 0; j <= o.lags; ++j) {
    t.col_from.push_back(j);
    t.col_to.push_back(j < o.lags ? j + 1 : -1);
  }
  const auto cols = static_cast<size_t>(t.cols), lags = static_cast<size_t>(o.lags);
  t.cells.assign(3 * cols, KnoxCell{});
  // Adjacent area pairs a < b, once each, whatever the lists repeat.
  std::vector<std::pair<uint32_t, uint32_t>> links;
  for (uint32_t a = 0; a < areas; ++a)
    for (uint32_t b : neighbours[a]) {
      if (b >= areas) throw Error(ErrorKind::internal, "area_knox_test: neighbour out of range");
      if (a < b)
        links.emplace_back(a, b);
      else if (b < a)
        links.emplace_back(b, a);
    }
  std::sort(links.begin(), links.end());
  links.erase(std::unique(links.begin(), links.end()), links.end());

  std::vector<int64_t> area_total(areas, 0), step_total(steps, 0);
  int64_t n = 0;
  for (size_t a = 0; a < areas; ++a)
    for (size_t s = 0; s < steps; ++s) {
      const int64_t v = counts[a * steps + s];
      if (v < 0) throw Error(ErrorKind::internal, "area_knox_test: negative count");
      area_total[a] += v;
      step_total[s] += v;
      n += v;
    }
  t.incidents = n;
  t.pairs = n * (n - 1) / 2;
  auto c2 = [](int64_t v) { return v * (v - 1) / 2; };
  // Row and column totals are the same for every permutation of steps.
  int64_t same_total = 0, adjacent_total = 0;
  for (size_t a = 0; a < areas; ++a) same_total += c2(area_total[a]);
  for (const auto& [a, b] : links) adjacent_total += area_total[a] * area_total[b];
  const int64_t row_total[3] = {same_total, adjacent_total, t.pairs - same_total - adjacent_total};
  std::vector<int64_t> col_total(cols, 0);
  for (size_t lag = 0; lag < lags; ++lag)
    for (size_t s = 0; s + lag < steps; ++s)
      col_total[lag] += lag == 0 ? c2(step_total[s]) : step_total[s] * step_total[s + lag];
  col_total[lags] = t.pairs;
  for (size_t lag = 0; lag < lags; ++lag) col_total[lags] -= col_total[lag];

  auto table = [&](std::span<const int64_t> cube, std::vector<int64_t>& out) {
    std::fill(out.begin(), out.end(), 0);
    auto at = [&](size_t a, size_t s) { return cube[a * steps + s]; };
    for (size_t lag = 0; lag < lags; ++lag) {
      int64_t same = 0, adjacent = 0;
      for (size_t a = 0; a < areas; ++a)
        for (size_t s = 0; s + lag < steps; ++s)
          same += lag == 0 ? c2(at(a, s)) : at(a, s) * at(a, s + lag);
      for (const auto& [a, b] : links)
        for (size_t s = 0; s + lag < steps; ++s)
          adjacent += lag == 0 ? at(a, s) * at(b, s)
                               : at(a, s) * at(b, s + lag) + at(b, s) * at(a, s + lag);
      out[lag] = same;
      out[cols + lag] = adjacent;
      out[2 * cols + lag] = col_total[lag] - same - adjacent;
    }
    for (size_t r = 0; r < 3; ++r) {
      int64_t in_lags = 0;
      for (size_t lag = 0; lag < lags; ++lag) in_lags += out[r * cols + lag];
      out[r * cols + lags] = row_total[r] - in_lags;
    }
  };
  std::vector<int64_t> observed(t.cells.size());
  table(counts, observed);
  for (size_t c = 0; c < t.cells.size(); ++c) t.cells[c].observed = observed[c];

  // Monte Carlo: the step of every incident permuted among the incidents.
  std::vector<int64_t> step_of, area_of;
  step_of.reserve(static_cast<size_t>(n));
  area_of.reserve(static_cast<size_t>(n));
  for (size_t a = 0; a < areas; ++a)
    for (size_t s = 0; s < steps; ++s)
      for (int64_t k = 0; k < counts[a * steps + s]; ++k) {
        area_of.push_back(static_cast<int64_t>(a));
        step_of.push_back(static_cast<int64_t>(s));
      }
  monte_carlo(t, observed, o.threads, [&] {
    return [&, perm = std::vector<int64_t>(), cube = std::vector<int64_t>(counts.size())](
               int r, std::vector<int64_t>& out) mutable {
      perm = step_of;
      shuffle(perm, o.seed, r);
      std::fill(cube.begin(), cube.end(), 0);
      for (size_t i = 0; i < perm.size(); ++i)
        ++cube[static_cast<size_t>(area_of[i]) * steps + static_cast<size_t>(perm[i])];
      table(cube, out);
    };
  });
  return t;
}

}  // namespace brandpunt::evaluate
