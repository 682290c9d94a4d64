// Stage 06: the street name of each incident.
#include <map>

#include "io/street_name.hpp"
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

namespace {

// No street layer: the street of the registration, normalised to a street name (no house
// number or free text, io/street_name.hpp); names that differ only in case are one street,
// shown in the spelling most records use (ties: the first in byte order).
StreetNames record_streets(const IncidentTable& incidents) {
  StreetNames out;
  out.of_incident.assign(incidents.size(), kNoStreet);
  const size_t n_records = incidents.street_names.size();
  std::vector<std::string> normalised(n_records);
  std::map<std::string, uint32_t> key_id;  // street key -> name index
  std::vector<uint32_t> name_of(n_records, kNoStreet);
  for (size_t r = 0; r < n_records; ++r) {
    normalised[r] = io::normalise_street(incidents.street_names[r]);
    if (normalised[r].empty()) continue;
    name_of[r] = key_id.emplace(io::street_key(normalised[r]), static_cast<uint32_t>(key_id.size())).first->second;
  }
  std::vector<int64_t> uses(n_records, 0);
  for (size_t i = 0; i < incidents.size(); ++i) {
    const uint32_t r = incidents.street[i];
    if (r == kNoStreet || name_of[r] == kNoStreet) continue;
    out.of_incident[i] = name_of[r];
    ++uses[r];
  }
  // Each name in the spelling with the most records (ties: the first in byte order).
  out.names.resize(key_id.size());
  std::vector<int64_t> best(key_id.size(), -1);
  std::map<std::pair<uint32_t, std::string>, int64_t> spelling;
  for (size_t r = 0; r < n_records; ++r)
    if (name_of[r] != kNoStreet) spelling[{name_of[r], normalised[r]}] += uses[r];
  for (const auto& [key, count] : spelling)
    if (count > best[key.first]) best[key.first] = count, out.names[key.first] = key.second;
  return out;
}

}  // namespace

StreetNames match_streets(const PipelineConfig& cfg, StreetWork* streets, const IncidentTable& incidents,
                          unsigned threads, Accounting& acc) {
  StreetNames out;
  out.of_incident.assign(incidents.size(), kNoStreet);
  if (streets == nullptr) return record_streets(incidents);
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
