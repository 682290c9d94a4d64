#include "pipeline/levels.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.hpp"
#include "geom/ops.hpp"
#include "index/area_index.hpp"
#include "io/area_reader.hpp"
#include "io/table_reader.hpp"

namespace brandpunt::pipeline {

namespace {

AreaLayer read_level(const io::AreaSourceOptions& opts, const std::string& analysis_crs,
                     nlohmann::json& report) {
  io::AreaReadReport r;
  AreaLayer layer = io::read_areas(opts, analysis_crs, r);
  nlohmann::json repairs = nlohmann::json::array();
  for (const io::AreaRepair& a : r.repairs)
    repairs.push_back({{"code", a.code},
                       {"row", a.row},
                       {"reason", a.reason},
                       {"area_before_m2", std::round(a.area_before_m2 * 100) / 100},
                       {"area_after_m2", std::round(a.area_after_m2 * 100) / 100},
                       {"lost_m2", std::round(a.lost_m2 * 100) / 100},
                       {"gained_m2", std::round(a.gained_m2 * 100) / 100}});
  report[opts.level] = {{"path", opts.path},
                        {"layer", opts.layer},
                        {"features", r.features},
                        {"repaired", r.repaired},
                        {"repairs", repairs},
                        {"max_repair_loss", opts.max_repair_loss},
                        {"names_cleaned", r.names_cleaned},
                        {"messages", r.messages}};
  if (layer.size() == 0)
    throw Error(ErrorKind::format, "no areas in the layer").at_file(opts.path).at_field(opts.code_field);
  return layer;
}

std::map<std::string, uint32_t> index_by_code(const AreaLayer& layer) {
  std::map<std::string, uint32_t> out;
  for (size_t i = 0; i < layer.size(); ++i) out.emplace(layer.code[i], static_cast<uint32_t>(i));
  return out;
}

// Parent index of every child by its parent code; an unknown code stops the run.
std::vector<uint32_t> link_parents(const AreaLayer& child, const AreaLayer& parent,
                                   const std::string& file, const std::string& field) {
  const auto by_code = index_by_code(parent);
  std::vector<uint32_t> out(child.size());
  for (size_t i = 0; i < child.size(); ++i) {
    auto it = by_code.find(child.parent[i]);
    if (it == by_code.end())
      throw Error(ErrorKind::format, child.level + " " + child.code[i] + " names " + parent.level +
                                         " '" + child.parent[i] + "', which is not in the " +
                                         parent.level + " layer")
          .at_file(file)
          .at_field(field);
    out[i] = it->second;
  }
  return out;
}

// Sum of the children's population, or no data when any child has none.
std::vector<double> summed_population(const AreaLayer& child, const std::vector<uint32_t>& parent,
                                      size_t n_parents) {
  std::vector<double> out(n_parents, 0.0);
  for (size_t i = 0; i < child.size(); ++i) out[parent[i]] += child.population[i];  // NaN spreads
  return out;
}

// Checks that an interior point of each child falls in its parent polygon.
void check_nesting(const AreaLayer& child, const AreaLayer& parent,
                   const std::vector<uint32_t>& parent_of, const geom::GeosContext& geos,
                   std::vector<std::string>& warnings) {
  const index::AreaIndex idx(parent.geometry);
  int mismatches = 0;
  for (size_t i = 0; i < child.size(); ++i) {
    const XY p = geom::point_on_surface(geos, child.geometry[i]);
    const uint32_t found = idx.locate(p.x, p.y);
    if (found == parent_of[i]) continue;
    if (++mismatches <= 10)
      warnings.push_back(child.level + " " + child.code[i] + " lies " +
                         (found == kNoArea ? std::string("outside every ") + parent.level
                                           : "in " + parent.level + " " + parent.code[found]) +
                         " but its code says " + parent.code[parent_of[i]]);
  }
  if (mismatches > 10)
    warnings.push_back(std::to_string(mismatches - 10) + " more " + child.level + "/" +
                       parent.level + " nesting mismatches");
}

AreaLayer dissolve_groups(const AreaLayer& child, const std::vector<uint32_t>& group,
                          const std::vector<std::string>& codes, const std::string& level,
                          const geom::GeosContext& geos) {
  AreaLayer out;
  out.level = level;
  out.code = codes;
  out.name = codes;
  out.parent.assign(codes.size(), "");
  out.population.assign(codes.size(), 0.0);
  std::vector<std::vector<const MultiPolygon*>> parts(codes.size());
  for (size_t i = 0; i < child.size(); ++i) {
    parts[group[i]].push_back(&child.geometry[i]);
    out.population[group[i]] += child.population[i];
  }
  for (const auto& p : parts) out.geometry.push_back(geom::dissolve(geos, p));
  return out;
}

}  // namespace

Levels load_levels(const PipelineConfig& cfg, const geom::GeosContext& geos,
                   std::vector<std::string>& warnings, nlohmann::json& report) {
  Levels lv;
  nlohmann::json& areas = report["areas"];
  lv.buurt = read_level(cfg.buurt.areas, cfg.analysis_crs, areas);

  if (!cfg.population.path.empty()) {
    const auto pop = io::read_population_csv(cfg.population.path, cfg.population.code_field,
                                             cfg.population.value_field);
    int64_t matched = 0;
    for (size_t i = 0; i < lv.buurt.size(); ++i) {
      auto it = pop.find(lv.buurt.code[i]);
      lv.buurt.population[i] = it == pop.end() ? kNoData : it->second;
      matched += it != pop.end();
    }
    areas["population_csv"] = {{"path", cfg.population.path}, {"rows", pop.size()}, {"matched", matched}};
    if (matched < static_cast<int64_t>(lv.buurt.size()))
      warnings.push_back(std::to_string(lv.buurt.size() - static_cast<size_t>(matched)) +
                         " buurten have no population in " + cfg.population.path);
  }

  if (cfg.wijk.present()) {
    lv.wijk = read_level(cfg.wijk.areas, cfg.analysis_crs, areas);
    lv.buurt_wijk = link_parents(lv.buurt, lv.wijk, cfg.buurt.areas.path, cfg.buurt.areas.parent_field);
    if (cfg.wijk.areas.population_field.empty())
      lv.wijk.population = summed_population(lv.buurt, lv.buurt_wijk, lv.wijk.size());
    check_nesting(lv.buurt, lv.wijk, lv.buurt_wijk, geos, warnings);
  } else {
    // No wijken: one wijk, the whole gemeente, so every roll-up stays a tree.
    lv.wijk_implicit = true;
    lv.buurt_wijk.assign(lv.buurt.size(), 0);
    lv.wijk = dissolve_groups(lv.buurt, lv.buurt_wijk, {cfg.gemeente_code}, "wijk", geos);
    lv.wijk.name = {cfg.gemeente_name};
    lv.buurt.parent.assign(lv.buurt.size(), cfg.gemeente_code);
  }

  if (cfg.stadsdeel.same_as == "wijk" || !cfg.stadsdeel.present()) {
    lv.stadsdeel_is_wijk = true;
    lv.stadsdeel = lv.wijk;
    lv.stadsdeel.level = "stadsdeel";
    lv.stadsdeel.parent.assign(lv.stadsdeel.size(), "");
    lv.wijk_stadsdeel.resize(lv.wijk.size());
    for (size_t i = 0; i < lv.wijk.size(); ++i) lv.wijk_stadsdeel[i] = static_cast<uint32_t>(i);
  } else if (!cfg.stadsdeel.table_path.empty()) {
    const auto table = io::read_mapping_csv(cfg.stadsdeel.table_path, cfg.stadsdeel.table_key,
                                            cfg.stadsdeel.table_value);
    std::vector<std::string> codes;
    for (const auto& [k, v] : table) codes.push_back(v);
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    std::map<std::string, uint32_t> sd_index;
    for (size_t i = 0; i < codes.size(); ++i) sd_index[codes[i]] = static_cast<uint32_t>(i);
    std::vector<uint32_t> buurt_sd(lv.buurt.size());
    for (size_t i = 0; i < lv.buurt.size(); ++i) {
      auto it = table.find(lv.buurt.code[i]);
      if (it == table.end())
        throw Error(ErrorKind::format, "buurt " + lv.buurt.code[i] + " has no stadsdeel in the table")
            .at_file(cfg.stadsdeel.table_path)
            .at_field(cfg.stadsdeel.table_key);
      buurt_sd[i] = sd_index[it->second];
    }
    lv.stadsdeel = dissolve_groups(lv.buurt, buurt_sd, codes, "stadsdeel", geos);
    // A wijk must lie in one stadsdeel, or the two roll-ups would disagree.
    lv.wijk_stadsdeel.assign(lv.wijk.size(), kNoArea);
    for (size_t i = 0; i < lv.buurt.size(); ++i) {
      uint32_t& sd = lv.wijk_stadsdeel[lv.buurt_wijk[i]];
      if (sd != kNoArea && sd != buurt_sd[i])
        throw Error(ErrorKind::format, "wijk " + lv.wijk.code[lv.buurt_wijk[i]] +
                                           " has buurten in stadsdelen " + codes[sd] + " and " +
                                           codes[buurt_sd[i]])
            .at_file(cfg.stadsdeel.table_path)
            .at_field(cfg.stadsdeel.table_value);
      sd = buurt_sd[i];
    }
    for (size_t w = 0; w < lv.wijk.size(); ++w)
      if (lv.wijk_stadsdeel[w] == kNoArea)
        throw Error(ErrorKind::format, "wijk " + lv.wijk.code[w] + " has no buurten")
            .at_file(cfg.wijk.areas.path);
  } else {
    lv.stadsdeel = read_level(cfg.stadsdeel.areas, cfg.analysis_crs, areas);
    lv.wijk_stadsdeel = link_parents(lv.wijk, lv.stadsdeel, cfg.wijk.areas.path, cfg.wijk.areas.parent_field);
    if (cfg.stadsdeel.areas.population_field.empty())
      lv.stadsdeel.population = summed_population(lv.wijk, lv.wijk_stadsdeel, lv.stadsdeel.size());
    check_nesting(lv.wijk, lv.stadsdeel, lv.wijk_stadsdeel, geos, warnings);
  }
  for (size_t w = 0; w < lv.wijk.size(); ++w) lv.wijk.parent[w] = lv.stadsdeel.code[lv.wijk_stadsdeel[w]];

  const std::vector<uint32_t> all(lv.stadsdeel.size(), 0);
  lv.gemeente = dissolve_groups(lv.stadsdeel, all, {cfg.gemeente_code}, "gemeente", geos);
  lv.gemeente.name = {cfg.gemeente_name};
  areas["counts"] = {{"buurt", lv.buurt.size()},
                     {"wijk", lv.wijk.size()},
                     {"stadsdeel", lv.stadsdeel.size()},
                     {"stadsdeel_is_wijk", lv.stadsdeel_is_wijk},
                     {"wijk_configured", !lv.wijk_implicit}};
  return lv;
}

}  // namespace brandpunt::pipeline
