// Stage 07: the straat level, one straat per (buurt, street name) pair.
#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "core/parallel.hpp"
#include "pipeline/stages.hpp"
#include "privacy/discrete_gaussian.hpp"
#include "privacy/key_selection.hpp"

namespace brandpunt::pipeline {

namespace {

// One key for a (buurt, street name) pair.
uint64_t straat_pair(uint32_t buurt, uint32_t name) { return (uint64_t{buurt} << 32) | name; }

}  // namespace

StraatKeyRule straat_key_rule(const PipelineConfig& cfg, const Setup& setup) {
  StraatKeyRule r;
  if (cfg.privacy.profile != Profile::public_) return r;
  if (!cfg.streets.path.empty()) {
    r.layer_only = true;
    return r;
  }
  if (setup.budget.keys <= 0) return r;
  r.key = &setup.noise_key;
  r.sigma2 = 1 / (2 * setup.budget.keys);
  r.threshold = cfg.privacy.threshold;
  // Default: the smallest threshold whose chance of publishing a name seen once is below delta.
  for (int64_t t = 2; r.threshold == 0; ++t)
    if (privacy::selection_delta(r.sigma2, t) <= cfg.privacy.delta) r.threshold = t;
  return r;
}

Straten build_straat_level(const Levels& levels, const assign::AssignResult& assigned, StreetNames&& streets,
                           const StraatKeyRule& rule, unsigned threads) {
  const std::vector<uint32_t>& name_of = streets.of_incident;
  const size_t n_incidents = name_of.size();
  // The distinct (buurt, street name) pairs of the street layer and of the records, numbered
  // in the order of their straat code "<buurt code>:<street name>".
  std::unordered_set<uint64_t> pairs;
  pairs.reserve(streets.geometry.size() * 2 + 1024);
  for (const auto& [key, geometry] : streets.geometry) pairs.insert(key);
  std::unordered_map<uint64_t, int64_t> record_counts;
  if (!rule.layer_only)
    for (size_t i = 0; i < n_incidents; ++i)
      if (assigned.area[i] != kNoArea && name_of[i] != kNoStreet) {
        const uint64_t key = straat_pair(assigned.area[i], name_of[i]);
        pairs.insert(key);
        if (rule.key) ++record_counts[key];
      }
  std::vector<std::pair<std::string, uint64_t>> coded;
  coded.reserve(pairs.size());
  for (uint64_t key : pairs) coded.emplace_back(levels.buurt.code[key >> 32] + ":" + streets.names[key & 0xffffffffu], key);
  pairs = {};
  std::sort(coded.begin(), coded.end());  // codes are unique: buurt codes and names are
  Straten st;
  if (rule.key) {
    // Names from the records: only those whose noisy count reaches the threshold.
    std::vector<int64_t> counts(coded.size());
    for (size_t k = 0; k < coded.size(); ++k) counts[k] = record_counts[coded[k].second];
    const privacy::KeySelection sel = privacy::select_keys(counts, rule.sigma2, rule.threshold, *rule.key, kKeyTable);
    // Compact in place; never move an element onto itself (libstdc++ empties a string
    // assigned from itself by move, which left every straat before the first unpublished
    // name without a code).
    size_t kept = 0;
    for (size_t k = 0; k < coded.size(); ++k) {
      if (!sel.released[k]) continue;
      if (kept != k) coded[kept] = std::move(coded[k]);
      ++kept;
    }
    coded.resize(kept);
    st.selection = {{"rule", "a name typed into the registrations becomes a straat when its incidents over the counted months plus discrete Gaussian noise reach the threshold"},
                    {"threshold", rule.threshold},
                    {"noise_sigma", std::sqrt(privacy::DiscreteGaussian(rule.sigma2).sigma2())},
                    {"rho", sel.rho},
                    {"delta_of_a_name_seen_once", sel.delta}};
  }
  std::unordered_map<uint64_t, uint32_t> straat_id;
  straat_id.reserve(coded.size());
  st.layer.level = "straat";
  for (auto& [code, key] : coded) {
    const auto buurt = static_cast<uint32_t>(key >> 32);
    const auto name = static_cast<uint32_t>(key & 0xffffffffu);
    straat_id.emplace(key, static_cast<uint32_t>(st.layer.code.size()));
    st.layer.code.push_back(std::move(code));
    st.layer.name.push_back(streets.names[name]);
    st.layer.parent.push_back(levels.buurt.code[buurt]);
    st.layer.population.push_back(kNoData);
    auto g = streets.geometry.find(key);
    st.lines.push_back(g == streets.geometry.end() ? std::vector<LineString>{} : std::move(g->second));
    st.buurt.push_back(buurt);
  }
  coded = {};
  streets.geometry = {};
  st.of_incident.assign(n_incidents, kNoArea);
  core::parallel_chunks(n_incidents, threads, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i)
      if (assigned.area[i] != kNoArea && name_of[i] != kNoStreet) {
        const auto it = straat_id.find(straat_pair(assigned.area[i], name_of[i]));
        if (it != straat_id.end()) st.of_incident[i] = it->second;
      }
  });
  for (size_t i = 0; i < n_incidents; ++i) {
    st.without_street += assigned.area[i] != kNoArea && name_of[i] == kNoStreet;
    st.not_published += assigned.area[i] != kNoArea && name_of[i] != kNoStreet && st.of_incident[i] == kNoArea;
  }
  return st;
}

}  // namespace brandpunt::pipeline
