#include "assign/straten.hpp"

#include <geos_c.h>

#include <algorithm>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "geom/geos.hpp"
#include "index/area_index.hpp"

namespace brandpunt::assign {

namespace {

uint64_t pair_key(uint32_t buurt, uint32_t name) { return (uint64_t(buurt) << 32) | name; }

void sort_by_code(StraatLayer& layer) {
  std::vector<size_t> order(layer.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return layer.code[a] < layer.code[b]; });
  StraatLayer sorted;
  for (size_t i : order) {
    sorted.code.push_back(std::move(layer.code[i]));
    sorted.name.push_back(std::move(layer.name[i]));
    sorted.buurt.push_back(layer.buurt[i]);
    sorted.geometry.push_back(std::move(layer.geometry[i]));
  }
  layer = std::move(sorted);
}

void add_straat(StraatLayer& layer, const AreaLayer& buurten, uint32_t buurt,
                const std::string& name, std::vector<LineString> geometry) {
  layer.code.push_back(buurten.code.at(buurt) + ":" + name);
  layer.name.push_back(name);
  layer.buurt.push_back(buurt);
  layer.geometry.push_back(std::move(geometry));
}

// First index of every distinct name: interned name lists should be unique already, but
// a duplicate must not split one street into two straten.
std::vector<uint32_t> canonical_names(const std::vector<std::string>& names) {
  std::unordered_map<std::string_view, uint32_t> first;
  std::vector<uint32_t> canon(names.size());
  for (uint32_t i = 0; i < names.size(); ++i) canon[i] = first.emplace(names[i], i).first->second;
  return canon;
}

// (buurt, canonical name id) -> straat index for a layer whose names come from `names`.
std::unordered_map<uint64_t, uint32_t> straat_keys(const StraatLayer& layer,
                                                   const std::vector<std::string>& names) {
  std::unordered_map<std::string_view, uint32_t> name_id;
  for (uint32_t i = 0; i < names.size(); ++i) name_id.emplace(names[i], i);
  std::unordered_map<uint64_t, uint32_t> keys;
  for (uint32_t s = 0; s < layer.size(); ++s)
    if (auto it = name_id.find(layer.name[s]); it != name_id.end())
      keys.emplace(pair_key(layer.buurt[s], it->second), s);
  return keys;
}

// Appends the linear parts of a GEOS geometry (walking collections) as LineStrings.
void collect_lines(const geom::GeosContext& geos, const GEOSGeometry* g,
                   std::vector<LineString>& out) {
  GEOSContextHandle_t ctx = geos.handle();
  const int type = GEOSGeomTypeId_r(ctx, g);
  if (type == GEOS_LINESTRING) {
    if (!GEOSisEmpty_r(ctx, g)) out.push_back(geos.to_linestring(g));
  } else if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
    for (int i = 0; i < GEOSGetNumGeometries_r(ctx, g); ++i)
      collect_lines(geos, GEOSGetGeometryN_r(ctx, g, i), out);
  }
}

}  // namespace

namespace {

using Runs = std::map<uint64_t, std::vector<LineString>>;

// Clips lines [begin, end) to the buurten with a GEOS context of its own (one per thread) and
// returns the runs of clipped segments per (buurt, canonical name), in input order.
Runs clip_lines(const std::vector<LineString>& lines, const std::vector<uint32_t>& line_name,
                const std::vector<uint32_t>& canon, const AreaLayer& buurten,
                const index::AreaIndex& owner, size_t begin, size_t end) {
  geom::GeosContext geos;
  GEOSContextHandle_t ctx = geos.handle();
  std::vector<geom::GeosGeom> shapes;
  std::vector<geom::GeosPrepared> prepared;
  for (const auto& mp : buurten.geometry) {
    shapes.push_back(geos.from(mp));
    prepared.push_back(geos.prepare(shapes.back().get()));
  }
  auto tree_deleter = [ctx](GEOSSTRtree* t) { GEOSSTRtree_destroy_r(ctx, t); };
  std::unique_ptr<GEOSSTRtree, decltype(tree_deleter)> tree(GEOSSTRtree_create_r(ctx, 10),
                                                            tree_deleter);
  std::vector<uint32_t> ids(shapes.size());
  std::iota(ids.begin(), ids.end(), 0u);
  for (size_t b = 0; b < shapes.size(); ++b)
    if (!buurten.geometry[b].empty())
      GEOSSTRtree_insert_r(ctx, tree.get(), shapes[b].get(), &ids[b]);

  Runs runs;
  std::vector<uint32_t> candidates;
  std::vector<LineString> parts;
  for (size_t l = begin; l < end; ++l) {
    if (line_name[l] == kNoStreet || lines[l].size() < 2) continue;
    const uint32_t name = canon[line_name[l]];
    const geom::GeosGeom line = geos.from(lines[l]);
    candidates.clear();
    GEOSSTRtree_query_r(
        ctx, tree.get(), line.get(),
        [](void* item, void* out) {
          static_cast<std::vector<uint32_t>*>(out)->push_back(*static_cast<uint32_t*>(item));
        },
        &candidates);
    std::sort(candidates.begin(), candidates.end());
    for (uint32_t b : candidates) {
      parts.clear();
      if (GEOSPreparedContainsProperly_r(ctx, prepared[b].get(), line.get()) == 1) {
        // Wholly inside: no clipping and no border segments.
        if (owner.locate(lines[l][0].x, lines[l][0].y) != b) continue;  // overlapping areas
        runs[pair_key(b, name)].push_back(lines[l]);
        continue;
      }
      if (GEOSPreparedIntersects_r(ctx, prepared[b].get(), line.get()) != 1) continue;
      const geom::GeosGeom clipped =
          geos.wrap(GEOSIntersection_r(ctx, shapes[b].get(), line.get()));
      collect_lines(geos, clipped.get(), parts);
      // Keep the segments whose midpoint this buurt owns (border segments: lowest code).
      for (const auto& part : parts) {
        LineString run;
        auto flush = [&] {
          if (run.size() >= 2) runs[pair_key(b, name)].push_back(std::move(run));
          run.clear();
        };
        for (size_t i = 1; i < part.size(); ++i) {
          const XY mid{(part[i - 1].x + part[i].x) / 2, (part[i - 1].y + part[i].y) / 2};
          if (owner.locate(mid.x, mid.y) != b) {
            flush();
            continue;
          }
          if (run.empty()) run.push_back(part[i - 1]);
          run.push_back(part[i]);
        }
        flush();
      }
    }
  }
  return runs;
}

}  // namespace

StraatLayer build_straten(const std::vector<LineString>& lines,
                          const std::vector<uint32_t>& line_name,
                          const std::vector<std::string>& names, const AreaLayer& buurten,
                          unsigned threads) {
  if (line_name.size() != lines.size())
    throw Error(ErrorKind::internal, "build_straten: one name index per line expected");
  for (uint32_t n : line_name)
    if (n != kNoStreet && n >= names.size())
      throw Error(ErrorKind::internal, "build_straten: name index out of range");
  const std::vector<uint32_t> canon = canonical_names(names);
  const index::AreaIndex owner(buurten.geometry);

  // Clip in contiguous chunks of lines; appending the chunks' runs in chunk order keeps every
  // (buurt, name)'s pieces in input order, so the result is the same at any thread count.
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const size_t n_chunks = std::max<size_t>(1, std::min<size_t>(threads, lines.size() / 2048));
  std::vector<Runs> chunk_runs(n_chunks);
  core::parallel_chunks(n_chunks, static_cast<unsigned>(n_chunks), [&](size_t c0, size_t c1) {
    for (size_t c = c0; c < c1; ++c) {
      const size_t per = (lines.size() + n_chunks - 1) / n_chunks;
      chunk_runs[c] = clip_lines(lines, line_name, canon, buurten, owner, std::min(lines.size(), c * per),
                                 std::min(lines.size(), (c + 1) * per));
    }
  }, 1);
  Runs runs = std::move(chunk_runs[0]);
  for (size_t c = 1; c < n_chunks; ++c)
    for (auto& [key, pieces] : chunk_runs[c]) {
      auto& into = runs[key];
      into.insert(into.end(), std::make_move_iterator(pieces.begin()), std::make_move_iterator(pieces.end()));
    }
  chunk_runs.clear();

  // Merge each straat's pieces into as few lines as possible (GEOS LineMerge), in parallel
  // over straten; each result lands in its own slot.
  std::vector<std::pair<const uint64_t, std::vector<LineString>>*> items;
  items.reserve(runs.size());
  for (auto& kv : runs) items.push_back(&kv);
  std::vector<std::vector<LineString>> merged_lines(items.size());
  core::parallel_chunks(items.size(), threads, [&](size_t begin, size_t end) {
    geom::GeosContext geos;
    GEOSContextHandle_t ctx = geos.handle();
    for (size_t k = begin; k < end; ++k) {
      std::vector<GEOSGeometry*> raw;
      for (const auto& p : items[k]->second) raw.push_back(geos.from(p).release());
      const geom::GeosGeom multi = geos.wrap(GEOSGeom_createCollection_r(
          ctx, GEOS_MULTILINESTRING, raw.data(), static_cast<unsigned>(raw.size())));
      const geom::GeosGeom merged = geos.wrap(GEOSLineMerge_r(ctx, multi.get()));
      collect_lines(geos, merged.get(), merged_lines[k]);
      items[k]->second.clear();
    }
  }, 1024);
  StraatLayer layer;
  for (size_t k = 0; k < items.size(); ++k) {
    const uint64_t key = items[k]->first;
    add_straat(layer, buurten, static_cast<uint32_t>(key >> 32), names[key & 0xffffffffu],
               std::move(merged_lines[k]));
  }
  sort_by_code(layer);
  return layer;
}

std::vector<uint32_t> straat_of_incidents(StraatLayer& straten,
                                          const std::vector<uint32_t>& snapped_line,
                                          const std::vector<uint32_t>& line_name,
                                          const std::vector<std::string>& names,
                                          const std::vector<uint32_t>& buurt_of_incident,
                                          const AreaLayer& buurten) {
  if (snapped_line.size() != buurt_of_incident.size())
    throw Error(ErrorKind::internal,
                "straat_of_incidents: snap and buurt columns differ in length");
  const std::vector<uint32_t> canon = canonical_names(names);
  auto key_of = [&](size_t i) -> std::optional<uint64_t> {
    const uint32_t line = snapped_line[i], buurt = buurt_of_incident[i];
    if (line == kNoStreet || buurt == kNoArea) return std::nullopt;
    const uint32_t name = line_name.at(line);
    if (name == kNoStreet) return std::nullopt;
    return pair_key(buurt, canon.at(name));
  };
  auto keys = straat_keys(straten, names);
  std::vector<uint64_t> missing;
  for (size_t i = 0; i < snapped_line.size(); ++i)
    if (auto k = key_of(i); k && !keys.contains(*k)) missing.push_back(*k);
  if (!missing.empty()) {
    std::sort(missing.begin(), missing.end());
    missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
    for (uint64_t k : missing)
      add_straat(straten, buurten, static_cast<uint32_t>(k >> 32), names[k & 0xffffffffu], {});
    sort_by_code(straten);
    keys = straat_keys(straten, names);
  }
  std::vector<uint32_t> out(snapped_line.size(), kNoStreet);
  for (size_t i = 0; i < snapped_line.size(); ++i)
    if (auto k = key_of(i)) out[i] = keys.at(*k);
  return out;
}

StraatLayer straten_from_names(const IncidentTable& incidents,
                               const std::vector<uint32_t>& buurt_of_incident,
                               const AreaLayer& buurten) {
  if (buurt_of_incident.size() != incidents.size() || incidents.street.size() != incidents.size())
    throw Error(ErrorKind::internal, "straten_from_names: columns differ in length");
  const std::vector<uint32_t> canon = canonical_names(incidents.street_names);
  std::unordered_map<uint64_t, bool> seen;
  for (size_t i = 0; i < incidents.size(); ++i) {
    const uint32_t street = incidents.street[i], buurt = buurt_of_incident[i];
    if (street == kNoStreet || buurt == kNoArea || incidents.street_names.at(street).empty())
      continue;
    seen.emplace(pair_key(buurt, canon[street]), true);
  }
  std::vector<uint64_t> keys;
  keys.reserve(seen.size());
  for (const auto& [k, unused] : seen) keys.push_back(k);
  std::sort(keys.begin(), keys.end());  // hash order never reaches the output
  StraatLayer layer;
  for (uint64_t k : keys)
    add_straat(layer, buurten, static_cast<uint32_t>(k >> 32),
               incidents.street_names[k & 0xffffffffu], {});
  sort_by_code(layer);
  return layer;
}

std::vector<uint32_t> straat_of_named_incidents(const StraatLayer& straten,
                                                const IncidentTable& incidents,
                                                const std::vector<uint32_t>& buurt_of_incident) {
  if (buurt_of_incident.size() != incidents.size() || incidents.street.size() != incidents.size())
    throw Error(ErrorKind::internal, "straat_of_named_incidents: columns differ in length");
  const std::vector<uint32_t> canon = canonical_names(incidents.street_names);
  const auto keys = straat_keys(straten, incidents.street_names);
  std::vector<uint32_t> out(incidents.size(), kNoStreet);
  for (size_t i = 0; i < incidents.size(); ++i) {
    const uint32_t street = incidents.street[i], buurt = buurt_of_incident[i];
    if (street == kNoStreet || buurt == kNoArea) continue;
    if (auto it = keys.find(pair_key(buurt, canon[street])); it != keys.end()) out[i] = it->second;
  }
  return out;
}

}  // namespace brandpunt::assign
