// libFuzzer target: the incident reader (io/incident_reader.hpp) on arbitrary CSV bytes.
//
// One IncidentReader is kept for the whole run, so its PROJ transformations are made once.
// The first byte chooses the CRS (RD or lon/lat), the date format and whether a study area
// is set. Every row must be accounted for (read = accepted + rejected, rejects sorted by row),
// and everything that can reach an output (street names, reject details) must be clean UTF-8.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/taxonomy.hpp"
#include "core/text.hpp"
#include "io/incident_reader.hpp"

namespace {

// The fields every input is read with (built once).
brandpunt::io::IncidentSourceOptions base_options() {
  brandpunt::io::IncidentSourceOptions o;
  o.path = "fuzz.csv";
  o.id_field = "id";
  o.x_field = "x";
  o.y_field = "y";
  o.date_field = "datum";
  o.category_field = "soort";
  o.street_field = "straat";
  o.max_record_bytes = 4096;
  o.max_record_lines = 8;
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  static const brandpunt::Taxonomy taxonomy = brandpunt::Taxonomy::dutch_default();
  static brandpunt::io::IncidentReader reader(taxonomy, "EPSG:28992");
  static const brandpunt::io::IncidentSourceOptions base = base_options();
  static const std::string kTime = "tijd", kLonLat = "EPSG:4326", kRd = "EPSG:28992";
  static const std::string formats[] = {"auto", "iso", "dmy", "mdy"};
  const uint8_t control = data[0];
  brandpunt::io::IncidentSourceOptions o = base;
  o.csv_bytes = std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (control & 0x40) o.time_field = kTime;
  o.crs = (control & 1) ? kLonLat : kRd;
  o.date_format = formats[(control >> 1) & 3];
  if (control & 0x08) o.study_area.extent = brandpunt::Envelope{170000, 305000, 185000, 325000};
  if (control & 0x10) o.study_area.contains = [](double x, double y) { return x + y < 495000; };
  if (control & 0x20) o.delimiter = ';';
  try {
    const brandpunt::io::IncidentReadResult r = reader.read(o);
    if (r.read != static_cast<int64_t>(r.table.size() + r.rejects.size())) __builtin_trap();
    if (!std::is_sorted(r.rejects.begin(), r.rejects.end(),
                        [](const auto& a, const auto& b) { return a.row < b.row; }))
      __builtin_trap();
    for (const auto& j : r.rejects)
      if (!brandpunt::core::is_clean(j.detail)) __builtin_trap();
    for (const auto& s : r.table.street_names)
      if (s.empty() || !brandpunt::core::is_clean(s)) __builtin_trap();
    for (size_t i = 0; i < r.table.size(); ++i)
      if (r.table.street[i] != brandpunt::kNoStreet && r.table.street[i] >= r.table.street_names.size())
        __builtin_trap();
  } catch (const brandpunt::Error&) {
  }
  return 0;
}
