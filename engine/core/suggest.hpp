// Names the user may have meant: edit distance and the "did you mean" part of error messages.
//
// A config that names an unknown category, level or option should say which names are valid
// and, when one is close, which one was probably meant (git, cargo and clang do the same).
// Closeness is the Levenshtein distance on lower-cased ASCII (insert, delete and substitute
// each cost 1), plus containment: "moord" is close to "moord_doodslag".
//
//   std::vector<std::string> valid = {"woninginbraak", "moord_doodslag"};
//   nearest_names("moord", valid);                      // {"moord_doodslag"}
//   unknown_name_message("sub category", "moord", valid);
//   // "unknown sub category 'moord' (did you mean 'moord_doodslag'?; valid: woninginbraak,
//   //  moord_doodslag)"
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace brandpunt {

// Levenshtein distance, ASCII letters compared without case.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidates close to `name`, best first (distance, then candidate order): those within
// max(2, |name| / 3) edits, and those that contain `name` or are contained in it (at least 3
// characters). At most `max_results`.
std::vector<std::string> nearest_names(std::string_view name, std::span<const std::string> candidates,
                                       size_t max_results = 3);

// "unknown <what> '<name>' (did you mean 'x'?; valid: a, b, c)". The valid names are listed
// when there are at most `list_max` of them; `hint` (e.g. "see `brandpunt codes`") is appended.
std::string unknown_name_message(std::string_view what, std::string_view name,
                                 std::span<const std::string> valid, std::string_view hint = "",
                                 size_t list_max = 40);

}  // namespace brandpunt
