#include "assign/straten.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "../index/test_areas.hpp"

using namespace brandpunt;
using namespace brandpunt::assign;
using brandpunt::testing::box_ring;

namespace {

// Two buurten side by side: BU01 = [0,100]x[0,100], BU02 = [100,200]x[0,100].
AreaLayer two_buurten() {
  AreaLayer b;
  b.level = "buurt";
  b.code = {"BU01", "BU02"};
  b.name = {"West", "Oost"};
  b.parent = {"WK01", "WK01"};
  b.population = {kNoData, kNoData};
  b.geometry = {{Polygon{box_ring(0, 0, 100, 100), {}}}, {Polygon{box_ring(100, 0, 200, 100), {}}}};
  return b;
}

double length(const std::vector<LineString>& lines) {
  double total = 0;
  for (const auto& l : lines)
    for (size_t i = 1; i < l.size(); ++i)
      total += std::hypot(l[i].x - l[i - 1].x, l[i].y - l[i - 1].y);
  return total;
}

const std::vector<std::string> kNames = {"Kerkstraat", "Grensweg", "Laan", "Buitenweg"};
const std::vector<LineString> kLines = {
    {{20, 50}, {60, 60}, {180, 50}},  // 0 Kerkstraat, crosses the border
    {{100, 10}, {100, 90}},           // 1 Grensweg, along the shared border
    {{10, 10}, {50, 10}},             // 2 Laan, two pieces inside BU01
    {{50, 10}, {90, 10}},             // 3 Laan
    {{300, 0}, {400, 0}},             // 4 Buitenweg, outside all buurten
    {{10, 80}, {90, 80}},             // 5 unnamed
};
const std::vector<uint32_t> kLineName = {0, 1, 2, 2, 3, kNoStreet};

}  // namespace

TEST(Straten, street_crossing_two_buurten_yields_two_straten_whose_lengths_sum_to_the_original) {
  const auto buurten = two_buurten();
  const StraatLayer s = build_straten(kLines, kLineName, kNames, buurten);
  ASSERT_EQ(s.code, (std::vector<std::string>{"BU01:Grensweg", "BU01:Kerkstraat", "BU01:Laan",
                                              "BU02:Kerkstraat"}));
  EXPECT_EQ(s.buurt, (std::vector<uint32_t>{0, 0, 0, 1}));
  EXPECT_EQ(s.name[1], "Kerkstraat");
  const double original = length({kLines[0]});
  EXPECT_NEAR(length(s.geometry[1]) + length(s.geometry[3]), original, 1e-9);
  EXPECT_GT(length(s.geometry[1]), 80.0);  // bends north inside BU01
  // The border street belongs to the lowest buurt code only, once, at full length.
  EXPECT_NEAR(length(s.geometry[0]), 80.0, 1e-9);
  // The two Laan pieces merge into one line.
  ASSERT_EQ(s.geometry[2].size(), 1u);
  EXPECT_NEAR(length(s.geometry[2]), 80.0, 1e-9);
}

TEST(Straten, incidents_use_their_own_buurt_and_missing_pairs_are_added) {
  const auto buurten = two_buurten();
  StraatLayer s = build_straten(kLines, kLineName, kNames, buurten);
  // Incident 0 in BU01 on Kerkstraat; 1 in BU02 snapped to Laan (only in BU01); 2 not
  // snapped; 3 outside every buurt; 4 snapped to the unnamed line.
  const std::vector<uint32_t> snapped = {0, 2, kNoStreet, 4, 5};
  const std::vector<uint32_t> buurt = {0, 1, 0, kNoArea, 0};
  const auto straat = straat_of_incidents(s, snapped, kLineName, kNames, buurt, buurten);
  ASSERT_EQ(s.code, (std::vector<std::string>{"BU01:Grensweg", "BU01:Kerkstraat", "BU01:Laan",
                                              "BU02:Kerkstraat", "BU02:Laan"}));
  EXPECT_TRUE(s.geometry[4].empty());
  EXPECT_EQ(straat, (std::vector<uint32_t>{1, 4, kNoStreet, kNoStreet, kNoStreet}));
}

TEST(Straten, from_incident_street_names_without_geometry) {
  const auto buurten = two_buurten();
  IncidentTable t;
  t.street_names = {"Markt", "Achterom", ""};
  t.push_back(10, 10, 0, 0, 0, 1);          // Markt in BU01
  t.push_back(150, 10, 0, 0, 0, 2);         // Markt in BU02
  t.push_back(20, 10, 0, 0, 1, 3);          // Achterom in BU01
  t.push_back(30, 10, 0, 0, 0, 4);          // Markt in BU01 again
  t.push_back(40, 10, 0, 0, kNoStreet, 5);  // no street
  t.push_back(50, 10, 0, 0, 2, 6);          // empty name
  t.push_back(500, 10, 0, 0, 0, 7);         // outside
  const std::vector<uint32_t> buurt = {0, 1, 0, 0, 0, 0, kNoArea};
  const StraatLayer s = straten_from_names(t, buurt, buurten);
  ASSERT_EQ(s.code, (std::vector<std::string>{"BU01:Achterom", "BU01:Markt", "BU02:Markt"}));
  for (const auto& g : s.geometry) EXPECT_TRUE(g.empty());
  EXPECT_EQ(straat_of_named_incidents(s, t, buurt),
            (std::vector<uint32_t>{1, 2, 0, 1, kNoStreet, kNoStreet, kNoStreet}));
}

TEST(Straten, the_result_is_the_same_at_any_thread_count) {
  // 10 x 10 buurten of 100 m; 9,000 short named segments (enough for several chunks), many
  // crossing borders, chained so that pieces of one name must be merged across chunks.
  AreaLayer b;
  b.level = "buurt";
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c) {
      b.code.push_back("BU" + std::to_string(100 + r * 10 + c));
      b.name.push_back(b.code.back());
      b.parent.push_back("WK01");
      b.population.push_back(kNoData);
      b.geometry.push_back({Polygon{box_ring(c * 100.0, r * 100.0, c * 100.0 + 100, r * 100.0 + 100), {}}});
    }
  std::vector<std::string> names;
  for (int n = 0; n < 30; ++n) names.push_back("Straat " + std::to_string(n));
  std::vector<LineString> lines;
  std::vector<uint32_t> line_name;
  uint64_t state = 7;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  for (int street = 0; street < 300; ++street) {
    double x = next() * 1000, y = next() * 1000;
    for (int k = 0; k < 30; ++k) {  // a chain of 30 segments: one street wandering through buurten
      const double nx = std::clamp(x + (next() - 0.5) * 60, 0.0, 1000.0);
      const double ny = std::clamp(y + (next() - 0.5) * 60, 0.0, 1000.0);
      lines.push_back({{x, y}, {nx, ny}});
      line_name.push_back(static_cast<uint32_t>(street % names.size()));
      x = nx, y = ny;
    }
  }
  const StraatLayer one = build_straten(lines, line_name, names, b, 1);
  const StraatLayer two = build_straten(lines, line_name, names, b, 2);
  const StraatLayer three = build_straten(lines, line_name, names, b, 3);
  ASSERT_GT(one.size(), 300u);
  for (const StraatLayer* other : {&two, &three}) {
    EXPECT_EQ(one.code, other->code);
    EXPECT_EQ(one.buurt, other->buurt);
    ASSERT_EQ(one.geometry.size(), other->geometry.size());
    for (size_t s = 0; s < one.size(); ++s) {
      ASSERT_EQ(one.geometry[s].size(), other->geometry[s].size()) << one.code[s];
      for (size_t l = 0; l < one.geometry[s].size(); ++l) {
        ASSERT_EQ(one.geometry[s][l].size(), other->geometry[s][l].size()) << one.code[s];
        for (size_t v = 0; v < one.geometry[s][l].size(); ++v) {
          EXPECT_EQ(one.geometry[s][l][v].x, other->geometry[s][l][v].x);
          EXPECT_EQ(one.geometry[s][l][v].y, other->geometry[s][l][v].y);
        }
      }
    }
  }
  // Clipping loses no length: every segment lies inside the 1 km square.
  double total_in = 0, total_out = 0;
  for (const auto& l : lines) total_in += length({l});
  for (const auto& g : one.geometry) total_out += length(g);
  EXPECT_NEAR(total_out, total_in, 1e-6 * total_in);
}
