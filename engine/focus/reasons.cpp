#include "focus/reasons.hpp"

#include <cmath>

#include "focus/text.hpp"

namespace brandpunt::focus {

namespace {

// A ratio is worth a sentence only when it reads as more than "1.0×".
constexpr double kRateMentionRatio = 1.05;
// "Rate high" leads a near miss's reason from 1.5× the city (rate component 0.25) upwards.
constexpr double kRateHighRatio = 1.5;

std::string incidents(int64_t n, const std::string& lang) {
  const bool one = n == 1;
  return format_count(n, lang) +
         (lang == "nl" ? (one ? " incident" : " incidenten") : (one ? " incident" : " incidents"));
}

std::string count_sentence(const Candidate& c, const std::string& lang) {
  const bool nl = lang == "nl";
  if (c.count_suppressed)
    return nl ? "aantal onderdrukt (onder de privacydrempel)"
              : "count suppressed (below the privacy threshold)";
  std::string s = incidents(c.count, lang);
  if (std::isfinite(c.change_ly_pct)) {
    s += ", " + format_percent(c.change_ly_pct, lang);
    s += nl ? " t.o.v. dezelfde periode vorig jaar" : " against the same period last year";
    s += c.change_ly_significant ? " (significant)"
                                 : (nl ? " (niet significant)" : " (not significant)");
  } else if (c.count_ly == 0 && c.count > 0) {
    s += nl ? ", geen in dezelfde periode vorig jaar" : ", none in the same period last year";
  }
  return s;
}

std::string emerging_sentence(const Candidate& c, const std::string& lang) {
  const bool nl = lang == "nl";
  // Cold and no-pattern categories add nothing to a focus score, so they give no reason.
  if (c.emerging.find("_hot_spot") == std::string::npos) return "";
  const std::string label = emerging_text(c.emerging, lang);
  if (label.empty()) return "";
  if (c.emerging_since.empty()) return label;
  // For a historical hot spot "since" is the first step it was no longer hot (emerging.hpp).
  if (c.emerging == "historical_hot_spot")
    return label + (nl ? " (geen hotspot meer sinds " : ", no longer hot since ") +
           c.emerging_since + (nl ? ")" : "");
  return label + (nl ? " sinds " : " since ") + c.emerging_since;
}

std::string trend_sentence(const Candidate& c, const std::string& lang) {
  if (c.trend != "increasing") return "";
  const bool nl = lang == "nl";
  std::string s = nl ? "stijgende trend (Mann-Kendall" : "rising trend (Mann-Kendall";
  if (std::isfinite(c.trend_p)) {
    const std::string p = format_p(c.trend_p, lang);
    s += (p[0] == '<' ? " p " : " p = ") + p;
  }
  if (std::isfinite(c.sen_slope)) {
    // One decimal, or two when one would round a real slope to zero.
    const int decimals = std::fabs(c.sen_slope) < 0.05 ? 2 : 1;
    std::string slope = format_number(c.sen_slope, decimals, lang);
    if (slope[0] != '-') slope = "+" + slope;
    const std::string unit = c.step == "week" ? (nl ? " per week" : " per week")
                             : c.step == "quarter" ? (nl ? " per kwartaal" : " per quarter")
                                                   : (nl ? " per maand" : " per month");
    s += "; " + slope + unit;
  }
  return s + ")";
}

std::string rate_sentence(const Candidate& c, const std::string& lang) {
  if (c.count_suppressed) return "";  // see components(): the rate would reveal the count
  const double ratio = rate_ratio(c);
  if (!(ratio >= kRateMentionRatio)) return "";
  const bool nl = lang == "nl";
  std::string s = format_number(ratio, 1, lang) + "×";
  s += nl ? " het stedelijk gemiddelde per 1.000 inwoners (EB-gecorrigeerd: "
          : " the city average per 1,000 inhabitants (EB-adjusted: ";
  s += format_number(c.eb_rate, 1, lang) + (nl ? " tegen " : " against ") +
       format_number(c.city_rate, 1, lang) + ")";
  return s;
}

}  // namespace

double rate_ratio(const Candidate& c) {
  if (!std::isfinite(c.eb_rate) || !std::isfinite(c.city_rate) || c.city_rate <= 0) return kNaN;
  return c.eb_rate / c.city_rate;
}

std::string category_text(const Candidate& c, const std::string& lang) {
  if (!c.category_label.empty()) return c.category_label;
  if (c.category == "totaal") return lang == "nl" ? "alle incidenten" : "all incidents";
  return c.category;
}

std::vector<std::string> reasons(const Candidate& c, const std::string& lang) {
  const bool nl = lang == "nl";
  std::vector<std::string> out;
  if (is_hot_class(c.gi_class)) {
    const std::string conf = confidence_text(c.gi_class);
    out.push_back(nl ? "Gi* hotspot (" + conf + ") voor " + category_text(c, lang)
                     : "Gi* hot spot at " + conf + " for " + category_text(c, lang));
  }
  out.push_back(count_sentence(c, lang));
  for (std::string s :
       {emerging_sentence(c, lang), trend_sentence(c, lang), rate_sentence(c, lang)})
    if (!s.empty()) out.push_back(std::move(s));
  return out;
}

std::string held_back_ineligible(const Candidate& c, const Policy& policy) {
  const std::string& lang = policy.language;
  const bool nl = lang == "nl";
  // Lead with the strongest signal that the count rule overrides, so the reader sees what
  // the list would otherwise have shown.
  std::string lead;
  const double ratio = c.count_suppressed ? kNaN : rate_ratio(c);
  if (ratio >= kRateHighRatio && policy.w_rate > 0) {
    lead = (nl ? "hoog risico (" : "rate high (") + format_number(ratio, 1, lang) +
           (nl ? "× de stad) maar " : "× the city) but ");
  } else if (is_hot_class(c.gi_class) && policy.w_hotspot > 0) {
    lead = (nl ? "Gi* hotspot (" : "Gi* hot spot (") + confidence_text(c.gi_class) +
           (nl ? ") maar " : ") but ");
  }
  if (c.count_suppressed)
    return lead + (nl ? "aantal onderdrukt (onder de privacydrempel)"
                      : "count suppressed (below the privacy threshold)");
  return lead + (nl ? "slechts " : "only ") + incidents(c.count, lang) + " (minimum " +
         format_count(policy.min_count, lang) + ")";
}

std::string held_back_below_cutoff(const Row& row, const Row* last, int place,
                                   const Policy& policy) {
  const std::string& lang = policy.language;
  const bool nl = lang == "nl";
  const std::string list_of = (nl ? "plaats " : "place ") + std::to_string(place) +
                              (nl ? ", lijst van " : ", list of ") + std::to_string(policy.rows) +
                              ")";
  if (!last) return (nl ? "score " : "score ") + format_number(row.score, 2, lang);
  const std::string score = format_number(row.score, 2, lang);
  const std::string cut = format_number(last->score, 2, lang);
  if (std::llround(row.score * 1e9) == std::llround(last->score * 1e9)) {
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
  return "score " + score + (nl ? ", onder de grens " : ", below the cut-off ") + cut + " (" +
         list_of;
}

}  // namespace brandpunt::focus
