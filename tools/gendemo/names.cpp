#include "names.hpp"

#include <array>
#include <string_view>

namespace brandpunt::gendemo {

namespace {

// Word parts seen in Dutch street and place names (trees, birds, flowers, trades, landscape).
constexpr std::array<std::string_view, 96> kStreetPrefix = {
    "Kerk",     "Molen",   "School",   "Dorps",     "Linden",    "Eiken",   "Beuken",
    "Berken",   "Wilgen",  "Populier", "Kastanje",  "Esdoorn",   "Iepen",   "Platanen",
    "Rozen",    "Tulpen",  "Narcis",   "Lelie",     "Seringen",  "Jasmijn", "Merel",
    "Lijster",  "Spreeuw", "Zwaluw",   "Meeuwen",   "Reiger",    "Kievit",  "Leeuwerik",
    "Vinken",   "Mussen",  "Uilen",    "Valken",    "Haven",     "Markt",   "Brug",
    "Sluis",    "Polder",  "Akker",    "Weide",     "Beemd",     "Hoeve",   "Kasteel",
    "Burg",     "Poort",   "Toren",    "Klooster",  "Abdij",     "Smids",   "Bakkers",
    "Brouwers", "Kuipers", "Wevers",   "Schippers", "Vissers",   "Timmer",  "Koren",
    "Graan",    "Hop",     "Vlas",     "Boter",     "Kaas",      "Zilver",  "Goud",
    "Koper",    "Zand",    "Klei",     "Veen",      "Heide",     "Bos",     "Hout",
    "Duin",     "Oever",   "Water",    "Beek",      "Vijver",    "Meer",    "Wind",
    "Zon",      "Maan",    "Sterren",  "Lente",     "Zomer",     "Herfst",  "Winter",
    "Noorder",  "Zuider",  "Ooster",   "Wester",    "Appel",     "Peren",   "Kersen",
    "Pruimen",  "Hazel",   "Vlier",    "Hulst",     "Jeneverbes"};

// Painters, scholars, admirals and writers, as Dutch towns name their streets after them.
constexpr std::array<std::string_view, 36> kPerson = {
    "Van Gogh",   "Rembrandt",        "Vermeer",         "Frans Hals",
    "Jan Steen",  "Mondriaan",        "Escher",          "Erasmus",
    "Spinoza",    "Vondel",           "Huygens",         "Lorentz",
    "Zernike",    "Thorbecke",        "De Ruyter",       "Tromp",
    "Piet Hein",  "Bredero",          "Hooft",           "Multatuli",
    "Anne Frank", "Aletta Jacobs",    "Van Leeuwenhoek", "Boerhaave",
    "Grotius",    "Jacob van Lennep", "Bilderdijk",      "Da Costa",
    "Ruisdael",   "Hobbema",          "Jan van Goyen",   "Breitner",
    "Israëls",    "Mesdag",           "Toorop",          "Willem Kloos"};

struct Suffix {
  std::string_view text;
  int weight;  // relative frequency in Dutch street names
};
constexpr std::array<Suffix, 15> kStreetSuffix = {{{"straat", 30},
                                                   {"laan", 15},
                                                   {"weg", 12},
                                                   {"pad", 6},
                                                   {"hof", 6},
                                                   {"plein", 4},
                                                   {"dreef", 4},
                                                   {"singel", 3},
                                                   {"kade", 3},
                                                   {"steeg", 3},
                                                   {"dijk", 3},
                                                   {"erf", 3},
                                                   {"gracht", 2},
                                                   {"plantsoen", 2},
                                                   {"park", 2}}};

constexpr std::array<std::string_view, 24> kPlaceAdjective = {
    "Utrechtse", "Amersfoortse", "Zwolse",   "Bredase",   "Haarlemmer", "Leidse",
    "Delftse",   "Goudse",       "Arnhemse", "Nijmeegse", "Tilburgse",  "Deventer",
    "Groningse", "Friese",       "Drentse",  "Brabantse", "Limburgse",  "Zeeuwse",
    "Hollandse", "Gelderse",     "Rijnse",   "Maas",      "IJssel",     "Veluwse"};
constexpr std::array<std::string_view, 6> kMainSuffix = {"weg",  "straatweg", "laan",
                                                         "baan", "singel",    "dreef"};

constexpr std::array<std::string_view, 22> kBuurtSuffix = {
    "hoek",  "veld",  "wijk", "kamp",     "hof",    "park",  "dorp", "akker",
    "weide", "haven", "berg", "daal",     "rode",   "horst", "donk", "broek",
    "hout",  "meer",  "dal",  "kwartier", "heuvel", "hage"};
constexpr std::array<std::string_view, 12> kBuurtArticleNoun = {
    "De Horst",  "De Vliert", "Het Zand", "De Hoven", "Het Loo",   "De Kamp",
    "De Bogerd", "Het Ven",   "De Eng",   "De Laak",  "Het Broek", "De Haar"};

constexpr std::array<std::string_view, 14> kTownSuffix = {
    "dam",  "dorp",  "hoven", "ingen", "um",   "rade",  "broek",
    "veen", "woude", "horst", "sloot", "zijl", "recht", "burg"};

constexpr std::array<std::string_view, 6> kStreetVariant = {"Nieuwe ", "Oude ",   "Korte ",
                                                            "Lange ",  "Kleine ", "Grote "};
constexpr std::array<std::string_view, 4> kAreaVariant = {"-Noord", "-Zuid", "-Oost", "-West"};

template <typename A>
std::string_view pick(const A& a, Rng& rng) {
  return a[rng.below(a.size())];
}

std::string_view pick_suffix(Rng& rng) {
  int total = 0;
  for (const auto& s : kStreetSuffix) total += s.weight;
  auto r = static_cast<int>(rng.below(static_cast<uint64_t>(total)));
  for (const auto& s : kStreetSuffix) {
    if (r < s.weight) return s.text;
    r -= s.weight;
  }
  return kStreetSuffix[0].text;
}

}  // namespace

std::string NamePool::unique(const std::string& base, bool street_like) {
  if (reserve(base)) return base;
  if (street_like) {
    for (auto v : kStreetVariant) {
      std::string name = std::string(v) + base;
      if (reserve(name)) return name;
    }
  } else {
    for (auto v : kAreaVariant) {
      std::string name = base + std::string(v);
      if (reserve(name)) return name;
    }
  }
  for (int i = 2;; ++i) {
    std::string name = base + " " + std::to_string(i);
    if (reserve(name)) return name;
  }
}

std::string NamePool::street(Rng& rng) {
  std::string base;
  if (rng.uniform() < 0.2) {
    base = std::string(pick(kPerson, rng)) + std::string(pick_suffix(rng));
  } else {
    base = std::string(pick(kStreetPrefix, rng)) + std::string(pick_suffix(rng));
  }
  return unique(base, true);
}

std::string NamePool::main_road(Rng& rng) {
  if (rng.uniform() < 0.6) {
    const std::string adj(pick(kPlaceAdjective, rng));
    const std::string suffix(pick(kMainSuffix, rng));
    // "Utrechtseweg", but "Haarlemmerweg" / "Maasweg" keep no extra s.
    return unique(adj + suffix, true);
  }
  return unique(std::string(pick(kPerson, rng)) + std::string(pick(kMainSuffix, rng)), true);
}

std::string NamePool::buurt(Rng& rng) {
  if (rng.uniform() < 0.12) return unique(std::string(pick(kBuurtArticleNoun, rng)), false);
  std::string prefix(pick(kStreetPrefix, rng));
  return unique(prefix + std::string(pick(kBuurtSuffix, rng)), false);
}

std::string NamePool::gemeente(Rng& rng) {
  std::string prefix(pick(kStreetPrefix, rng));
  return unique(prefix + std::string(pick(kTownSuffix, rng)), false);
}

}  // namespace brandpunt::gendemo
