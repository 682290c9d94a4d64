// Straten: the street level below the buurt. A straat is ONE street name within ONE buurt;
// a street that crosses three buurten is three straten, and its geometry is the street's
// segments clipped to each buurt and merged.
//
// Clipping rule: every street line is intersected (GEOS) with the buurten whose envelope it
// meets; each resulting segment goes to the buurt that AreaIndex gives its midpoint, so a
// street running exactly along a shared border is counted once, for the lowest buurt code
// (the area border rule), and the lengths of a street's straten add up to the length of
// the street inside the buurten.
//
// Incident rule: an incident snapped to a street line belongs to the straat
// (name of that line, the incident's OWN buurt). When the snapped segment lies just across
// the border, that pair may have no geometry; straat_of_incidents then adds the straat
// with empty geometry, so no incident is dropped. Incidents outside every buurt, not
// snapped, or snapped to an unnamed line get kNoStreet.
//
//   StraatLayer straten = build_straten(lines, line_name, names, buurten);
//   auto straat = straat_of_incidents(straten, snap.line, line_name, names, assigned.area,
//   buurten);
//
// Without a street layer the incident's own address street is used (no geometry):
//   StraatLayer s = straten_from_names(incidents, assigned.area, buurten);
//   auto straat = straat_of_named_incidents(s, incidents, assigned.area);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/areas.hpp"
#include "core/geometry.hpp"
#include "core/incidents.hpp"

namespace brandpunt::assign {

struct StraatLayer {
  std::vector<std::string> code;  // buurtcode + ":" + street name, e.g. "BU09990101:Kerkstraat"
  std::vector<std::string> name;  // street name
  std::vector<uint32_t> buurt;    // index into the buurten layer
  // Merged segments clipped to the buurt; empty when built from incident street names or
  // added for an incident whose snapped segment lies across the border.
  std::vector<std::vector<LineString>> geometry;

  size_t size() const { return code.size(); }
};

// lines: street centre lines (analysis CRS); line_name[i]: index into names, or kNoStreet
// for an unnamed line (skipped). Result sorted by code. `threads` (0 = all cores) clip and
// merge in parallel; the result is the same at any thread count.
StraatLayer build_straten(const std::vector<LineString>& lines,
                          const std::vector<uint32_t>& line_name,
                          const std::vector<std::string>& names, const AreaLayer& buurten,
                          unsigned threads = 1);

// Straat index per incident (kNoStreet = none). May ADD straten (empty geometry) for
// (name, buurt) pairs that have incidents but no clipped geometry; the layer is then
// re-sorted by code and the returned indices refer to the final layer.
std::vector<uint32_t> straat_of_incidents(StraatLayer& straten,
                                          const std::vector<uint32_t>& snapped_line,
                                          const std::vector<uint32_t>& line_name,
                                          const std::vector<std::string>& names,
                                          const std::vector<uint32_t>& buurt_of_incident,
                                          const AreaLayer& buurten);

// One straat per (incident street name, incident buurt) that occurs; no geometry.
StraatLayer straten_from_names(const IncidentTable& incidents,
                               const std::vector<uint32_t>& buurt_of_incident,
                               const AreaLayer& buurten);

// Straat index per incident in a layer from straten_from_names (kNoStreet = no street name
// or outside every buurt).
std::vector<uint32_t> straat_of_named_incidents(const StraatLayer& straten,
                                                const IncidentTable& incidents,
                                                const std::vector<uint32_t>& buurt_of_incident);

}  // namespace brandpunt::assign
