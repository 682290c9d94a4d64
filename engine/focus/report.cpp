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

std::string scope_text(const std::string& scope, bool nl) {
  if (scope == "gemeente") return nl ? "hele gemeente" : "citywide";
  return "stadsdeel " + scope;
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

std::string focus_markdown(const std::vector<FocusList>& lists, const std::vector<Signal>& signals,
                           const std::string& lang) {
  const bool nl = lang == "nl";
  std::string md = nl ? "# Focuslijsten\n" : "# Focus lists\n";
  for (const FocusList& l : lists) {
    md += "\n## " + l.level + " · " +
          md_cell(l.category_label.empty() ? l.category : l.category_label) + " · " +
          scope_text(l.scope, nl) + "\n\n";
    if (!l.period_label.empty()) md += (nl ? "Periode: " : "Period: ") + l.period_label + ". ";
    md += format_count(l.eligible, lang) + (nl ? " van " : " of ") +
          format_count(l.candidates, lang) +
          (nl ? " gebieden komen in aanmerking.\n\n" : " areas are eligible.\n\n");
    if (l.listed.empty()) {
      md += nl ? "_Geen gebieden op de lijst._\n" : "_No areas on the list._\n";
    } else {
      md += nl ? "| # | Code | Naam | Score | Aantal | Redenen |\n"
               : "| # | Code | Name | Score | Count | Reasons |\n";
      md += "|---:|---|---|---:|---:|---|\n";
      for (const Row& r : l.listed)
        md += "| " + std::to_string(r.rank) + " | " + md_cell(r.c.code) + " | " +
              md_cell(r.c.name) + " | " + format_number(r.score, 2, lang) + " | " +
              count_cell(r, nl) + " | " + md_cell(join(r.reasons, "; ")) + " |\n";
    }
    if (!l.near_misses.empty()) {
      md += nl ? "\n### Net niet op de lijst\n\n" : "\n### Just below the cut-off\n\n";
      md += nl ? "| Code | Naam | Score | Aantal | Waarom niet | Redenen |\n"
               : "| Code | Name | Score | Count | Why not | Reasons |\n";
      md += "|---|---|---:|---:|---|---|\n";
      for (const Row& r : l.near_misses)
        md += "| " + md_cell(r.c.code) + " | " + md_cell(r.c.name) + " | " +
              format_number(r.score, 2, lang) + " | " + count_cell(r, nl) + " | " +
              md_cell(join(r.held_back, "; ")) + " | " + md_cell(join(r.reasons, "; ")) + " |\n";
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
      "c_rate,c_volume,c_trend,c_emerging,c_change,reasons,held_back\n";
  for (const FocusList& l : lists) {
    for (const auto* rows : {&l.listed, &l.near_misses}) {
      for (const Row& r : *rows) {
        const Components& k = r.parts;
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
                                            r.c.count_suppressed ? "" : std::to_string(r.c.count),
                                            format_plain(k.hotspot),
                                            format_plain(k.rate),
                                            format_plain(k.volume),
                                            format_plain(k.trend),
                                            format_plain(k.emerging),
                                            format_plain(k.change),
                                            join(r.reasons, "; "),
                                            join(r.held_back, "; ")};
        for (size_t i = 0; i < f.size(); ++i) csv += (i ? "," : "") + csv_field(f[i]);
        csv += "\n";
      }
    }
  }
  return csv;
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
