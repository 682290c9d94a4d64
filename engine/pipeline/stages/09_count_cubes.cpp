// Stage 09: the count cubes of every level.
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

namespace {

// [totaal, mains..., subs...] from a cube over sub categories (or mains when keep_detail is
// false and the cube is over mains already).
aggregate::CountCube expand(const aggregate::CountCube& cube, const std::vector<uint16_t>& cat_main,
                            size_t n_mains, bool keep_detail) {
  std::vector<std::vector<uint16_t>> targets(cube.n_cats);
  for (size_t c = 0; c < cube.n_cats; ++c) {
    targets[c] = {0, static_cast<uint16_t>(1 + cat_main[c])};
    if (keep_detail) targets[c].push_back(static_cast<uint16_t>(1 + n_mains + c));
  }
  return aggregate::spread_categories(cube, targets, 1 + n_mains + (keep_detail ? cube.n_cats : 0));
}

}  // namespace

Counts count_cubes(const Levels& lv, const Straten& straten, const IncidentTable& incidents,
                   const assign::AssignResult& assigned, const Taxonomy& taxonomy, const Periods& periods,
                   unsigned threads, Accounting& acc) {
  Counts c;
  c.n_subs = taxonomy.subs.size();
  c.n_mains = taxonomy.mains.size();
  c.sub_main.resize(c.n_subs);
  for (size_t s = 0; s < c.n_subs; ++s) c.sub_main[s] = taxonomy.subs[s].main;
  c.main_of_incident.resize(incidents.size());
  for (size_t i = 0; i < incidents.size(); ++i) c.main_of_incident[i] = c.sub_main[incidents.category[i]];
  std::vector<uint16_t> identity(c.n_mains);
  for (size_t m = 0; m < c.n_mains; ++m) identity[m] = static_cast<uint16_t>(m);
  // The straat and buurt cubes are counted at once (each pass reads every incident); the
  // counted cubes are temporaries: only their expanded forms are kept.
  std::future<aggregate::CountCube> straat_cube =
      std::async(threads > 1 ? std::launch::async : std::launch::deferred, [&] {
        return expand(aggregate::count_incidents(straten.of_incident, c.main_of_incident, incidents.time_s,
                                                 straten.layer.size(), c.n_mains, periods.cube),
                      identity, c.n_mains, false);
      });
  int64_t out_of_series = 0;
  c.cubes[kBuurt] = expand(aggregate::count_incidents(assigned.area, incidents.category, incidents.time_s,
                                                      lv.buurt.size(), c.n_subs, periods.cube, &out_of_series),
                           c.sub_main, c.n_mains, true);
  acc.assigned_out_of_window = out_of_series;
  acc.assigned_in_window = acc.assigned - out_of_series;
  c.cubes[kStraat] = straat_cube.get();
  c.cubes[kWijk] = aggregate::roll_up(c.cubes[kBuurt], lv.buurt_wijk, lv.wijk.size());
  c.cubes[kStadsdeel] = aggregate::roll_up(c.cubes[kWijk], lv.wijk_stadsdeel, lv.stadsdeel.size());
  c.cubes[kGemeente] = aggregate::roll_up(c.cubes[kStadsdeel], std::vector<uint32_t>(lv.stadsdeel.size(), 0), 1);
  return c;
}

}  // namespace brandpunt::pipeline
