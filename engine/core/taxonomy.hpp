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
  // A source code with its official title (CBS title for the soort misdrijf codes; empty for
  // codes added by a config).
  struct Code {
    std::string code;
    std::string label_nl, label_en;
    uint16_t sub = 0;          // index into subs
    bool from_config = false;  // added by [taxonomy.codes]
  };
  // Key of the sub category that collects codes not in the list when the config asks for it
  // ([taxonomy] unmapped = "overig"): counted under the main "overig", listed per code in
  // run.json, until they are mapped.
  static constexpr const char* kUnmappedKey = "niet_ingedeeld";

  std::vector<Main> mains;
  std::vector<Sub> subs;
  std::vector<Code> codes;                                   // every known code, in list order
  std::map<std::string, uint16_t, std::less<>> code_to_sub;  // source code -> sub index
  std::optional<uint16_t> unmapped_sub;  // set by add_unmapped_sub(): where unknown codes go

  // The sub category of a known code (exact match); unmapped_sub is NOT applied here.
  std::optional<uint16_t> lookup(std::string_view code) const;
  std::optional<uint16_t> main_index(std::string_view key) const;
  std::optional<uint16_t> sub_index(std::string_view key) const;
  // "totaal", the main keys and the sub keys, in that order (the category keys of the tables).
  std::vector<std::string> category_keys() const;
  std::vector<std::string> sub_keys() const;

  // Maps (or re-maps) a source code to a sub category.
  void add_code(const std::string& code, uint16_t sub);
  // Adds the "niet_ingedeeld" sub under "overig" (once) and sets unmapped_sub.
  uint16_t add_unmapped_sub();

  // The shipped default for the CBS/police "soort misdrijf" codes, grouped as Dutch safety
  // programmes report (HIC, vermogen, geweld, overlast, ondermijning, overig).
  static Taxonomy dutch_default();
};

}  // namespace brandpunt
