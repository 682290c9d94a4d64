// Stage 16: a review pack per stadsdeel.
#include <cstdio>

#include "pipeline/packs.hpp"
#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

namespace {

// "7" means "7 ± 2": the expected deviation of a buurt's and a straat's period count, in the
// report language ([focus] language).
std::string noise_note(const nlohmann::json& privacy, bool nl) {
  const nlohmann::json& t = privacy.contains("tables") ? privacy["tables"] : nlohmann::json::object();
  auto error = [&](const char* level) {
    if (!t.contains(level)) return std::string();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", t[level]["period"]["totaal"].get<double>());
    std::string s = buf;
    if (nl)
      for (char& c : s)
        if (c == '.') c = ',';
    return s;
  };
  if (!nl) {
    std::string note = "every count is published with a small random deviation (differential privacy), so that "
                       "no one can tell from the figures whether a particular incident is in them";
    if (!error("buurt").empty()) note += "; a count per buurt deviates by about " + error("buurt") + " from the true count on average";
    if (!error("straat").empty()) note += ", per street by about " + error("straat");
    return note + ". The tables still add up exactly (buurten to wijk, categories to the total)";
  }
  std::string note = "alle aantallen zijn gepubliceerd met een kleine willekeurige afwijking (differentiële privacy), "
                     "zodat niemand uit de cijfers kan afleiden of een bepaald incident erin zit";
  if (!error("buurt").empty()) note += "; een aantal per buurt wijkt gemiddeld ongeveer " + error("buurt") + " af van het echte aantal";
  if (!error("straat").empty()) note += ", per straat ongeveer " + error("straat");
  return note + ". De tabellen tellen wel precies op (buurten tot wijk, categorieën tot totaal)";
}

}  // namespace

void write_review_packs(const PipelineConfig& cfg, const Levels& levels, const Published& published,
                        const SurfaceResult& surfaces, const FocusResult& focus, const EvaluationResult& evaluation,
                        const Periods& periods, const nlohmann::json& privacy, const RunLog& log) {
  const auto files = write_packs(cfg, levels.stadsdeel, published.tables, published.geometry, surfaces.grid, focus,
                                 evaluation.pack_section, periods, noise_note(privacy, cfg.focus.language != "en"), cfg.output_dir);
  log.files.insert(log.files.end(), files.begin(), files.end());
}

}  // namespace brandpunt::pipeline
