#include "focus/report.hpp"

#include <cmath>
#include <utility>

#include "focus/text.hpp"

namespace brandpunt::focus {

namespace {

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

std::string count_cell(const Row& r, bool nl) {
  if (r.c.count_suppressed) return nl ? "onderdrukt" : "suppressed";
  return format_count(r.c.count, nl ? "nl" : "en");
}

std::string status_text(const std::string& status, bool nl) {
  if (status == "met") return nl ? "gehaald" : "met";
  if (status == "not_met") return nl ? "niet gehaald" : "not met";
  return nl ? "geen gegevens" : "no data";
}

std::string measure_text(Measure m, bool nl) {
  switch (m) {
    case Measure::count:
      return nl ? "aantal" : "count";
    case Measure::per_1000:
      return nl ? "per 1.000 inwoners" : "per 1,000 inhabitants";
    case Measure::share:
      return nl ? "aandeel van alle incidenten (%)" : "share of all incidents (%)";
  }
  return "";
}

std::string period_text(const std::string& period, bool nl) {
  if (period == "month") return nl ? "maand" : "month";
  if (period == "quarter") return nl ? "kwartaal" : "quarter";
  if (period == "year") return nl ? "jaar (12 maanden)" : "year (12 months)";
  return period;
}

// A target as written (shortest form) with the language's decimal mark.
std::string target_text(double v, const std::string& lang) {
  std::string s = format_plain(v);
  if (lang == "nl")
    for (char& ch : s)
      if (ch == '.') ch = ',';
  return s;
}

std::string signed_number(double v, int decimals, const std::string& lang) {
  std::string s = format_number(v, decimals, lang);
  if (!s.empty() && s[0] != '-' && s.find_first_not_of("0.,") != std::string::npos) s = "+" + s;
  return s;
}

}  // namespace

int report_decimals(Measure m) {
  switch (m) {
    case Measure::count:
      return 0;
    case Measure::per_1000:
      return 2;
    case Measure::share:
      return 1;
  }
  return 2;
}

namespace {

// "1 van 6 gebieden komt in aanmerking; de lijst telt 1 gebied (maximaal 10)."
std::string summary_line(const FocusList& l, const std::string& lang) {
  const bool nl = lang == "nl";
  const std::string of = format_count(l.candidates, lang);
  const bool one_candidate = l.candidates == 1;
  std::string s;
  if (l.eligible == 0) {
    s = nl ? std::string(one_candidate ? "Het enige gebied komt niet in aanmerking."
                                       : "Geen van de " + of + " gebieden komt in aanmerking.")
           : std::string(one_candidate ? "The only area does not qualify."
                                       : "None of the " + of + " areas qualifies.");
  } else {
    const bool one = l.eligible == 1;
    s = format_count(l.eligible, lang) + (nl ? " van " : " of ") + of +
        (nl ? (one_candidate ? " gebied " : " gebieden ") : (one_candidate ? " area " : " areas ")) +
        (nl ? (one ? "komt in aanmerking" : "komen in aanmerking") : (one ? "qualifies" : "qualify"));
    const auto shown = static_cast<int64_t>(l.listed.size());
    if (l.eligible > shown)
      s += nl ? "; de lijst toont de " + format_count(shown, lang) + " hoogste."
              : "; the list shows the top " + format_count(shown, lang) + ".";
    else
      s += nl ? "; de lijst telt " + format_count(shown, lang) + (shown == 1 ? " gebied" : " gebieden") +
                    " (maximaal " + format_count(l.rows, lang) + ")."
              : "; the list holds " + format_count(shown, lang) + (shown == 1 ? " area" : " areas") +
                    " (at most " + format_count(l.rows, lang) + ").";
  }
  if (l.volume_only > 0) {
    const bool one = l.volume_only == 1;
    s += " " + format_count(l.volume_only, lang) +
         (nl ? (one ? " gebied heeft genoeg incidenten maar geen signaal naast het aantal."
                    : " gebieden hebben genoeg incidenten maar geen signaal naast het aantal.")
             : (one ? " area has enough incidents but no signal beyond the count."
                    : " areas have enough incidents but no signal beyond the count."));
  }
  if (l.trends_too_short && l.trend_length > 0)
    s += nl ? " De reeks telt " + std::to_string(l.trend_length) + " " +
                  step_text(l.step, l.trend_length != 1, lang) + ", minder dan de " +
                  std::to_string(l.min_trend_length) + " die een trend vraagt: geen trends."
            : " The series has " + std::to_string(l.trend_length) + " " +
                  step_text(l.step, l.trend_length != 1, lang) + ", fewer than the " +
                  std::to_string(l.min_trend_length) + " a trend needs: no trends.";
  return s;
}

const char* section_of(const Row& r) { return r.listed ? "listed" : r.fading ? "fading" : "near_miss"; }

nlohmann::json number(double v) {
  return std::isfinite(v) ? nlohmann::json(std::round(v * 1e6) / 1e6) : nlohmann::json(nullptr);
}

nlohmann::json row_json(const Row& r) {
  const Candidate& c = r.c;
  const bool hide = c.count_suppressed;  // anything derived from a hidden count stays hidden
  auto count_or_null = [&](int64_t n) { return hide || n < 0 ? nlohmann::json(nullptr) : nlohmann::json(n); };
  return {{"rank", r.rank},
          {"listed", r.listed},
          {"section", section_of(r)},
          {"level", c.level},
          {"code", c.code},
          {"name", c.name},
          {"stadsdeel", c.stadsdeel},
          {"stadsdeel_name", c.stadsdeel_name},
          {"category", c.category},
          {"score", std::round(r.score * 1e4) / 1e4},
          {"count", count_or_null(c.count)},
          {"components", {{"hotspot", r.parts.hotspot}, {"excess", r.parts.excess}, {"outlier", r.parts.outlier},
                          {"rate", r.parts.rate}, {"volume", r.parts.volume}, {"trend", r.parts.trend},
                          {"emerging", r.parts.emerging}, {"change", r.parts.change}}},
          {"gi_class", c.gi_class},
          {"exposure", hide ? "" : c.exposure},
          {"expected", hide ? nlohmann::json(nullptr) : number(c.expected)},
          {"sir", hide ? nlohmann::json(nullptr) : number(c.sir)},
          {"sir_lower", hide ? nlohmann::json(nullptr) : number(c.sir_lower)},
          {"excess_q", hide ? nlohmann::json(nullptr) : number(c.excess_q)},
          {"excess_significant", !hide && c.excess_significant},
          {"neighbour_ratio", number(c.neighbour_ratio)},
          {"contrast_q", hide ? nlohmann::json(nullptr) : number(c.contrast_q)},
          {"contrast_outlier", !hide && c.contrast_outlier},
          {"lisa_quadrant", c.lisa_quadrant},
          {"lisa_significant", c.lisa_significant},
          {"outlier_pattern", c.outlier_pattern},
          {"n_high_low", c.n_high_low},
          {"emerging", c.emerging},
          {"emerging_since", c.emerging_since},
          {"n_hot", c.n_hot},
          {"n_steps", c.n_steps},
          {"step", c.step},
          {"trend", c.trend},
          {"trend_p", number(c.trend_p)},
          {"sen_slope", number(c.sen_slope)},
          {"count_ly", count_or_null(c.count_ly)},
          {"ly_has_data", c.ly_has_data},
          {"change_ly_pct", hide ? nlohmann::json(nullptr) : number(c.change_ly_pct)},
          {"change_ly_significant", c.change_ly_significant},
          {"rolling_current", count_or_null(c.rolling_current)},
          {"rolling_previous", count_or_null(c.rolling_previous)},
          {"rolling_pct", hide ? nlohmann::json(nullptr) : number(c.rolling_pct)},
          {"rolling_significant", c.rolling_significant},
          {"reasons", r.reasons},
          {"held_back", r.held_back}};
}

void rows_table(std::string& md, const std::vector<Row>& rows, bool ranked, bool why_not,
                const std::string& lang) {
  const bool nl = lang == "nl";
  if (ranked) {
    md += nl ? "| # | Code | Naam | Score | Aantal | Redenen |\n" : "| # | Code | Name | Score | Count | Reasons |\n";
    md += "|---:|---|---|---:|---:|---|\n";
  } else if (why_not) {
    md += nl ? "| Code | Naam | Score | Aantal | Waarom niet | Redenen |\n"
             : "| Code | Name | Score | Count | Why not | Reasons |\n";
    md += "|---|---|---:|---:|---|---|\n";
  } else {
    md += nl ? "| Code | Naam | Aantal | Redenen |\n" : "| Code | Name | Count | Reasons |\n";
    md += "|---|---|---:|---|\n";
  }
  for (const Row& r : rows) {
    md += "| ";
    if (ranked) md += std::to_string(r.rank) + " | ";
    md += md_cell(r.c.code) + " | " + md_cell(r.c.name) + " | ";
    if (ranked || why_not) md += format_number(r.score, 2, lang) + " | ";
    md += count_cell(r, nl) + " | ";
    if (why_not) md += md_cell(join(r.held_back, "; ")) + " | ";
    md += md_cell(join(r.reasons, "; ")) + " |\n";
  }
}

}  // namespace

std::string focus_markdown(const std::vector<FocusList>& lists, const std::vector<Signal>& signals,
                           const std::string& lang) {
  const bool nl = lang == "nl";
  std::string md = nl ? "# Focuslijsten\n" : "# Focus lists\n";
  for (const FocusList& l : lists) {
    md += "\n## " + level_heading(l.level, lang) + " · " +
          md_cell(l.category_label.empty() ? l.category : l.category_label) + " · " +
          md_cell(scope_text(l.scope, l.scope_name, lang)) + "\n\n";
    if (!l.period_label.empty()) md += (nl ? "Periode: " : "Period: ") + l.period_label + ". ";
    md += summary_line(l, lang) + "\n\n";
    if (l.listed.empty()) {
      md += nl ? "_Geen gebieden op de lijst._\n" : "_No areas on the list._\n";
    } else {
      rows_table(md, l.listed, true, false, lang);
    }
    if (!l.near_misses.empty()) {
      md += nl ? "\n### Net niet op de lijst\n\n" : "\n### Just below the cut-off\n\n";
      rows_table(md, l.near_misses, false, true, lang);
    }
    if (!l.fading.empty()) {
      md += nl ? "\n### Afgenomen\n\n" : "\n### Fading\n\n";
      md += nl ? "Gebieden waar een patroon afnam of ophield; ze staan niet op de lijst hierboven.\n\n"
               : "Areas where a pattern weakened or ended; they are not on the list above.\n\n";
      rows_table(md, l.fading, false, false, lang);
    }
  }
  md += nl ? "\n## Signalen tussen niveaus\n\n" : "\n## Cross-level signals\n\n";
  if (signals.empty()) md += nl ? "_Geen signalen._\n" : "_No signals._\n";
  for (const Signal& s : signals) md += "- " + md_cell(s.text) + "\n";
  return md;
}

std::string focus_csv(const std::vector<FocusList>& lists) {
  std::string csv =
      "scope,level,category,listed,rank,code,name,stadsdeel,parent_code,score,count,c_hotspot,"
      "c_rate,c_volume,c_trend,c_emerging,c_change,reasons,held_back,section,scope_name,expected,"
      "sir,c_excess,c_outlier\n";
  for (const FocusList& l : lists) {
    for (const auto* rows : {&l.listed, &l.near_misses, &l.fading}) {
      for (const Row& r : *rows) {
        const Components& k = r.parts;
        const bool hide = r.c.count_suppressed;
        const std::vector<std::string> f = {l.scope,
                                            l.level,
                                            l.category,
                                            r.listed ? "1" : "0",
                                            std::to_string(r.rank),
                                            r.c.code,
                                            r.c.name,
                                            r.c.stadsdeel,
                                            r.c.parent_code,
                                            format_plain(r.score),
                                            hide ? "" : std::to_string(r.c.count),
                                            format_plain(k.hotspot),
                                            format_plain(k.rate),
                                            format_plain(k.volume),
                                            format_plain(k.trend),
                                            format_plain(k.emerging),
                                            format_plain(k.change),
                                            join(r.reasons, "; "),
                                            join(r.held_back, "; "),
                                            section_of(r),
                                            l.scope_name,
                                            hide ? "" : format_plain(r.c.expected),
                                            hide ? "" : format_plain(r.c.sir),
                                            format_plain(k.excess),
                                            format_plain(k.outlier)};
        for (size_t i = 0; i < f.size(); ++i) csv += (i ? "," : "") + csv_field(f[i]);
        csv += "\n";
      }
    }
  }
  return csv;
}

nlohmann::json focus_json(const std::vector<FocusList>& lists, const std::vector<Signal>& signals) {
  nlohmann::json j = nlohmann::json::array();
  for (const FocusList& l : lists) {
    nlohmann::json o = {{"scope", l.scope},
                        {"scope_name", l.scope_name},
                        {"level", l.level},
                        {"category", l.category},
                        {"category_label", l.category_label},
                        {"period", l.period_label},
                        {"rows", l.rows},
                        {"candidates", l.candidates},
                        {"eligible", l.eligible},
                        {"volume_only", l.volume_only},
                        {"fading_areas", l.fading_areas},
                        {"trends_too_short", l.trends_too_short},
                        {"listed", nlohmann::json::array()},
                        {"near_misses", nlohmann::json::array()},
                        {"fading", nlohmann::json::array()}};
    for (const Row& r : l.listed) o["listed"].push_back(row_json(r));
    for (const Row& r : l.near_misses) o["near_misses"].push_back(row_json(r));
    for (const Row& r : l.fading) o["fading"].push_back(row_json(r));
    j.push_back(std::move(o));
  }
  nlohmann::json sig = nlohmann::json::array();
  for (const Signal& s : signals)
    sig.push_back({{"kind", s.kind}, {"code", s.code}, {"name", s.name}, {"parent_code", s.parent_code},
                   {"category", s.category}, {"text", s.text}});
  return {{"lists", j}, {"signals", sig}};
}

std::string indicators_markdown(const std::vector<IndicatorResult>& results,
                                const std::string& title, const std::string& lang) {
  const bool nl = lang == "nl";
  std::string md = "# " + md_cell(title) + "\n";
  // Group by (indicator, level) in order of first appearance: the caller's order is stable.
  std::vector<std::pair<std::string, std::string>> groups;
  for (const IndicatorResult& r : results) {
    std::pair<std::string, std::string> key{r.indicator, r.level};
    bool seen = false;
    for (const auto& g : groups) seen = seen || g == key;
    if (!seen) groups.push_back(std::move(key));
  }
  if (groups.empty()) md += nl ? "\n_Geen indicatoren._\n" : "\n_No indicators._\n";
  for (const auto& [name, level] : groups) {
    const IndicatorResult* first = nullptr;
    int64_t met = 0, not_met = 0, no_data = 0, n = 0;
    for (const IndicatorResult& r : results) {
      if (r.indicator != name || r.level != level) continue;
      if (!first) first = &r;
      ++n;
      (r.status == "met" ? met : r.status == "not_met" ? not_met : no_data) += 1;
    }
    const int dec = report_decimals(first->measure);
    md += "\n## " + md_cell(name) + " (" + level + ")\n\n";
    md += (nl ? "Maat: " : "Measure: ") + measure_text(first->measure, nl) +
          (nl ? " · periode: " : " · period: ") + period_text(first->period, nl) +
          (nl ? " · doel: " : " · target: ") + symbol(first->direction) + " " +
          target_text(first->target, lang) + "\n\n";
    md += format_count(met, lang) + (nl ? " van " : " of ") + format_count(n, lang) +
          (nl ? " gebieden halen het doel, " : " areas meet the target, ") +
          format_count(not_met, lang) + (nl ? " niet, " : " do not, ") +
          format_count(no_data, lang) + (nl ? " zonder gegevens.\n\n" : " without data.\n\n");
    md += nl ? "| Gebied | Code | Waarde | Vorige periode | Verandering | Doel | Status |\n"
             : "| Area | Code | Value | Previous period | Change | Target | Status |\n";
    md += "|---|---|---:|---:|---:|---|---|\n";
    for (const IndicatorResult& r : results) {
      if (r.indicator != name || r.level != level) continue;
      const std::string none = nl ? "geen gegevens" : "no data";
      const std::string value = format_number(r.value, dec, lang);
      const std::string prev = format_number(r.previous, dec, lang);
      const std::string change = signed_number(r.change, dec, lang);
      md += "| " + md_cell(r.name) + " | " + md_cell(r.code) + " | " +
            (value.empty() ? none : value) + " | " + (prev.empty() ? none : prev) + " | " +
            (change.empty() ? "–" : change) + " | " + symbol(r.direction) + " " +
            target_text(r.target, lang) + " | " + status_text(r.status, nl) + " |\n";
    }
  }
  return md;
}

std::string indicators_csv(const std::vector<IndicatorResult>& results) {
  std::string csv =
      "indicator,level,code,name,measure,period,value,previous,change,direction,target,status\n";
  for (const IndicatorResult& r : results) {
    const std::vector<std::string> f = {r.indicator,
                                        r.level,
                                        r.code,
                                        r.name,
                                        to_string(r.measure),
                                        r.period,
                                        format_plain(r.value),
                                        format_plain(r.previous),
                                        format_plain(r.change),
                                        to_string(r.direction),
                                        format_plain(r.target),
                                        r.status};
    for (size_t i = 0; i < f.size(); ++i) csv += (i ? "," : "") + csv_field(f[i]);
    csv += "\n";
  }
  return csv;
}

}  // namespace brandpunt::focus
