// Focus lists: the areas of one level and one category ranked by the policy score
// (policy.hpp), each row with its reasons in plain language, plus the areas just below the
// cut-off with what kept them off, so that a regisseur can challenge the list.
//
// The input is plain data the pipeline already has per area (counts, smoothed rate, Gi* class,
// Mann-Kendall trend, emerging category, change against last year); nothing here knows the
// pipeline's tables. Rules:
//  - listed: count not suppressed, count >= policy.min_count and score > 0; the policy.rows
//    best by score (rounded to 1e-9 so hand-equal sums tie), then count, then code (ascending).
//  - near misses: the next policy.near_miss_rows areas with score > 0 in the same order that
//    are not listed: eligible areas below the cut-off ("score 2.10, below the cut-off 2.85
//    (place 12, list of 10)") and ineligible ones with their reason ("rate high (2.4× the
//    city) but only 3 incidents (minimum 5)", "count suppressed (below the privacy threshold)").
//  - an area scoring 0 is never listed nor a near miss: nothing points at it.
//  - a suppressed count hides its rate too: no rate component, no rate in the texts.
//  - scope "gemeente" ranks all candidates; any other scope keeps those whose `stadsdeel`
//    equals it, so one candidate vector serves the citywide list and every stadsdeel list.
//    The volume component is relative to the busiest area *of the list's scope*.
//
//   std::vector<Candidate> buurten = ...;   // level "buurt", category "hic"
//   FocusList city = rank(buurten, policy, "gemeente");
//   FocusList centrum = rank(buurten, policy, "SD01");
//   city.listed[0].reasons;   // {"Gi* hotspot (99 %) voor HIC", "14 incidenten, ..."}
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
  std::string parent_code;        // straat -> buurt, buurt -> wijk, wijk -> stadsdeel
  std::string category;           // "totaal" or a main category key ("hic", ...)
  std::string category_label;     // display label in the policy language ("" = the key)
  int64_t count = 0;              // incidents in the analysis period
  bool count_suppressed = false;  // public profile: count hidden (below privacy threshold)
  int64_t count_ly = -1;          // same period last year; -1 = unknown or suppressed
  double rate = kNaN;             // per 1,000 inhabitants; NaN = no population
  double eb_rate = kNaN;          // empirical-Bayes smoothed rate per 1,000
  double city_rate = kNaN;        // rate of the whole city per 1,000 (same category)
  std::string gi_class = "not_significant";  // hot_99 .. cold_99
  double gi_z = kNaN;
  std::string trend = "too_short";      // increasing | decreasing | no_trend | too_short
  double trend_p = kNaN;                // Mann-Kendall p
  double sen_slope = kNaN;              // Sen's slope, incidents per `step`
  std::string step = "month";           // step of the trend series: month | week | quarter
  std::string emerging = "no_pattern";  // emerging hot spot key, e.g. "intensifying_hot_spot"
  std::string emerging_since;           // "2025-03"; "" = none
  double change_ly_pct = kNaN;          // % change against the same period last year
  double change_ly_p = kNaN;            // exact Poisson test p
  bool change_ly_significant = false;
  std::string period_label;  // "2025-10..2025-12"
};

// The six policy components, each in [0, 1] (definitions in policy.hpp).
struct Components {
  double hotspot = 0, rate = 0, volume = 0, trend = 0, emerging = 0, change = 0;
};

struct Row {
  Candidate c;
  double score = 0;  // Σ weight · component
  Components parts;
  int rank = 0;  // 1-based place on the list; 0 = not listed
  bool listed = false;
  std::vector<std::string> reasons;    // why it scores, in policy.language
  std::vector<std::string> held_back;  // near misses: what kept it off the list
};

struct FocusList {
  std::string scope;     // "gemeente" or a stadsdeel code
  std::string level;     // level of the candidates ("" when there were none)
  std::string category;  // category key of the candidates
  std::string category_label;
  std::string period_label;
  int64_t candidates = 0;  // areas in scope
  int64_t eligible = 0;    // areas in scope that could be listed (count, privacy, score > 0)
  std::vector<Row> listed;
  std::vector<Row> near_misses;
};

// Component scores of one candidate; `max_count` is the largest unsuppressed count of its list.
Components components(const Candidate& c, const Policy& policy, int64_t max_count);
double score(const Components& parts, const Policy& policy);

// Ranks candidates of one level and one category (Error(internal) when they mix levels or
// categories or repeat a code). Deterministic: the input order does not matter.
FocusList rank(const std::vector<Candidate>& candidates, const Policy& policy,
               const std::string& scope);

// The citywide list followed by one list per stadsdeel (non-empty `stadsdeel` codes, sorted).
std::vector<FocusList> rank_scopes(const std::vector<Candidate>& candidates, const Policy& policy);

}  // namespace brandpunt::focus
