// Focus lists: the areas of one level and one category ranked by the policy score
// (policy.hpp), each row with its reasons in plain language, the areas just below the cut-off
// with what kept them off, and the areas whose pattern faded, so that a regisseur can challenge
// the list.
//
// The input is plain data the pipeline already has per area (counts, excess over expectation,
// Gi* class, outliers, Mann-Kendall trend, emerging category, changes between periods); nothing
// here knows the pipeline's tables or reaches for exact counts: in the public profile the
// candidates carry the published (protected) figures. Rules:
//  - evidence: a list row needs a signal beyond volume, i.e. a non-volume component > 0 (Gi*
//    hot, significant excess, hot outlier (Local Moran HL or against its neighbours), current emerging hot pattern, rising trend,
//    significant rise against last year, or a high EB rate when that weight is set). A row with
//    volume only is a near miss ("volume only"), never a focus row.
//  - fading (their own section, never on the current list): a historical hot spot (unless Gi*
//    hot in the period), a diminishing hot spot, or a significant decrease (falling Mann-Kendall
//    trend and a significant fall over the last 12 months, or against last year when no 12
//    months are available) without a current hot spot (Gi* hot or a current emerging pattern).
//  - listed: not fading, evidence, count not suppressed, count >= policy.min_count; the
//    policy.rows best by score (rounded to 1e-9 so hand-equal sums tie), then count, then code.
//    A list may be shorter than policy.rows: FocusList::listed says how long it is.
//  - near misses: the next policy.near_miss_rows areas in the same order with score > 0 that are
//    not listed and not fading: below the cut-off ("score 2.10, below the cut-off 2.85 (place 12,
//    list of 10)"; decimals are added until the two scores differ), volume only, or ineligible
//    ("rate high (2.4× the city) but only 3 incidents (minimum 5)", "count suppressed").
//  - a suppressed count hides its rate and its excess too: no component, no text.
//  - scope "gemeente" ranks all candidates; any other scope keeps those whose `stadsdeel`
//    equals it, so one candidate vector serves the citywide list and every stadsdeel list.
//    The volume component is relative to the busiest area *of the list's scope*.
//
//   std::vector<Candidate> buurten = ...;   // level "buurt", category "hic"
//   FocusList city = rank(buurten, policy, "gemeente");
//   FocusList centrum = rank(buurten, policy, "SD01");
//   city.listed[0].reasons;   // {"Gi* hotspot (99 %) voor HIC", "3,1× verwacht (...)", ...}
//   city.fading[0].reasons;   // {"historische hotspot: ...", "dalende trend (...)", ...}
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "focus/policy.hpp"

namespace brandpunt::focus {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Candidate {
  std::string level;              // "straat" | "buurt" | "wijk"
  std::string code, name;         // area code and display name
  std::string stadsdeel;          // stadsdeel code (scope of per-stadsdeel lists)
  std::string stadsdeel_name;     // its name ("" = the code only)
  std::string parent_code;        // straat -> buurt, buurt -> wijk, wijk -> stadsdeel
  std::string category;           // "totaal" or a main category key ("hic", ...)
  std::string category_label;     // display label in the policy language ("" = the key)
  int64_t count = 0;              // incidents in the analysis period
  bool count_suppressed = false;  // public profile: count hidden (below privacy threshold)
  int64_t count_ly = -1;          // same period last year; -1 = unknown or suppressed
  bool ly_has_data = true;        // the same period last year lies within the months with data
  double rate = kNaN;             // per 1,000 inhabitants; NaN = no population
  double eb_rate = kNaN;          // empirical-Bayes smoothed rate per 1,000
  double city_rate = kNaN;        // rate of the whole city per 1,000 (same category)
  std::string gi_class = "not_significant";  // hot_99 .. cold_99
  double gi_z = kNaN;
  // Excess over expectation (excess.hpp): exposure "population" | "area" | "length" |
  // "baseline" | "" (none), the expected count, SIR = count / expected, its one-sided lower
  // limit, the exact Poisson p and its BH-adjusted q over the level's areas.
  std::string exposure;
  double expected = kNaN, sir = kNaN, sir_lower = kNaN, excess_p = kNaN, excess_q = kNaN;
  bool excess_significant = false;
  double neighbour_ratio = kNaN;  // the neighbours' Σ count / Σ expected
  // The area against its neighbours (excess.hpp, neighbour_contrast): the conditional exact
  // test's BH-adjusted q, and whether it is a hot outlier by it (above the city, above its
  // neighbours, neighbours not raised).
  double contrast_q = kNaN;
  bool contrast_outlier = false;
  // Outliers: Local Moran of this category's period counts (quadrant HH/HL/LH/LL, "" = none;
  // significant after BH), and the space-time summary of the series (ArcGIS Local Outlier
  // Analysis category and the number of steps in which the area was a hot outlier).
  std::string lisa_quadrant;
  bool lisa_significant = false;
  double lisa_p = kNaN;
  std::string outlier_pattern = "never_significant";
  int n_high_low = 0;
  std::string trend = "too_short";      // increasing | decreasing | no_trend | too_short
  double trend_p = kNaN;                // Mann-Kendall p
  double sen_slope = kNaN;              // Sen's slope, incidents per `step`
  int trend_length = 0;                 // steps in the trend series
  int min_trend_length = 4;             // steps a trend needs
  std::string step = "month";           // step of the trend series: month | week | quarter
  std::string emerging = "no_pattern";  // emerging hot spot key, e.g. "intensifying_hot_spot"
  std::string emerging_since;           // "2025-03"; "" = none
  int n_hot = 0;                        // steps that were significant hot bins
  int n_steps = 0;                      // steps of the emerging series
  double change_ly_pct = kNaN;          // % change against the same period last year
  double change_ly_p = kNaN;            // exact Poisson test p
  bool change_ly_significant = false;
  // The last 12 months against the 12 before (counts -1 = not available or suppressed).
  int64_t rolling_current = -1, rolling_previous = -1;
  double rolling_pct = kNaN, rolling_p = kNaN;
  bool rolling_significant = false;
  std::string period_label;  // "2025-10..2025-12"
};

// The policy components, each in [0, 1] (definitions in policy.hpp).
struct Components {
  double hotspot = 0, excess = 0, outlier = 0, rate = 0, volume = 0, trend = 0, emerging = 0,
         change = 0;
};

struct Row {
  Candidate c;
  double score = 0;  // Σ weight · component
  Components parts;
  int rank = 0;  // 1-based place on the list; 0 = not listed
  bool listed = false;
  bool fading = false;                 // in the fading section
  std::vector<std::string> reasons;    // why it scores (fading rows: why it faded)
  std::vector<std::string> held_back;  // near misses: what kept it off the list
};

struct FocusList {
  std::string scope;       // "gemeente" or a stadsdeel code
  std::string scope_name;  // the stadsdeel's name ("" for gemeente or when unknown)
  std::string level;       // level of the candidates ("" when there were none)
  std::string category;    // category key of the candidates
  std::string category_label;
  std::string period_label;
  int rows = 0;            // the policy's maximum number of rows
  int64_t candidates = 0;  // areas in scope
  int64_t eligible = 0;    // areas that qualify for the list (evidence, count, not fading)
  int64_t volume_only = 0;  // eligible by count but no signal beyond volume
  int64_t fading_areas = 0;  // areas with a faded pattern (fading may show fewer)
  bool trends_too_short = false;  // the series is shorter than the trend minimum
  int trend_length = 0, min_trend_length = 0;
  std::string step = "month";
  std::vector<Row> listed;
  std::vector<Row> near_misses;
  std::vector<Row> fading;
};

// Component scores of one candidate; `max_count` is the largest unsuppressed count of its list.
Components components(const Candidate& c, const Policy& policy, int64_t max_count);
double score(const Components& parts, const Policy& policy);
// A signal beyond volume: some non-volume component with a weight above 0 scores.
bool has_evidence(const Components& parts, const Policy& policy);
// The fading rules above; `why` (when not null) gets "historical", "diminishing" or
// "decreasing".
bool is_fading(const Candidate& c, std::string* why = nullptr);

// Ranks candidates of one level and one category (Error(internal) when they mix levels or
// categories or repeat a code). Deterministic: the input order does not matter.
FocusList rank(const std::vector<Candidate>& candidates, const Policy& policy,
               const std::string& scope);

// The citywide list followed by one list per stadsdeel (non-empty `stadsdeel` codes, sorted).
std::vector<FocusList> rank_scopes(const std::vector<Candidate>& candidates, const Policy& policy);

}  // namespace brandpunt::focus
