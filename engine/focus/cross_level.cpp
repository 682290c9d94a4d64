#include "focus/cross_level.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <utility>

#include "focus/reasons.hpp"
#include "focus/text.hpp"

namespace brandpunt::focus {

namespace {

using Key = std::pair<std::string, std::string>;  // (category, code)

std::map<Key, const Candidate*> index(const std::vector<Candidate>& v) {
  std::map<Key, const Candidate*> out;
  for (const Candidate& c : v) out.emplace(Key{c.category, c.code}, &c);
  return out;
}

std::string display(const Candidate& c) { return c.name.empty() ? c.code : c.name; }

// "Rechtstraat is a Gi* hot spot at 99 % for hic (9 incidents)"
std::string hot_clause(const Candidate& c, const std::string& lang) {
  const bool nl = lang == "nl";
  std::string s = display(c) + (nl ? " is een Gi* hotspot (" : " is a Gi* hot spot at ") +
                  confidence_text(c.gi_class) + (nl ? ") voor " : " for ") + category_text(c, lang);
  if (!c.count_suppressed)
    s += " (" + format_count(c.count, lang) +
         (nl ? (c.count == 1 ? " incident)" : " incidenten)")
             : (c.count == 1 ? " incident)" : " incidents)"));
  return s;
}

std::string class_text(const std::string& gi_class, const std::string& lang) {
  const bool nl = lang == "nl";
  if (is_cold_class(gi_class))
    return (nl ? "coldspot " : "a cold spot at ") + confidence_text(gi_class);
  return nl ? "niet significant" : "not significant";
}

}  // namespace

std::vector<Signal> cross_level_signals(const std::vector<Candidate>& straten,
                                        const std::vector<Candidate>& buurten,
                                        const std::vector<Candidate>& wijken, const Policy& policy,
                                        double average_band) {
  const std::string& lang = policy.language;
  const bool nl = lang == "nl";
  std::vector<Signal> straat_signals, buurt_signals;

  const auto buurt_index = index(buurten);
  for (const Candidate& s : straten) {
    if (!is_hot_class(s.gi_class)) continue;
    auto it = buurt_index.find({s.category, s.parent_code});
    if (it == buurt_index.end() || is_hot_class(it->second->gi_class)) continue;
    const Candidate& b = *it->second;
    Signal sig{
        "hot_straat_in_cool_buurt", s.code, s.name, b.code, b.name, s.category, s.gi_class, ""};
    sig.text = hot_clause(s, lang) + (nl ? ", maar buurt " : ", but buurt ") + display(b) +
               (nl ? " als geheel niet (" : " as a whole is not (") + class_text(b.gi_class, lang) +
               ")";
    straat_signals.push_back(std::move(sig));
  }

  // Mean wijk count per category, for wijken without a usable rate.
  std::map<std::string, std::pair<double, int64_t>> sums;
  for (const Candidate& w : wijken) {
    if (w.count_suppressed) continue;
    auto& [sum, n] = sums[w.category];
    sum += static_cast<double>(w.count);
    ++n;
  }
  const auto wijk_index = index(wijken);
  for (const Candidate& b : buurten) {
    if (!is_hot_class(b.gi_class)) continue;
    auto it = wijk_index.find({b.category, b.parent_code});
    if (it == wijk_index.end()) continue;
    const Candidate& w = *it->second;
    if (is_hot_class(w.gi_class) || is_cold_class(w.gi_class)) continue;
    std::string how;
    if (std::isfinite(w.rate) && std::isfinite(w.city_rate) && w.city_rate > 0) {
      const double ratio = w.rate / w.city_rate;
      if (std::fabs(ratio - 1) > average_band) continue;
      how = format_number(ratio, 1, lang) + (nl ? "× het stedelijk gemiddelde per 1.000 inwoners"
                                                : "× the city average per 1,000 inhabitants");
    } else {
      auto s = sums.find(w.category);
      if (w.count_suppressed || s == sums.end() || s->second.second == 0) continue;
      const double mean = s->second.first / static_cast<double>(s->second.second);
      if (mean <= 0) continue;
      const double ratio = static_cast<double>(w.count) / mean;
      if (std::fabs(ratio - 1) > average_band) continue;
      how = format_number(ratio, 1, lang) +
            (nl ? "× het gemiddelde aantal per wijk" : "× the mean count per wijk");
    }
    Signal sig{
        "hot_buurt_in_average_wijk", b.code, b.name, w.code, w.name, b.category, b.gi_class, ""};
    sig.text = hot_clause(b, lang) + (nl ? ", terwijl wijk " : ", while wijk ") + display(w) +
               (nl ? " gemiddeld is (" : " is average (") + how + ")";
    buurt_signals.push_back(std::move(sig));
  }

  auto by_key = [](const Signal& a, const Signal& b) {
    return std::tie(a.category, a.parent_code, a.code, a.text) <
           std::tie(b.category, b.parent_code, b.code, b.text);
  };
  std::sort(straat_signals.begin(), straat_signals.end(), by_key);
  std::sort(buurt_signals.begin(), buurt_signals.end(), by_key);
  straat_signals.insert(straat_signals.end(), std::make_move_iterator(buurt_signals.begin()),
                        std::make_move_iterator(buurt_signals.end()));
  return straat_signals;
}

}  // namespace brandpunt::focus
