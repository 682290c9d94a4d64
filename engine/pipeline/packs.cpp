#include "pipeline/packs.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>

#include "core/parallel.hpp"
#include "crs/transform.hpp"
#include "focus/report.hpp"
#include "focus/text.hpp"
#include "geom/ops.hpp"
#include "index/area_index.hpp"
#include "output/atomic_file.hpp"
#include "output/csv_writer.hpp"
#include "pipeline/layer_files.hpp"
#include "pipeline/pack_text.hpp"
#include "report/picture.hpp"

namespace fs = std::filesystem;

namespace brandpunt::pipeline {

namespace {

output::Table subset(const output::Table& t, const std::vector<size_t>& rows) {
  output::Table out;
  for (const auto& c : t.columns) {
    output::Column n;
    n.name = c.name;
    n.type = c.type;
    n.description = c.description;
    for (size_t r : rows) {
      if (c.type == output::FieldType::integer) n.ints.push_back(c.ints[r]);
      if (c.type == output::FieldType::real) n.reals.push_back(c.reals[r]);
      if (c.type == output::FieldType::string) n.strings.push_back(c.strings[r]);
      if (!c.null.empty()) n.null.push_back(c.null[r]);
    }
    out.columns.push_back(std::move(n));
  }
  return out;
}

output::LayerGeometry subset(const output::LayerGeometry& g, const std::vector<size_t>& rows) {
  output::LayerGeometry out;
  out.kind = g.kind;
  for (size_t r : rows) {
    if (g.kind == output::LayerGeometry::polygon) out.polygons.push_back(g.polygons[r]);
    if (g.kind == output::LayerGeometry::line) out.lines.push_back(g.lines[r]);
  }
  return out;
}

std::string cell(const output::Table& t, const std::string& column, size_t row, bool nl) {
  const output::Column* c = t.find(column);
  if (!c) return "";
  if (c->is_null(row)) return "–";
  if (c->type == output::FieldType::integer) return std::to_string(c->ints[row]);
  if (c->type == output::FieldType::string) return c->strings[row];
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", c->reals[row]);
  std::string s = buf;
  if (nl) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

}  // namespace

std::vector<std::string> write_packs(const PipelineConfig& cfg, const AreaLayer& stadsdelen,
                                     const std::array<output::Table, kLevelCount>& tables,
                                     const std::array<output::LayerGeometry, kLevelCount>& geometry,
                                     const GridLayer& grid, const FocusResult& focus,
                                      const std::map<std::string, std::string>& evaluation_sections,
                                      const Periods& periods, const std::string& privacy_note, const std::string& dir,
                                      const PackMaps* maps) {
  const Taxonomy taxonomy = taxonomy_of(cfg);
  // The stadsdeel of each grid cell: where an interior point of the cell lies.
  const index::AreaIndex sd_index(stadsdelen.geometry);
  geom::GeosContext geos;
  std::vector<uint32_t> grid_sd;
  for (const auto& mp : grid.geometry.polygons) {
    const XY p = mp.empty() ? XY{NAN, NAN} : geom::point_on_surface(geos, mp);
    grid_sd.push_back(sd_index.locate(p.x, p.y));
  }
  const output::Table& sd_table = tables[kStadsdeel];

  // One pack per stadsdeel, on cfg.threads threads: each pack writes only its own folder and
  // its own list of files, and the lists are joined in stadsdeel order, so the bytes and the
  // list are the same at any thread count (GDAL, PROJ, GEOS and cairo objects are per pack).
  std::vector<std::vector<std::string>> pack_files_of(stadsdelen.size());
  const bool geojson = std::find(cfg.output.formats.begin(), cfg.output.formats.end(), "geojson") != cfg.output.formats.end();
  core::parallel_chunks(stadsdelen.size(), cfg.threads, [&](size_t begin, size_t end) {
    // One transformer to longitude/latitude per thread for all its packs' GeoJSON layers.
    std::optional<crs::Transformer> to_lonlat;
    if (geojson) to_lonlat.emplace(cfg.analysis_crs, "EPSG:4326");
    for (size_t s = begin; s < end; ++s) {
      std::vector<std::string>& files = pack_files_of[s];
      const std::string& code = stadsdelen.code[s];
      const std::string rel = "packs/" + code + "/";
      fs::create_directories(fs::path(dir) / rel);
      const size_t first_file = files.size();
      auto write_layer = [&](const std::string& name, const output::Table& t, const output::LayerGeometry& g) {
        write_layer_formats(cfg, dir, rel + name, t, g, files, nullptr, to_lonlat ? &*to_lonlat : nullptr);
      };
      std::set<std::string> codes_in_sd;
      const bool straten = tables[kStraat].rows() > 0;  // no street data: no straat level
      for (int l : {kStraat, kBuurt, kWijk}) {
        const output::Table& t = tables[static_cast<size_t>(l)];
        if (l == kStraat && !straten) continue;
        const output::Column* sd = t.find("stadsdeel_code");
        std::vector<size_t> rows;
        for (size_t r = 0; r < t.rows(); ++r)
          if (sd->strings[r] == code) {
            rows.push_back(r);
            codes_in_sd.insert(t.find("code")->strings[r]);
          }
        write_layer(level_name(l), subset(t, rows), subset(geometry[static_cast<size_t>(l)], rows));
      }
      std::vector<size_t> cells;
      for (size_t c = 0; c < grid_sd.size(); ++c)
        if (grid_sd[c] == s) cells.push_back(c);
      if (!grid.table.columns.empty())  // [analysis] surfaces = false: no grid
        write_layer("grid_hotspots", subset(grid.table, cells), subset(grid.geometry, cells));

      std::vector<focus::FocusList> lists;
      for (const auto& l : focus.lists)
        if (l.scope == code) lists.push_back(l);
      std::vector<focus::Signal> signals;
      for (const auto& sig : focus.signals)
        if (codes_in_sd.count(sig.code) || codes_in_sd.count(sig.parent_code)) signals.push_back(sig);
      if (cfg.analysis.focus) {
        output::write_text_atomic((fs::path(dir) / (rel + "focus.md")).string(), focus::focus_markdown(lists, signals, cfg.focus.language));
        output::write_text_atomic((fs::path(dir) / (rel + "focus.csv")).string(), focus::focus_csv(lists));
        files.push_back(rel + "focus.md");
        files.push_back(rel + "focus.csv");
      }
      std::vector<focus::IndicatorResult> ind;
      for (const auto& r : focus.month)
        if (r.level == "gemeente" || codes_in_sd.count(r.code)) ind.push_back(r);
      if (!cfg.indicators.empty()) {
        output::write_text_atomic((fs::path(dir) / (rel + "indicators.md")).string(),
                                  focus::indicators_markdown(ind, (cfg.focus.language == "en" ? "Indicators " : "Indicatoren ") +
                                                                      focus.month_label, cfg.focus.language));
        output::write_text_atomic((fs::path(dir) / (rel + "indicators.csv")).string(), focus::indicators_csv(ind));
        files.push_back(rel + "indicators.md");
        files.push_back(rel + "indicators.csv");
      }

      // The map page and the pictures, made from the pack's files just written.
      report::PackPictures pictures;
      if (maps) {
        pictures = report::write_pack_report(dir, code, stadsdelen.name[s], maps->options, &maps->run);
        files.insert(files.end(), pictures.files.begin(), pictures.files.end());
      }

      // README.md for the stadsdeelregisseur, in the report language.
      const bool nl = cfg.focus.language != "en";
      const output::Column* sd_codes = sd_table.find("code");
      const size_t row = static_cast<size_t>(std::find(sd_codes->strings.begin(), sd_codes->strings.end(), code) -
                                             sd_codes->strings.begin());
      // A restricted pack says so on its first line: it must never pass for publishable output.
      const bool pub = cfg.privacy.profile == Profile::public_;
      std::string md = pub ? ""
                       : nl ? "**VERTROUWELIJK (profiel restricted): exacte aantallen, niet publiceren.**\n\n"
                            : "**RESTRICTED (profile restricted): exact counts, not for publication.**\n\n";
      md += (nl ? "# Reviewpakket stadsdeel " : "# Review pack, city district ") + stadsdelen.name[s] + " (" + code + ")\n\n";
      md += nl ? "Analyseperiode **" + periods.label(kCurrent) + "**, vergeleken met de vorige periode (" +
                     periods.label(kPrevious) + ") en dezelfde periode een jaar eerder (" + periods.label(kLastYear) + ").\n"
               : "Analysis period **" + periods.label(kCurrent) + "**, compared with the previous period (" +
                     periods.label(kPrevious) + ") and the same period a year earlier (" + periods.label(kLastYear) + ").\n";
      md += nl ? std::string("Profiel: **") + (pub ? "openbaar" : "vertrouwelijk") + "**"
               : std::string("Profile: **") + (pub ? "public" : "restricted") + "**";
      if (pub) md += " — " + privacy_note;
      md += ".\n";
      if (!straten)
        md += nl ? "\nEr zijn geen straten (geen stratenlaag, en geen straatnaam bij de incidenten die vaak genoeg "
                   "voorkomt om te publiceren): er is geen straatniveau gemaakt, dus ook geen straatlaag en "
                   "geen straatlijsten.\n"
                 : "\nThere are no straten (no street layer, and no street name on the incidents frequent enough to "
                   "publish): no street level was made, so there is no street layer and there are no street "
                   "lists.\n";
      const std::string months = std::to_string(periods.months);
      md += nl ? "\n## In het kort\n\n| categorie | aantal | vorige periode | jaar eerder | per 1.000 inwoners in " + months + " mnd |\n|---|---:|---:|---:|---:|\n"
               : "\n## At a glance\n\n| category | count | previous period | a year earlier | per 1,000 inhabitants in " + months + " months |\n|---|---:|---:|---:|---:|\n";
      for (const auto& c : sd_table.columns) {
        if (c.name.rfind("n_", 0) != 0 || c.name.find("_prev") != std::string::npos ||
            c.name.find("_ly") != std::string::npos)
          continue;
        const std::string key = c.name.substr(2);
        md += "| " + key + " | " + cell(sd_table, c.name, row, nl) + " | " + cell(sd_table, c.name + "_prev", row, nl) +
              " | " + cell(sd_table, c.name + "_ly", row, nl) + " | " + cell(sd_table, "rate_" + key, row, nl) + " |\n";
      }
      // A rate over the analysis period, not a year: said where it is read.
      md += nl ? "\nAantallen en cijfers gelden voor de analyseperiode van " + months + " maanden (" + periods.label(kCurrent) +
                     "); per 1.000 inwoners is het aantal in die " + months + " maanden per 1.000 inwoners, geen jaarcijfer.\n\n"
               : "\nCounts and rates are for the analysis period of " + months + " months (" + periods.label(kCurrent) +
                     "); per 1,000 inhabitants is the count in those " + months + " months per 1,000 inhabitants, not a yearly rate.\n\n";
      md += maps_markdown(pictures, nl);
      if (cfg.analysis.focus) {
        md += nl ? "\n## Waar vragen de cijfers aandacht?\n\n" : "\n## Where do the figures ask for attention?\n\n";
        int shown = 0;
        for (const auto& l : lists) {
          if (l.category != "totaal" || l.listed.empty()) continue;
          md += "**" + focus::level_heading(l.level, cfg.focus.language) + "** (" +
                (nl ? "alle incidenten" : "all incidents") + "):\n\n";
          for (size_t i = 0; i < l.listed.size() && i < 5; ++i) {
            const auto& r = l.listed[i];
            std::string reasons;
            for (const auto& x : r.reasons) reasons += (reasons.empty() ? "" : "; ") + x;
            md += std::to_string(r.rank) + ". " + r.c.name + " (" + r.c.code + ") — " + reasons + "\n";
            ++shown;
          }
          md += "\n";
        }
        if (shown == 0)
          md += nl ? "Geen gebieden op de focuslijst in deze periode.\n\n" : "No areas on the focus list in this period.\n\n";
        md += nl ? "De volledige lijsten per categorie, met de gebieden net onder de grens en wat ze van de lijst "
                   "hield en de gebieden waar een patroon afnam, staan in `focus.md`.\n\n"
                 : "The full lists per category, with the areas just below the cut-off and what kept them off, and "
                   "the areas where a pattern faded, are in `focus.md`.\n\n";
      }
      if (!ind.empty()) {
        int met = 0, not_met = 0, other = 0;
        for (const auto& r : ind) (r.status == "met" ? met : r.status == "not_met" ? not_met : other)++;
        md += nl ? "## Indicatoren\n\n" + std::to_string(met) + " gehaald, " + std::to_string(not_met) + " niet gehaald, " +
                       std::to_string(other) + " zonder (openbare) gegevens — zie `indicators.md`.\n\n"
                 : "## Indicators\n\n" + std::to_string(met) + " met, " + std::to_string(not_met) + " not met, " +
                       std::to_string(other) + " without (public) data — see `indicators.md`.\n\n";
      }
      if (const auto it = evaluation_sections.find(code); it != evaluation_sections.end()) md += it->second;
      std::vector<std::string> pack_files;  // relative to the pack
      for (size_t f = first_file; f < files.size(); ++f) pack_files.push_back(files[f].substr(rel.size()));
      md += files_markdown(pack_files, nl);
      md += glossary_markdown(taxonomy, nl);
      output::write_text_atomic((fs::path(dir) / (rel + "README.md")).string(), md);
      files.push_back(rel + "README.md");
    }
  }, 1);
  if (maps) report::release_fonts();  // every pack's pictures are drawn
  std::vector<std::string> all;
  for (auto& f : pack_files_of) all.insert(all.end(), f.begin(), f.end());
  return all;
}

}  // namespace brandpunt::pipeline
