#include "focus/rank.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.hpp"
#include "focus/reasons.hpp"

namespace brandpunt::focus {

namespace {

double hotspot_component(const std::string& gi_class) {
  if (gi_class == "hot_99") return 1;
  if (gi_class == "hot_95") return 0.75;
  if (gi_class == "hot_90") return 0.5;
  return 0;
}

double emerging_component(const std::string& key) {
  if (key == "new_hot_spot" || key == "consecutive_hot_spot" || key == "intensifying_hot_spot")
    return 1;
  if (key == "persistent_hot_spot") return 0.75;
  if (key == "sporadic_hot_spot" || key == "oscillating_hot_spot") return 0.5;
  if (key == "diminishing_hot_spot") return 0.25;
  if (key == "historical_hot_spot") return 0.1;
  return 0;  // cold spots, no pattern, unknown keys
}

// Scores are compared on a 1e-9 grid: sums of the same components in a different order must
// tie exactly, and the key is transitive (unlike an epsilon comparison).
int64_t score_key(double score) { return std::llround(score * 1e9); }

}  // namespace

Components components(const Candidate& c, const Policy&, int64_t max_count) {
  Components k;
  k.hotspot = hotspot_component(c.gi_class);
  // A rate derived from a suppressed count is as unpublishable as the count: it neither
  // scores nor appears in a reason (the score would give it away).
  const double ratio = c.count_suppressed ? kNaN : rate_ratio(c);
  if (std::isfinite(ratio)) k.rate = std::clamp((ratio - 1) / 2, 0.0, 1.0);
  if (!c.count_suppressed && c.count > 0 && max_count > 0)
    k.volume = std::min(
        1.0, std::log1p(static_cast<double>(c.count)) / std::log1p(static_cast<double>(max_count)));
  k.trend = c.trend == "increasing" ? 1 : 0;
  k.emerging = emerging_component(c.emerging);
  k.change = (c.change_ly_significant && c.change_ly_pct > 0) ? 1 : 0;
  return k;
}

double score(const Components& k, const Policy& p) {
  return p.w_hotspot * k.hotspot + p.w_rate * k.rate + p.w_volume * k.volume + p.w_trend * k.trend +
         p.w_emerging * k.emerging + p.w_change * k.change;
}

FocusList rank(const std::vector<Candidate>& candidates, const Policy& policy,
               const std::string& scope) {
  validate(policy);
  FocusList out;
  out.scope = scope;

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
  }
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
  // areas that end up on the list or among the near misses.
  struct Scored {
    const Candidate* c;
    Components parts;
    double score;
    int64_t key;
    int64_t shown_count;  // -1 when suppressed, so hidden counts sort last among equal scores
  };
  std::vector<Scored> scored;
  scored.reserve(in.size());
  for (const Candidate* c : in) {
    const Components parts = components(*c, policy, max_count);
    const double s = score(parts, policy);
    scored.push_back({c, parts, s, score_key(s), c->count_suppressed ? -1 : c->count});
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

  int place = 0;  // place among eligible rows
  for (const Scored& x : scored) {
    if (x.key <= 0) continue;  // nothing points at it
    const bool ok = !x.c->count_suppressed && x.c->count >= policy.min_count;
    if (ok) {
      ++place;
      ++out.eligible;
    }
    const bool list = ok && static_cast<int>(out.listed.size()) < policy.rows;
    if (!list && static_cast<int>(out.near_misses.size()) >= policy.near_miss_rows) continue;
    Row r;
    r.c = *x.c;
    r.parts = x.parts;
    r.score = x.score;
    r.reasons = reasons(r.c, policy.language);
    if (list) {
      r.listed = true;
      r.rank = place;
      out.listed.push_back(std::move(r));
      continue;
    }
    r.held_back.push_back(
        ok ? held_back_below_cutoff(r, out.listed.empty() ? nullptr : &out.listed.back(), place,
                                    policy)
           : held_back_ineligible(r.c, policy));
    out.near_misses.push_back(std::move(r));
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
