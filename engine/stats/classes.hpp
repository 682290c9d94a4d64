// Hot- and cold-spot classes at 99/95/90 % confidence, the labels of a Gi* hot-spot map.
//
// The class comes from the sign of z and the (optionally adjusted) p-value with the ArcGIS
// cut-offs p < 0.01 / 0.05 / 0.10. NaN p (islands) and z = 0 are not significant. Keys are
// stable identifiers for output files; labels are for people.
//
//   auto cls = stats::hotspot_classes(g.z, g.p, stats::Correction::fdr_bh);
//   std::string key = stats::to_string(cls[i]);   // "hot_95"
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "stats/multiple_testing.hpp"

namespace brandpunt::stats {

enum class HotspotClass { hot99, hot95, hot90, not_significant, cold90, cold95, cold99 };

// "hot_99", "hot_95", "hot_90", "not_significant", "cold_90", "cold_95", "cold_99".
const char* to_string(HotspotClass c);
// "Hot spot, 99% confidence", ..., "Not significant".
const char* label(HotspotClass c);
// Inverse of to_string; throws brandpunt::Error (config) on an unknown key.
HotspotClass hotspot_class_from_string(std::string_view key);

// Class of one area from its z-score and its (already adjusted) p-value.
HotspotClass hotspot_class(double z, double p);
// All areas: p adjusted by c over the whole map first (default Benjamini-Hochberg).
std::vector<HotspotClass> hotspot_classes(std::span<const double> z, std::span<const double> p,
                                          Correction c = Correction::fdr_bh);
// ArcGIS Gi_Bin code of a class (+3 .. -3).
int to_bin(HotspotClass c);

}  // namespace brandpunt::stats
