#include "focus/reasons.hpp"

#include <cmath>

#include "focus/text.hpp"

namespace brandpunt::focus {

namespace {

// A ratio is worth a sentence only when it reads as more than "1.0×".
constexpr double kRateMentionRatio = 1.05;
// "Rate high" leads a near miss's reason from 1.5× the city (rate component 0.25) upwards.
constexpr double kRateHighRatio = 1.5;

bool is_nl(const std::string& lang) { return lang == "nl"; }

std::string p_clause(double p, const std::string& lang) {
  const std::string t = format_p(p, lang);
  return t.empty() ? "" : (t[0] == '<' ? "p " : "p = ") + t;
}

std::string adjusted_p_clause(double q, const std::string& lang) {
  const std::string t = format_p(q, lang);
  if (t.empty()) return "";
  return (is_nl(lang) ? "gecorrigeerde p " : "adjusted p ") + std::string(t[0] == '<' ? "" : "= ") + t;
}

std::string exposure_text(const std::string& exposure, const std::string& lang) {
  const bool nl = is_nl(lang);
  if (exposure == "population") return nl ? "inwoners" : "population";
  if (exposure == "area") return nl ? "oppervlakte" : "area";
  if (exposure == "length") return nl ? "straatlengte" : "street length";
  if (exposure == "baseline") return nl ? "het eigen aandeel in de reeks" : "its own share in the series";
  return exposure;
}

bool lisa_outlier(const Candidate& c) {
  return !c.count_suppressed && c.lisa_significant && c.lisa_quadrant == "HL";
}

bool contrast_outlier(const Candidate& c) {
  return !c.count_suppressed && c.contrast_outlier && std::isfinite(c.neighbour_ratio);
}

bool excess_shown(const Candidate& c) {
  return !c.count_suppressed && c.excess_significant && std::isfinite(c.sir) &&
         std::isfinite(c.expected);
}

// "3,1× verwacht (45 tegen 14,6 op basis van oppervlakte; gecorrigeerde p < 0,001)"
std::string excess_clause(const Candidate& c, const std::string& lang) {
  const bool nl = is_nl(lang);
  std::string s = format_ratio(c.sir, lang) + (nl ? "× verwacht (" : "× expected (") +
                  format_count(c.count, lang) + (nl ? " tegen " : " against ") +
                  format_number(c.expected, 1, lang) + (nl ? " op basis van " : " from ") +
                  exposure_text(c.exposure, lang);
  const std::string q = adjusted_p_clause(c.excess_q, lang);
  if (!q.empty()) s += "; " + q;
  return s + ")";
}

std::string neighbours_clause(const Candidate& c, const std::string& lang) {
  if (!std::isfinite(c.neighbour_ratio)) return "";
  return (is_nl(lang) ? ", buren " : ", neighbours ") + format_ratio(c.neighbour_ratio, lang) +
         "×";
}

std::string gi_sentence(const Candidate& c, const std::string& lang) {
  if (!is_hot_class(c.gi_class)) return "";
  const std::string conf = confidence_text(c.gi_class);
  return is_nl(lang) ? "Gi* hotspot (" + conf + ") voor " + category_text(c, lang)
                     : "Gi* hot spot at " + conf + " for " + category_text(c, lang);
}

// The excess and, when the area is a hot outlier (Local Moran HL, or above neighbours that are
// not raised), the outlier in one sentence: "hoge uitschieter: 3,1× verwacht (...), buren 0,8×
// (hoger dan de buren: gecorrigeerde p < 0,001)".
std::string excess_sentence(const Candidate& c, const std::string& lang) {
  const bool nl = is_nl(lang);
  const bool outlier = lisa_outlier(c);
  const bool contrast = excess_shown(c) && contrast_outlier(c);
  const std::string lead = outlier    ? (nl ? "hoge uitschieter (Local Moran HL): "
                                            : "hot outlier (Local Moran HL): ")
                           : contrast ? (nl ? "hoge uitschieter: " : "hot outlier: ")
                                      : "";
  if (excess_shown(c)) {
    std::string s = lead + excess_clause(c, lang) + neighbours_clause(c, lang);
    const std::string q = adjusted_p_clause(c.contrast_q, lang);
    if (contrast && !q.empty()) s += (nl ? " (hoger dan de buren: " : " (above its neighbours: ") + q + ")";
    return s;
  }
  if (!outlier) return "";
  std::string s = nl ? "hoge uitschieter (Local Moran HL" : "hot outlier (Local Moran HL";
  const std::string p = p_clause(c.lisa_p, lang);
  if (!p.empty()) s += ", " + p;
  return s + (nl ? "): hoog tussen lage buren" : "): high among low neighbours");
}

std::string count_sentence(const Candidate& c, const std::string& lang) {
  const bool nl = is_nl(lang);
  if (c.count_suppressed)
    return nl ? "aantal onderdrukt (onder de privacydrempel)"
              : "count suppressed (below the privacy threshold)";
  std::string s = incidents_text(c.count, lang);
  if (!c.ly_has_data) {
    s += nl ? ", geen gegevens over dezelfde periode vorig jaar"
            : ", no data for the same period last year";
  } else if (std::isfinite(c.change_ly_pct)) {
    s += ", " + format_percent(c.change_ly_pct, lang);
    s += nl ? " t.o.v. dezelfde periode vorig jaar" : " against the same period last year";
    s += c.change_ly_significant ? " (significant)"
                                 : (nl ? " (niet significant)" : " (not significant)");
  } else if (c.count_ly == 0 && c.count > 0) {
    s += nl ? ", geen in dezelfde periode vorig jaar" : ", none in the same period last year";
  }
  return s;
}

// "hotspot in 28 van 36 maanden" / "hot in 28 of 36 months"; "" when unknown.
std::string hot_share(const Candidate& c, const std::string& lang) {
  if (c.n_steps <= 0) return "";
  const bool nl = is_nl(lang);
  return (nl ? "hotspot in " : "hot in ") + std::to_string(c.n_hot) + (nl ? " van " : " of ") +
         std::to_string(c.n_steps) + " " + step_text(c.step, c.n_steps != 1, lang);
}

std::string outlier_series_sentence(const Candidate& c, const std::string& lang) {
  if (c.count_suppressed || c.n_high_low <= 0 || c.n_steps <= 0) return "";
  const bool nl = is_nl(lang);
  return (nl ? "hoge uitschieter in " : "hot outlier in ") + std::to_string(c.n_high_low) +
         (nl ? " van " : " of ") + std::to_string(c.n_steps) + " " +
         step_text(c.step, c.n_steps != 1, lang);
}

bool current_hot_pattern(const std::string& e) {
  for (const char* k : {"new_hot_spot", "consecutive_hot_spot", "intensifying_hot_spot",
                        "persistent_hot_spot", "sporadic_hot_spot", "oscillating_hot_spot"})
    if (e == k) return true;
  return false;
}

std::string emerging_sentence(const Candidate& c, const std::string& lang) {
  const bool nl = is_nl(lang);
  const std::string share = hot_share(c, lang);
  if (c.emerging == "historical_hot_spot") {
    // Only on a current row when Gi* still calls the area hot in the period: the monthly
    // series says the last step was not, which does not mean the hot spot is over.
    if (share.empty()) return "";
    return share + (nl ? ", niet in de laatste " : ", not in the last ") +
           step_text(c.step, false, lang);
  }
  if (!current_hot_pattern(c.emerging)) return "";
  std::string s = emerging_text(c.emerging, lang);
  if (!c.emerging_since.empty()) s += (nl ? " sinds " : " since ") + c.emerging_since;
  if (!share.empty()) s += " (" + share + ")";
  return s;
}

std::string trend_clause(const Candidate& c, const std::string& lang) {
  std::string s = "Mann-Kendall";
  const std::string p = p_clause(c.trend_p, lang);
  if (!p.empty()) s += " " + p;
  const std::string slope = format_slope(c.sen_slope, lang);
  if (!slope.empty()) {
    const bool nl = is_nl(lang);
    s += "; " + slope + (nl ? " per " : " per ") + step_text(c.step, false, lang);
  }
  return s;
}

std::string trend_sentence(const Candidate& c, const std::string& lang) {
  if (c.trend != "increasing") return "";
  return (is_nl(lang) ? "stijgende trend (" : "rising trend (") + trend_clause(c, lang) + ")";
}

std::string rate_sentence(const Candidate& c, const Policy& policy) {
  const std::string& lang = policy.language;
  if (c.count_suppressed || !(policy.w_rate > 0)) return "";  // the rate would reveal the count
  const double ratio = rate_ratio(c);
  if (!(ratio >= kRateMentionRatio)) return "";
  const bool nl = is_nl(lang);
  std::string s = format_number(ratio, 1, lang) + "×";
  s += nl ? " het stedelijk gemiddelde per 1.000 inwoners (EB-gecorrigeerd: "
          : " the city average per 1,000 inhabitants (EB-adjusted: ";
  s += format_number(c.eb_rate, 1, lang) + (nl ? " tegen " : " against ") +
       format_number(c.city_rate, 1, lang) + ")";
  return s;
}

void add(std::vector<std::string>& out, std::string s) {
  if (!s.empty()) out.push_back(std::move(s));
}

}  // namespace

double rate_ratio(const Candidate& c) {
  if (!std::isfinite(c.eb_rate) || !std::isfinite(c.city_rate) || c.city_rate <= 0) return kNaN;
  return c.eb_rate / c.city_rate;
}

std::string category_text(const Candidate& c, const std::string& lang) {
  if (!c.category_label.empty()) return c.category_label;
  if (c.category == "totaal") return is_nl(lang) ? "alle incidenten" : "all incidents";
  return c.category;
}

std::vector<std::string> reasons(const Candidate& c, const Policy& policy) {
  const std::string& lang = policy.language;
  std::vector<std::string> out;
  add(out, gi_sentence(c, lang));
  add(out, excess_sentence(c, lang));
  add(out, count_sentence(c, lang));
  add(out, outlier_series_sentence(c, lang));
  add(out, emerging_sentence(c, lang));
  add(out, trend_sentence(c, lang));
  add(out, rate_sentence(c, policy));
  return out;
}

std::vector<std::string> reasons(const Candidate& c, const std::string& language) {
  Policy p;
  p.language = language;
  return reasons(c, p);
}

std::vector<std::string> fading_reasons(const Candidate& c, const Policy& policy) {
  const std::string& lang = policy.language;
  const bool nl = is_nl(lang);
  std::vector<std::string> out;
  const std::string share = hot_share(c, lang);
  if (c.emerging == "historical_hot_spot") {
    std::string s = nl ? "historische hotspot" : "historical hot spot";
    if (!share.empty()) s += ": " + share;
    if (!c.emerging_since.empty())
      s += (nl ? ", niet meer sinds " : ", no longer since ") + c.emerging_since;
    out.push_back(s);
  } else if (c.emerging == "diminishing_hot_spot") {
    std::string s = nl ? "afnemende hotspot" : "diminishing hot spot";
    if (!share.empty()) s += ": " + share;
    s += nl ? ", met dalende intensiteit" : ", its intensity falling";
    out.push_back(s);
  }
  if (c.trend == "decreasing")
    out.push_back((nl ? "dalende trend (" : "falling trend (") + trend_clause(c, lang) + ")");
  if (!c.count_suppressed && c.rolling_current >= 0 && c.rolling_previous >= 0 &&
      std::isfinite(c.rolling_pct) && c.rolling_pct < 0) {
    std::string s = (nl ? "laatste 12 maanden " : "last 12 months ") +
                    format_percent(c.rolling_pct, lang) +
                    (nl ? " t.o.v. de 12 daarvoor (" : " against the 12 before (") +
                    format_count(c.rolling_current, lang) + (nl ? " tegen " : " against ") +
                    format_count(c.rolling_previous, lang) + "; " +
                    (c.rolling_significant ? "significant"
                                           : (nl ? "niet significant" : "not significant")) +
                    ")";
    out.push_back(s);
  }
  add(out, gi_sentence(c, lang));
  add(out, count_sentence(c, lang));
  add(out, excess_sentence(c, lang));
  return out;
}

std::string held_back_ineligible(const Candidate& c, const Policy& policy) {
  const std::string& lang = policy.language;
  const bool nl = is_nl(lang);
  // Lead with the strongest signal that the count rule overrides, so the reader sees what
  // the list would otherwise have shown.
  std::string lead;
  const double ratio = c.count_suppressed ? kNaN : rate_ratio(c);
  if (excess_shown(c) && policy.w_excess > 0) {
    lead = format_ratio(c.sir, lang) + (nl ? "× verwacht maar " : "× expected but ");
  } else if (ratio >= kRateHighRatio && policy.w_rate > 0) {
    lead = (nl ? "hoog risico (" : "rate high (") + format_number(ratio, 1, lang) +
           (nl ? "× de stad) maar " : "× the city) but ");
  } else if (is_hot_class(c.gi_class) && policy.w_hotspot > 0) {
    lead = (nl ? "Gi* hotspot (" : "Gi* hot spot (") + confidence_text(c.gi_class) +
           (nl ? ") maar " : ") but ");
  }
  if (c.count_suppressed)
    return lead + (nl ? "aantal onderdrukt (onder de privacydrempel)"
                      : "count suppressed (below the privacy threshold)");
  return lead + (nl ? "slechts " : "only ") + incidents_text(c.count, lang) + " (minimum " +
         format_count(policy.min_count, lang) + ")";
}

std::string held_back_volume_only(const Candidate& c, const Policy& policy) {
  const std::string& lang = policy.language;
  return (is_nl(lang) ? "alleen volume: " : "volume only: ") + incidents_text(c.count, lang) +
         (is_nl(lang) ? ", geen signaal naast het aantal" : ", no signal beyond the count");
}

std::string held_back_below_cutoff(const Row& row, const Row* last, int place,
                                   const Policy& policy) {
  const std::string& lang = policy.language;
  const bool nl = is_nl(lang);
  const std::string list_of = (nl ? "plaats " : "place ") + std::to_string(place) +
                              (nl ? ", lijst van " : ", list of ") + std::to_string(policy.rows) +
                              ")";
  if (!last) return "score " + format_number(row.score, 2, lang);
  if (std::llround(row.score * 1e9) == std::llround(last->score * 1e9)) {
    const std::string cut = format_number(last->score, 2, lang);
    if (row.c.count < last->c.count)
      return (nl ? "zelfde score als de grens (" : "same score as the cut-off (") + cut +
             (nl ? ") maar minder incidenten (" : ") but fewer incidents (") +
             format_count(row.c.count, lang) + (nl ? " tegen " : " against ") +
             format_count(last->c.count, lang) + "; " + list_of;
    return (nl ? "zelfde score (" : "same score (") + cut +
           (nl ? ") en aantal als de laatste op de lijst; volgorde op gebiedscode ("
               : ") and count as the last listed area; ordered by area code (") +
           list_of;
  }
  const auto [score, cut] = format_distinct(row.score, last->score, lang);
  return "score " + score + (nl ? ", onder de grens " : ", below the cut-off ") + cut + " (" +
         list_of;
}

}  // namespace brandpunt::focus
