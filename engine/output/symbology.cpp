#include "output/symbology.hpp"

namespace brandpunt::output {

namespace {

constexpr Rgb rgb(uint32_t hex) {
  return Rgb{static_cast<uint8_t>(hex >> 16), static_cast<uint8_t>(hex >> 8),
             static_cast<uint8_t>(hex)};
}

std::vector<LegendClass> make_emerging() {
  // Dutch names as in focus/text.cpp (the Dutch localisation of ArcGIS Pro). Colours: the hot
  // family in reds, the cold family in blues, strongest for intensifying and persistent,
  // palest for diminishing and historical; oscillating in purple (hot and cold both seen).
  struct Kind {
    const char* key;
    const char* nl;
    const char* en;
    uint32_t hot, cold;
  };
  static constexpr Kind kKinds[] = {
      {"new", "Nieuwe", "New", 0xF4A582, 0x92C5DE},
      {"consecutive", "Opeenvolgende", "Consecutive", 0xE7745B, 0x6BAED6},
      {"intensifying", "Intensiverende", "Intensifying", 0x99000D, 0x08519C},
      {"persistent", "Aanhoudende", "Persistent", 0xCB181D, 0x2171B5},
      {"diminishing", "Afnemende", "Diminishing", 0xFCBBA1, 0xC6DBEF},
      {"sporadic", "Sporadische", "Sporadic", 0xFB6A4A, 0x9ECAE1},
      {"oscillating", "Oscillerende", "Oscillating", 0xC994C7, 0xA6A1D0},
      {"historical", "Historische", "Historical", 0xE6CFC0, 0xCCD8E3},
  };
  std::vector<LegendClass> out;
  out.push_back({"no_pattern", 0, "Geen patroon", "No pattern detected", rgb(0xF2F2F2)});
  for (int family = 0; family < 2; ++family) {
    int code = 1;
    for (const Kind& k : kKinds) {
      const bool hot = family == 0;
      out.push_back({std::string(k.key) + (hot ? "_hot_spot" : "_cold_spot"), hot ? code : -code,
                     std::string(k.nl) + (hot ? " hotspot" : " coldspot"),
                     std::string(k.en) + (hot ? " hot spot" : " cold spot"),
                     rgb(hot ? k.hot : k.cold)});
      ++code;
    }
  }
  return out;
}

}  // namespace

std::string Rgb::hex() const {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string s = "#";
  for (uint8_t v : {r, g, b}) {
    s += kDigits[v >> 4];
    s += kDigits[v & 15];
  }
  return s;
}

const std::vector<LegendClass>& gi_classes() {
  // ArcGIS's Hot Spot Analysis renderer (Gi_Bin -3 .. 3).
  static const std::vector<LegendClass> k = {
      {"hot_99", 3, "Hotspot (99 % betrouwbaar)", "Hot spot, 99% confidence", rgb(0xD62F27)},
      {"hot_95", 2, "Hotspot (95 % betrouwbaar)", "Hot spot, 95% confidence", rgb(0xED7551)},
      {"hot_90", 1, "Hotspot (90 % betrouwbaar)", "Hot spot, 90% confidence", rgb(0xFAB984)},
      {"not_significant", 0, "Niet significant", "Not significant", rgb(0xFFFFBF)},
      {"cold_90", -1, "Coldspot (90 % betrouwbaar)", "Cold spot, 90% confidence", rgb(0xC0CCBE)},
      {"cold_95", -2, "Coldspot (95 % betrouwbaar)", "Cold spot, 95% confidence", rgb(0x849EBA)},
      {"cold_99", -3, "Coldspot (99 % betrouwbaar)", "Cold spot, 99% confidence", rgb(0x4575B5)},
  };
  return k;
}

const std::vector<LegendClass>& emerging_classes() {
  static const std::vector<LegendClass> k = make_emerging();
  return k;
}

const std::vector<LegendClass>& lisa_classes() {
  static const std::vector<LegendClass> k = {
      {"HH", 1, "Hoog tussen hoog (cluster)", "High-High cluster", rgb(0xD7191C)},
      {"HL", 4, "Hoog tussen laag (uitschieter)", "High-Low outlier", rgb(0xFDAE61)},
      {"LH", 2, "Laag tussen hoog (uitschieter)", "Low-High outlier", rgb(0xABD9E9)},
      {"LL", 3, "Laag tussen laag (cluster)", "Low-Low cluster", rgb(0x2C7BB6)},
      {"not_significant", 0, "Niet significant", "Not significant", rgb(0xF2F2F2)},
  };
  return k;
}

const std::vector<LegendClass>& density_classes() {
  static const std::vector<LegendClass> k = {
      {"0", 0, "Dichtheidsklasse 1 (laagst)", "Density class 1 (lowest)", rgb(0xFFFFB2)},
      {"1", 1, "Dichtheidsklasse 2", "Density class 2", rgb(0xFECC5C)},
      {"2", 2, "Dichtheidsklasse 3", "Density class 3", rgb(0xFD8D3C)},
      {"3", 3, "Dichtheidsklasse 4", "Density class 4", rgb(0xF03B20)},
      {"4", 4, "Dichtheidsklasse 5 (hoogst)", "Density class 5 (highest)", rgb(0xBD0026)},
  };
  return k;
}

const LegendClass* find_class(const std::vector<LegendClass>& classes, std::string_view key) {
  for (const LegendClass& c : classes)
    if (c.key == key) return &c;
  return nullptr;
}

std::optional<int> gi_bin(std::string_view key) {
  const LegendClass* c = find_class(gi_classes(), key);
  return c ? std::optional<int>(c->code) : std::nullopt;
}

std::optional<int> emerging_category(std::string_view key) {
  const LegendClass* c = find_class(emerging_classes(), key);
  return c ? std::optional<int>(c->code) : std::nullopt;
}

const MapColours& map_colours() {
  static const MapColours k;
  return k;
}

}  // namespace brandpunt::output
