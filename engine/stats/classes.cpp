#include "stats/classes.hpp"

#include <string>

#include "core/error.hpp"

namespace brandpunt::stats {

namespace {
constexpr HotspotClass kAll[] = {
    HotspotClass::hot99,  HotspotClass::hot95,  HotspotClass::hot90, HotspotClass::not_significant,
    HotspotClass::cold90, HotspotClass::cold95, HotspotClass::cold99};
}  // namespace

const char* to_string(HotspotClass c) {
  switch (c) {
    case HotspotClass::hot99:
      return "hot_99";
    case HotspotClass::hot95:
      return "hot_95";
    case HotspotClass::hot90:
      return "hot_90";
    case HotspotClass::not_significant:
      return "not_significant";
    case HotspotClass::cold90:
      return "cold_90";
    case HotspotClass::cold95:
      return "cold_95";
    case HotspotClass::cold99:
      return "cold_99";
  }
  return "?";
}

const char* label(HotspotClass c) {
  switch (c) {
    case HotspotClass::hot99:
      return "Hot spot, 99% confidence";
    case HotspotClass::hot95:
      return "Hot spot, 95% confidence";
    case HotspotClass::hot90:
      return "Hot spot, 90% confidence";
    case HotspotClass::not_significant:
      return "Not significant";
    case HotspotClass::cold90:
      return "Cold spot, 90% confidence";
    case HotspotClass::cold95:
      return "Cold spot, 95% confidence";
    case HotspotClass::cold99:
      return "Cold spot, 99% confidence";
  }
  return "?";
}

HotspotClass hotspot_class_from_string(std::string_view key) {
  for (HotspotClass c : kAll)
    if (key == to_string(c)) return c;
  throw Error(ErrorKind::config, "unknown hot-spot class '" + std::string(key) + "'");
}

int to_bin(HotspotClass c) {
  switch (c) {
    case HotspotClass::hot99:
      return 3;
    case HotspotClass::hot95:
      return 2;
    case HotspotClass::hot90:
      return 1;
    case HotspotClass::not_significant:
      return 0;
    case HotspotClass::cold90:
      return -1;
    case HotspotClass::cold95:
      return -2;
    case HotspotClass::cold99:
      return -3;
  }
  return 0;
}

HotspotClass hotspot_class(double z, double p) {
  switch (gi_bin(z, p)) {
    case 3:
      return HotspotClass::hot99;
    case 2:
      return HotspotClass::hot95;
    case 1:
      return HotspotClass::hot90;
    case -1:
      return HotspotClass::cold90;
    case -2:
      return HotspotClass::cold95;
    case -3:
      return HotspotClass::cold99;
    default:
      return HotspotClass::not_significant;
  }
}

std::vector<HotspotClass> hotspot_classes(std::span<const double> z, std::span<const double> p,
                                          Correction c) {
  if (z.size() != p.size())
    throw Error(ErrorKind::internal, "hotspot_classes: z and p differ in length");
  const std::vector<double> q = p_adjust(p, c);
  std::vector<HotspotClass> out(z.size());
  for (size_t i = 0; i < z.size(); ++i) out[i] = hotspot_class(z[i], q[i]);
  return out;
}

}  // namespace brandpunt::stats
