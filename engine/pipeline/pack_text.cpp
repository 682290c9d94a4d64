#include "pipeline/pack_text.hpp"

#include <filesystem>
#include <map>

#include "output/symbology.hpp"

namespace brandpunt::pipeline {

namespace {

// Markdown's emphasis marks in a caption ("Gi*") are escaped, so the italic line stays one.
std::string escaped(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '_' || c == '[' || c == ']') out += '\\';
    out += c;
  }
  return out;
}

std::string image(const report::Picture& p) {
  const std::string caption = escaped(p.caption);
  return "![" + caption + "](" + p.file + ")\n\n*" + caption + "*\n\n";
}

// What a file of the pack holds, by its stem and extension.
std::string describe(const std::string& stem, const std::string& ext, bool nl) {
  if (stem == "buurt" || stem == "wijk" || stem == "straat") {
    const std::string what = stem == "buurt"  ? (nl ? "de buurten" : "the buurten (neighbourhoods)")
                             : stem == "wijk" ? (nl ? "de wijken" : "the wijken (districts)")
                                              : (nl ? "de straten (een straat per buurt)" : "the streets (one street per buurt)");
    const bool rates = stem != "straat";  // streets have no inhabitants
    return nl ? what + " van dit stadsdeel met aantallen" + (rates ? ", cijfers per 1.000 inwoners" : "") +
                    ", hotspotklasse (`gi_class_*`) en trend (`trend_*`, `emerging_*`); een kaartlaag voor QGIS of ArcGIS"
              : what + " of this city district with counts" + (rates ? ", rates per 1,000 inhabitants" : "") +
                    ", hot spot class (`gi_class_*`) and trend (`trend_*`, `emerging_*`); a map layer for QGIS or ArcGIS";
  }
  if (stem == "grid_hotspots") return nl ? "hotspots op een raster van zeshoeken (kaartlaag)" : "hot spots on a hexagon grid (map layer)";
  if (stem == "focus") return ext == ".md" ? (nl ? "de focuslijsten om te lezen" : "the focus lists to read")
                                           : (nl ? "de focuslijsten als tabel (Excel)" : "the focus lists as a table (Excel)");
  if (stem == "indicators") return ext == ".md" ? (nl ? "de indicatoren om te lezen" : "the indicators to read")
                                                : (nl ? "de indicatoren als tabel (Excel)" : "the indicators as a table (Excel)");
  if (stem == "map") return nl ? "de kaart om in te zoomen: openen in een webbrowser (werkt zonder internet)"
                               : "the map to zoom in on: open it in a web browser (works without internet)";
  if (stem == "map_buurten") return nl ? "kaart van de buurten naar hotspotklasse" : "map of the buurten by hot spot class";
  if (stem == "map_focus") return nl ? "kaart van het eerste focusgebied" : "map of the first focus area";
  if (stem == "chart_months") return nl ? "grafiek van de incidenten per maand" : "chart of the incidents per month";
  return "";
}

}  // namespace

std::string maps_markdown(const report::PackPictures& p, bool nl) {
  bool page = false;
  for (const auto& f : p.files) page = page || std::filesystem::path(f).filename() == "map.html";
  if (!page) return "";
  std::string md = nl ? "## Kaarten\n\nOpen `map.html` in een webbrowser voor een kaart waarop u kunt in- en "
                        "uitzoomen en op een gebied klikken voor de cijfers en de maanden; de kaart werkt zonder "
                        "internet.\n\n"
                      : "## Maps\n\nOpen `map.html` in a web browser for a map to zoom in on; click an area for its "
                        "figures and months. The map works without internet.\n\n";
  for (const auto* pic : {&p.buurten, &p.focus, &p.months})
    if (*pic) md += image(**pic);
  return md;
}

std::string files_markdown(const std::vector<std::string>& files, bool nl) {
  // One line per stem, its formats together: "`buurt.geojson`, `buurt.gpkg`: ...".
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::string>> names;
  std::map<std::string, std::string> text;
  for (const auto& f : files) {
    const std::filesystem::path p(f);
    const std::string ext = p.extension().string();
    // focus.md and focus.csv say different things: keyed by the file; layers by their stem.
    const std::string stem = p.stem().string();
    const bool layer = ext == ".geojson" || ext == ".gpkg" || ext == ".fgb";
    const std::string key = layer ? stem : f;
    const std::string d = describe(stem, ext, nl);
    if (d.empty()) continue;
    if (!names.count(key)) order.push_back(key);
    names[key].push_back(f);
    text[key] = d;
  }
  std::string md = nl ? "## Bestanden\n\n" : "## Files\n\n";
  for (const auto& key : order) {
    std::string list;
    for (const auto& f : names[key]) list += (list.empty() ? "`" : ", `") + f + "`";
    md += "- " + list + ": " + text[key] + ".\n";
  }
  md += nl ? "\nEen `.geojson`-bestand opent u in QGIS door het in het kaartvenster te slepen; de kaartlagen "
             "staan in lengte- en breedtegraad (WGS 84).\n\n"
           : "\nOpen a `.geojson` file in QGIS by dragging it onto the map; the layers are in longitude and "
             "latitude (WGS 84).\n\n";
  return md;
}

std::string glossary_markdown(const Taxonomy& taxonomy, bool nl) {
  std::string hic_subs;
  for (const auto& s : taxonomy.subs)
    if (taxonomy.mains[s.main].key == "hic")
      hic_subs += (hic_subs.empty() ? "" : ", ") + (nl ? s.label_nl : s.label_en);
  std::string md = nl ? "## Woordenlijst\n\n" : "## Glossary\n\n";
  auto item = [&](const std::string& term, const std::string& text) { md += "- **" + term + "**: " + text + "\n"; };
  if (nl) {
    item("Hotspot en coldspot (Gi\\*)",
         "een gebied waar, samen met de gebieden eromheen, duidelijk meer (hotspot) of minder (coldspot) "
         "incidenten zijn dan gemiddeld in de gemeente, meer dan toeval verklaart. 90, 95 of 99 % zegt hoe zeker "
         "dat is. De toets heet Getis-Ord Gi\\*; op de kaarten is een hotspot rood en een coldspot blauw.");
    item("Hoge uitschieter (Local Moran)",
         "een gebied met veel incidenten tussen buren met weinig: een plek op zich, geen deel van een groter gebied.");
    item("× verwacht (SIR)",
         "het aantal gedeeld door het aantal dat u zou verwachten op grond van het aantal inwoners, de "
         "oppervlakte of de straatlengte: 2,0× verwacht is twee keer zoveel als verwacht.");
    item("Gecorrigeerde p", "de kans dat zo'n uitkomst toeval is, gecorrigeerd voor het aantal gebieden dat is "
                            "getoetst; kleiner dan 0,05 geldt als duidelijk.");
    item("Trend (Mann-Kendall)",
         "of het aantal per maand over de hele reeks steeds stijgt of daalt. De Mann-Kendall-toets kijkt of "
         "latere maanden vaker hoger (of lager) zijn dan eerdere, niet of het een rechte lijn is.");
    item("Per 1.000 inwoners, EB-gecorrigeerd",
         "een cijfer per 1.000 inwoners is in kleine buurten onrustig (één incident meer verdubbelt het); "
         "EB (empirical Bayes) trekt zulke cijfers naar het gemiddelde van de stad, zodat kleine buurten niet "
         "alleen door toeval bovenaan staan.");
    item("hic (High Impact Crimes)", "misdrijven met grote gevolgen voor slachtoffers: " + hic_subs + ".");
    item("Opkomende hotspots (`emerging_*`)",
         "hoe een hotspot zich maand na maand ontwikkelde (de indeling van ArcGIS):");
  } else {
    item("Hot spot and cold spot (Gi\\*)",
         "an area where, together with the areas around it, there are clearly more (hot spot) or fewer (cold "
         "spot) incidents than on average in the city, more than chance explains. 90, 95 or 99 % says how sure "
         "that is. The test is called Getis-Ord Gi\\*; on the maps a hot spot is red and a cold spot blue.");
    item("Hot outlier (Local Moran)",
         "an area with many incidents among neighbours with few: a place of its own, not part of a larger area.");
    item("× expected (SIR)",
         "the count divided by the count you would expect from the number of inhabitants, the area or the "
         "length of the streets: 2.0× expected is twice as many as expected.");
    item("Adjusted p", "the chance that such a result is chance, adjusted for the number of areas tested; "
                       "below 0.05 counts as clear.");
    item("Trend (Mann-Kendall)",
         "whether the count per month keeps rising or falling over the whole series. The Mann-Kendall test "
         "looks at whether later months are more often higher (or lower) than earlier ones, not whether it is "
         "a straight line.");
    item("Per 1,000 inhabitants, EB-adjusted",
         "a rate per 1,000 inhabitants is unsteady in small buurten (one incident more doubles it); EB "
         "(empirical Bayes) pulls such rates towards the city's average, so that small buurten do not top a "
         "list by chance alone.");
    item("hic (high impact crimes)", "crimes with a heavy impact on victims: " + hic_subs + ".");
    item("Emerging hot spots (`emerging_*`)", "how a hot spot developed month by month (ArcGIS's categories):");
  }
  // The hot spot categories with ArcGIS's definitions (time/emerging.hpp); cold spots mirror them.
  const std::vector<std::pair<std::string, std::pair<const char*, const char*>>> emerging = {
      {"new_hot_spot", {"alleen in de laatste maand een hotspot, nooit eerder", "a hot spot in the last month only, never before"}},
      {"consecutive_hot_spot",
       {"een hotspot in de laatste maanden achter elkaar, daarvoor nooit",
        "a hot spot in the last months in a row, never before that"}},
      {"intensifying_hot_spot",
       {"bijna altijd een hotspot (90 % van de maanden), en steeds sterker",
        "almost always a hot spot (90 % of the months), and ever stronger"}},
      {"persistent_hot_spot",
       {"bijna altijd een hotspot, zonder duidelijke toe- of afname", "almost always a hot spot, without a clear rise or fall"}},
      {"diminishing_hot_spot",
       {"bijna altijd een hotspot, maar steeds zwakker", "almost always a hot spot, but ever weaker"}},
      {"sporadic_hot_spot",
       {"nu een hotspot, eerder af en toe wel en af en toe niet", "a hot spot now, on and off before"}},
      {"oscillating_hot_spot",
       {"nu een hotspot, maar eerder ook eens een coldspot", "a hot spot now, but a cold spot at some time before"}},
      {"historical_hot_spot",
       {"vroeger bijna altijd een hotspot, in de laatste maand niet meer",
        "almost always a hot spot in the past, no longer in the last month"}},
  };
  for (const auto& [key, text] : emerging) {
    const output::LegendClass* c = output::find_class(output::emerging_classes(), key);
    md += "  - *" + (c ? c->label(nl ? "nl" : "en") : key) + "*: " + (nl ? text.first : text.second) + ";\n";
  }
  md += nl ? "  - coldspots op dezelfde manier, met minder incidenten dan gemiddeld.\n"
           : "  - cold spots in the same way, with fewer incidents than on average.\n";
  return md;
}

std::string map_notice(bool public_profile, const std::string& privacy_note, bool nl) {
  if (public_profile) return (nl ? "Openbaar profiel: " : "Public profile: ") + privacy_note + ".";
  return nl ? "VERTROUWELIJK (profiel restricted): exacte aantallen, niet publiceren."
            : "RESTRICTED (profile restricted): exact counts, not for publication.";
}

}  // namespace brandpunt::pipeline
