// Near-repeat analysis: does one burglary raise the risk of another close by, soon after? The
// Knox test with Monte Carlo significance as the Near Repeat Calculator (NRC; Ratcliffe 2009)
// reports it, per-incident near-repeat chains, and an area-level Knox table computed from a
// (protected) area × step count cube.
//
// Knox table (Knox 1964; the NRC's layout): every unordered pair of incidents falls in one
// distance band and one time band.
//   rows     "same location" d < same_location_m; then distance_bands bands of band_m:
//            band i = [max(same_location_m, (i−1)·band_m), i·band_m); a last row d >= the last
//            bound. d is Manhattan (the NRC's default, a stand-in for street distance) or
//            Euclidean, in metres.
//   columns  time_bands bands of band_days whole days: band j = [j·band_days, (j+1)·band_days)
//            days apart (calendar days); a last column for the rest. Bounds are half-open, so
//            "0–6 days" means what it says (Steenbeek's NearRepeat package shows that the NRC's
//            own labels are off by one day and metre; brandpunt's are not).
//   observed pairs in the cell; expected = mean over `permutations` Monte Carlo tables in which
//            the days are randomly permuted among the incidents (locations fixed, so space and
//            time are independent by construction; Knox ratio = observed / expected; p = (1 +
//            #permutations with count >= observed) / (1 + permutations), as the NRC and
//            NearRepeat compute it. A ratio above 1 with a small p is a near-repeat pattern.
// Only pairs closer than the last distance bound are enumerated (a grid of that cell size);
// the last row follows from the time-band totals over all pairs, which a permutation of days
// does not change. Permutation r shuffles the days by Fisher-Yates with stats::AreaRng(seed, r),
// so the result is the same at any thread count (knox_permutation gives those days to tests).
//
// Chains: incidents linked when closer than distance_m and fewer than `days` days apart; a
// chain is a connected group of two or more, numbered in order of its first day (then its
// lowest incident index). Restricted output only: a chain is a set of individual incidents.
//
// Area-level Knox (public profile): the same table with areas and steps instead of metres and
// days, computed from counts only. Rows: same area, neighbouring areas (the given contiguity),
// further; columns: 0, 1, ..., lags−1 steps apart, and more. Pair counts follow from the cube
// (C(n, 2) within a cell, n_a·n_b across cells) and the Monte Carlo tables permute the steps of
// the cube's incidents (area totals and step totals fixed). With a protected cube every figure
// is a function of published counts.
//
//   KnoxOptions o;  o.band_m = 100;  o.distance_bands = 4;  o.band_days = 7;  o.time_bands = 4;
//   KnoxTable t = evaluate::knox_test(x, y, day, o);
//   t.at(1, 0).ratio;   // pairs 1–99 m and 0–6 days apart, observed / expected
//   t.at(1, 0).p;       // Monte Carlo p
//   Chains c = evaluate::near_repeat_chains(x, y, day, {100, 7});
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace brandpunt::evaluate {

enum class DistanceMetric { manhattan, euclidean };
const char* to_string(DistanceMetric m);                        // "manhattan", "euclidean"
DistanceMetric parse_distance_metric(const std::string& text);  // Error(config) otherwise

struct KnoxOptions {
  double band_m = 100;         // width of a distance band, metres (> 0)
  int distance_bands = 4;      // distance bands after "same location" (1..100)
  double same_location_m = 1;  // closer than this is "same location", metres (0 .. band_m)
  int band_days = 7;           // width of a time band, days (>= 1)
  int time_bands = 4;          // time bands before "later" (1..100)
  DistanceMetric metric = DistanceMetric::manhattan;
  int permutations = 99;  // Monte Carlo tables (>= 1); the NRC's "p = 0.01" is 99
  uint64_t seed = 1;
  unsigned threads = 1;  // 0 = all cores; results do not depend on it
};

struct KnoxCell {
  int64_t observed = 0;
  double expected = 0;                                      // mean of the Monte Carlo tables
  double ratio = std::numeric_limits<double>::quiet_NaN();  // observed / expected; NaN if 0
  double p = std::numeric_limits<double>::quiet_NaN();      // Monte Carlo p (one-sided, >=)
};

struct KnoxTable {
  int rows = 0, cols = 0;
  // Band bounds [from, to): metres and days (point test) or adjacency order and steps (area
  // test); the last row and column have to = infinity / -1 (open).
  std::vector<double> row_from, row_to;
  std::vector<int64_t> col_from, col_to;
  std::vector<KnoxCell> cells;  // [row * cols + col]
  int64_t incidents = 0;
  int64_t pairs = 0;  // n (n − 1) / 2
  int permutations = 0;
  const KnoxCell& at(int row, int col) const {
    return cells[static_cast<size_t>(row) * static_cast<size_t>(cols) + static_cast<size_t>(col)];
  }
};

// x, y in metres (one CRS), day = calendar day number (e.g. time_s / 86400 floored). Throws
// Error(config) for invalid options, Error(internal) for spans of different lengths.
KnoxTable knox_test(std::span<const double> x, std::span<const double> y,
                    std::span<const int64_t> day, const KnoxOptions& options);

// The days of Monte Carlo table r (0-based) exactly as knox_test permutes them.
std::vector<int64_t> knox_permutation(std::span<const int64_t> day, uint64_t seed, int r);

struct ChainOptions {
  double distance_m = 100;  // linked when closer than this (> 0)
  int days = 7;             // ... and fewer than this many days apart (>= 1)
  DistanceMetric metric = DistanceMetric::manhattan;
};

struct Chains {
  std::vector<int32_t> chain_of;  // per incident: chain number (0-based) or -1
  std::vector<uint32_t> size;     // incidents per chain
  std::vector<int64_t> first_day, last_day;
  int64_t links = 0;  // linked pairs
};

Chains near_repeat_chains(std::span<const double> x, std::span<const double> y,
                          std::span<const int64_t> day, const ChainOptions& options);

struct AreaKnoxOptions {
  int lags = 2;           // columns 0 .. lags−1 steps apart, then "more" (1..60)
  int permutations = 99;  // (>= 1)
  uint64_t seed = 1;
  unsigned threads = 1;
};

// counts[area * steps + step] >= 0; neighbours[a] = areas adjacent to a (symmetric lists).
KnoxTable area_knox_test(std::span<const int64_t> counts, size_t areas, size_t steps,
                         const std::vector<std::vector<uint32_t>>& neighbours,
                         const AreaKnoxOptions& options);

}  // namespace brandpunt::evaluate
