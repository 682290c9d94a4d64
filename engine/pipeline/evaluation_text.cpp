// evaluation.md, the stadsdeel packs' evaluation section and run.json "evaluation", all read
// from the rows of evaluation.csv, so the three always say the same.
#include <cmath>
#include <map>
#include <tuple>

#include "pipeline/evaluation_parts.hpp"

namespace brandpunt::pipeline {

namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;  // sec, lvl, scope, cat, subj

struct Index {
  std::map<Key, std::map<std::string, double>> m;
  std::vector<Key> order;  // first appearance
  explicit Index(const EvaluationRows& r) {
    for (size_t i = 0; i < r.size(); ++i) {
      Key k{r.section[i], r.level[i], r.scope[i], r.category[i], r.subject[i]};
      auto [it, fresh] = m.try_emplace(k);
      if (fresh) order.push_back(k);
      it->second[r.measure[i]] = r.value[i];
    }
  }
  double get(const Key& k, const std::string& measure) const {
    const auto it = m.find(k);
    if (it == m.end()) return NAN;
    const auto v = it->second.find(measure);
    return v == it->second.end() ? NAN : v->second;
  }
};

std::string num(double v, int decimals, bool nl) {
  if (!std::isfinite(v)) return "–";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (nl)
    for (char& c : s)
      if (c == '.') c = ',';
  return s;
}
std::string pct(double share, bool nl) { return std::isfinite(share) ? num(100 * share, 1, nl) + " %" : "–"; }

std::string label_of(const ScoredLevel& s, const std::string& key, bool nl) {
  const auto& k = s.keys->keys;
  for (size_t i = 0; i < k.size(); ++i)
    if (k[i] == key) return nl ? s.keys->labels[i] : s.keys->labels_en[i];
  return key;
}

nlohmann::json finite(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

// The out-of-sample table of one scope: a row per level, category and list.
std::string out_of_sample_table(const Index& ix, const std::vector<ScoredLevel>& levels, const std::string& scope,
                                bool nl, bool with_baseline, const std::string& top) {
  std::string md = nl ? "| niveau | categorie | lijst | gebieden | aandeel oppervlak | trefkans | PAI | PEI | RRI |"
                      : "| level | category | list | areas | share of area | hit rate | PAI | PEI | RRI |";
  md += with_baseline ? (nl ? " PAI willekeurig (95e pct) |\n" : " random PAI (95th pct) |\n") : "\n";
  md += with_baseline ? "|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n" : "|---|---|---|---:|---:|---:|---:|---:|---:|\n";
  int rows = 0;
  for (const ScoredLevel& s : levels)
    for (size_t g = 0; g < s.f->n_groups; ++g)
      for (const char* list : {"top_n", "hotspots"}) {
        const Key k{"out_of_sample", s.name, scope, s.keys->keys[g], list};
        if (!ix.m.count(k)) continue;
        // A pack shows the stadsdeel's top lists of straten and buurten; wijken are too few in
        // one stadsdeel for a top list to choose among them.
        if (!with_baseline && (std::string(list) != "top_n" || (s.name != "straat" && s.name != "buurt"))) continue;
        const double areas = ix.get(k, "areas");
        md += "| " + s.name + " | " + label_of(s, s.keys->keys[g], nl) + " | " +
              (std::string(list) == "top_n" ? "top " + top + " T1" : std::string(nl ? "hotspots T1" : "hot spots T1")) +
              " | " + num(areas, 0, nl) + " | " +
              pct(ix.get(k, "size_share"), nl) + " | " + pct(ix.get(k, "hit_rate"), nl) + " | " +
              num(ix.get(k, "pai"), 2, nl) + " | " + num(ix.get(k, "pei"), 2, nl) + " | " + num(ix.get(k, "rri"), 2, nl) +
              " |";
        if (with_baseline)
          md += " " + num(ix.get(k, "random_mean_pai"), 2, nl) + " (" + num(ix.get(k, "random_p95_pai"), 2, nl) + ") |";
        md += "\n";
        ++rows;
      }
  return rows ? md : "";
}

}  // namespace

void write_evaluation_text(const EvaluationInput& in, const std::vector<ScoredLevel>& levels, EvaluationResult& r) {
  const PipelineConfig& cfg = *in.cfg;
  const Periods& p = *in.periods;
  const bool nl = cfg.focus.language != "en";
  const bool pub = cfg.privacy.profile == Profile::public_;
  const Index ix(r.rows);
  const std::string gm = in.levels->gemeente.code.empty() ? "gemeente" : in.levels->gemeente.code[0];
  const std::string top = std::to_string(cfg.evaluation.top_n);

  std::string md = nl ? "# Evaluatie\n\n" : "# Evaluation\n\n";
  md += nl ? "De lijst die voor de vorige periode (T1, " + p.label(kPrevious) + ") gemaakt zou zijn, gescoord op deze periode "
                 "(T2, " + p.label(kCurrent) + "): de top " + top + " gebieden naar aantal in T1, en de Gi*-hotspots "
                 "(95 %) van T1. Trefkans = aandeel van de T2-incidenten in de gekozen gebieden; PAI = trefkans / "
                 "aandeel oppervlak (straten: straatlengte; Chainey e.a. 2008); PEI = PAI / de hoogst mogelijke PAI "
                 "voor dezelfde oppervlakte; RRI = PAI(T2) / PAI(T1) (Levine 2008; < 1: de gebieden koelen af). "
                 "Een willekeurige lijst heeft een PAI van ongeveer 1.\n"
           : "The list that would have been made for the previous period (T1, " + p.label(kPrevious) +
                 ") scored on this period (T2, " + p.label(kCurrent) + "): the top " + top +
                 " areas by T1 count, and the Gi* hot spots (95 %) of T1. Hit rate = share of the T2 incidents in the "
                 "chosen areas; PAI = hit rate / share of area (straten: street length; Chainey et al. 2008); PEI = "
                 "PAI / the best PAI possible for the same area; RRI = PAI(T2) / PAI(T1) (Levine 2008; < 1: the areas "
                 "cool down). A random list has a PAI of about 1.\n";
  md += pub ? (nl ? "\nAlles is berekend uit de gepubliceerde (beschermde) aantallen.\n"
                  : "\nEverything is computed from the published (protected) counts.\n")
            : (nl ? "\nBerekend uit de exacte aantallen (profiel restricted).\n"
                  : "\nComputed from the exact counts (profile restricted).\n");
  md += nl ? "\n## Voorspelde de lijst van de vorige periode deze periode?\n\n" : "\n## Did the previous period's list predict this one?\n\n";
  md += out_of_sample_table(ix, levels, gm, nl, true, top);

  md += nl ? "\n## Terugtoets per maand\n\nElke maand de top " + top + " naar aantal, gescoord op de maand " +
                 std::to_string(cfg.evaluation.horizon) + " later (hele stad).\n\n"
                 "| niveau | categorie | maanden | gem. PAI | mediaan PAI | gem. PEI | gem. trefkans | maanden PAI > 1 |\n"
           : "\n## Back-test by month\n\nEach month's top " + top + " by count, scored on the month " +
                 std::to_string(cfg.evaluation.horizon) + " later (whole city).\n\n"
                 "| level | category | months | mean PAI | median PAI | mean PEI | mean hit rate | months PAI > 1 |\n";
  md += "|---|---|---:|---:|---:|---:|---:|---:|\n";
  for (const ScoredLevel& s : levels)
    for (size_t g = 0; g < s.f->n_groups; ++g) {
      const Key k{"backtest", s.name, gm, s.keys->keys[g], "top_n"};
      md += "| " + s.name + " | " + label_of(s, s.keys->keys[g], nl) + " | " + num(ix.get(k, "months"), 0, nl) + " | " +
            num(ix.get(k, "mean_pai"), 2, nl) + " | " + num(ix.get(k, "median_pai"), 2, nl) + " | " +
            num(ix.get(k, "mean_pei"), 2, nl) + " | " + pct(ix.get(k, "mean_hit_rate"), nl) + " | " +
            pct(ix.get(k, "share_months_pai_above_1"), nl) + " |\n";
    }

  md += nl ? "\n## Concentratie (" + p.label(kCurrent) + ")\n\nGini en gegeneraliseerde Gini G' (Bernasco & Steenbeek "
                 "2017), het kleinste aandeel gebieden met 25 % en 50 % van de incidenten, en wat willekeurige "
                 "toewijzing van hetzelfde aantal incidenten zou geven (Chalfin e.a. 2021).\n\n"
                 "| niveau | categorie | gebieden | incidenten | Gini | G' | 25 % in | 50 % in | G' willekeurig | 50 % willekeurig |\n"
           : "\n## Concentration (" + p.label(kCurrent) + ")\n\nGini and generalised Gini G' (Bernasco & Steenbeek "
                 "2017), the smallest share of areas holding 25 % and 50 % of the incidents, and what random "
                 "allocation of as many incidents would give (Chalfin et al. 2021).\n\n"
                 "| level | category | areas | incidents | Gini | G' | 25 % in | 50 % in | random G' | random 50 % |\n";
  md += "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const ScoredLevel& s : levels)
    for (size_t g = 0; g < s.f->n_groups; ++g) {
      const Key k{"concentration", s.name, gm, s.keys->keys[g], ""};
      md += "| " + s.name + " | " + label_of(s, s.keys->keys[g], nl) + " | " + num(ix.get(k, "areas"), 0, nl) + " | " +
            num(ix.get(k, "incidents"), 0, nl) + " | " + num(ix.get(k, "gini"), 2, nl) + " | " +
            num(ix.get(k, "gini_generalised"), 2, nl) + " | " + pct(ix.get(k, "areas_for_25pct"), nl) + " | " +
            pct(ix.get(k, "areas_for_50pct"), nl) + " | " + num(ix.get(k, "random_gini_generalised"), 2, nl) + " | " +
            pct(ix.get(k, "random_areas_for_50pct"), nl) + " |\n";
    }

  const nlohmann::json& ivs = r.report["interventions"];
  md += nl ? "\n## Interventies\n\n" : "\n## Interventions\n\n";
  if (ivs.empty())
    md += nl ? "Geen `[[intervention]]` in de configuratie.\n" : "No `[[intervention]]` in the config.\n";
  std::map<std::string, std::string> sd_text;
  for (const auto& iv : ivs) {
    const std::string name = iv["name"];
    std::string block = "### " + name + "\n\n**" + iv["verdict"].get<std::string>() + "**\n\n";
    block += (nl ? "Voor en na: " : "Before and after: ") + iv["period"].get<std::string>() + " (" + iv["category"].get<std::string>() +
             ", " + iv["level"].get<std::string>() + ").\n\n";
    block += nl ? "| groep | gebieden | voor | na | verandering per maand |\n|---|---:|---:|---:|---:|\n"
                : "| group | areas | before | after | change per month |\n|---|---:|---:|---:|---:|\n";
    for (const char* grp : {"treated", "control", "displacement", "displacement_control"}) {
      const Key k{"intervention", iv["level"], name, iv["category"], grp};
      if (!ix.m.count(k)) continue;
      block += std::string("| ") + grp + " | " + num(ix.get(k, "areas"), 0, nl) + " | " + num(ix.get(k, "before"), 0, nl) +
               " | " + num(ix.get(k, "after"), 0, nl) + " | " + num(ix.get(k, "change_pct"), 1, nl) + " % |\n";
    }
    const Key e{"intervention", iv["level"], name, iv["category"], "effect"};
    block += "\nWDD " + num(ix.get(e, "wdd"), 2, nl) + ", SE " + num(ix.get(e, "wdd_se"), 2, nl) + ", z " +
             num(ix.get(e, "wdd_z"), 2, nl) + ", p " + num(ix.get(e, "wdd_p"), 3, nl) + (nl ? "; E-toets p " : "; E-test p ") +
             num(ix.get(e, "e_test_p"), 3, nl) + (nl ? " (Wheeler & Ratcliffe 2018; Krishnamoorthy & Thomson 2004)\n\n"
                                                     : " (Wheeler & Ratcliffe 2018; Krishnamoorthy & Thomson 2004)\n\n");
    md += block;
    for (const auto& sd : iv["stadsdelen"]) sd_text[sd.get<std::string>()] += "- **" + name + "**: " + iv["verdict"].get<std::string>() + "\n";
  }
  md += nl ? "\n## Near-repeat en tijdstip\n\n" : "\n## Near-repeat and time of day\n\n";
  if (pub)
    md += nl ? "Niet berekend: alleen in het profiel restricted. De Knox-tabel en het profiel uur × weekdag "
               "lezen posities en tijden van afzonderlijke incidenten, die het openbare profiel niet publiceert.\n"
             : "Not computed: restricted profile only. The Knox table and the hour × weekday profile read the "
               "positions and times of single incidents, which the public profile does not publish.\n";
  else if (!r.report["near_repeat"].value("computed", false))
    md += (nl ? "Knox-tabel niet berekend: " : "Knox table not computed: ") +
          r.report["near_repeat"]["reason"].get<std::string>() + ".\n";
  else
    md += nl ? "De Knox-tabel (woninginbraak, analyseperiode) en het profiel uur × weekdag staan in `evaluation.csv` "
               "(secties `near_repeat` en `time_of_day`).\n"
             : "The Knox table (burglary, analysis period) and the hour × weekday profile are in `evaluation.csv` "
               "(sections `near_repeat` and `time_of_day`).\n";
  if (r.report["near_repeat_area"].value("computed", false)) {
    const Key same{"near_repeat_area", "buurt", gm, "woninginbraak", "same buurt, 0 months apart"};
    const Key next{"near_repeat_area", "buurt", gm, "woninginbraak", "neighbouring buurten, 0 months apart"};
    md += nl ? "\nWoninginbraak op buurtniveau (Knox-tabel uit de " + std::string(pub ? "gepubliceerde" : "exacte") +
                   " aantallen per buurt en maand, laatste 12 maanden): paren in dezelfde buurt en maand " +
                   num(ix.get(same, "knox_ratio"), 2, nl) + "× verwacht (p " + num(ix.get(same, "p"), 2, nl) +
                   "), in buurbuurten in dezelfde maand " + num(ix.get(next, "knox_ratio"), 2, nl) + "× (p " +
                   num(ix.get(next, "p"), 2, nl) + "); de hele tabel staat in `evaluation.csv` (sectie `near_repeat_area`).\n"
             : "\nBurglary at buurt level (Knox table from the " + std::string(pub ? "published" : "exact") +
                   " counts per buurt and month, last 12 months): pairs in the same buurt and month " +
                   num(ix.get(same, "knox_ratio"), 2, nl) + "× expected (p " + num(ix.get(same, "p"), 2, nl) +
                   "), in neighbouring buurten in the same month " + num(ix.get(next, "knox_ratio"), 2, nl) + "× (p " +
                   num(ix.get(next, "p"), 2, nl) + "); the whole table is in `evaluation.csv` (section `near_repeat_area`).\n";
  }
  r.markdown = md;

  // The packs: this stadsdeel's lists and the interventions in it.
  for (const auto& code : in.levels->stadsdeel.code) {
    std::string table = out_of_sample_table(ix, levels, code, nl, false, top);
    std::string sec = nl ? "## Evaluatie\n\nDe top " + top + " van de vorige periode (" + p.label(kPrevious) +
                               ") in dit stadsdeel, gescoord op deze periode; een PAI boven 1 betekent dat de lijst "
                               "meer incidenten ving dan zijn oppervlak.\n\n"
                         : "## Evaluation\n\nThe top " + top + " of the previous period (" + p.label(kPrevious) +
                               ") in this city district, scored on this period; a PAI above 1 means the list caught "
                               "more incidents than its area.\n\n";
    sec += table.empty() ? (nl ? "Geen gebieden om te scoren.\n" : "No areas to score.\n") : table;
    if (sd_text.count(code)) sec += (nl ? "\nInterventies:\n\n" : "\nInterventions:\n\n") + sd_text[code];
    sec += nl ? "\nAlle cijfers, de terugtoets en de concentratie: `../../evaluation.md` in de hoofdmap van de run.\n\n"
              : "\nEvery figure, the back-test and the concentration: `../../evaluation.md` in the run's main folder.\n\n";
    r.pack_section[code] = sec;
  }

  // run.json: the citywide totaal per level, the options, and where the rest is.
  nlohmann::json oos = nlohmann::json::object(), bt = nlohmann::json::object(), conc = nlohmann::json::object();
  for (const ScoredLevel& s : levels) {
    for (const char* list : {"top_n", "hotspots"}) {
      const Key k{"out_of_sample", s.name, gm, "totaal", list};
      if (!ix.m.count(k)) continue;
      nlohmann::json j = nlohmann::json::object();
      for (const char* m : {"areas", "size_share", "hit_rate", "pai", "pei", "rri", "random_mean_pai", "random_p"})
        j[m] = finite(ix.get(k, m));
      oos[s.name][list] = j;
    }
    const Key b{"backtest", s.name, gm, "totaal", "top_n"};
    bt[s.name] = {{"months", finite(ix.get(b, "months"))}, {"mean_pai", finite(ix.get(b, "mean_pai"))},
                  {"mean_pei", finite(ix.get(b, "mean_pei"))}, {"mean_hit_rate", finite(ix.get(b, "mean_hit_rate"))}};
    const Key c{"concentration", s.name, gm, "totaal", ""};
    conc[s.name] = {{"gini", finite(ix.get(c, "gini"))}, {"gini_generalised", finite(ix.get(c, "gini_generalised"))},
                    {"random_gini_generalised", finite(ix.get(c, "random_gini_generalised"))},
                    {"areas_for_50pct", finite(ix.get(c, "areas_for_50pct"))}};
  }
  r.report["files"] = {"evaluation.csv", "evaluation.md"};
  r.report["source"] = pub ? "the released counts (public profile)" : "the exact counts (restricted profile)";
  r.report["options"] = {{"horizon", cfg.evaluation.horizon}, {"top_n", cfg.evaluation.top_n},
                         {"random_draws", cfg.evaluation.random_draws}, {"seed", cfg.evaluation.seed}};
  r.report["periods"] = {{"t1", p.label(kPrevious)}, {"t2", p.label(kCurrent)}};
  r.report["out_of_sample_totaal"] = oos;
  r.report["backtest_totaal"] = bt;
  r.report["concentration_totaal"] = conc;
  r.report["rows"] = r.rows.size();
}

}  // namespace brandpunt::pipeline
