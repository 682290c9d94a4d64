// The category taxonomy: source codes (police/CBS "soort misdrijf" codes such as 1.1.1, or
// incident codes such as A72) mapped to a sub category, and each sub category to one main
// category. A strict tree, so that sums over subs equal their main.
//
//   Taxonomy t = Taxonomy::dutch_default();
//   auto sub = t.lookup("1.1.1");            // -> woninginbraak
//   t.mains[t.subs[*sub].main].key;         // -> "hic"
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace brandpunt {

struct Taxonomy {
  struct Main {
    std::string key;       // stable ascii key used in field names: "hic", "vermogen", ...
    std::string label_nl;  // "High Impact Crimes", "Vermogenscriminaliteit", ...
    std::string label_en;
  };
  struct Sub {
    std::string key;  // "woninginbraak", "fietsendiefstal", ...
    std::string label_nl;
    std::string label_en;
    uint16_t main = 0;  // index into mains
  };
  std::vector<Main> mains;
  std::vector<Sub> subs;
  std::map<std::string, uint16_t, std::less<>> code_to_sub;  // source code -> sub index

  std::optional<uint16_t> lookup(std::string_view code) const;
  std::optional<uint16_t> main_index(std::string_view key) const;
  std::optional<uint16_t> sub_index(std::string_view key) const;

  // The shipped default for the CBS/police "soort misdrijf" codes, grouped as Dutch safety
  // programmes report (HIC, vermogen, geweld, overlast, ondermijning, overig).
  static Taxonomy dutch_default();
};

}  // namespace brandpunt
