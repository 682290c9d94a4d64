// Stage 13 (beside the layers): the spatial weights of each analysed level as GAL (neighbour
// lists) and, when the weights are not all 1 (row style, kernel), GWT files next to the layers,
// so GeoDa and PySAL (libpysal.io.open) read exactly the neighbours the statistics used.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "output/atomic_file.hpp"

#include "pipeline/stages.hpp"
#include "weights/gal.hpp"
#include "weights/summary.hpp"

namespace fs = std::filesystem;

namespace brandpunt::pipeline {

void write_weights_files(const PipelineConfig& cfg, const Levels& lv, const HotspotResults& hotspots,
                         const std::array<LevelInfo, kLevelCount>& info, const RunLog& log, nlohmann::json& report) {
  if (!cfg.analysis.hotspots) return;
  for (int l = 0; l < 3; ++l) {
    if (l == kWijk && lv.wijk_implicit) continue;  // no wijk level of its own
    // The weights as the statistics used them: row-standardised when the level's style says so.
    const LevelAnalysis& la = level_analysis(cfg, level_name(l));
    const weights::Weights& raw = hotspots.weights[static_cast<size_t>(l)];
    const weights::Weights w = la.weights.style == weights::WeightsStyle::row ? weights::row_standardised(raw) : raw;
    const std::vector<std::string>& codes = info[static_cast<size_t>(l)].code;
    if (w.n != codes.size()) continue;
    // GAL/GWT ids are whitespace-free tokens: straat codes ("BU..:Street name") are not, so
    // those files use the 1-based row of the level's layer and CSV instead.
    const bool by_code = std::none_of(codes.begin(), codes.end(), [](const std::string& c) {
      return c.empty() || c.find_first_of(" \t\r\n") != std::string::npos;
    });
    const std::span<const std::string> ids = by_code ? std::span<const std::string>(codes) : std::span<const std::string>();
    const weights::WeightsFileHeader header{level_name(l), by_code ? "code" : "row"};
    const std::string base = std::string(level_name(l)) + "_weights";
    weights::write_gal(fs::path(cfg.output_dir) / (base + ".gal"), w, ids, header);
    log.files.push_back(base + ".gal");
    nlohmann::json files = {base + ".gal"};
    const bool binary = std::all_of(w.values.begin(), w.values.end(), [](double v) { return v == 1.0; });
    if (!binary) {
      weights::write_gwt(fs::path(cfg.output_dir) / (base + ".gwt"), w, ids, header);
      log.files.push_back(base + ".gwt");
      files.push_back(base + ".gwt");
    }
    report[level_name(l)]["weights_files"] = files;
    report[level_name(l)]["weights_ids"] = by_code ? "area code" : "1-based row of the level's layer and CSV";
  }
}

namespace {

std::string cell(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_number()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v.get<double>());
    return buf;
  }
  return v.is_string() ? v.get<std::string>() : v.dump();
}

}  // namespace

void write_global_statistics(const PipelineConfig& cfg, const Levels& lv, const HotspotResults& hotspots,
                             const RunLog& log) {
  if (!cfg.analysis.hotspots) return;
  const bool en = cfg.focus.language == "en";
  std::string md = en ? "# Spatial clustering per level and category\n\n"
                        "Global Moran's I (> its expectation: similar counts lie together) and Getis-Ord General G\n"
                        "(> its expectation: high counts lie together), on the analysis-period counts with the\n"
                        "level's weights. Read these before the local hot spot classes: without global clustering,\n"
                        "local hot spots are rarer and weaker evidence. p: two-sided.\n"
                      : "# Ruimtelijke clustering per niveau en categorie\n\n"
                        "Globale Moran's I (boven de verwachting: gelijke aantallen liggen bij elkaar) en Getis-Ord\n"
                        "General G (boven de verwachting: hoge aantallen liggen bij elkaar), op de aantallen van de\n"
                        "analyseperiode met de gewichten van het niveau. Lees dit voor de lokale hotspotklassen: zonder\n"
                        "globale clustering zijn lokale hotspots zeldzamer en zwakker bewijs. p: tweezijdig.\n";
  std::string csv = "level,category,moran_i,moran_expected,moran_z_randomisation,moran_p_randomisation,"
                    "moran_z_normality,moran_p_normality,moran_p_permutation,general_g,general_g_expected,"
                    "general_g_z,general_g_p\n";
  const char* const keys[] = {"moran_i", "moran_expected", "moran_z_randomisation", "moran_p_randomisation",
                              "moran_z_normality", "moran_p_normality", "moran_p_permutation", "general_g",
                              "general_g_expected", "general_g_z", "general_g_p"};
  for (int l = 0; l < 3; ++l) {
    if (l == kWijk && lv.wijk_implicit) continue;
    const nlohmann::json& level = hotspots.report.contains(level_name(l)) ? hotspots.report[level_name(l)] : nlohmann::json();
    if (!level.contains("global") || level.value("n", 0) == 0) continue;  // no areas at this level
    md += "\n## " + std::string(level_name(l)) + " (" + cell(level["weights"]) + ")\n\n";
    md += en ? "| category | Moran's I | expected | z | p | General G z | p |\n"
             : "| categorie | Moran's I | verwacht | z | p | General G z | p |\n";
    md += "|---|---:|---:|---:|---:|---:|---:|\n";
    int rows = 0;
    for (const auto& row : level["global"]) {
      csv += std::string(level_name(l)) + "," + cell(row["category"]);
      for (const char* k : keys) csv += "," + (row.contains(k) ? cell(row[k]) : "");
      csv += "\n";
      // The Markdown table: totaal and the main categories (the CSV has every category).
      if (rows++ > 6) continue;
      md += "| " + cell(row["category"]) + " | " + cell(row["moran_i"]) + " | " + cell(row["moran_expected"]) + " | " +
            cell(row["moran_z_randomisation"]) + " | " + cell(row["moran_p_randomisation"]) + " | " +
            cell(row["general_g_z"]) + " | " + cell(row["general_g_p"]) + " |\n";
    }
  }
  output::write_text_atomic((fs::path(cfg.output_dir) / "global_statistics.md").string(), md);
  output::write_text_atomic((fs::path(cfg.output_dir) / "global_statistics.csv").string(), csv);
  log.files.push_back("global_statistics.md");
  log.files.push_back("global_statistics.csv");
}

}  // namespace brandpunt::pipeline
