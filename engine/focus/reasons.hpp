// Plain-language reasons for a focus row, generated from the numbers, in Dutch or English.
//
// One sentence per signal that contributes to the score, in a fixed order: Gi* hot spot class,
// excess over expectation (with the hot outlier when Local Moran says HL), the count with the
// change against last year, a hot outlier over the series, the emerging pattern with its share
// of hot steps, the trend, and the rate against the city (only when the policy weighs it).
// Significance is only claimed where a test said so: a rise that failed the Poisson test reads
// "+100 % against the same period last year (not significant)". A row never says both that an
// area is a hot spot and that it no longer is: a historical pattern of an area that is Gi* hot
// in the period reads "hot in 34 of 36 months, not in the last month".
//
// Fading rows (rank.hpp) get fading_reasons: the pattern that ended or weakens first
// ("historical hot spot: hot in 33 of 36 months, no longer since 2025-11", "falling trend
// (...)", "last 12 months -82 % against the 12 before (12 against 66; significant)"), then the
// current facts.
//
//   Candidate c;  c.gi_class = "hot_99"; c.category_label = "hic"; c.count = 14;
//   c.change_ly_pct = 55.6; c.change_ly_significant = true;
//   c.emerging = "intensifying_hot_spot"; c.emerging_since = "2025-03"; c.n_hot = 34;
//   c.n_steps = 36;
//   reasons(c, "en");
//   // {"Gi* hot spot at 99 % for hic",
//   //  "14 incidents, +56 % against the same period last year (significant)",
//   //  "intensifying hot spot since 2025-03 (hot in 34 of 36 months)"}
#pragma once

#include <string>
#include <vector>

#include "focus/rank.hpp"

namespace brandpunt::focus {

std::vector<std::string> reasons(const Candidate& c, const Policy& policy);
// The same with the default policy in `language` ("nl" | "en").
std::vector<std::string> reasons(const Candidate& c, const std::string& language);
std::vector<std::string> fading_reasons(const Candidate& c, const Policy& policy);

// Display name of the candidate's category: its label, else "all incidents"/"alle incidenten"
// for "totaal", else the key.
std::string category_text(const Candidate& c, const std::string& language);

// eb_rate / city_rate, NaN when either is missing or the city rate is not positive.
double rate_ratio(const Candidate& c);

// Why an ineligible candidate (suppressed, or count < min_count) is not listed, e.g.
// "rate high (2.4× the city) but only 3 incidents (minimum 5)".
std::string held_back_ineligible(const Candidate& c, const Policy& policy);
// Why an eligible candidate with nothing but its count is not listed.
std::string held_back_volume_only(const Candidate& c, const Policy& policy);
// Why an eligible row below the cut-off is not listed. `place` is its 1-based place among the
// eligible rows, `last` the last listed row (nullptr when the list is empty).
std::string held_back_below_cutoff(const Row& row, const Row* last, int place,
                                   const Policy& policy);

}  // namespace brandpunt::focus
