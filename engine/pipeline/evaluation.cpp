#include "pipeline/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "aggregate/cube.hpp"
#include "evaluate/concentration.hpp"
#include "evaluate/pai.hpp"
#include "pipeline/evaluation_parts.hpp"
#include "pipeline/hotspots.hpp"

namespace brandpunt::pipeline {

void EvaluationRows::add(const std::string& sec, const std::string& lvl, const std::string& sc, const std::string& cat,
                         const std::string& subj, const std::string& per, const std::string& meas, double v) {
  section.push_back(sec);
  level.push_back(lvl);
  scope.push_back(sc);
  category.push_back(cat);
  subject.push_back(subj);
  period.push_back(per);
  measure.push_back(meas);
  value.push_back(v);
}

output::Table evaluation_table(const EvaluationRows& r) {
  output::Table t;
  t.add_string("section", "out_of_sample | backtest | backtest_month | concentration | intervention | near_repeat_area | "
                          "near_repeat | time_of_day (docs/DESIGN.md, Evaluation)").strings = r.section;
  t.add_string("level", "straat, buurt, wijk, grid or gemeente").strings = r.level;
  t.add_string("scope", "gemeente code, stadsdeel code, or the intervention's name").strings = r.scope;
  t.add_string("category", "totaal or a main category key").strings = r.category;
  t.add_string("subject", "the scored list (top_n, hotspots), the area group of an intervention, or the table cell")
      .strings = r.subject;
  t.add_string("period", "T1->T2 (YYYY-MM..YYYY-MM), a month pair, or the analysis period").strings = r.period;
  t.add_string("measure", "what value is (docs/DESIGN.md lists every measure with its unit)").strings = r.measure;
  output::Column& v = t.add_real("value", "the measure's value (empty = undefined, e.g. no incidents)");
  v.reals = r.value;
  return t;
}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// FNV-1a: a seed per list that does not depend on the platform's std::hash.
uint64_t seed_of(uint64_t base, const std::string& key) {
  uint64_t h = 1469598103934665603ull ^ base;
  for (unsigned char c : key) h = (h ^ c) * 1099511628211ull;
  return h;
}

// The first `top_n` areas of `areas` by descending `count` (> 0 only), ties by code.
std::vector<uint32_t> top_by_count(const std::vector<uint32_t>& areas, const std::vector<double>& count,
                                   const std::vector<std::string>& code, size_t top_n) {
  std::vector<uint32_t> v;
  for (uint32_t a : areas)
    if (count[a] > 0) v.push_back(a);
  auto better = [&](uint32_t x, uint32_t y) { return count[x] != count[y] ? count[x] > count[y] : code[x] < code[y]; };
  const size_t k = std::min(top_n, v.size());
  std::partial_sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end(), better);
  v.resize(k);
  return v;
}

}  // namespace

std::optional<ListScore> score_in_scope(const std::vector<uint32_t>& scope, const std::vector<uint32_t>& ranked,
                                        const std::vector<double>& after, const std::vector<double>& before,
                                        const std::vector<double>& size, int draws, uint64_t seed) {
  if (ranked.empty() || scope.empty()) return std::nullopt;
  std::vector<double> a, b, s;
  std::vector<uint32_t> local(after.size(), UINT32_MAX);
  for (uint32_t i : scope) {
    local[i] = static_cast<uint32_t>(a.size());
    a.push_back(after[i]);
    b.push_back(before[i]);
    s.push_back(size[i]);
  }
  std::vector<uint32_t> r;
  for (uint32_t i : ranked)
    if (local[i] != UINT32_MAX) r.push_back(local[i]);
  if (r.empty()) return std::nullopt;
  const evaluate::ScoreInput in{a, b, s};
  ListScore out;
  out.point = evaluate::score_ranked_list(in, r).back();
  for (double v : a) out.incidents += v;
  if (draws > 0 && r.size() < a.size()) {
    out.baseline = evaluate::random_list_baseline(in, r.size(), out.point.pai, draws, seed);
    out.has_baseline = true;
  }
  return out;
}

std::vector<ScoredLevel> scored_levels(const EvaluationInput& in, LevelFigures& grid_figures) {
  const auto& info = *in.info;
  std::vector<ScoredLevel> out;
  for (int l : {kStraat, kBuurt, kWijk}) {
    const size_t L = static_cast<size_t>(l);
    if (info[L].code.empty()) continue;  // e.g. no straat level without street data
    if (l == kWijk && in.levels->wijk_implicit) continue;
    ScoredLevel s;
    s.name = level_name(l);
    s.level = l;
    s.f = &in.figures->levels[L];
    s.code = &info[L].code;
    s.stadsdeel = &info[L].stadsdeel;
    s.keys = &(*in.keys)[L];
    s.weights = in.weights && (*in.weights)[L].n == info[L].code.size() ? &(*in.weights)[L] : nullptr;
    s.unit = l == kStraat ? "m" : "km2";
    s.size.assign(info[L].code.size(), kNaN);
    if (l == kStraat && in.straat_lines) {
      for (size_t a = 0; a < in.straat_lines->size() && a < s.size.size(); ++a) {
        double len = 0;
        for (const auto& line : (*in.straat_lines)[a])
          for (size_t k = 1; k < line.size(); ++k) len += std::hypot(line[k].x - line[k - 1].x, line[k].y - line[k - 1].y);
        if (len > 0) s.size[a] = len;
      }
    } else if (l != kStraat) {
      for (size_t a = 0; a < s.size.size(); ++a) s.size[a] = info[L].area_m2[a] / 1e6;
    }
    out.push_back(std::move(s));
  }
  // The grid's cells from their (released) cube: the same layout as the levels' figures.
  if (in.grid && in.grid->cube.n_areas > 0) {
    const aggregate::CountCube& c = in.grid->cube;
    const Periods& p = *in.periods;
    LevelFigures& f = grid_figures;
    f.n_areas = c.n_areas;
    f.n_cats = f.n_groups = c.n_cats;
    f.series_first = p.series.first;
    f.n_series = static_cast<size_t>(p.series.count);
    f.period.assign(f.n_areas * f.n_cats * 3, 0);
    f.monthly.assign(f.n_areas * f.n_groups * f.n_series, 0);
    for (size_t a = 0; a < f.n_areas; ++a)
      for (size_t g = 0; g < f.n_cats; ++g) {
        for (int per = 0; per < 3; ++per)
          f.period[f.pi(a, g, per)] = static_cast<int64_t>(c.sum(a, g, p.first[static_cast<size_t>(per)], p.months));
        for (size_t m = 0; m < f.n_series; ++m)
          f.monthly[f.mi(a, g, m)] = static_cast<int64_t>(c.sum(a, g, f.series_first + static_cast<int>(m), 1));
      }
    ScoredLevel s;
    s.name = "grid";
    s.level = -1;
    s.f = &f;
    s.owned_code.resize(f.n_areas);
    for (size_t a = 0; a < f.n_areas; ++a) s.owned_code[a] = "cell_" + std::to_string(a);
    s.code = &s.owned_code;
    s.keys = &(*in.keys)[kGemeente];
    s.unit = "km2";
    s.size.resize(f.n_areas);
    for (size_t a = 0; a < f.n_areas; ++a) s.size[a] = in.grid->grid.area_m2[a] / 1e6;
    out.push_back(std::move(s));
    out.back().code = &out.back().owned_code;
  }
  return out;
}

void score_out_of_sample(const EvaluationInput& in, const ScoredLevel& s, EvaluationResult& r) {
  const PipelineConfig& cfg = *in.cfg;
  const Periods& p = *in.periods;
  const LevelFigures& f = *s.f;
  const size_t n = f.n_areas, G = f.n_groups;
  const std::string period = p.label(kPrevious) + "->" + p.label(kCurrent);
  const std::string gm = in.levels->gemeente.code.empty() ? "gemeente" : in.levels->gemeente.code[0];
  // Scopes: the gemeente and, when there are several, each stadsdeel (not for grid cells).
  std::vector<std::pair<std::string, std::vector<uint32_t>>> scopes;
  scopes.emplace_back(gm, std::vector<uint32_t>{});
  std::map<std::string, std::vector<uint32_t>> by_sd;
  for (uint32_t a = 0; a < n; ++a) {
    if (!(s.size[a] > 0)) continue;  // a straat without geometry has no length to score
    scopes[0].second.push_back(a);
    if (s.stadsdeel && !(*s.stadsdeel)[a].empty()) by_sd[(*s.stadsdeel)[a]].push_back(a);
  }
  if (by_sd.size() > 1 && !in.levels->wijk_implicit)
    for (auto& [code, areas] : by_sd) scopes.emplace_back(code, std::move(areas));

  // The T1 hot spot layer: Gi* on the previous period's counts, as the layer is made.
  LevelHotspots t1;
  std::vector<double> before_all(n * G);
  for (size_t a = 0; a < n; ++a)
    for (size_t g = 0; g < G; ++g) before_all[a * G + g] = static_cast<double>(f.period[f.pi(a, g, kPrevious)]);
  if (s.weights && cfg.analysis.hotspots) {
    HotspotOptions o = cfg.hotspots;
    o.permutations = 0;
    o.inference = "analytic";  // no permutations: the classes from the normal p, as ArcGIS
    const LevelAnalysis& la = level_analysis(cfg, s.name);
    HotspotChoices ch;
    ch.gi_star = la.gi_star;
    ch.row_style = la.weights.style == weights::WeightsStyle::row;
    t1 = level_hotspots(*s.weights, before_all, G, (*in.info)[static_cast<size_t>(s.level)].population, o, in.threads, ch);
  }

  std::vector<double> after(n), before(n);
  for (size_t g = 0; g < G; ++g) {
    const std::string& cat = s.keys->keys[g];
    for (size_t a = 0; a < n; ++a) {
      after[a] = static_cast<double>(f.period[f.pi(a, g, kCurrent)]);
      before[a] = before_all[a * G + g];
    }
    std::vector<uint32_t> hot;
    if (t1.n_areas == n) {
      for (uint32_t a = 0; a < n; ++a) {
        const std::string& c = t1.gi_class[a * G + g];
        if ((c == "hot_95" || c == "hot_99") && s.size[a] > 0) hot.push_back(a);
      }
      std::sort(hot.begin(), hot.end(), [&](uint32_t x, uint32_t y) {
        const double zx = t1.z[x * G + g], zy = t1.z[y * G + g];
        return zx != zy ? zx > zy : (*s.code)[x] < (*s.code)[y];
      });
    }
    for (const auto& [scope, areas] : scopes) {
      struct Candidate {
        const char* subject;
        std::vector<uint32_t> ranked;
      };
      std::vector<Candidate> lists = {
          {"top_n", top_by_count(areas, before, *s.code, static_cast<size_t>(cfg.evaluation.top_n))}};
      if (t1.n_areas == n) lists.push_back({"hotspots", hot});
      for (const auto& l : lists) {
        const uint64_t seed = seed_of(cfg.evaluation.seed, s.name + "|" + cat + "|" + scope + "|" + l.subject);
        const auto sc = score_in_scope(areas, l.ranked, after, before, s.size, cfg.evaluation.random_draws, seed);
        if (!sc) {
          r.rows.add("out_of_sample", s.name, scope, cat, l.subject, period, "areas", 0);
          continue;
        }
        const evaluate::ListPoint& pt = sc->point;
        auto put = [&](const char* m, double v) { r.rows.add("out_of_sample", s.name, scope, cat, l.subject, period, m, v); };
        put("areas", static_cast<double>(pt.k));
        put(s.unit == "m" ? "size_m" : "size_km2", pt.size);
        put("size_share", pt.size_share);
        put("incidents", sc->incidents);
        put("hits", pt.hits);
        put("hit_rate", pt.hit_rate);
        put("pai", pt.pai);
        put("pai_best", pt.pai_best);
        put("pei", pt.pei);
        put("hits_before", pt.hits_before);
        put("pai_before", pt.pai_before);
        put("rri", pt.rri);
        if (sc->has_baseline) {
          put("random_mean_pai", sc->baseline.mean_pai);
          put("random_p95_pai", sc->baseline.p95_pai);
          put("random_p", sc->baseline.p);
        }
      }
    }
  }
}

void backtest(const EvaluationInput& in, const ScoredLevel& s, EvaluationResult& r) {
  const PipelineConfig& cfg = *in.cfg;
  const LevelFigures& f = *s.f;
  const size_t n = f.n_areas, G = f.n_groups, M = f.n_series;
  const int h = cfg.evaluation.horizon;
  const std::string gm = in.levels->gemeente.code.empty() ? "gemeente" : in.levels->gemeente.code[0];
  std::vector<uint32_t> scope;
  for (uint32_t a = 0; a < n; ++a)
    if (s.size[a] > 0) scope.push_back(a);
  std::vector<double> before(n), after(n);
  for (size_t g = 0; g < G; ++g) {
    const std::string& cat = s.keys->keys[g];
    std::vector<double> pai, pei, hit;
    for (size_t m = 0; m + static_cast<size_t>(h) < M; ++m) {
      for (size_t a = 0; a < n; ++a) {
        before[a] = static_cast<double>(f.monthly[f.mi(a, g, m)]);
        after[a] = static_cast<double>(f.monthly[f.mi(a, g, m + static_cast<size_t>(h))]);
      }
      const auto ranked = top_by_count(scope, before, *s.code, static_cast<size_t>(cfg.evaluation.top_n));
      const auto sc = score_in_scope(scope, ranked, after, before, s.size, 0, 0);
      if (!sc || !std::isfinite(sc->point.pai)) continue;  // nothing listed, or no incident to hit
      const std::string per = aggregate::month_label(f.series_first + static_cast<int>(m)) + "->" +
                              aggregate::month_label(f.series_first + static_cast<int>(m) + h);
      for (auto [m_name, v] : {std::pair<const char*, double>{"pai", sc->point.pai}, {"pei", sc->point.pei},
                               {"hit_rate", sc->point.hit_rate}, {"rri", sc->point.rri}})
        r.rows.add("backtest_month", s.name, gm, cat, "top_n", per, m_name, v);
      pai.push_back(sc->point.pai);
      pei.push_back(sc->point.pei);
      hit.push_back(sc->point.hit_rate);
    }
    const std::string per = M > static_cast<size_t>(h)
                                ? aggregate::month_label(f.series_first) + ".." +
                                      aggregate::month_label(f.series_first + static_cast<int>(M) - 1)
                                : "";
    auto mean = [](const std::vector<double>& v) {
      return v.empty() ? kNaN : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    };
    double median = kNaN;
    if (!pai.empty()) {
      std::vector<double> sorted = pai;
      std::sort(sorted.begin(), sorted.end());
      const size_t k = sorted.size();
      median = k % 2 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
    }
    const double above = static_cast<double>(std::count_if(pai.begin(), pai.end(), [](double v) { return v > 1; }));
    for (auto [m_name, v] : {std::pair<const char*, double>{"months", static_cast<double>(pai.size())},
                             {"mean_pai", mean(pai)}, {"median_pai", median}, {"mean_pei", mean(pei)},
                             {"mean_hit_rate", mean(hit)},
                             {"share_months_pai_above_1", pai.empty() ? kNaN : above / static_cast<double>(pai.size())}})
      r.rows.add("backtest", s.name, gm, cat, "top_n", per, m_name, v);
  }
}

void concentration(const EvaluationInput& in, const ScoredLevel& s, EvaluationResult& r) {
  const LevelFigures& f = *s.f;
  const std::string gm = in.levels->gemeente.code.empty() ? "gemeente" : in.levels->gemeente.code[0];
  const std::string per = in.periods->label(kCurrent);
  std::vector<int64_t> x(f.n_areas);
  for (size_t g = 0; g < f.n_groups; ++g) {
    for (size_t a = 0; a < f.n_areas; ++a) x[a] = f.period[f.pi(a, g, kCurrent)];
    evaluate::BaselineOptions o;
    o.seed = seed_of(in.cfg->evaluation.seed, s.name + "|" + s.keys->keys[g] + "|concentration");
    const evaluate::Concentration c = evaluate::concentration(x, o);
    auto put = [&](const std::string& m, double v) {
      r.rows.add("concentration", s.name, gm, s.keys->keys[g], "", per, m, v);
    };
    put("areas", static_cast<double>(c.areas));
    put("incidents", static_cast<double>(c.incidents));
    put("gini", c.observed.gini);
    put("gini_generalised", c.observed.gini_generalised);
    put("areas_for_25pct", c.observed.areas_for_25pct);
    put("areas_for_50pct", c.observed.areas_for_50pct);
    put("random_gini", c.random.gini);
    put("random_gini_generalised", c.random.gini_generalised);
    put("random_areas_for_25pct", c.random.areas_for_25pct);
    put("random_areas_for_50pct", c.random.areas_for_50pct);
    const std::vector<double> at = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    const std::vector<double> lz = evaluate::lorenz_at(evaluate::lorenz_curve(x), at);
    for (size_t i = 0; i < at.size(); ++i) put("lorenz_" + std::to_string(static_cast<int>(at[i] * 100)) + "pct", lz[i]);
  }
}

EvaluationResult evaluate_run(const EvaluationInput& in) {
  EvaluationResult r;
  LevelFigures grid_figures;
  const std::vector<ScoredLevel> levels = scored_levels(in, grid_figures);
  for (const ScoredLevel& s : levels) {
    score_out_of_sample(in, s, r);
    backtest(in, s, r);
    concentration(in, s, r);
  }
  evaluate_interventions(in, r);
  evaluate_incidents(in, r);
  write_evaluation_text(in, levels, r);
  return r;
}

}  // namespace brandpunt::pipeline
