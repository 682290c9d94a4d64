// Plain-language reasons for a focus row, generated from the numbers, in Dutch or English.
//
// One sentence per signal that contributes to the score, in a fixed order: hot spot class,
// count with the change against last year, emerging pattern, trend, rate against the city.
// Significance is only claimed where a test said so: a rise that failed the Poisson test reads
// "+100 % against the same period last year (not significant)".
//
//   Candidate c;  c.gi_class = "hot_99"; c.category_label = "hic"; c.count = 14;
//   c.change_ly_pct = 55.6; c.change_ly_significant = true;
//   c.emerging = "intensifying_hot_spot"; c.emerging_since = "2025-03";
//   reasons(c, "en");
//   // {"Gi* hot spot at 99 % for hic",
//   //  "14 incidents, +56 % against the same period last year (significant)",
//   //  "intensifying hot spot since 2025-03"}
//   reasons(c, "nl");
//   // {"Gi* hotspot (99 %) voor hic",
//   //  "14 incidenten, +56 % t.o.v. dezelfde periode vorig jaar (significant)",
//   //  "intensiverende hotspot sinds 2025-03"}
#pragma once

#include <string>
#include <vector>

#include "focus/rank.hpp"

namespace brandpunt::focus {

std::vector<std::string> reasons(const Candidate& c, const std::string& language);

// Display name of the candidate's category: its label, else "all incidents"/"alle incidenten"
// for "totaal", else the key.
std::string category_text(const Candidate& c, const std::string& language);

// eb_rate / city_rate, NaN when either is missing or the city rate is not positive.
double rate_ratio(const Candidate& c);

// Why an ineligible candidate (suppressed, or count < min_count) is not listed, e.g.
// "rate high (2.4× the city) but only 3 incidents (minimum 5)".
std::string held_back_ineligible(const Candidate& c, const Policy& policy);

// Why an eligible row below the cut-off is not listed. `place` is its 1-based place among the
// eligible rows, `last` the last listed row (nullptr when the list is empty).
std::string held_back_below_cutoff(const Row& row, const Row* last, int place,
                                   const Policy& policy);

}  // namespace brandpunt::focus
