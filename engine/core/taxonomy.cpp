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

std::vector<std::string> Taxonomy::category_keys() const {
  std::vector<std::string> out{"totaal"};
  for (const auto& m : mains) out.push_back(m.key);
  for (const auto& s : subs) out.push_back(s.key);
  return out;
}

std::vector<std::string> Taxonomy::sub_keys() const {
  std::vector<std::string> out;
  for (const auto& s : subs) out.push_back(s.key);
  return out;
}

void Taxonomy::add_code(const std::string& code, uint16_t sub) {
  code_to_sub[code] = sub;
  for (auto& c : codes)
    if (c.code == code) {
      c.sub = sub;
      c.label_nl = c.label_en = "";
      c.from_config = true;
      return;
    }
  codes.push_back(Code{code, "", "", sub, true});
}

uint16_t Taxonomy::add_unmapped_sub() {
  if (unmapped_sub) return *unmapped_sub;
  const auto main = main_index("overig").value_or(static_cast<uint16_t>(mains.size() - 1));
  subs.push_back(Sub{kUnmappedKey, "Niet ingedeelde code", "Unmapped code", main});
  unmapped_sub = static_cast<uint16_t>(subs.size() - 1);
  return *unmapped_sub;
}

namespace {
struct CodeDef {
  const char* code;
  const char* nl;
  const char* en;
};
struct SubDef {
  const char* main;
  const char* key;
  const char* nl;
  const char* en;
  std::vector<CodeDef> codes;
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
  // Codes: CBS "soort misdrijf" (table 47013NED) with the CBS title, and police incident
  // codes ("maatschappelijke klasse" of the police system BVH) where their meaning is
  // documented with the data that uses them (A72 in the Groningen bicycle-theft export).
  const std::vector<SubDef> defs = {
      {"hic", "woninginbraak", "Woninginbraak", "Residential burglary",
       {{"1.1.1", "Diefstal/inbraak woning", "Theft/burglary from a dwelling"}}},
      {"hic", "overval", "Overval", "Robbery (premises)", {{"1.4.7", "Overval", "Robbery of premises"}}},
      {"hic", "straatroof", "Straatroof", "Street robbery", {{"1.4.6", "Straatroof", "Street robbery"}}},
      {"vermogen", "fietsendiefstal", "Fietsendiefstal", "Bicycle theft",
       {{"1.2.3", "Diefstal van brom-, snor-, fietsen", "Theft of mopeds and bicycles"},
        {"A72", "Fietsdiefstal (politie, BVH)", "Bicycle theft (police incident code)"}}},
      {"vermogen", "autokraak", "Diefstal uit/vanaf auto", "Theft from vehicles",
       {{"1.2.1", "Diefstal uit/vanaf motorvoertuigen", "Theft from motor vehicles"}}},
      {"vermogen", "voertuigdiefstal", "Diefstal van voertuigen", "Vehicle theft",
       {{"1.2.2", "Diefstal van motorvoertuigen", "Theft of motor vehicles"},
        {"1.2.5", "Diefstal af/uit/van ov. voertuigen", "Theft of or from other vehicles"}}},
      {"vermogen", "zakkenrollerij", "Zakkenrollerij", "Pickpocketing",
       {{"1.2.4", "Zakkenrollerij", "Pickpocketing"}}},
      {"vermogen", "inbraak_box", "Inbraak box/garage/schuur", "Burglary shed/garage",
       {{"1.1.2", "Diefstal/inbraak box/garage/schuur", "Theft/burglary from a shed or garage"}}},
      {"vermogen", "bedrijfsinbraak", "Inbraak bedrijven", "Commercial burglary",
       {{"2.5.1", "Diefstal/inbraak bedrijven enz.", "Theft/burglary from businesses"}}},
      {"vermogen", "winkeldiefstal", "Winkeldiefstal", "Shoplifting",
       {{"2.5.2", "Winkeldiefstal", "Shoplifting"}}},
      {"vermogen", "overige_vermogen", "Overige vermogensdelicten", "Other property crime",
       {{"1.6.2", "Overige vermogensdelicten", "Other property crime"},
        {"1.5.2", "Diefstallen (water)", "Theft on or from water"}}},
      {"geweld", "mishandeling", "Mishandeling", "Assault", {{"1.4.5", "Mishandeling", "Assault"}}},
      {"geweld", "bedreiging", "Bedreiging", "Threat", {{"1.4.4", "Bedreiging", "Threat"}}},
      {"geweld", "openlijk_geweld", "Openlijk geweld", "Public violence",
       {{"1.4.3", "Openlijk geweld (persoon)", "Public violence against persons"}}},
      {"geweld", "zeden", "Zedenmisdrijf", "Sexual offence", {{"1.4.1", "Zedenmisdrijf", "Sexual offence"}}},
      {"geweld", "moord_doodslag", "Moord, doodslag", "Homicide",
       {{"1.4.2", "Moord, doodslag", "Murder, manslaughter"}}},
      {"overlast", "jeugd", "Jeugdoverlast", "Youth nuisance",
       {{"overlast-jeugd", "Jeugdoverlast (plaatshouder)", "Youth nuisance (placeholder code)"}}},
      {"overlast", "drugs", "Drugs/drankoverlast", "Drug/alcohol nuisance",
       {{"2.1.1", "Drugs/drankoverlast", "Drug and alcohol nuisance"}}},
      {"overlast", "woon", "Woonoverlast (burengerucht)", "Residential nuisance",
       {{"2.4.1", "Burengerucht (relatieproblemen)", "Disturbance by neighbours or partners"}}},
      {"overlast", "verward", "Verward gedrag", "Confused behaviour",
       {{"overlast-verward", "Verward gedrag (plaatshouder)", "Confused behaviour (placeholder code)"}}},
      {"overlast", "vernieling", "Vernieling", "Vandalism",
       {{"2.2.1", "Vernieling cq. zaakbeschadiging", "Vandalism, criminal damage"}}},
      {"overlast", "openbare_orde", "Aantasting openbare orde", "Public order",
       {{"3.6.4", "Aantasting openbare orde", "Offences against public order"}}},
      {"ondermijning", "drugshandel", "Drugshandel", "Drug trafficking",
       {{"3.1.1", "Drugshandel", "Drug trafficking"}}},
      {"ondermijning", "mensenhandel", "Mensenhandel/-smokkel", "Human trafficking",
       {{"1.6.3", "Mensenhandel", "Human trafficking"}, {"3.1.2", "Mensensmokkel", "People smuggling"}}},
      {"ondermijning", "wapenhandel", "Wapenhandel", "Arms trafficking",
       {{"3.1.3", "Wapenhandel", "Arms trafficking"}}},
      {"ondermijning", "fraude", "Fraude", "Fraud",
       {{"3.9.1", "Horizontale fraude", "Fraud against persons and businesses"},
        {"3.9.2", "Verticale fraude", "Fraud against the government"},
        {"3.9.3", "Fraude (overig)", "Other fraud"}}},
      // Its own key: "overig" is the main category, and every table keys rows by category.
      {"overig", "overige_misdrijven", "Overige misdrijven", "Other offences",
       {{"1.3.1", "Ongevallen (weg)", "Road accidents"},
        {"1.6.1", "Brand/ontploffing", "Fire, explosion"},
        {"2.4.2", "Huisvredebreuk", "Trespass in a dwelling"},
        {"2.6.1", "Inrichting Wet Milieubeheer", "Environmental permits"},
        {"2.6.2", "Bodem", "Soil"},
        {"2.6.3", "Water", "Water"},
        {"2.6.4", "Afval", "Waste"},
        {"2.6.5", "Bouwstoffen", "Building materials"},
        {"2.6.7", "Mest", "Manure"},
        {"2.6.8", "Transport gevaarlijke stoffen", "Transport of hazardous substances"},
        {"2.6.9", "Vuurwerk", "Fireworks"},
        {"2.6.10", "Bestrijdingsmiddelen", "Pesticides"},
        {"2.6.11", "Natuur en landschap", "Nature and landscape"},
        {"2.6.12", "Ruimtelijke ordening", "Spatial planning"},
        {"2.6.13", "Dieren", "Animals"},
        {"2.6.14", "Voedselveiligheid", "Food safety"},
        {"2.7.2", "Bijzondere wetten", "Special laws"},
        {"2.7.3", "Leefbaarheid (overig)", "Liveability (other)"},
        {"3.2.1", "Kinderporno", "Child sexual abuse material"},
        {"3.2.2", "Kinderprostitutie", "Child prostitution"},
        {"3.3.2", "Onder invloed (lucht)", "Under the influence (air)"},
        {"3.3.5", "Lucht (overig)", "Air (other)"},
        {"3.4.2", "Onder invloed (water)", "Under the influence (water)"},
        {"3.5.2", "Onder invloed (weg)", "Driving under the influence"},
        {"3.5.5", "Weg (overig)", "Road (other)"},
        {"3.7.1", "Discriminatie", "Discrimination"},
        {"3.7.2", "Vreemdelingenzorg", "Immigration offences"},
        {"3.7.3", "Maatsch. integriteit (overig)", "Social integrity (other)"},
        {"3.7.4", "Cybercrime", "Cybercrime"}}},
  };
  for (const auto& d : defs) {
    Sub s{d.key, d.nl, d.en, *t.main_index(d.main)};
    const auto index = static_cast<uint16_t>(t.subs.size());
    t.subs.push_back(std::move(s));
    for (const auto& c : d.codes) {
      t.code_to_sub.emplace(c.code, index);
      t.codes.push_back(Code{c.code, c.nl, c.en, index});
    }
  }
  return t;
}

}  // namespace brandpunt
