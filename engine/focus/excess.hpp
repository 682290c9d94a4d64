// Excess over expectation: is an area's count more than its exposure predicts? The expected
// count of each area comes from an exposure; the observed / expected ratio is a standardised
// incidence ratio (SIR) tested with the exact Poisson test (stats/poisson.hpp, one-sided
// "greater"), and the p-values are adjusted over the whole list by Benjamini-Hochberg. A buurt
// three times its expectation is a hot spot whatever its neighbours do; Gi* alone misses it
// when its neighbours are quiet.
//
// Exposures (e = the area's exposure, N = observed count of the areas that use that exposure):
//   population  E_i = N_pop · pop_i / Σ pop      (indirect standardisation: the city's rate
//                                                  per inhabitant over the areas with population)
//   area        E_i = N_area · area_i / Σ area   (polygons; incidents per km² of the city)
//   length      E_i = N_len · len_i / Σ len      (straten with geometry; per street metre)
//   baseline    E_i = N_all · (b_i + c) / Σ_j (b_j + c)   (the area's own share of the city in
//               the baseline months, b = its count there; c = 0.5 keeps an area that never had
//               an incident from an expectation of 0)
// ExposureChoice::automatic picks per level: population when every area has one; when only some
// have, population for those and baseline for the rest; when none has, area (polygons) or
// street length (straten), and baseline for areas without either. Forcing `population` or
// `area` still falls back to baseline for an area without it. The exposure used is recorded
// per area (the reasons name it: "3.1× expected from its area").
//
// Everything is a function of the counts passed in (published, possibly noisy counts in the
// public profile: they are rounded to whole numbers, negatives count as 0) and the exposures;
// nothing here reaches for exact counts.
//
//   ExposureInput in{population, area_m2, {}, baseline_counts};
//   ExcessResult r = excess_over_expectation(period_counts, in, {});
//   r.per_area[i].sir;         // 3.08
//   r.per_area[i].lower;       // 2.36: one-sided 95 % lower limit of the SIR
//   r.per_area[i].q;           // BH-adjusted p over the list
//   std::vector<double> nb = neighbour_ratio(queen, period_counts, r);   // neighbours' Σ O / Σ E
//   std::vector<NeighbourContrast> nc = neighbour_contrast(queen, period_counts, r, {});
//   nc[i].hot_outlier;         // above the city and above its neighbours, neighbours not raised
//
// Hot outliers against the neighbours (neighbour_contrast). Local Moran's HL needs neighbours
// that are significantly *low*: its conditional z at i is the Gi z of the neighbours alone
// (stats/local_moran.hpp), so a buurt three times its expectation among neighbours of about
// the city's level is never HL, however extreme it is. The contrast asks the question of the
// outlier directly, with the same expectations: given the total T = o_i + O_N of the area and
// its (binary) neighbours, is the area's share more than its share of the expectation?
//   o_i | T ~ Binomial(T, E_i / (E_i + E_N))   under equal ratios (the conditional test of two
//   Poisson rates, as R poisson.test(c(o_i, O_N), c(E_i, E_N), alternative = "greater")),
// p = P(X >= o_i), BH over the list. The area is a hot outlier when its excess over the city is
// significant, its excess over its neighbours is significant (q < alpha), and the neighbours
// are not raised themselves (their pooled count is not significantly above E_N: one-sided
// exact Poisson p >= alpha, unadjusted, so a doubtful ring counts as raised) — high among
// neighbours that are not high: the HL quadrant in ratios.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "weights/weights.hpp"

namespace brandpunt::focus {

enum class Exposure : uint8_t { none, population, area, length, baseline };
// "none", "population", "area", "length", "baseline".
const char* to_string(Exposure e);

enum class ExposureChoice : uint8_t { automatic, population, area, baseline };
// "auto", "population", "area", "baseline"; parse throws Error(config) on anything else.
const char* to_string(ExposureChoice c);
ExposureChoice parse_exposure_choice(const std::string& text);

// Per area of one level (empty span = not available for this level). NaN or <= 0 = unknown.
struct ExposureInput {
  std::span<const double> population;  // inhabitants
  std::span<const double> area_m2;     // polygon area
  std::span<const double> length_m;    // street length (straten)
  std::span<const double> baseline;    // the area's count in the baseline months (>= 0)
};

struct ExcessOptions {
  ExposureChoice exposure = ExposureChoice::automatic;
  double alpha = 0.05;          // BH false discovery rate over the list
  double level = 0.95;          // confidence of the one-sided lower limit of the SIR
  double baseline_prior = 0.5;  // c: pseudo count added to every area's baseline
};

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

struct Excess {
  Exposure exposure = Exposure::none;
  double observed = 0;
  double expected = kNoValue;  // NaN when no exposure could be given
  double sir = kNoValue;       // observed / expected
  double lower = kNoValue;     // one-sided lower confidence limit of the SIR at `level`
  double p = kNoValue;         // exact P(X >= observed | expected)
  double q = kNoValue;         // BH-adjusted p over the list
  bool significant = false;    // q < alpha (implies observed > expected)
};

struct ExcessResult {
  std::vector<Excess> per_area;
  Exposure primary = Exposure::none;  // the exposure most areas use
  std::vector<int64_t> areas_by_exposure = std::vector<int64_t>(5, 0);  // indexed by Exposure
};

// observed: the analysis period's count per area. Throws Error(internal) when a non-empty
// exposure span differs in length from observed.
ExcessResult excess_over_expectation(std::span<const double> observed, const ExposureInput& in,
                                     const ExcessOptions& options);

// Σ_{j in N(i)} observed_j / Σ_{j in N(i)} expected_j over the (binary) neighbours of each area,
// NaN for islands and where the neighbours have no expectation: "neighbours 0.9× expected".
std::vector<double> neighbour_ratio(const weights::Weights& w, std::span<const double> observed,
                                    const ExcessResult& excess);

struct NeighbourContrast {
  double ratio = kNoValue;         // the neighbours' Σ O / Σ E (as neighbour_ratio)
  double neighbours_p = kNoValue;  // P(X >= Σ O | Σ E): the neighbours against their expectation
  double p = kNoValue;             // conditional exact test of the area against its neighbours
  double q = kNoValue;             // BH-adjusted p over the list
  bool hot_outlier = false;        // see above
};

// NaN / false for islands and where the area or its neighbours have no expectation. Throws
// Error(internal) on a size mismatch.
std::vector<NeighbourContrast> neighbour_contrast(const weights::Weights& w,
                                                  std::span<const double> observed,
                                                  const ExcessResult& excess,
                                                  const ExcessOptions& options);

}  // namespace brandpunt::focus
