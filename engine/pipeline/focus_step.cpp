#include "pipeline/focus_step.hpp"

#include <geos_c.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <filesystem>
#include <map>

#include "focus/reference.hpp"
#include "focus/text.hpp"
#include "pipeline/focus_evidence.hpp"
#include "time/series_fit.hpp"
#include "focus/report.hpp"
#include "geom/geos.hpp"
#include "output/atomic_file.hpp"
#include "output/vector_writer.hpp"
#include "pipeline/layer_files.hpp"
#include "stats/smoothing.hpp"

namespace fs = std::filesystem;

namespace brandpunt::pipeline {

namespace {

int level_of(const std::string& name) {
  for (int l = 0; l < kLevelCount; ++l)
    if (name == level_name(l)) return l;
  return -1;
}

size_t cat_index(const LevelView& v, const std::string& key) {
  const auto& keys = *v.cat_keys;
  return static_cast<size_t>(std::find(keys.begin(), keys.end(), key) - keys.begin());
}

// What every category of a level shares: the straat lengths, the stadsdeel names, the months
// with data.
struct LevelContext {
  std::vector<double> length_m;  // straten: street length (NaN = no geometry); else empty
  const std::map<std::string, std::string>* stadsdeel_names = nullptr;
  int first_data_month = INT32_MAX, last_data_month = INT32_MIN;
};

std::vector<focus::Candidate> candidates(const PipelineConfig& cfg, const LevelView& v,
                                         const LevelView& gemeente, int level,
                                         const std::string& category, const Periods& periods,
                                         const LevelContext& ctx, nlohmann::json* exposure_report) {
  std::vector<focus::Candidate> out;
  const size_t c = cat_index(v, category);
  if (c >= v.cat_keys->size()) return out;  // e.g. a sub category at the straat level
  const LevelFigures& f = *v.figures;
  const bool en = cfg.focus.language == "en";
  // Empirical Bayes rates of this category where every area has a population.
  std::vector<double> counts(f.n_areas), pop(f.n_areas);
  bool all_pop = f.n_areas > 0;
  for (size_t a = 0; a < f.n_areas; ++a) {
    counts[a] = static_cast<double>(f.period[f.pi(a, c, kCurrent)]);
    pop[a] = v.info->population[a];
    all_pop = all_pop && std::isfinite(pop[a]) && pop[a] > 0;
  }
  const std::vector<double> eb = all_pop ? stats::eb_global(counts, pop) : std::vector<double>(f.n_areas, NAN);
  const size_t gc = cat_index(gemeente, category);
  const double city_pop = gemeente.info->population[0];
  const double city_rate = std::isfinite(city_pop) && city_pop > 0
                               ? static_cast<double>(gemeente.figures->period[gemeente.figures->pi(0, gc, kCurrent)]) / city_pop * 1000
                               : NAN;
  // The excess over expectation, the neighbours' ratio and Local Moran of the period counts.
  EvidenceInput in;
  in.figures = &f;
  in.cube = v.cube;
  in.weights = v.weights;
  in.population = &v.info->population;
  if (level != kStraat) in.area_m2 = &v.info->area_m2;
  if (level == kStraat) in.length_m = &ctx.length_m;
  const CategoryEvidence ev = category_evidence(cfg, in, c, periods);
  if (exposure_report) {
    nlohmann::json by = nlohmann::json::object();
    for (focus::Exposure e : {focus::Exposure::population, focus::Exposure::area, focus::Exposure::length,
                              focus::Exposure::baseline})
      if (ev.excess.areas_by_exposure[static_cast<size_t>(e)] > 0)
        by[focus::to_string(e)] = ev.excess.areas_by_exposure[static_cast<size_t>(e)];
    *exposure_report = by;
  }
  const bool ly_has_data = time::period_coverage(periods.first[kLastYear], periods.months, ctx.first_data_month,
                                                 ctx.last_data_month) == time::Coverage::full;
  const size_t G = v.hotspots->n_groups;
  const Comparison& rolling = v.trends->comparisons[4];  // rolling12_prev
  for (size_t a = 0; a < f.n_areas; ++a) {
    focus::Candidate k;
    k.level = level_name(level);
    k.code = v.info->code[a];
    k.name = v.info->name[a];
    k.stadsdeel = v.info->stadsdeel[a];
    if (ctx.stadsdeel_names) {
      const auto it = ctx.stadsdeel_names->find(k.stadsdeel);
      if (it != ctx.stadsdeel_names->end()) k.stadsdeel_name = it->second;
    }
    k.parent_code = v.info->parent[a];
    k.category = category;
    k.category_label = en && v.cat_labels_en ? (*v.cat_labels_en)[c] : (*v.cat_labels)[c];
    k.count = f.period[f.pi(a, c, kCurrent)];
    k.count_ly = f.period[f.pi(a, c, kLastYear)];
    k.ly_has_data = ly_has_data;
    if (std::isfinite(pop[a]) && pop[a] > 0) k.rate = static_cast<double>(k.count) / pop[a] * 1000;
    k.eb_rate = eb[a] * 1000;
    k.city_rate = city_rate;
    const focus::Excess& x = ev.excess.per_area[a];
    if (x.exposure != focus::Exposure::none) k.exposure = focus::to_string(x.exposure);
    k.expected = x.expected;
    k.sir = x.sir;
    k.sir_lower = x.lower;
    k.excess_p = x.p;
    k.excess_q = x.q;
    k.excess_significant = x.significant;
    k.neighbour_ratio = ev.neighbour_ratio[a];
    k.contrast_q = ev.contrast[a].q;
    k.contrast_outlier = ev.contrast[a].hot_outlier;
    k.lisa_quadrant = ev.lisa_quadrant[a];
    k.lisa_significant = !ev.lisa_quadrant[a].empty();
    k.lisa_p = ev.lisa_p[a];
    k.gi_class = v.hotspots->gi_class[a * G + c];
    k.gi_z = v.hotspots->z[a * G + c];
    const auto& mk = v.trends->mk[a * G + c];
    k.trend = trend_label(mk, cfg.time.trend_alpha);
    k.trend_p = mk.p;
    k.sen_slope = mk.too_short ? NAN : mk.sen_slope;
    k.trend_length = mk.n;
    k.min_trend_length = cfg.time.min_trend_length;
    k.step = time::to_string(v.trends->step);
    const EmergingCell& em = v.trends->emerging[a * G + c];
    k.emerging = time::to_string(em.category);
    k.emerging_since = v.trends->since(a * G + c);
    k.n_hot = em.n_hot;
    k.n_steps = v.trends->n_steps;
    if (!v.trends->outliers.empty()) {
      const OutlierCell& ol = v.trends->outliers[a * G + c];
      k.outlier_pattern = time::to_string(ol.pattern);
      k.n_high_low = ol.n_high_low;
    }
    const time::Change& ch = v.trends->comparisons[1].per[a * G + c];
    if (ly_has_data) {
      k.change_ly_pct = ch.pct_change;
      k.change_ly_p = ch.p;
      k.change_ly_significant = ch.significant;
    }
    if (rolling.available) {
      const time::Change& r = rolling.per[a * G + c];
      k.rolling_current = static_cast<int64_t>(r.current);
      k.rolling_previous = static_cast<int64_t>(r.previous);
      k.rolling_pct = r.pct_change;
      k.rolling_p = r.p;
      k.rolling_significant = r.significant;
    }
    k.period_label = periods.label(kCurrent);
    out.push_back(std::move(k));
  }
  return out;
}

// Sum of the indicator's categories over `len` months ending with `last` (inclusive).
double window_count(const LevelView& v, size_t area, const std::vector<size_t>& cats, int last, int len) {
  double s = 0;
  for (size_t c : cats) s += static_cast<double>(v.cube->sum(area, c, last - len + 1, len));
  return s;
}

std::vector<focus::IndicatorResult> evaluate_all(const PipelineConfig& cfg,
                                                 const std::array<LevelView, kLevelCount>& views,
                                                 int last_month) {
  std::vector<focus::IndicatorResult> out;
  for (const auto& ind : cfg.indicators) {
    const int l = level_of(ind.level);
    const LevelView& v = views[static_cast<size_t>(l)];
    std::vector<size_t> cats;
    for (const auto& key : ind.categories) cats.push_back(cat_index(v, key));
    const size_t totaal = cat_index(v, "totaal");
    const int len = focus::window_months(ind.period);
    for (size_t a = 0; a < v.figures->n_areas; ++a) {
      focus::IndicatorInput in;
      in.code = v.info->code[a];
      in.name = v.info->name[a];
      in.level = ind.level;
      // A window reaching before the counted months has no data, never a partial zero.
      const bool now_ok = v.cube->months.contains(last_month - len + 1);
      const bool prev_ok = v.cube->months.contains(last_month - 2 * len + 1);
      in.count_now = now_ok ? window_count(v, a, cats, last_month, len) : NAN;
      in.count_prev = prev_ok ? window_count(v, a, cats, last_month - len, len) : NAN;
      in.totaal_now = now_ok ? window_count(v, a, {totaal}, last_month, len) : NAN;
      in.totaal_prev = prev_ok ? window_count(v, a, {totaal}, last_month - len, len) : NAN;
      in.population = v.info->population[a];
      out.push_back(focus::evaluate(ind, in));
    }
  }
  return out;
}

}  // namespace

FocusResult run_focus(const PipelineConfig& cfg, const std::array<LevelView, kLevelCount>& views,
                      const Periods& periods) {
  FocusResult out;
  out.exposure = nlohmann::json::object();
  std::array<LevelContext, 3> ctx;
  std::map<std::string, std::string> sd_names;
  if (const LevelInfo* sd = views[kStadsdeel].info)
    for (size_t i = 0; i < sd->code.size(); ++i) sd_names[sd->code[i]] = sd->name[i];
  for (int l = kStraat; l <= kWijk; ++l) {
    LevelContext& c = ctx[static_cast<size_t>(l)];
    c.stadsdeel_names = &sd_names;
    c.first_data_month = periods.first_data_month;
    c.last_data_month = periods.last_data_month;
    if (l == kStraat && views[kStraat].lines) {
      for (const auto& lines : *views[kStraat].lines) {
        double len = 0;
        for (const auto& line : lines)
          for (size_t k = 1; k < line.size(); ++k) len += std::hypot(line[k].x - line[k - 1].x, line[k].y - line[k - 1].y);
        c.length_m.push_back(len > 0 ? len : NAN);
      }
      c.length_m.resize(views[kStraat].info->code.size(), NAN);
    }
  }
  // One category at a time: a national run has millions of candidates per category.
  for (const auto& category : cfg.analysis.focus ? cfg.focus.categories : std::vector<std::string>{}) {
    std::array<std::vector<focus::Candidate>, 3> per_level;
    for (int l = kStraat; l <= kWijk; ++l) {
      const size_t L = static_cast<size_t>(l);
      if (views[L].info->code.empty()) continue;  // e.g. no straat level without street data
      nlohmann::json report;
      per_level[L] = candidates(cfg, views[L], views[kGemeente], l, category, periods, ctx[L],
                                category == "totaal" || !out.exposure.contains(level_name(l)) ? &report : nullptr);
      if (!report.is_null()) out.exposure[level_name(l)] = report;
    }
    for (const auto& level : cfg.focus.levels) {
      const int l = level_of(level);
      if (l < kStraat || l > kWijk || per_level[static_cast<size_t>(l)].empty()) continue;
      std::vector<focus::FocusList> lists =
          cfg.focus.per_stadsdeel ? focus::rank_scopes(per_level[static_cast<size_t>(l)], cfg.focus)
                                  : std::vector<focus::FocusList>{focus::rank(per_level[static_cast<size_t>(l)], cfg.focus, "gemeente")};
      out.lists.insert(out.lists.end(), lists.begin(), lists.end());
    }
    const auto sig = focus::cross_level_signals(per_level[0], per_level[1], per_level[2], cfg.focus);
    out.signals.insert(out.signals.end(), sig.begin(), sig.end());
  }
  const int last = periods.first[kCurrent] + periods.months - 1;
  out.month_label = aggregate::month_label(last);
  out.month = evaluate_all(cfg, views, last);
  // The quarterly report ends with the last complete calendar quarter.
  const int q_last = last - ((last % 12) + 1) % 3;
  out.quarter_label = aggregate::month_label(q_last - 2) + ".." + aggregate::month_label(q_last);
  out.quarter = evaluate_all(cfg, views, q_last);
  return out;
}

namespace {

void write_text(const std::string& dir, const std::string& name, const std::string& content,
                std::vector<std::string>& files) {
  output::write_text_atomic((fs::path(dir) / name).string(), content);
  files.push_back(name);
}

void write_focus_lists(const PipelineConfig& cfg, const FocusResult& f,
                       const std::array<LevelView, kLevelCount>& views, const std::string& dir,
                       std::vector<std::string>& files) {
  const std::string& lang = cfg.focus.language;
  auto text = [&](const std::string& name, const std::string& content) { write_text(dir, name, content, files); };
  text("focus.csv", focus::focus_csv(f.lists));
  text("focus.md", focus::focus_markdown(f.lists, f.signals, lang));
  text("focus.json", focus::focus_json(f.lists, f.signals).dump(2) + "\n");

  // focus.geojson: every listed row with its area; straten as 10 m wide street polygons so that
  // one polygon layer holds all levels.
  output::Table t;
  for (const char* s : {"scope", "level", "category", "code", "name", "stadsdeel_code", "gi_class", "emerging", "reasons"})
    t.add_string(s, std::string(s) == "reasons" ? "plain-language reasons, joined by '; '" : std::string("the row's ") + s);
  t.add_integer("rank", "place in the list (1 = first)");
  t.add_real("score", "policy score (weighted sum of components in [0,1])");
  t.add_integer("n", "incidents in the analysis period (null = suppressed)");
  output::LayerGeometry g;
  g.kind = output::LayerGeometry::polygon;
  geom::GeosContext geos;
  for (const auto& list : f.lists)
    for (const auto& r : list.listed) {
      const std::vector<std::string> vals = {list.scope, r.c.level, r.c.category, r.c.code, r.c.name,
                                             r.c.stadsdeel, r.c.gi_class, r.c.emerging};
      for (size_t i = 0; i < vals.size(); ++i) t.columns[i].strings.push_back(vals[i]);
      std::string reasons;
      for (const auto& s : r.reasons) reasons += (reasons.empty() ? "" : "; ") + s;
      t.columns[8].strings.push_back(reasons);
      t.columns[9].ints.push_back(r.rank);
      t.columns[10].reals.push_back(std::round(r.score * 1e4) / 1e4);
      t.columns[11].ints.push_back(r.c.count_suppressed ? 0 : r.c.count);
      t.columns[11].null.push_back(r.c.count_suppressed ? 1 : 0);
      const int l = level_of(r.c.level);
      const LevelView& v = views[static_cast<size_t>(l)];
      const auto& codes = v.info->code;
      const size_t a = static_cast<size_t>(std::lower_bound(codes.begin(), codes.end(), r.c.code) - codes.begin());
      if (l == kStraat) {
        MultiPolygon mp;
        for (const auto& line : (*v.lines)[a]) {
          if (line.size() < 2) continue;
          geom::GeosGeom ls = geos.from(line);
          geom::GeosGeom buf = geos.wrap(GEOSBuffer_r(geos.handle(), ls.get(), 5.0, 4));
          for (auto& p : geos.to_multipolygon(buf.get())) mp.push_back(std::move(p));
        }
        g.polygons.push_back(std::move(mp));
      } else {
        g.polygons.push_back((*v.polygons)[a]);
      }
    }
  write_layer_formats(cfg, dir, "focus", t, g, files);
}

void write_indicator_outputs(const PipelineConfig& cfg, const FocusResult& f, const std::string& dir,
                             std::vector<std::string>& files) {
  const std::string& lang = cfg.focus.language;
  auto text = [&](const std::string& name, const std::string& content) { write_text(dir, name, content, files); };
  if (!cfg.indicators.empty()) {
    const bool nl = lang == "nl";
    text("indicators_month.md", focus::indicators_markdown(f.month, (nl ? "Indicatoren per maand, " : "Indicators by month, ") + f.month_label, lang));
    text("indicators_month.csv", focus::indicators_csv(f.month));
    text("indicators_quarter.md", focus::indicators_markdown(f.quarter, (nl ? "Indicatoren per kwartaal, " : "Indicators by quarter, ") + f.quarter_label, lang));
    text("indicators_quarter.csv", focus::indicators_csv(f.quarter));
    if (!cfg.reference_path.empty()) {
      std::vector<focus::IndicatorResult> own;
      for (const auto& r : f.month)
        if (r.level == "gemeente") own.push_back(r);
      text("reference.md", focus::reference_markdown(own, focus::read_reference_csv(cfg.reference_path), lang));
    }
  }
}

}  // namespace

void write_focus_outputs(const PipelineConfig& cfg, const FocusResult& f,
                         const std::array<LevelView, kLevelCount>& views, const std::string& dir,
                         std::vector<std::string>& files) {
  if (cfg.analysis.focus) write_focus_lists(cfg, f, views, dir, files);
  write_indicator_outputs(cfg, f, dir, files);
}

}  // namespace brandpunt::pipeline
