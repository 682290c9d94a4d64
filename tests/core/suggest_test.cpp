#include "core/suggest.hpp"

#include <gtest/gtest.h>

namespace {

using namespace brandpunt;

TEST(Suggest, edit_distance_is_levenshtein_without_case) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("Queen", "queen"), 0u);
  EXPECT_EQ(edit_distance("quen", "queen"), 1u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
}

TEST(Suggest, nearest_names_find_typos_and_prefixes_best_first) {
  const std::vector<std::string> subs = {"woninginbraak", "moord_doodslag", "mishandeling", "fietsendiefstal"};
  EXPECT_EQ(nearest_names("moord", subs), std::vector<std::string>{"moord_doodslag"});
  EXPECT_EQ(nearest_names("fietsdiefstal", subs), std::vector<std::string>{"fietsendiefstal"});
  EXPECT_TRUE(nearest_names("xyz", subs).empty());
  EXPECT_TRUE(nearest_names("woninginbraak", subs).empty());  // an exact name is not a suggestion
}

TEST(Suggest, message_names_the_value_the_nearest_and_the_valid_ones) {
  const std::vector<std::string> valid = {"queen", "rook", "knn"};
  EXPECT_EQ(unknown_name_message("weights method", "quen", valid),
            "unknown weights method 'quen' (did you mean 'queen'?; valid: queen, rook, knn)");
  EXPECT_EQ(unknown_name_message("command", "zzz", valid, "see help", 2),
            "unknown command 'zzz' (see help)");
}

}  // namespace
