#include "focus/rank.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.hpp"
#include "focus/reasons.hpp"
#include "focus/text.hpp"

namespace brandpunt::focus {

namespace {

double hotspot_component(const std::string& gi_class) {
  if (gi_class == "hot_99") return 1;
  if (gi_class == "hot_95") return 0.75;
  if (gi_class == "hot_90") return 0.5;
  return 0;
}

bool current_hot_pattern(const std::string& key) {
  return key == "new_hot_spot" || key == "consecutive_hot_spot" ||
         key == "intensifying_hot_spot" || key == "persistent_hot_spot" ||
         key == "sporadic_hot_spot" || key == "oscillating_hot_spot";
}

double emerging_component(const std::string& key) {
  if (key == "new_hot_spot" || key == "consecutive_hot_spot" || key == "intensifying_hot_spot")
    return 1;
  if (key == "persistent_hot_spot") return 0.75;
  if (key == "sporadic_hot_spot" || key == "oscillating_hot_spot") return 0.5;
  return 0;  // fading (diminishing, historical), cold spots, no pattern, unknown keys
}

// Scores are compared on a 1e-9 grid: sums of the same components in a different order must
// tie exactly, and the key is transitive (unlike an epsilon comparison).
int64_t score_key(double score) { return std::llround(score * 1e9); }

}  // namespace

Components components(const Candidate& c, const Policy&, int64_t max_count) {
  Components k;
  k.hotspot = hotspot_component(c.gi_class);
  // A rate or an excess derived from a suppressed count is as unpublishable as the count: it
  // neither scores nor appears in a reason (the score would give it away).
  if (!c.count_suppressed) {
    const double ratio = rate_ratio(c);
    if (std::isfinite(ratio)) k.rate = std::clamp((ratio - 1) / 2, 0.0, 1.0);
    // Doublings above expectation the count is surely at (L = the one-sided lower limit):
    // L = 2 scores 1/3, L = 3 about 0.53, L = 8 or more 1. Unlike a linear scale it keeps
    // ordering strong excesses instead of capping them all at 3×.
    if (c.excess_significant && std::isfinite(c.sir_lower) && c.sir_lower > 1)
      k.excess = std::min(1.0, std::log(c.sir_lower) / std::log(8.0));
    if ((c.lisa_significant && c.lisa_quadrant == "HL") || c.contrast_outlier)
      k.outlier = 1;
    else if (c.n_steps > 0 && c.n_high_low > 0)
      k.outlier = std::min(1.0, 2.0 * c.n_high_low / c.n_steps);
    if (c.count > 0 && max_count > 0)
      k.volume = std::min(1.0, std::log1p(static_cast<double>(c.count)) /
                                   std::log1p(static_cast<double>(max_count)));
  }
  k.trend = c.trend == "increasing" ? 1 : 0;
  k.emerging = emerging_component(c.emerging);
  k.change = (c.change_ly_significant && c.change_ly_pct > 0) ? 1 : 0;
  return k;
}

double score(const Components& k, const Policy& p) {
  return p.w_hotspot * k.hotspot + p.w_excess * k.excess + p.w_outlier * k.outlier +
         p.w_rate * k.rate + p.w_volume * k.volume + p.w_trend * k.trend +
         p.w_emerging * k.emerging + p.w_change * k.change;
}

bool has_evidence(const Components& k, const Policy& p) {
  return p.w_hotspot * k.hotspot + p.w_excess * k.excess + p.w_outlier * k.outlier +
             p.w_rate * k.rate + p.w_trend * k.trend + p.w_emerging * k.emerging +
             p.w_change * k.change >
         0;
}

bool is_fading(const Candidate& c, std::string* why) {
  auto say = [&](const char* w) {
    if (why) *why = w;
    return true;
  };
  const bool gi_hot = is_hot_class(c.gi_class);
  if (c.emerging == "diminishing_hot_spot") return say("diminishing");
  if (c.emerging == "historical_hot_spot" && !gi_hot) return say("historical");
  if (c.trend != "decreasing" || gi_hot || current_hot_pattern(c.emerging)) return false;
  const bool rolling = c.rolling_current >= 0 && c.rolling_previous >= 0;
  const bool fell = rolling ? c.rolling_significant && c.rolling_pct < 0
                            : c.change_ly_significant && c.change_ly_pct < 0;
  return fell && say("decreasing");
}

FocusList rank(const std::vector<Candidate>& candidates, const Policy& policy,
               const std::string& scope) {
  validate(policy);
  FocusList out;
  out.scope = scope;
  out.rows = policy.rows;

  std::vector<const Candidate*> in;
  for (const Candidate& c : candidates)
    if (scope == "gemeente" || c.stadsdeel == scope) in.push_back(&c);
  if (!candidates.empty()) {
    // Level and category come from the whole input, so an empty stadsdeel still says what
    // list it is.
    const Candidate& first = candidates.front();
    out.level = first.level;
    out.category = first.category;
    out.category_label = category_text(first, policy.language);
    out.period_label = first.period_label;
    out.step = first.step;
    out.trend_length = first.trend_length;
    out.min_trend_length = first.min_trend_length;
    out.trends_too_short = first.trend == "too_short";
  }
  for (const Candidate* c : in)
    if (scope != "gemeente" && !c->stadsdeel_name.empty()) out.scope_name = c->stadsdeel_name;
  for (const Candidate& c : candidates) {
    if (c.level != out.level || c.category != out.category)
      throw Error(ErrorKind::internal, "focus::rank: candidates mix levels or categories ('" +
                                           c.level + "/" + c.category + "' and '" + out.level +
                                           "/" + out.category + "')")
          .at_field(c.code);
  }
  out.candidates = static_cast<int64_t>(in.size());

  int64_t max_count = 0;
  for (const Candidate* c : in)
    if (!c->count_suppressed) max_count = std::max(max_count, c->count);

  // Score with pointers only: a Row (and its copy of the candidate) is built just for the few
  // areas that end up on the list, among the near misses or in the fading section.
  struct Scored {
    const Candidate* c;
    Components parts;
    double score;
    int64_t key;
    int64_t shown_count;  // -1 when suppressed, so hidden counts sort last among equal scores
    bool evidence, fading;
  };
  std::vector<Scored> scored;
  scored.reserve(in.size());
  for (const Candidate* c : in) {
    const Components parts = components(*c, policy, max_count);
    const double s = score(parts, policy);
    scored.push_back({c, parts, s, score_key(s), c->count_suppressed ? -1 : c->count,
                      has_evidence(parts, policy), is_fading(*c)});
  }
  std::sort(scored.begin(), scored.end(), [](const Scored& x, const Scored& y) {
    if (x.key != y.key) return x.key > y.key;
    if (x.shown_count != y.shown_count) return x.shown_count > y.shown_count;
    return x.c->code < y.c->code;
  });
  // The code is the last tie-breaker, so a repeated code would make the order depend on the
  // input order: refuse it (equal codes are adjacent only within equal score and count).
  {
    std::vector<const std::string*> codes;
    codes.reserve(scored.size());
    for (const Scored& x : scored) codes.push_back(&x.c->code);
    std::sort(codes.begin(), codes.end(), [](auto* a, auto* b) { return *a < *b; });
    for (size_t i = 1; i < codes.size(); ++i)
      if (*codes[i] == *codes[i - 1])
        throw Error(ErrorKind::internal, "focus::rank: area code repeated").at_field(*codes[i]);
  }

  auto make_row = [&](const Scored& x) {
    Row r;
    r.c = *x.c;
    r.parts = x.parts;
    r.score = x.score;
    return r;
  };
  std::vector<const Scored*> fading;
  int place = 0;  // place among the areas that qualify
  for (const Scored& x : scored) {
    if (x.fading) {
      fading.push_back(&x);
      continue;
    }
    if (x.key <= 0) continue;  // nothing points at it
    const bool count_ok = !x.c->count_suppressed && x.c->count >= policy.min_count;
    const bool ok = count_ok && x.evidence;
    if (ok) {
      ++place;
      ++out.eligible;
    } else if (count_ok) {
      ++out.volume_only;
    }
    const bool list = ok && static_cast<int>(out.listed.size()) < policy.rows;
    if (!list && static_cast<int>(out.near_misses.size()) >= policy.near_miss_rows) continue;
    Row r = make_row(x);
    r.reasons = reasons(r.c, policy);
    if (list) {
      r.listed = true;
      r.rank = place;
      out.listed.push_back(std::move(r));
      continue;
    }
    r.held_back.push_back(
        !count_ok ? held_back_ineligible(r.c, policy)
        : !x.evidence
            ? held_back_volume_only(r.c, policy)
            : held_back_below_cutoff(r, out.listed.empty() ? nullptr : &out.listed.back(), place,
                                     policy));
    out.near_misses.push_back(std::move(r));
  }

  // Fading: the largest fall over the last 12 months first, then the longest hot history.
  out.fading_areas = static_cast<int64_t>(fading.size());
  auto decline = [](const Candidate& c) -> int64_t {
    if (c.count_suppressed || c.rolling_current < 0 || c.rolling_previous < 0) return 0;
    return std::max<int64_t>(0, c.rolling_previous - c.rolling_current);
  };
  std::sort(fading.begin(), fading.end(), [&](const Scored* a, const Scored* b) {
    const int64_t da = decline(*a->c), db = decline(*b->c);
    if (da != db) return da > db;
    if (a->c->n_hot != b->c->n_hot) return a->c->n_hot > b->c->n_hot;
    return a->c->code < b->c->code;
  });
  for (const Scored* x : fading) {
    if (static_cast<int>(out.fading.size()) >= policy.fading_rows) break;
    Row r = make_row(*x);
    r.fading = true;
    r.reasons = fading_reasons(r.c, policy);
    out.fading.push_back(std::move(r));
  }
  return out;
}

std::vector<FocusList> rank_scopes(const std::vector<Candidate>& candidates, const Policy& policy) {
  // Group once by stadsdeel (sorted codes), so a country of hundreds of stadsdelen costs one
  // pass, not one pass per stadsdeel; rank() of a group equals rank() of all with that scope.
  std::map<std::string, std::vector<Candidate>> groups;
  for (const Candidate& c : candidates)
    if (!c.stadsdeel.empty()) groups[c.stadsdeel].push_back(c);
  std::vector<FocusList> out;
  out.push_back(rank(candidates, policy, "gemeente"));
  for (const auto& [scope, group] : groups) out.push_back(rank(group, policy, scope));
  return out;
}

}  // namespace brandpunt::focus
