// [[intervention]]: the treated, control and displacement areas' monthly counts (the published
// series, released in the public profile) before and after the start -> WDD, E-test, verdict.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "aggregate/cube.hpp"
#include "core/suggest.hpp"
#include "evaluate/intervention.hpp"
#include "pipeline/evaluation_config.hpp"
#include "pipeline/evaluation_parts.hpp"

namespace brandpunt::pipeline {

namespace {

double point_segment(const XY& p, const XY& a, const XY& b) {
  const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

template <class F>
void for_rings(const MultiPolygon& mp, F&& f) {
  for (const auto& poly : mp) {
    f(poly.outer);
    for (const auto& h : poly.holes) f(h);
  }
}

// Boundary-to-boundary distance in metres, vertex to segment both ways (exact for boundaries
// that do not cross; areas of one tiling share their edges, which gives 0).
double boundary_distance(const MultiPolygon& a, const MultiPolygon& b, double stop_below) {
  double best = INFINITY;
  auto one_way = [&](const MultiPolygon& from, const MultiPolygon& to) {
    for_rings(from, [&](const Ring& r) {
      for (const XY& p : r)
        for_rings(to, [&](const Ring& s) {
          for (size_t k = 1; k < s.size() && best > stop_below; ++k) best = std::min(best, point_segment(p, s[k - 1], s[k]));
        });
    });
  };
  one_way(a, b);
  if (best > stop_below) one_way(b, a);
  return best;
}

}  // namespace

void evaluate_interventions(const EvaluationInput& in, EvaluationResult& r) {
  const PipelineConfig& cfg = *in.cfg;
  nlohmann::json out = nlohmann::json::array();
  for (const InterventionConfig& iv : cfg.interventions) {
    const int l = iv.level == "wijk" ? kWijk : kBuurt;
    if (l == kWijk && in.levels->wijk_implicit)
      throw intervention_error(cfg, iv, "level", "the config has no wijk level ([areas.wijk]); use level = \"buurt\"");
    const LevelInfo& info = (*in.info)[static_cast<size_t>(l)];
    const LevelFigures& f = in.figures->levels[static_cast<size_t>(l)];
    std::map<std::string, uint32_t> index;
    for (uint32_t a = 0; a < info.code.size(); ++a) index[info.code[a]] = a;
    auto resolve = [&](const std::vector<std::string>& codes, const char* key) {
      std::vector<uint32_t> v;
      for (const auto& c : codes) {
        const auto it = index.find(c);
        if (it == index.end())
          throw intervention_error(cfg, iv, key, unknown_name_message(iv.level + " code", c, info.code));
        v.push_back(it->second);
      }
      return v;
    };
    const std::vector<uint32_t> treated = resolve(iv.areas, "areas"), control = resolve(iv.control, "control"),
                                dcontrol = resolve(iv.displacement_control, "displacement_control");
    std::vector<uint32_t> displaced = resolve(iv.displacement, "displacement");
    if (iv.displacement_buffer_m >= 0) {
      // Every other area within the buffer of a treated one joins the displacement zone.
      const auto& geom = l == kWijk ? in.levels->wijk.geometry : in.levels->buurt.geometry;
      std::set<uint32_t> taken(treated.begin(), treated.end());
      taken.insert(control.begin(), control.end());
      taken.insert(dcontrol.begin(), dcontrol.end());
      taken.insert(displaced.begin(), displaced.end());
      std::vector<Envelope> env(geom.size());
      for (size_t a = 0; a < geom.size(); ++a) env[a] = envelope_of(geom[a]);
      const double b = iv.displacement_buffer_m;
      for (uint32_t a = 0; a < geom.size(); ++a) {
        if (taken.count(a)) continue;
        for (uint32_t t : treated) {
          const Envelope& e = env[t];
          if (env[a].min_x > e.max_x + b || env[a].max_x < e.min_x - b || env[a].min_y > e.max_y + b ||
              env[a].max_y < e.min_y - b)
            continue;
          if (boundary_distance(geom[t], geom[a], b) <= b) {
            displaced.push_back(a);
            break;
          }
        }
      }
      std::sort(displaced.begin(), displaced.end());
    }
    if ((iv.displacement_buffer_m >= 0 || !iv.displacement.empty()) && displaced.empty())
      r.warnings.push_back("intervention '" + iv.name + "': the displacement zone has no areas");

    // Months: after = start .. the last month of the series; before = the months just before.
    const int first = f.series_first, last = f.series_first + static_cast<int>(f.n_series) - 1;
    if (iv.start_month > last)
      throw intervention_error(cfg, iv, "start", "start " + aggregate::month_label(iv.start_month) +
                                                     " is after the last month of the series (" +
                                                     aggregate::month_label(last) + ")");
    if (iv.start_month <= first)
      throw intervention_error(cfg, iv, "start", "start " + aggregate::month_label(iv.start_month) +
                                                     " leaves no month before it in the series, which begins " +
                                                     aggregate::month_label(first) + " ([period] series_months)");
    const int months_after = last - iv.start_month + 1;
    int months_before = iv.before_months > 0 ? iv.before_months : months_after;
    if (iv.start_month - months_before < first) {
      r.warnings.push_back("intervention '" + iv.name + "': " + std::to_string(months_before) +
                           " months before the start were asked for, the series has " +
                           std::to_string(iv.start_month - first) + "; those are used");
      months_before = iv.start_month - first;
    }
    const auto& keys = (*in.keys)[static_cast<size_t>(l)].keys;
    const size_t g = static_cast<size_t>(std::find(keys.begin(), keys.end(), iv.category) - keys.begin());
    auto sum = [&](const std::vector<uint32_t>& areas) {
      evaluate::BeforeAfter ba;
      for (uint32_t a : areas)
        for (int m = 0; m < months_before + months_after; ++m) {
          const int month = iv.start_month - months_before + m;
          const double v = static_cast<double>(f.monthly[f.mi(a, g, static_cast<size_t>(month - first))]);
          (m < months_before ? ba.before : ba.after) += v;
        }
      return ba;
    };
    evaluate::InterventionInput x;
    x.treated = sum(treated);
    x.control = sum(control);
    x.displacement = sum(displaced);
    x.displacement_control = sum(dcontrol);
    x.has_control = !control.empty();
    x.has_displacement = !displaced.empty();
    x.months_before = months_before;
    x.months_after = months_after;
    const evaluate::InterventionResult res = evaluate::evaluate_intervention(x);
    const std::string verdict = evaluate::verdict(res, cfg.focus.language == "en" ? "en" : "nl");

    const std::string per = aggregate::month_label(iv.start_month - months_before) + ".." +
                            aggregate::month_label(iv.start_month - 1) + "->" +
                            aggregate::month_label(iv.start_month) + ".." + aggregate::month_label(last);
    auto put = [&](const std::string& subject, const std::string& m, double v) {
      r.rows.add("intervention", iv.level, iv.name, iv.category, subject, per, m, v);
    };
    nlohmann::json groups = nlohmann::json::object();
    auto group = [&](const char* name, const std::vector<uint32_t>& areas, const evaluate::BeforeAfter& ba, bool used) {
      if (!used) return;
      put(name, "areas", static_cast<double>(areas.size()));
      put(name, "before", ba.before);
      put(name, "after", ba.after);
      put(name, "rate_before", ba.before / months_before);
      put(name, "rate_after", ba.after / months_after);
      const double chg = ba.before > 0 ? 100.0 * ((ba.after / months_after) / (ba.before / months_before) - 1) : NAN;
      put(name, "change_pct", chg);
      nlohmann::json codes = nlohmann::json::array();
      for (uint32_t a : areas) codes.push_back(info.code[a]);
      groups[name] = {{"codes", codes}, {"before", ba.before}, {"after", ba.after}};
    };
    group("treated", treated, x.treated, true);
    group("control", control, x.control, x.has_control);
    group("displacement", displaced, x.displacement, x.has_displacement);
    group("displacement_control", dcontrol, x.displacement_control, x.has_displacement && !dcontrol.empty());
    const evaluate::Wdd& w = res.test;
    for (auto [m, v] : {std::pair<const char*, double>{"months_before", months_before}, {"months_after", months_after},
                        {"wdd", w.wdd}, {"wdd_se", w.se}, {"wdd_z", w.z}, {"wdd_p", w.p}, {"local", w.local},
                        {"local_se", w.local_se}, {"displacement_term", w.displacement},
                        {"displacement_se", w.displacement_se}, {"treated_change_pct", res.treated_change_pct},
                        {"relative_change_pct", res.relative_change_pct}, {"e_test_p", res.e_test_p},
                        {"significant", res.significant ? 1.0 : 0.0}})
      put("effect", m, v);
    std::set<std::string> sds;
    for (uint32_t a : treated)
      if (!info.stadsdeel[a].empty()) sds.insert(info.stadsdeel[a]);
    auto finite = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
    out.push_back({{"name", iv.name}, {"level", iv.level}, {"category", iv.category},
                   {"start", aggregate::month_label(iv.start_month)}, {"period", per},
                   {"months_before", months_before}, {"months_after", months_after}, {"groups", groups},
                   {"wdd", finite(w.wdd)}, {"wdd_se", finite(w.se)}, {"wdd_z", finite(w.z)}, {"wdd_p", finite(w.p)},
                   {"e_test_p", finite(res.e_test_p)}, {"treated_change_pct", finite(res.treated_change_pct)},
                   {"relative_change_pct", finite(res.relative_change_pct)}, {"significant", res.significant},
                   {"stadsdelen", sds}, {"verdict", verdict}});
  }
  r.report["interventions"] = out;
}

}  // namespace brandpunt::pipeline
