// Stage 06: the street name of each incident.
#include <map>

#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

StreetNames match_streets(const PipelineConfig& cfg, StreetWork* streets, const IncidentTable& incidents,
                          unsigned threads, Accounting& acc) {
  StreetNames out;
  out.of_incident.assign(incidents.size(), kNoStreet);
  if (streets == nullptr) {
    // No street layer: the street of the registration.
    for (size_t i = 0; i < incidents.size(); ++i) out.of_incident[i] = incidents.street[i];
    out.names = incidents.street_names;
    return out;
  }
  const io::StreetLines& lines = streets->streets;
  {
    const assign::SnapResult snap =
        assign::snap_to_streets(*streets->segments, incidents, cfg.streets.snap_distance_m, threads);
    acc.snapped = snap.snapped;
    acc.unsnapped = snap.unsnapped;
    for (size_t i = 0; i < incidents.size(); ++i)
      if (snap.line[i] != kNoStreet) out.of_incident[i] = lines.name[snap.line[i]];
  }
  streets->segments.reset();
  out.names = lines.names;
  assign::StraatLayer& pieces = streets->pieces;
  std::map<std::string, uint32_t> name_id;
  for (size_t n = 0; n < out.names.size(); ++n) name_id.emplace(out.names[n], static_cast<uint32_t>(n));
  for (size_t s = 0; s < pieces.code.size(); ++s)
    out.geometry[(uint64_t{pieces.buurt[s]} << 32) | name_id.at(pieces.name[s])] = std::move(pieces.geometry[s]);
  return out;
}

}  // namespace brandpunt::pipeline
