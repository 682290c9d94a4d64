// Cross-level signals: what a tool that looks at one level at a time misses.
//
//  hot_straat_in_cool_buurt   a straat that is a Gi* hot spot (hot_90/95/99) for a category
//                             while its buurt (matched by parent_code, same category) is not
//                             hot: the problem sits in one street and vanishes in the buurt's
//                             average.
//  hot_buurt_in_average_wijk  a hot buurt whose wijk is "average" for that category: the wijk
//                             is neither hot nor cold (Gi* not significant) AND its raw rate
//                             per 1,000 inhabitants lies within ±average_band (default 20 %)
//                             of the city rate. Without population (rate or city rate NaN)
//                             the wijk's count is compared instead with the mean count of the
//                             wijken of that category (unsuppressed counts), same band.
//
// A parent that is missing, or whose count is suppressed when the count rule is needed, gives
// no signal: we do not claim what we cannot see. Candidates may hold several categories at
// once. Order: straat signals first, then buurt signals; within each by category, parent code
// and area code.
//
//   auto signals = cross_level_signals(straten, buurten, wijken, policy);
//   signals[0].text;  // "Rechtstraat is a Gi* hot spot at 99 % for hic (9 incidents), but
//                     //  buurt Centrum as a whole is not (not significant)"
#pragma once

#include <string>
#include <vector>

#include "focus/policy.hpp"
#include "focus/rank.hpp"

namespace brandpunt::focus {

struct Signal {
  std::string kind;                      // "hot_straat_in_cool_buurt" | "hot_buurt_in_average_wijk"
  std::string code, name;                // the hot area
  std::string parent_code, parent_name;  // its buurt or wijk
  std::string category;                  // category key
  std::string gi_class;                  // class of the hot area
  std::string text;                      // plain language, in policy.language
};

std::vector<Signal> cross_level_signals(const std::vector<Candidate>& straten,
                                        const std::vector<Candidate>& buurten,
                                        const std::vector<Candidate>& wijken, const Policy& policy,
                                        double average_band = 0.20);

}  // namespace brandpunt::focus
