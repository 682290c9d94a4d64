// How concentrated incidents are over areas (the "law of crime concentration", Weisburd 2015):
// the Lorenz curve, the Gini coefficient, its generalised form for sparse counts, the share of
// areas that holds 25 % and 50 % of the incidents, and what random allocation alone would give.
//
// With n areas, counts x_i and N = Σ x_i:
//   Lorenz curve  areas in ascending order of count; point i = (i/n, share of N in the i least
//                 busy areas), from (0, 0) to (1, 1).
//   Gini G        Σ_i Σ_j |x_i − x_j| / (2 n² x̄), the population form (DescTools::Gini with
//                 unbiased = FALSE; it reaches (n−1)/n, not 1, when one area holds everything).
//   generalised   G' = max(1, n/N)·(G − 1) + 1 (Bernasco & Steenbeek 2017, "More places than
//                 crimes"): when there are fewer incidents than areas, the most equal spread
//                 possible is one incident in each of N areas, not N/n in every area; G' measures
//                 concentration against that line of maximal equality. G' = G when N >= n.
//   areas for x % the smallest share of areas, busiest first, whose counts add up to at least
//                 x % of N (Chalfin, Kaplan & Cuellar 2021 report it at 25 % and 50 %).
// References: (10, 8, 2, 0×7) gives G = G' = 0.78; (5, 2, 1, 0×7) gives G = 0.80, G' = 0.75.
//
// Random baseline (Chalfin, Kaplan & Cuellar 2021): sparse counts look concentrated even when
// every area is equally likely, so each figure is also given for the N incidents assigned to the
// n areas uniformly at random with replacement. Small problems (N × draws <= 2·10^7) are
// simulated (one seeded stream per draw) and averaged; larger ones use the expected count
// histogram (each area's count ~ Binomial(N, 1/n), n·P(count = c) areas at count c), the limit
// the simulation converges to and exact to well under 0.1 % at that size.
//
//   std::vector<int64_t> buurten = {10, 8, 2, 0, 0, 0, 0, 0, 0, 0};
//   double g = evaluate::gini(buurten);                 // 0.78
//   Concentration c = evaluate::concentration(buurten, {});
//   c.areas_for_50pct;                                   // 0.1: one area of ten holds half
//   c.random.areas_for_50pct;                            // what chance alone gives
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace brandpunt::evaluate {

struct LorenzCurve {
  std::vector<double> area_share;      // 0, 1/n, ..., 1
  std::vector<double> incident_share;  // cumulative share of incidents, ascending areas
};

// counts >= 0; an empty vector or N = 0 gives the diagonal (NaN shares when N = 0).
LorenzCurve lorenz_curve(std::span<const int64_t> counts);
// The curve read at area shares `at` (linear between its points), e.g. 0.1, 0.2, ..., 1.
std::vector<double> lorenz_at(const LorenzCurve& curve, std::span<const double> at);

double gini(std::span<const int64_t> counts);              // NaN when N = 0
double generalised_gini(std::span<const int64_t> counts);  // NaN when N = 0
// The smallest share of areas (busiest first) holding at least `incident_share` (0..1] of N.
double areas_for_share(std::span<const int64_t> counts, double incident_share);

struct ConcentrationFigures {
  double gini = 0, gini_generalised = 0;
  double areas_for_25pct = 0, areas_for_50pct = 0;  // shares 0..1
};

struct BaselineOptions {
  int draws = 200;  // simulated random allocations (small problems)
  uint64_t seed = 1;
  int64_t max_simulated_draws = 20'000'000;  // N × draws above this: expected histogram
};

struct Concentration {
  size_t areas = 0;
  int64_t incidents = 0;
  ConcentrationFigures observed;
  ConcentrationFigures random;  // uniform random allocation of the same N over the same n
  std::string baseline_method;  // "simulation" or "expected"
};

Concentration concentration(std::span<const int64_t> counts, const BaselineOptions& options);

// The random-allocation figures alone (n areas, N incidents).
ConcentrationFigures random_allocation(size_t areas, int64_t incidents,
                                       const BaselineOptions& options,
                                       std::string* method = nullptr);

}  // namespace brandpunt::evaluate
