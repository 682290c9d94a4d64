// Stage 10: protect first, then analyse. In the public profile every count that a later stage
// reads is a released count; the descriptive columns of the levels.
#include <cmath>

#include "core/error.hpp"
#include "geom/ops.hpp"
#include "pipeline/stages.hpp"
#include "privacy/discrete_gaussian.hpp"
#include "privacy/budget.hpp"

namespace brandpunt::pipeline {

namespace {

LevelInfo info_of(const AreaLayer& layer, const std::vector<std::string>& stadsdeel) {
  LevelInfo info;
  info.level = layer.level;
  info.code = layer.code;
  info.name = layer.name;
  info.parent = layer.parent;
  info.stadsdeel = stadsdeel;
  info.population = layer.population;
  for (const auto& g : layer.geometry) info.area_m2.push_back(area_of(g));
  return info;
}

// A straat's representative point: the length-weighted middle of its geometry. Without
// geometry: in the restricted profile the mean of its incidents' positions, in the public
// profile a point of its buurt (public), so its neighbours are the straten of its own and
// the nearest buurten.
std::vector<XY> straat_points(const PipelineConfig& cfg, const Levels& lv, const Straten& straten,
                              const IncidentTable& incidents, const geom::GeosContext& geos) {
  const size_t n = straten.layer.size();
  std::vector<XY> rep(n, XY{0, 0});
  std::vector<int64_t> n_rep(n, 0);
  for (size_t s = 0; s < n; ++s) {
    double len_sum = 0;
    for (const auto& line : straten.lines[s])
      for (size_t k = 1; k < line.size(); ++k) {
        const double len = std::hypot(line[k].x - line[k - 1].x, line[k].y - line[k - 1].y);
        rep[s].x += len * (line[k].x + line[k - 1].x) / 2;
        rep[s].y += len * (line[k].y + line[k - 1].y) / 2;
        len_sum += len;
      }
    if (len_sum > 0) {
      rep[s].x /= len_sum;
      rep[s].y /= len_sum;
      n_rep[s] = -1;
    }
  }
  if (cfg.privacy.profile == Profile::public_) {
    std::vector<XY> buurt_point(lv.buurt.size());
    std::vector<bool> done(lv.buurt.size(), false);
    for (size_t s = 0; s < n; ++s)
      if (n_rep[s] == 0) {
        const uint32_t b = straten.buurt[s];
        if (!done[b]) buurt_point[b] = geom::point_on_surface(geos, lv.buurt.geometry[b]), done[b] = true;
        rep[s] = buurt_point[b];
      }
    return rep;
  }
  for (size_t i = 0; i < incidents.size(); ++i) {
    const uint32_t s = straten.of_incident[i];
    if (s == kNoArea || n_rep[s] < 0) continue;
    rep[s].x += incidents.x[i];
    rep[s].y += incidents.y[i];
    ++n_rep[s];
  }
  for (size_t s = 0; s < n; ++s)
    if (n_rep[s] > 0) rep[s] = XY{rep[s].x / static_cast<double>(n_rep[s]), rep[s].y / static_cast<double>(n_rep[s])};
  return rep;
}

// With a week step: the weekly series of straat, buurt (wijk is their sum) and the grid,
// counted from the incidents and, in the public profile, released like the months (a flat time
// tree of weeks) below the released weekly gemeente.
nlohmann::json release_weeks(const PipelineConfig& cfg, const Setup& setup, Protection& p, const Counts& counts,
                             const Levels& lv, const Straten& straten, const IncidentTable& incidents,
                             const assign::AssignResult& assigned, const Periods& periods) {
  const bool pub = cfg.privacy.profile == Profile::public_;
  const time::Step step = time::Step::week;
  const BudgetPlan& plan = setup.budget;
  StepSeries s_straat = step_series_from_incidents(straten.of_incident, incidents.category, incidents.time_s,
                                                   counts.sub_main, counts.n_mains, false, straten.layer.size(), periods, step);
  StepSeries s_buurt = step_series_from_incidents(assigned.area, incidents.category, incidents.time_s, counts.sub_main,
                                                  counts.n_mains, true, lv.buurt.size(), periods, step);
  StepSeries s_wijk = roll_up(s_buurt, lv.buurt_wijk, lv.wijk.size());
  const StepSeries s_sd = roll_up(s_wijk, lv.wijk_stadsdeel, lv.stadsdeel.size());
  const StepSeries s_gm = roll_up(s_sd, std::vector<uint32_t>(lv.stadsdeel.size(), 0), 1);
  std::array<aggregate::CountCube, kLevelCount> cubes = {cube_of(s_straat), cube_of(s_buurt), cube_of(s_wijk),
                                                          cube_of(s_sd), cube_of(s_gm)};
  AreaRelease weeks;
  weeks.rho_areas = plan.weeks_areas;
  weeks.rho_straten = plan.weeks_straten;
  weeks.area_table = kWeekAreaTable;
  weeks.straat_table = kWeekStraatTable;
  weeks.block_steps = 1;
  weeks.years = false;
  nlohmann::json tables = nlohmann::json::object();
  const unsigned threads = setup.threads;
  if (pub)
    tables = release_area_cubes(weeks, setup.noise_key, cubes, counts.sub_main, counts.n_mains, lv, straten.buurt, threads);
  put_cube(cubes[kStraat], s_straat);
  put_cube(cubes[kBuurt], s_buurt);
  put_cube(cubes[kWijk], s_wijk);
  p.week = {std::move(s_straat), std::move(s_buurt), std::move(s_wijk)};
  if (cfg.analysis.surfaces) {
    const std::vector<uint32_t> cell = density::assign_to_grid(p.grid.grid, incidents.x, incidents.y);
    std::vector<uint32_t> loc(incidents.size(), kNoArea), rest(incidents.size(), kNoArea);
    for (size_t i = 0; i < incidents.size(); ++i)
      if (assigned.area[i] != kNoArea) (cell[i] != UINT32_MAX ? loc[i] = cell[i] : rest[i] = 0);
    p.grid_series = step_series_from_incidents(loc, incidents.category, incidents.time_s, counts.sub_main,
                                               counts.n_mains, false, p.grid.grid.size(), periods, step);
    if (pub) {
      aggregate::CountCube cells = cube_of(p.grid_series);
      const aggregate::CountCube outside = cube_of(step_series_from_incidents(
          rest, incidents.category, incidents.time_s, counts.sub_main, counts.n_mains, false, 1, periods, step));
      tables["grid"] = release_grid_cube(plan.weeks_grid, kWeekGridTable, weeks, setup.noise_key, cells, outside,
                                         cubes[kGemeente], counts.n_mains, threads);
      put_cube(cells, p.grid_series);
    }
  }
  // A week is the only time level of these tables.
  for (auto& [level, t] : tables.items()) {
    if (t.contains("month")) t["week"] = t["month"];
    t.erase("month");
    t.erase("period");
  }
  return tables;
}

nlohmann::json budget_report(const PrivacyOptions& p, const BudgetPlan& b) {
  const double spent = b.total();
  return {{"rho", p.rho},
          {"rho_spent", spent},
          {"delta", p.delta},
          {"epsilon", privacy::epsilon_of(spent, p.delta)},
          {"split", {{"accounting", b.accounting}, {"areas", b.areas}, {"straten", b.straten}, {"straat_names", b.keys}, {"grid", b.grid},
                     {"weeks_areas", b.weeks_areas}, {"weeks_straten", b.weeks_straten}, {"weeks_grid", b.weeks_grid}}}};
}

}  // namespace

Protection protect(const PipelineConfig& cfg, const Setup& setup, Counts& counts, const Levels& lv,
                   const Straten& straten, const IncidentTable& incidents, const assign::AssignResult& assigned,
                   const Periods& periods, const geom::GeosContext& geos) {
  Protection p;
  const bool pub = cfg.privacy.profile == Profile::public_;
  const unsigned threads = setup.threads;
  const BudgetPlan& plan = setup.budget;
  if (cfg.analysis.hotspots || cfg.analysis.trends) p.straat_points = straat_points(cfg, lv, straten, incidents, geos);
  nlohmann::json tables = nlohmann::json::object();
  AreaRelease months;
  months.rho_areas = plan.areas;
  months.rho_straten = plan.straten;
  months.block_steps = static_cast<size_t>(periods.months);
  if (pub)
    tables = release_area_cubes(months, setup.noise_key, counts.cubes, counts.sub_main, counts.n_mains, lv, straten.buurt,
                                threads);
  if (cfg.analysis.surfaces) {
    const aggregate::CountCube& gemeente = counts.cubes[kGemeente];
    const auto period_total = static_cast<int64_t>(gemeente.sum(0, 0, periods.first[kCurrent], periods.months));
    p.grid = count_grid(cfg, lv.gemeente.geometry.front(), period_total, incidents, assigned.area,
                        counts.main_of_incident, counts.n_mains, periods);
    if (pub) {
      tables["grid"] = release_grid_cube(plan.grid, kGridTable, months, setup.noise_key, p.grid.cube, p.grid.rest, gemeente,
                                         counts.n_mains, threads);
      // The KDE's rounding step: the variance of a cell's released period totaal.
      const double e = tables["grid"]["period"]["totaal"].get<double>();
      p.cell_period_variance = std::max(0.0, e * e * std::acos(-1.0) / 2 - 1.0 / 6);
    }
    p.grid.rest = {};
  }
  const time::Step step = time::parse_step(cfg.time.step);
  if (step == time::Step::week && (cfg.analysis.trends || cfg.analysis.surfaces)) {
    nlohmann::json week_tables = release_weeks(cfg, setup, p, counts, lv, straten, incidents, assigned, periods);
    if (pub) tables["weeks"] = week_tables;
  } else if (cfg.analysis.surfaces) {
    p.grid_series = step_series_from_months(p.grid.cube, p.grid.cube.n_cats, periods, step);
  }
  if (pub) {
    p.report = budget_report(cfg.privacy, plan);
    p.report["tables"] = tables;
  }
  return p;
}

std::array<LevelInfo, kLevelCount> describe_levels(const PipelineConfig& cfg, const Levels& lv,
                                                   const Straten& straten) {
  std::vector<std::string> sd_of_buurt, sd_of_wijk, sd_of_sd = lv.stadsdeel.code, sd_of_straat;
  for (size_t w = 0; w < lv.wijk.size(); ++w) sd_of_wijk.push_back(lv.stadsdeel.code[lv.wijk_stadsdeel[w]]);
  for (size_t b = 0; b < lv.buurt.size(); ++b) sd_of_buurt.push_back(sd_of_wijk[lv.buurt_wijk[b]]);
  for (size_t s = 0; s < straten.layer.size(); ++s) sd_of_straat.push_back(sd_of_buurt[straten.buurt[s]]);
  std::array<LevelInfo, kLevelCount> info = {
      info_of(straten.layer, sd_of_straat), info_of(lv.buurt, sd_of_buurt), info_of(lv.wijk, sd_of_wijk),
      info_of(lv.stadsdeel, sd_of_sd), info_of(lv.gemeente, {""})};
  info[kStraat].area_m2.assign(straten.layer.size(), NAN);
  info[kStadsdeel].parent.assign(lv.stadsdeel.size(), cfg.gemeente_code);
  return info;
}

}  // namespace brandpunt::pipeline
