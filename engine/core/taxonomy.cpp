#include "core/taxonomy.hpp"

#include <algorithm>

namespace brandpunt {

std::optional<uint16_t> Taxonomy::lookup(std::string_view code) const {
  auto it = code_to_sub.find(code);
  if (it == code_to_sub.end()) return std::nullopt;
  return it->second;
}

std::optional<uint16_t> Taxonomy::main_index(std::string_view key) const {
  for (size_t i = 0; i < mains.size(); ++i)
    if (mains[i].key == key) return static_cast<uint16_t>(i);
  return std::nullopt;
}

std::optional<uint16_t> Taxonomy::sub_index(std::string_view key) const {
  for (size_t i = 0; i < subs.size(); ++i)
    if (subs[i].key == key) return static_cast<uint16_t>(i);
  return std::nullopt;
}

namespace {
struct SubDef {
  const char* main;
  const char* key;
  const char* nl;
  const char* en;
  std::vector<const char*> codes;
};
}  // namespace

// The grouping follows how Dutch safety programmes report (Veiligheidsmonitor / Integraal
// Veiligheidsplan): High Impact Crimes are woninginbraak, overval and straatroof; the other
// "soort misdrijf" codes (CBS table 47013NED, ../shared/data/codes) fall in vermogen, geweld,
// overlast, ondermijning or overig. Jeugdoverlast and verward gedrag are police *incident*
// registrations, not crime codes: the default accepts the placeholder codes
// "overlast-jeugd" and "overlast-verward"; map a police code list to them in the config.
Taxonomy Taxonomy::dutch_default() {
  Taxonomy t;
  t.mains = {
      {"hic", "High Impact Crimes", "High impact crimes"},
      {"vermogen", "Vermogenscriminaliteit", "Property crime"},
      {"geweld", "Geweld", "Violence"},
      {"overlast", "Overlast", "Nuisance"},
      {"ondermijning", "Ondermijning", "Organised crime"},
      {"overig", "Overig", "Other"},
  };
  const std::vector<SubDef> defs = {
      {"hic", "woninginbraak", "Woninginbraak", "Residential burglary", {"1.1.1"}},
      {"hic", "overval", "Overval", "Robbery (premises)", {"1.4.7"}},
      {"hic", "straatroof", "Straatroof", "Street robbery", {"1.4.6"}},
      {"vermogen", "fietsendiefstal", "Fietsendiefstal", "Bicycle theft", {"1.2.3"}},
      {"vermogen", "autokraak", "Diefstal uit/vanaf auto", "Theft from vehicles", {"1.2.1"}},
      {"vermogen", "voertuigdiefstal", "Diefstal van voertuigen", "Vehicle theft",
       {"1.2.2", "1.2.5"}},
      {"vermogen", "zakkenrollerij", "Zakkenrollerij", "Pickpocketing", {"1.2.4"}},
      {"vermogen", "inbraak_box", "Inbraak box/garage/schuur", "Burglary shed/garage", {"1.1.2"}},
      {"vermogen", "bedrijfsinbraak", "Inbraak bedrijven", "Commercial burglary", {"2.5.1"}},
      {"vermogen", "winkeldiefstal", "Winkeldiefstal", "Shoplifting", {"2.5.2"}},
      {"vermogen", "overige_vermogen", "Overige vermogensdelicten", "Other property crime",
       {"1.6.2", "1.5.2"}},
      {"geweld", "mishandeling", "Mishandeling", "Assault", {"1.4.5"}},
      {"geweld", "bedreiging", "Bedreiging", "Threat", {"1.4.4"}},
      {"geweld", "openlijk_geweld", "Openlijk geweld", "Public violence", {"1.4.3"}},
      {"geweld", "zeden", "Zedenmisdrijf", "Sexual offence", {"1.4.1"}},
      {"geweld", "moord_doodslag", "Moord, doodslag", "Homicide", {"1.4.2"}},
      {"overlast", "jeugd", "Jeugdoverlast", "Youth nuisance", {"overlast-jeugd"}},
      {"overlast", "drugs", "Drugs/drankoverlast", "Drug/alcohol nuisance", {"2.1.1"}},
      {"overlast", "woon", "Woonoverlast (burengerucht)", "Residential nuisance", {"2.4.1"}},
      {"overlast", "verward", "Verward gedrag", "Confused behaviour", {"overlast-verward"}},
      {"overlast", "vernieling", "Vernieling", "Vandalism", {"2.2.1"}},
      {"overlast", "openbare_orde", "Aantasting openbare orde", "Public order", {"3.6.4"}},
      {"ondermijning", "drugshandel", "Drugshandel", "Drug trafficking", {"3.1.1"}},
      {"ondermijning", "mensenhandel", "Mensenhandel/-smokkel", "Human trafficking",
       {"1.6.3", "3.1.2"}},
      {"ondermijning", "wapenhandel", "Wapenhandel", "Arms trafficking", {"3.1.3"}},
      {"ondermijning", "fraude", "Fraude", "Fraud", {"3.9.1", "3.9.2", "3.9.3"}},
      // Its own key: "overig" is the main category, and every table keys rows by category.
      {"overig", "overige_misdrijven", "Overige misdrijven", "Other offences",
       {"1.3.1", "1.6.1", "2.4.2", "2.6.1", "2.6.2", "2.6.3", "2.6.4", "2.6.5", "2.6.7",
        "2.6.8", "2.6.9", "2.6.10", "2.6.11", "2.6.12", "2.6.13", "2.6.14", "2.7.2", "2.7.3",
        "3.2.1", "3.2.2", "3.3.2", "3.3.5", "3.4.2", "3.5.2", "3.5.5", "3.7.1", "3.7.2",
        "3.7.3", "3.7.4"}},
  };
  for (const auto& d : defs) {
    Sub s{d.key, d.nl, d.en, *t.main_index(d.main)};
    const auto index = static_cast<uint16_t>(t.subs.size());
    t.subs.push_back(std::move(s));
    for (const char* code : d.codes) t.code_to_sub.emplace(code, index);
  }
  return t;
}

}  // namespace brandpunt
