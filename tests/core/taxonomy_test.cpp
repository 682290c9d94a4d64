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

namespace {

TEST(Taxonomy, every_code_has_a_dutch_and_english_title_and_its_sub_has_both_names) {
  const Taxonomy t = Taxonomy::dutch_default();
  EXPECT_EQ(t.codes.size(), t.code_to_sub.size());
  size_t cbs = 0;
  for (const auto& c : t.codes) {
    EXPECT_FALSE(c.label_nl.empty()) << c.code;
    EXPECT_FALSE(c.label_en.empty()) << c.code;
    EXPECT_EQ(*t.lookup(c.code), c.sub) << c.code;
    cbs += c.code.find('.') != std::string::npos;
  }
  EXPECT_EQ(cbs, 58u);  // every CBS soort misdrijf code but the total 0.0.0
  for (const auto& s : t.subs) EXPECT_FALSE(s.label_en.empty()) << s.key;
  for (const auto& m : t.mains) EXPECT_FALSE(m.label_en.empty()) << m.key;
  EXPECT_EQ(t.subs[*t.lookup("A72")].key, "fietsendiefstal");  // police code of bicycle theft
}

TEST(Taxonomy, unmapped_sub_lives_under_overig_and_config_codes_remap) {
  Taxonomy t = Taxonomy::dutch_default();
  const uint16_t u = t.add_unmapped_sub();
  EXPECT_EQ(t.add_unmapped_sub(), u);  // once
  EXPECT_EQ(t.subs[u].key, Taxonomy::kUnmappedKey);
  EXPECT_EQ(t.mains[t.subs[u].main].key, "overig");
  EXPECT_FALSE(t.lookup("LARCENY").has_value());  // lookup stays exact
  t.add_code("LARCENY", *t.sub_index("overige_vermogen"));
  EXPECT_EQ(t.subs[*t.lookup("LARCENY")].key, "overige_vermogen");
  EXPECT_TRUE(t.codes.back().from_config);
  EXPECT_EQ(t.category_keys().front(), "totaal");
  EXPECT_EQ(t.category_keys().size(), 1 + t.mains.size() + t.subs.size());
}

}  // namespace
