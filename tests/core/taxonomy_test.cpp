#include "core/taxonomy.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace {

using brandpunt::Taxonomy;

TEST(Taxonomy, every_category_key_is_unique_across_mains_and_subs_and_totaal) {
  // Every output table keys its rows and field names by category key: a sub sharing a main's
  // key (as "overig" once did) would give two rows with the same key.
  const Taxonomy t = Taxonomy::dutch_default();
  std::set<std::string> keys{"totaal"};
  for (const auto& m : t.mains) EXPECT_TRUE(keys.insert(m.key).second) << m.key;
  for (const auto& s : t.subs) EXPECT_TRUE(keys.insert(s.key).second) << s.key;
  EXPECT_EQ(keys.size(), 1 + t.mains.size() + t.subs.size());
  EXPECT_EQ(t.mains.size(), 6u);
  EXPECT_EQ(t.subs.size(), 27u);
}

TEST(Taxonomy, codes_map_to_subs_of_the_programme_groups) {
  const Taxonomy t = Taxonomy::dutch_default();
  auto main_of = [&](const char* code) {
    const auto s = t.lookup(code);
    return s ? t.mains[t.subs[*s].main].key : std::string("?");
  };
  EXPECT_EQ(main_of("1.1.1"), "hic");       // Diefstal/inbraak woning
  EXPECT_EQ(main_of("1.2.3"), "vermogen");  // fietsendiefstal
  EXPECT_EQ(main_of("2.4.2"), "overig");
  EXPECT_EQ(t.subs[*t.lookup("2.4.2")].key, "overige_misdrijven");
  EXPECT_FALSE(t.lookup("9.9.9").has_value());
  for (const auto& [code, sub] : t.code_to_sub) EXPECT_LT(sub, t.subs.size()) << code;
  for (const auto& s : t.subs) EXPECT_LT(s.main, t.mains.size()) << s.key;
}

}  // namespace
