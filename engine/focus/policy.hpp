// The focus policy: how areas are ranked for a focus list, read from the `[focus]` table of the
// run configuration so that a municipality changes its priorities in the config file, not in code.
//
// An area's score is a weighted sum of six components, each in [0, 1]:
//
//   score = w_hotspot·hotspot + w_rate·rate + w_volume·volume
//         + w_trend·trend + w_emerging·emerging + w_change·change
//
//   hotspot   Gi* class of the period:   hot_99 1, hot_95 0.75, hot_90 0.5, otherwise 0.
//   rate      how far the empirical-Bayes smoothed rate per 1,000 inhabitants lies above the
//             city rate: clamp((eb_rate / city_rate - 1) / 2, 0, 1), so 1× the city scores 0,
//             2× scores 0.5 and 3× or more scores 1. No population (NaN, e.g. straten) -> 0;
//             a suppressed count -> 0 (its rate would reveal the count).
//             Smoothing first (Marshall 1991, global EB) keeps tiny buurten with 2 incidents
//             from topping the list on a noisy raw rate.
//   volume    log1p(n) / log1p(max n of the list's candidates): the log keeps one very busy
//             area from flattening all others; suppressed counts score 0.
//   trend     1 when the Mann-Kendall trend label is "increasing" (the label already carries
//             the significance test), otherwise 0.
//   emerging  emerging hot spot category: new, consecutive, intensifying 1; persistent 0.75;
//             sporadic, oscillating 0.5; diminishing 0.25; historical 0.1; cold or no pattern 0.
//             Fresh and growing patterns first: those are where early action pays off.
//   change    1 when the count rose significantly against the same period last year (exact
//             Poisson test), otherwise 0. A rise that is not significant earns nothing.
//
// The default policy (below) puts the spatial evidence first (hot spot 3, emerging 2), then
// the risk per inhabitant (rate 2), and lets volume, trend and year-on-year change (1 each)
// break the ranks between comparable areas. The maximum score is the sum of the weights (10).
// An area needs at least `min_count` incidents (default 5, the public privacy threshold) and a
// score above 0 to be listed; the `rows` best are listed and the next `near_miss_rows` are
// shown with what kept them off. Ties: score (rounded to 1e-9), then count, then area code.
//
// TOML (every key optional; a missing [focus] table means the defaults):
//
//   [focus]
//   weights = { hotspot = 3, rate = 2, volume = 1, trend = 1, emerging = 2, change = 1 }
//   min_count = 5          # incidents in the period needed to be listed
//   rows = 10              # rows per list
//   near_miss_rows = 5     # areas shown just below the cut-off
//   language = "nl"        # "nl" or "en": language of reasons and reports
//   levels = ["straat", "buurt", "wijk"]   # lists to make (wijk serves as the summary)
//   categories = ["totaal", "hic", "vermogen", "geweld", "overlast", "ondermijning"]
//   per_stadsdeel = true   # a list per stadsdeel besides the citywide one
//
//   toml::table root = toml::parse_file(path);
//   Policy p = parse_policy(root["focus"].as_table(), path);
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace brandpunt::focus {

struct Policy {
  double w_hotspot = 3;    // weight of the Gi* class component (>= 0)
  double w_rate = 2;       // weight of the EB-smoothed rate against the city (>= 0)
  double w_volume = 1;     // weight of log volume (>= 0)
  double w_trend = 1;      // weight of a significant rising Mann-Kendall trend (>= 0)
  double w_emerging = 2;   // weight of the emerging hot spot category (>= 0)
  double w_change = 1;     // weight of a significant rise against the same period last year (>= 0)
  int64_t min_count = 5;   // incidents in the period needed to be listed (>= 1)
  int rows = 10;           // listed rows per list (>= 1)
  int near_miss_rows = 5;  // near misses shown per list (>= 0)
  std::string language = "nl";  // "nl" | "en": language of reasons and reports
  // Which lists the pipeline makes: every level × category, citywide and (per_stadsdeel)
  // per stadsdeel. Levels: straat | buurt | wijk. Categories: "totaal" or taxonomy keys.
  std::vector<std::string> levels{"straat", "buurt", "wijk"};
  std::vector<std::string> categories{"totaal", "hic",      "vermogen",
                                      "geweld", "overlast", "ondermijning"};
  bool per_stadsdeel = true;
};

// Reads the `[focus]` table; nullptr gives the defaults. Unknown keys, wrong types, negative
// weights, all-zero weights, bad counts or an unknown language throw Error(config) naming
// `config_file`, the line and the dotted key ("focus.weights.hotspot"), as does an unknown
// level or a category for which `category_exists` is false (empty function: "totaal" and the
// default main keys hic, vermogen, geweld, overlast, ondermijning, overig). Keys listed in
// `extra_keys` are skipped (for settings of [focus] that another step reads).
Policy parse_policy(const toml::table* focus_section, const std::string& config_file,
                    const std::function<bool(const std::string&)>& category_exists = {},
                    const std::set<std::string>& extra_keys = {});

// Throws Error(config) when a policy built in code is invalid (same checks as parse_policy).
void validate(const Policy& policy);

}  // namespace brandpunt::focus
