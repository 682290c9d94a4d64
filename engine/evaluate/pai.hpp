// How well a ranked list of areas predicted where the next period's incidents fell: hit rate,
// Predictive Accuracy Index (PAI), Predictive Efficiency Index (PEI) and Recapture Rate Index
// (RRI), cumulative down the list, plus a random-list baseline.
//
// A focus list (or the hot spots of a layer) made from period T1 is a prediction: "the incidents
// of the next period T2 will be here". With n_k the T2 incidents in the first k listed areas,
// N all T2 incidents in scope, a_k the size of those k areas and A the size of all areas in scope
// (km² for polygons and grid cells, street length for straten):
//
//   hit rate  H_k   = n_k / N                                   (Chainey, Tompson & Uhlig 2008)
//   PAI_k           = (n_k / N) / (a_k / A)                     (Chainey, Tompson & Uhlig 2008)
//   PAI*_k          = the largest PAI any choice of areas of the same total size a_k reaches on
//                     T2: areas in order of T2 density n/a, the last one taken in part so the
//                     size is exactly a_k (the fractional knapsack bound; with equal areas and a
//                     whole number k it is simply the k busiest areas)
//   PEI_k           = PAI_k / PAI*_k, in [0, 1]                 (Hunt 2016; 1 = a perfect oracle)
//   RRI_k           = PAI_k(T2) / PAI_k(T1) = (n_k,T2 / N_T2) / (n_k,T1 / N_T1) for the same
//                     areas, T1 being the period the list was made from (Levine 2008's recapture
//                     rate index: 1 = the listed areas keep their share of the incidents, < 1 = the
//                     hotspots cool down, > 1 = they heat up). ptools' `pai` calls a different
//                     quantity (predicted / observed counts) "RRI"; brandpunt follows Levine.
//
// Reference (ptools' test case): observed T2 counts (6, 3, 0) ranked by predicted (3, 2, 1) on
// equal areas give cumulative PAI 2, 1.5, 1 and PEI 1, 1, 1.
//
// The random baseline draws lists of the same length uniformly from the areas in scope (one
// seeded stream per draw, so any thread count gives the same numbers) and reports their mean
// PAI, its 95th percentile and the Monte Carlo p of the observed PAI: (1 + #draws with PAI >=
// observed) / (1 + draws). A random list's expected PAI is about 1 whatever the data.
//
//   std::vector<double> t2 = {6, 3, 0}, t1 = {5, 2, 1}, km2 = {1, 1, 1};
//   std::vector<uint32_t> list = {0, 1, 2};
//   auto curve = evaluate::score_ranked_list({t2, t1, km2}, list);
//   curve[0].pai;   // 2
//   curve[0].pei;   // 1
//   auto base = evaluate::random_list_baseline({t2, {}, km2}, 1, curve[0].pai, 999, 42);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace brandpunt::evaluate {

// Per-area values of every area in scope, by area index.
struct ScoreInput {
  std::span<const double> after;   // T2 counts (the period the list is scored on), >= 0
  std::span<const double> before;  // T1 counts (the period the list was made from); empty = no RRI
  std::span<const double> size;    // km² or street metres, > 0 and finite
};

// One point of the cumulative curve: the first k areas of the ranked list.
struct ListPoint {
  size_t k = 0;            // areas taken from the top of the list
  double size = 0;         // a_k, in the unit of ScoreInput::size
  double size_share = 0;   // a_k / A
  double hits = 0;         // n_k, T2 incidents in those areas
  double hit_rate = 0;     // n_k / N; NaN when N = 0
  double pai = 0;          // NaN when N = 0
  double pai_best = 0;     // PAI*_k; NaN when N = 0
  double pei = 0;          // PAI / PAI*; NaN when N = 0
  double hits_before = 0;  // n_k on T1 (0 without `before`)
  double pai_before = 0;   // PAI_k on T1 (in-sample); NaN without `before` or when N_T1 = 0
  double rri = 0;          // PAI(T2) / PAI(T1); NaN when either is NaN or PAI(T1) = 0
};

// The cumulative curve of `ranked` (area indices, best first, no repeats). Throws
// Error(internal) for mismatched spans, a repeated or out-of-range index, a negative or
// non-finite count, or a size that is not > 0.
std::vector<ListPoint> score_ranked_list(const ScoreInput& in, std::span<const uint32_t> ranked);

// PAI*: the best PAI reachable with areas of total size `size` on T2 (see above); NaN when N = 0.
// Sorts by density on every call: score_ranked_list computes it once for the whole curve.
double best_pai(const ScoreInput& in, double size);

struct RandomBaseline {
  int draws = 0;
  double mean_pai = 0;  // mean PAI of random lists of the same length; NaN when N = 0
  double p95_pai = 0;   // 95th percentile (nearest rank)
  double p = 1;         // Monte Carlo p of `observed_pai` (one-sided: random does at least as well)
};

// Random lists of `k` areas (k <= areas in scope). `observed_pai` NaN gives p NaN.
RandomBaseline random_list_baseline(const ScoreInput& in, size_t k, double observed_pai, int draws,
                                    uint64_t seed);

}  // namespace brandpunt::evaluate
