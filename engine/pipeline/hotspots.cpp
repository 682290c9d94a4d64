#include "pipeline/hotspots.hpp"

#include <algorithm>
#include <cmath>

#include "stats/classes.hpp"
#include "stats/getis_ord.hpp"
#include "stats/local_moran.hpp"
#include "stats/multiple_testing.hpp"
#include "stats/permutation.hpp"
#include "stats/smoothing.hpp"
#include "weights/summary.hpp"

namespace brandpunt::pipeline {

namespace {

// The one definition of the published pseudo p (gi_psim, lisa_p with inference = permutation),
// as in stats/permutation.hpp and docs/DESIGN.md.
constexpr const char* kPseudoPDefinition =
    "two-sided conditional-permutation pseudo p = min(1, 2 * (min(n_ge, n_le) + 1) / (permutations + 1)), "
    "n_ge and n_le = permuted statistics >= and <= the observed one (a tie counts in both); the area's "
    "own value stays fixed (spdep >= 1.2-8 keeps it fixed in Gi* too); classes use this two-sided value";

stats::Correction correction_of(const std::string& name) {
  return name == "bonferroni" ? stats::Correction::bonferroni
         : name == "none"     ? stats::Correction::none
                              : stats::Correction::fdr_bh;
}

}  // namespace

LevelHotspots level_hotspots(const weights::Weights& w, const std::vector<double>& counts,
                             size_t n_groups, const std::vector<double>& population,
                             const HotspotOptions& options, unsigned threads,
                             const HotspotChoices& choices) {
  LevelHotspots hs;
  hs.n_areas = w.n;
  hs.n_groups = n_groups;
  const size_t n = w.n;
  hs.z.assign(n * n_groups, NAN);
  hs.p.assign(n * n_groups, NAN);
  hs.p_sim.assign(n * n_groups, NAN);
  hs.p_adj.assign(n * n_groups, NAN);
  hs.gi_class.assign(n * n_groups, "not_significant");
  const stats::Correction correction = correction_of(options.correction);
  // Gi*: the area itself added before any row standardisation (spdep include.self, then
  // nb2listw); the z of Gi and Gi* does not change under row standardisation, G does.
  weights::Weights w_star = choices.gi_star ? weights::with_self(w) : w;
  if (choices.row_style) w_star = weights::row_standardised(w_star);
  const weights::Weights w_global = choices.row_style ? weights::row_standardised(w) : w;
  std::vector<std::string> warnings;
  stats::PermutationOptions perm;
  perm.permutations = options.permutations;
  perm.seed = options.seed;
  perm.threads = threads;

  for (size_t g = 0; g < n_groups; ++g) {
    std::vector<double> x(n);
    for (size_t a = 0; a < n; ++a) x[a] = counts[a * n_groups + g];
    const stats::LocalG gi = stats::local_g(w_star, x);
    std::vector<double> p_sim(n, NAN);
    if (options.permutations > 0 && n > 2) {
      perm.seed = options.seed + g;  // one stream family per category
      // The two-sided pseudo p (permutation.hpp): classes test both tails at their level.
      p_sim = stats::local_g_perm(w_star, x, perm).p_sim_two_sided;
    }
    const bool by_perm = options.inference == "permutation" && options.permutations > 0 && n > 2;
    const std::vector<double> p_adj = stats::p_adjust(by_perm ? p_sim : gi.p, correction);
    for (size_t a = 0; a < n; ++a) {
      hs.z[a * n_groups + g] = gi.z[a];
      hs.p[a * n_groups + g] = gi.p[a];
      hs.p_sim[a * n_groups + g] = p_sim[a];
      hs.p_adj[a * n_groups + g] = p_adj[a];
      hs.gi_class[a * n_groups + g] =
          std::isfinite(gi.z[a]) && std::isfinite(p_adj[a])
              ? stats::to_string(stats::hotspot_class(gi.z[a], p_adj[a]))
              : "not_significant";
    }
    // The statistics name themselves ("Gi*: ..."); one line per message, not per category.
    for (const auto& msg : gi.warnings)
      if (std::find(warnings.begin(), warnings.end(), msg) == warnings.end()) warnings.push_back(msg);
    if (choices.global_stats) {
      GlobalStats gs;
      gs.moran = stats::global_moran(w_global, x);
      if (options.global_permutations > 0)
        gs.moran_perm = stats::global_moran_perm(w_global, x, options.global_permutations, options.seed + 200000 + g);
      gs.general_g = stats::general_g(w_global, x);
      hs.global.push_back(std::move(gs));
    }
  }

  // Local Moran on the EB-smoothed totaal rate where population is known everywhere,
  // otherwise on the counts (rates would be "no data").
  std::vector<double> x(n), pop(n);
  bool all_pop = n > 0;
  for (size_t a = 0; a < n; ++a) {
    x[a] = counts[a * n_groups];
    pop[a] = a < population.size() ? population[a] : NAN;
    all_pop = all_pop && std::isfinite(pop[a]) && pop[a] > 0;
  }
  hs.eb_rate.assign(n, NAN);
  std::vector<double> lisa_x = x;
  hs.lisa_variable = "n_totaal";
  if (all_pop) {
    const std::vector<double> eb = stats::eb_global(x, pop);
    for (size_t a = 0; a < n; ++a) hs.eb_rate[a] = eb[a] * 1000.0;
    lisa_x = hs.eb_rate;
    hs.lisa_variable = "eb_rate_totaal";
  }
  const weights::Weights w_row = weights::row_standardised(w);
  const stats::LocalMoran lm = stats::local_moran(w_row, lisa_x);
  std::vector<double> lp = lm.p;
  if (options.inference == "permutation" && options.permutations > 0 && n > 2) {
    perm.seed = options.seed + 100000;
    lp = stats::local_moran_perm(w_row, lisa_x, perm).p_sim_two_sided;
  }
  const std::vector<double> lp_adj = stats::p_adjust(lp, correction);
  hs.lisa_i = lm.I;
  hs.lisa_z = lm.z;
  hs.lisa_p = lp;
  hs.lisa_p_adj = lp_adj;
  for (size_t a = 0; a < n; ++a) {
    const bool island = !lm.is_island.empty() && lm.is_island[a];
    hs.lisa_quadrant.push_back(island ? "" : stats::to_string(static_cast<stats::Quadrant>(lm.quadrant[a])));
    hs.lisa_class.push_back(!island && std::isfinite(lp_adj[a]) && lp_adj[a] < 0.05 ? hs.lisa_quadrant.back() : "NS");
  }
  for (const auto& msg : lm.warnings) warnings.push_back(msg);

  const weights::WeightsSummary s = weights::summarise(w);
  std::vector<std::string> islands;
  for (uint32_t i : w.islands()) islands.push_back(std::to_string(i));
  hs.report = {{"weights", w.method},
               {"n", s.n},
               {"links", s.n_links},
               {"min_neighbours", s.min_card},
               {"max_neighbours", s.max_card},
               {"mean_neighbours", s.mean_card},
               {"islands", w.islands().size()},
               {"statistic", choices.gi_star ? "Gi* (the area itself included)" : "Gi (neighbours only)"},
               {"style", choices.row_style ? "row-standardised" : "binary (kernel weights keep their values)"},
               {"classes_from", options.inference == "permutation" && options.permutations > 0
                                    ? "conditional-permutation pseudo p" : "analytic two-sided normal p"},
               {"pseudo_p", options.permutations > 0 ? kPseudoPDefinition : "not computed"},
               {"permutations", options.permutations},
               {"seed", options.seed},
               {"correction", options.correction},
               {"local_moran_variable", hs.lisa_variable},
               {"local_moran_weights", "row standardised"},
               {"warnings", warnings}};
  return hs;
}

void append_hotspot_columns(output::Table& t, const LevelHotspots& hs,
                            const std::vector<std::string>& group_keys, Profile profile) {
  const bool pub = profile == Profile::public_;
  auto real = [&](const std::string& name, const std::string& desc, auto value, int decimals) {
    t.add_real(name, desc);
    output::Column& c = t.columns.back();
    for (size_t a = 0; a < hs.n_areas; ++a) {
      const double v = pub ? rounded(value(a), decimals) : value(a);
      c.reals.push_back(std::isfinite(v) ? v : 0.0);
      c.null.push_back(std::isfinite(v) ? 0 : 1);
    }
  };
  auto text = [&](const std::string& name, const std::string& desc, auto value) {
    t.add_string(name, desc);
    output::Column& c = t.columns.back();
    for (size_t a = 0; a < hs.n_areas; ++a) c.strings.push_back(value(a));
  };
  for (size_t g = 0; g < group_keys.size(); ++g) {
    const std::string& k = group_keys[g];
    const size_t G = hs.n_groups;
    real("gi_z_" + k, "Getis-Ord Gi* z-score of n_" + k + " (null = island)", [&](size_t a) { return hs.z[a * G + g]; }, 2);
    real("gi_p_" + k, "Gi* two-sided normal p-value", [&](size_t a) { return hs.p[a * G + g]; }, 4);
    real("gi_psim_" + k, "Gi* two-sided pseudo p-value from conditional permutations: min(1, 2 (min(n_ge, n_le) + 1) / (nsim + 1)) (null when not computed)", [&](size_t a) { return hs.p_sim[a * G + g]; }, 4);
    real("gi_padj_" + k, "Gi* p-value adjusted for multiple testing (Benjamini-Hochberg FDR by default)", [&](size_t a) { return hs.p_adj[a * G + g]; }, 4);
    text("gi_class_" + k, "hot_99, hot_95, hot_90, not_significant, cold_90, cold_95, cold_99 (from z and the adjusted p)", [&](size_t a) { return hs.gi_class[a * G + g]; });
  }
  real("eb_rate_totaal", "empirical Bayes smoothed totaal rate per 1,000 inhabitants (null = no population data)", [&](size_t a) { return hs.eb_rate[a]; }, 3);
  real("lisa_i", "Local Moran's I of " + hs.lisa_variable, [&](size_t a) { return hs.lisa_i[a]; }, 4);
  real("lisa_z", "Local Moran z-score (conditional randomisation variance)", [&](size_t a) { return hs.lisa_z[a]; }, 2);
  real("lisa_p", "Local Moran p-value (two-sided normal, or pseudo p with inference = permutation)", [&](size_t a) { return hs.lisa_p[a]; }, 4);
  real("lisa_padj", "Local Moran p-value adjusted for multiple testing", [&](size_t a) { return hs.lisa_p_adj[a]; }, 4);
  text("lisa_quadrant", "HH, LL, HL or LH: the area's value and its neighbours' against the mean", [&](size_t a) { return hs.lisa_quadrant[a]; });
  text("lisa_class", "the quadrant where the adjusted p < 0.05, else NS", [&](size_t a) { return hs.lisa_class[a]; });
}

nlohmann::json global_report(const LevelHotspots& hs, const std::vector<std::string>& category_keys,
                             Profile profile) {
  const bool pub = profile == Profile::public_;
  auto r = [&](double v, int decimals) -> nlohmann::json {
    const double x = pub ? rounded(v, decimals) : v;
    return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
  };
  nlohmann::json rows = nlohmann::json::array();
  for (size_t g = 0; g < hs.global.size() && g < category_keys.size(); ++g) {
    const GlobalStats& s = hs.global[g];
    nlohmann::json row = {{"category", category_keys[g]},
                          {"moran_i", r(s.moran.I, 4)},
                          {"moran_expected", r(s.moran.EI, 4)},
                          {"moran_z_randomisation", r(s.moran.z_rand, 2)},
                          {"moran_p_randomisation", r(s.moran.p_rand, 4)},
                          {"moran_z_normality", r(s.moran.z_norm, 2)},
                          {"moran_p_normality", r(s.moran.p_norm, 4)},
                          {"general_g", r(s.general_g.G, 4)},
                          {"general_g_expected", r(s.general_g.EG, 4)},
                          {"general_g_z", r(s.general_g.z, 2)},
                          {"general_g_p", r(s.general_g.p, 4)}};
    if (s.moran_perm.permutations > 0) {
      row["moran_permutations"] = s.moran_perm.permutations;
      row["moran_p_permutation"] = r(s.moran_perm.p_sim, 4);
    }
    std::vector<std::string> w = s.moran.warnings;
    w.insert(w.end(), s.general_g.warnings.begin(), s.general_g.warnings.end());
    if (!w.empty()) row["warnings"] = w;
    rows.push_back(std::move(row));
  }
  return rows;
}

output::Table hotspot_table(const std::vector<std::string>& codes, const LevelHotspots& hs,
                            const std::vector<std::string>& category_keys, Profile profile,
                            AreaRange areas) {
  const bool pub = profile == Profile::public_;
  output::Table t;
  t.add_string("code", "area code");
  t.add_string("category", "category key (totaal, main or sub category)");
  t.add_real("gi_z", "Getis-Ord Gi* z-score (null = island)");
  t.add_real("gi_p", "two-sided normal p-value");
  t.add_real("gi_psim", "two-sided pseudo p-value from conditional permutations (min(1, 2 (min(n_ge, n_le) + 1) / (nsim + 1)))");
  t.add_real("gi_padj", "p-value adjusted for multiple testing within the category");
  t.add_string("gi_class", "hot_99 ... cold_99 or not_significant");
  auto put = [&](output::Column& c, double v, int decimals) {
    const double r = pub ? rounded(v, decimals) : v;
    c.reals.push_back(std::isfinite(r) ? r : 0);
    c.null.push_back(std::isfinite(r) ? 0 : 1);
  };
  for (size_t a = areas.begin; a < areas.stop(hs.n_areas); ++a)
    for (size_t g = 0; g < hs.n_groups; ++g) {
      const size_t i = a * hs.n_groups + g;
      t.columns[0].strings.push_back(codes[a]);
      t.columns[1].strings.push_back(category_keys[g]);
      put(t.columns[2], hs.z[i], 2);
      put(t.columns[3], hs.p[i], 4);
      put(t.columns[4], hs.p_sim[i], 4);
      put(t.columns[5], hs.p_adj[i], 4);
      t.columns[6].strings.push_back(hs.gi_class[i]);
    }
  return t;
}

}  // namespace brandpunt::pipeline
