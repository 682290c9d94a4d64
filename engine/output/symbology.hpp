// The classes every map of brandpunt shows, with their codes, colours and labels: one palette
// for the QGIS styles (qml.hpp), the map page and the pictures (engine/report), so a hot spot
// looks the same in QGIS, in the browser and in the README.
//
// - Gi* hot-spot classes (`gi_class_*` keys) with ArcGIS's Gi_Bin code (+3 hot, 99 % ... -3
//   cold, 99 %) and the colours of ArcGIS's Hot Spot Analysis renderer (dark red ... pale
//   yellow ... dark blue), so an ArcGIS user recognises the map.
// - Emerging hot-spot categories (`emerging_*` keys, time/emerging.hpp) with ArcGIS Pro's
//   integer CATEGORY of Emerging Hot Spot Analysis: 1 new, 2 consecutive, 3 intensifying,
//   4 persistent, 5 diminishing, 6 sporadic, 7 oscillating, 8 historical hot spot; the
//   negatives the same cold spots; 0 no pattern detected.
// - Local Moran cluster classes (`lisa_class`: HH, HL, LH, LL, not_significant) in GeoDa's
//   colours.
// - The five classes of the density contours (YlOrRd).
//
// Keys are the stable values written into the layers; labels are for people (Dutch or
// English). Lookups by key are what a reader of published files needs, so nothing here
// depends on the pipeline's enums.
//
//   const LegendClass* c = find_class(gi_classes(), "hot_95");
//   c->code;           // 2 (Gi_Bin)
//   c->colour.hex();   // "#ED7551"
//   c->label("nl");    // "Hotspot (95 % betrouwbaar)"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace brandpunt::output {

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
  std::string hex() const;  // "#RRGGBB", upper case
  bool operator==(const Rgb&) const = default;
};

struct LegendClass {
  std::string key;  // value in the layer, e.g. "hot_99", "persistent_hot_spot", "HH"
  int code = 0;     // Gi_Bin, ArcGIS emerging CATEGORY, or an ordinal for LISA and density
  std::string label_nl, label_en;
  Rgb colour;
  const std::string& label(std::string_view language) const {
    return language == "en" ? label_en : label_nl;
  }
};

// hot_99, hot_95, hot_90, not_significant, cold_90, cold_95, cold_99 (Gi_Bin 3 .. -3).
const std::vector<LegendClass>& gi_classes();
// The 17 emerging categories in ArcGIS's legend order: no_pattern first, then the hot and
// the cold spots new ... historical; `code` is ArcGIS's CATEGORY.
const std::vector<LegendClass>& emerging_classes();
// HH, HL, LH, LL, not_significant.
const std::vector<LegendClass>& lisa_classes();
// Five density classes, lowest first (code 0..4, the `class` of kde_contours).
const std::vector<LegendClass>& density_classes();

// nullptr when the key is not in the list.
const LegendClass* find_class(const std::vector<LegendClass>& classes, std::string_view key);
// Gi_Bin of a gi_class key ("hot_95" -> 2); nullopt for an unknown key.
std::optional<int> gi_bin(std::string_view gi_class_key);
// ArcGIS CATEGORY of an emerging key ("persistent_hot_spot" -> 4); nullopt when unknown.
std::optional<int> emerging_category(std::string_view emerging_key);

// Colours of things that are not classes.
struct MapColours {
  Rgb no_data{0xE0, 0xE0, 0xE0};    // an area without a value (suppressed, not computed)
  Rgb outline{0x80, 0x80, 0x80};    // area outlines
  Rgb border{0x33, 0x33, 0x33};     // wijk / stadsdeel borders
  Rgb street{0xA0, 0xA0, 0xA0};     // streets that are not significant
  Rgb highlight{0x00, 0x00, 0x00};  // the focus area's outline
};
const MapColours& map_colours();

}  // namespace brandpunt::output
