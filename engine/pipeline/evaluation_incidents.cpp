// The incident-level parts of the evaluation: the Knox near-repeat table for burglary and the
// hour × weekday profile. Restricted profile only: they read positions and times of single
// incidents, which the public profile never publishes (its incidents are gone after stage 10).
#include <algorithm>
#include <cmath>

#include "aggregate/cube.hpp"
#include "evaluate/near_repeat.hpp"
#include "evaluate/time_of_day.hpp"
#include "pipeline/evaluation_parts.hpp"

namespace brandpunt::pipeline {

namespace {

const char* const kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

}  // namespace

// The area-level Knox table of burglary from the buurt × month cube as protected (released in
// the public profile): pairs in the same buurt, in neighbouring buurten (the hot spot weights'
// links) and further, 0, 1 and 2+ months apart, over the last 12 months of the series.
void area_near_repeat(const EvaluationInput& in, EvaluationResult& r) {
  const auto& keys = (*in.keys)[kBuurt].keys;
  const auto cat = std::find(keys.begin(), keys.end(), "woninginbraak");
  const weights::Weights* w = in.weights ? &(*in.weights)[kBuurt] : nullptr;
  const aggregate::CountCube* cube = in.buurt_cube;
  if (cat == keys.end() || !w || !cube || w->n != cube->n_areas || cube->n_areas == 0) {
    r.report["near_repeat_area"] = {{"computed", false}, {"reason", "no burglary category, buurt cube or buurt weights"}};
    return;
  }
  const size_t c = static_cast<size_t>(cat - keys.begin());
  const Periods& p = *in.periods;
  const int steps = std::min(12, p.series.count), last = p.series.first + p.series.count - 1, first = last - steps + 1;
  std::vector<int64_t> counts(cube->n_areas * static_cast<size_t>(steps));
  int64_t total = 0;
  for (size_t a = 0; a < cube->n_areas; ++a)
    for (int m = 0; m < steps; ++m) {
      const int64_t v = static_cast<int64_t>(cube->sum(a, c, first + m, 1));
      counts[a * static_cast<size_t>(steps) + static_cast<size_t>(m)] = v;
      total += v;
    }
  if (total < 2) {
    r.report["near_repeat_area"] = {{"computed", false}, {"reason", "fewer than 2 burglaries in the last 12 months"}};
    return;
  }
  std::vector<std::vector<uint32_t>> nb(w->n);
  for (size_t a = 0; a < w->n; ++a)
    for (uint32_t k = w->offsets[a]; k < w->offsets[a + 1]; ++k)
      if (w->neighbours[k] != a) nb[a].push_back(w->neighbours[k]);
  evaluate::AreaKnoxOptions o;
  o.seed = in.cfg->evaluation.seed;
  o.threads = in.threads;
  const evaluate::KnoxTable k = evaluate::area_knox_test(counts, cube->n_areas, static_cast<size_t>(steps), nb, o);
  const std::string gm = in.levels->gemeente.code.empty() ? "gemeente" : in.levels->gemeente.code[0];
  const std::string per = aggregate::month_label(first) + ".." + aggregate::month_label(last);
  const char* const rows[] = {"same buurt", "neighbouring buurten", "further"};
  for (int row = 0; row < k.rows && row < 3; ++row)
    for (int col = 0; col < k.cols; ++col) {
      const auto& cell = k.at(row, col);
      const std::string subject = std::string(rows[row]) + ", " + std::to_string(k.col_from[static_cast<size_t>(col)]) +
                                  (k.col_to[static_cast<size_t>(col)] < 0 ? "+" : "") + " months apart";
      for (auto [m, v] : {std::pair<const char*, double>{"observed", static_cast<double>(cell.observed)},
                          {"expected", cell.expected}, {"knox_ratio", cell.ratio}, {"p", cell.p}})
        r.rows.add("near_repeat_area", "buurt", gm, "woninginbraak", subject, per, m, v);
    }
  r.report["near_repeat_area"] = {{"computed", true}, {"category", "woninginbraak"}, {"months", steps},
                                  {"incidents", k.incidents}, {"pairs", k.pairs}, {"permutations", k.permutations},
                                  {"source", in.cfg->privacy.profile == Profile::public_ ? "the released buurt x month counts"
                                                                                        : "the exact buurt x month counts"}};
}

void evaluate_incidents(const EvaluationInput& in, EvaluationResult& r) {
  const PipelineConfig& cfg = *in.cfg;
  area_near_repeat(in, r);
  if (cfg.privacy.profile == Profile::public_ || !in.incidents || !in.buurt_of_incident || !in.taxonomy) {
    const std::string why =
        "restricted profile only: computed from single incidents' positions and times, which the public profile "
        "does not publish (its figures come from the released counts)";
    r.report["near_repeat"] = {{"computed", false}, {"reason", why}};
    r.report["time_of_day"] = {{"computed", false}, {"reason", why}};
    return;
  }
  const IncidentTable& t = *in.incidents;
  const Periods& p = *in.periods;
  const std::string gm = in.levels->gemeente.code.empty() ? "gemeente" : in.levels->gemeente.code[0];
  const std::string per = p.label(kCurrent);
  const int from = p.first[kCurrent], to = p.first[kCurrent] + p.months;
  auto in_period = [&](size_t i) {
    if ((*in.buurt_of_incident)[i] == kNoArea) return false;
    const int m = aggregate::month_of(t.time_s[i]);
    return m >= from && m < to;
  };

  // Knox table of the analysis period's burglaries (the Near Repeat Calculator's defaults).
  const auto burglary = in.taxonomy->sub_index("woninginbraak");
  std::vector<double> x, y;
  std::vector<int64_t> day;
  for (size_t i = 0; i < t.size(); ++i)
    if (burglary && t.category[i] == *burglary && in_period(i)) {
      x.push_back(t.x[i]);
      y.push_back(t.y[i]);
      day.push_back(static_cast<int64_t>(std::floor(static_cast<double>(t.time_s[i]) / 86400.0)));
    }
  evaluate::KnoxOptions ko;
  ko.seed = cfg.evaluation.seed;
  ko.threads = in.threads;
  if (x.size() >= 2) {
    const evaluate::KnoxTable k = evaluate::knox_test(x, y, day, ko);
    for (int row = 0; row < k.rows; ++row)
      for (int col = 0; col < k.cols; ++col) {
        const auto& c = k.at(row, col);
        auto bound = [](double v) { return std::isfinite(v) ? std::to_string(static_cast<int64_t>(v)) : std::string(""); };
        const std::string subject = "d " + bound(k.row_from[static_cast<size_t>(row)]) + "-" +
                                    bound(k.row_to[static_cast<size_t>(row)]) + " m, t " +
                                    std::to_string(k.col_from[static_cast<size_t>(col)]) + "-" +
                                    (k.col_to[static_cast<size_t>(col)] < 0 ? "" : std::to_string(k.col_to[static_cast<size_t>(col)])) +
                                    " days";
        for (auto [m, v] : {std::pair<const char*, double>{"observed", static_cast<double>(c.observed)},
                            {"expected", c.expected}, {"knox_ratio", c.ratio}, {"p", c.p}})
          r.rows.add("near_repeat", "gemeente", gm, "woninginbraak", subject, per, m, v);
      }
    r.report["near_repeat"] = {{"computed", true}, {"category", "woninginbraak"}, {"incidents", k.incidents},
                               {"pairs", k.pairs}, {"permutations", k.permutations}, {"band_m", ko.band_m},
                               {"band_days", ko.band_days}, {"metric", evaluate::to_string(ko.metric)}};
  } else {
    r.report["near_repeat"] = {{"computed", false}, {"reason", "fewer than 2 burglaries in the analysis period"}};
  }

  // Hour × weekday profile of the gemeente, totaal and mains, aoristic where windows exist.
  const size_t G = 1 + in.taxonomy->mains.size();
  std::vector<std::vector<uint16_t>> groups_of(in.taxonomy->subs.size());
  for (size_t s = 0; s < groups_of.size(); ++s) groups_of[s] = {0, static_cast<uint16_t>(1 + in.taxonomy->subs[s].main)};
  std::vector<uint32_t> area(t.size());
  for (size_t i = 0; i < t.size(); ++i) area[i] = in_period(i) ? 0u : evaluate::kNoProfileArea;
  std::vector<int64_t> from_s(t.size());
  for (size_t i = 0; i < t.size(); ++i) from_s[i] = t.window_from_s.empty() || t.window_from_s[i] == kNoTime ? t.time_s[i] : t.window_from_s[i];
  const evaluate::HourWeekProfile prof =
      evaluate::hour_week_profile(area, t.category, from_s, t.window_to_s, 1, groups_of, G);
  const auto& keys = (*in.keys)[kGemeente].keys;
  for (size_t g = 0; g < G; ++g)
    for (int c = 0; c < evaluate::kWeekCells; ++c) {
      char cell[16];
      std::snprintf(cell, sizeof cell, "%s_%02d", kDays[c / 24], c % 24);
      r.rows.add("time_of_day", "gemeente", gm, keys[g], cell, per, "incidents", prof.at(0, g, c));
    }
  r.report["time_of_day"] = {{"computed", true}, {"incidents", prof.incidents}, {"with_window", prof.with_window}};
}

}  // namespace brandpunt::pipeline
