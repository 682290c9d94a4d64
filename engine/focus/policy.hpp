// The focus policy: how areas are ranked for a focus list, read from the `[focus]` table of the
// run configuration so that a municipality changes its priorities in the config file, not in code.
//
// An area's score is a weighted sum of eight components, each in [0, 1]:
//
//   score = w_hotspot·hotspot + w_excess·excess + w_outlier·outlier + w_rate·rate
//         + w_volume·volume + w_trend·trend + w_emerging·emerging + w_change·change
//
//   hotspot   Gi* class of the period:   hot_99 1, hot_95 0.75, hot_90 0.5, otherwise 0.
//   excess    the count against its expectation (excess.hpp: population, area, street length
//             or the area's baseline share): when significant after BH over the list,
//             min(1, log L / log 8) with L the one-sided 95 % lower limit of the SIR: the
//             doublings above expectation the count surely reaches (L = 2: 1/3, L = 3: 0.53,
//             L >= 8: 1), whatever the neighbours do. The lower limit makes the component grow
//             smoothly with the evidence (it is near 0 where significance begins), so a count
//             that moves by 1 moves the score a little; the log keeps strong excesses ordered.
//   outlier   a hot outlier, high among neighbours that are not high: 1 when the period's
//             Local Moran of the category's counts is HL after BH, or when the area is above
//             the city and significantly above neighbours that are not raised themselves
//             (excess.hpp, neighbour_contrast: Local Moran cannot see a hot buurt among
//             neighbours of the city's level); else twice the share of steps in which the
//             area was a hot outlier of the space-time series (capped at 1).
//   rate      how far the empirical-Bayes smoothed rate per 1,000 inhabitants lies above the
//             city rate: clamp((eb_rate / city_rate - 1) / 2, 0, 1). Default weight 0: with
//             population the excess component tests the same thing; kept for configurations
//             that want the smoothed rate itself.
//   volume    log1p(n) / log1p(max n of the list's candidates): the log keeps one very busy
//             area from flattening all others; suppressed counts score 0.
//   trend     1 when the Mann-Kendall trend label is "increasing" (the label already carries
//             the significance test), otherwise 0.
//   emerging  emerging hot spot category: new, consecutive, intensifying 1; persistent 0.75;
//             sporadic, oscillating 0.5; diminishing and historical 0 (they are fading, and
//             shown in their own section); cold or no pattern 0.
//   change    1 when the count rose significantly against the same period last year (exact
//             Poisson test), otherwise 0. A rise that is not significant earns nothing.
//
// The default policy puts the spatial evidence first (hot spot 3, excess 3), then outliers and
// fresh patterns (2 each), and lets volume, trend and year-on-year change (1 each) break the
// ranks between comparable areas. An area needs at least `min_count` incidents (default 5, the
// public privacy threshold), a score above 0 and a signal beyond volume to be listed; the
// `rows` best are listed (fewer when fewer qualify), the next `near_miss_rows` are shown with
// what kept them off, and up to `fading_rows` faded areas get their own section (rank.hpp).
// Ties: score (rounded to 1e-9), then count, then area code.
//
// TOML (every key optional; a missing [focus] table means the defaults):
//
//   [focus]
//   weights = { hotspot = 3, excess = 3, outlier = 2, rate = 0, volume = 1, trend = 1,
//               emerging = 2, change = 1 }
//   exposure = "auto"      # auto | population | area | baseline: expected counts (excess.hpp)
//   excess_alpha = 0.05    # BH false discovery rate of the excess test over a list
//   min_count = 5          # incidents in the period needed to be listed
//   rows = 10              # rows per list (at most)
//   near_miss_rows = 5     # areas shown just below the cut-off
//   fading_rows = 5        # areas shown in the fading section
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

#include "focus/excess.hpp"

namespace brandpunt::focus {

struct Policy {
  double w_hotspot = 3;    // weight of the Gi* class component (>= 0)
  double w_excess = 3;     // weight of the excess over expectation (>= 0)
  double w_outlier = 2;    // weight of a hot outlier (>= 0)
  double w_rate = 0;       // weight of the EB-smoothed rate against the city (>= 0)
  double w_volume = 1;     // weight of log volume (>= 0)
  double w_trend = 1;      // weight of a significant rising Mann-Kendall trend (>= 0)
  double w_emerging = 2;   // weight of the emerging hot spot category (>= 0)
  double w_change = 1;     // weight of a significant rise against the same period last year (>= 0)
  ExposureChoice exposure = ExposureChoice::automatic;  // expected counts (excess.hpp)
  double excess_alpha = 0.05;  // BH false discovery rate of the excess test (0 < a < 1)
  int64_t min_count = 5;   // incidents in the period needed to be listed (>= 1)
  int rows = 10;           // listed rows per list, at most (>= 1)
  int near_miss_rows = 5;  // near misses shown per list (>= 0)
  int fading_rows = 5;     // faded areas shown per list (>= 0)
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
