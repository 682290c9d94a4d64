// Stage 07: the straat level, one straat per (buurt, street name) pair.
#include <algorithm>
#include <unordered_set>

#include "core/parallel.hpp"
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

namespace {

// One key for a (buurt, street name) pair.
uint64_t straat_pair(uint32_t buurt, uint32_t name) { return (uint64_t{buurt} << 32) | name; }

}  // namespace

Straten build_straat_level(const Levels& levels, const assign::AssignResult& assigned, StreetNames&& streets,
                           unsigned threads) {
  const std::vector<uint32_t>& name_of = streets.of_incident;
  const size_t n_incidents = name_of.size();
  // The distinct (buurt, street name) pairs of the street layer and of the records, numbered
  // in the order of their straat code "<buurt code>:<street name>".
  std::unordered_set<uint64_t> pairs;
  pairs.reserve(streets.geometry.size() * 2 + 1024);
  for (const auto& [key, geometry] : streets.geometry) pairs.insert(key);
  for (size_t i = 0; i < n_incidents; ++i)
    if (assigned.area[i] != kNoArea && name_of[i] != kNoStreet) pairs.insert(straat_pair(assigned.area[i], name_of[i]));
  std::vector<std::pair<std::string, uint64_t>> coded;
  coded.reserve(pairs.size());
  for (uint64_t key : pairs) coded.emplace_back(levels.buurt.code[key >> 32] + ":" + streets.names[key & 0xffffffffu], key);
  pairs = {};
  std::sort(coded.begin(), coded.end());  // codes are unique: buurt codes and names are
  std::unordered_map<uint64_t, uint32_t> straat_id;
  straat_id.reserve(coded.size());
  Straten st;
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
      if (assigned.area[i] != kNoArea && name_of[i] != kNoStreet)
        st.of_incident[i] = straat_id.at(straat_pair(assigned.area[i], name_of[i]));
  });
  for (size_t i = 0; i < n_incidents; ++i) st.without_street += assigned.area[i] != kNoArea && name_of[i] == kNoStreet;
  return st;
}

}  // namespace brandpunt::pipeline
