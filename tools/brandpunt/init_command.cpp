// brandpunt init FOLDER-OR-FILES: looks at a police export and area layers (engine/io/inspect),
// writes a commented config that runs as it is, and prints what it guessed and what to check.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "commands.hpp"
#include "core/error.hpp"
#include "crs/suggest.hpp"
#include "crs/transform.hpp"
#include "io/inspect.hpp"
#include "pipeline/config.hpp"
#include "progress.hpp"

namespace fs = std::filesystem;

namespace brandpunt::cli {

namespace {

const std::set<std::string> kTableExt = {".csv", ".tsv", ".txt"};
const std::set<std::string> kLayerExt = {".geojson", ".json", ".gpkg", ".shp", ".fgb", ".gml", ".kml", ".sqlite"};

std::string ext_of(const fs::path& p) {
  std::string e = p.extension().string();
  for (auto& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

std::vector<fs::path> input_files(const std::vector<std::string>& inputs) {
  std::vector<fs::path> out;
  for (const auto& in : inputs) {
    const fs::path p = fs::absolute(in).lexically_normal();
    if (fs::is_directory(p)) {
      std::vector<fs::path> files;
      for (const auto& e : fs::directory_iterator(p))
        if (e.is_regular_file() && (kTableExt.count(ext_of(e.path())) || kLayerExt.count(ext_of(e.path()))))
          files.push_back(e.path());
      std::sort(files.begin(), files.end());
      out.insert(out.end(), files.begin(), files.end());
    } else if (fs::exists(p)) {
      out.push_back(p);
    } else {
      throw Error(ErrorKind::io, "file or folder not found").at_file(p.string());
    }
  }
  if (out.empty()) throw Error(ErrorKind::io, "no CSV or GDAL vector files found in the inputs");
  return out;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string relative_to(const fs::path& file, const fs::path& config_dir) {
  const fs::path rel = file.lexically_relative(config_dir);
  return rel.empty() ? file.string() : rel.string();
}

}  // namespace

int init_command(const InitArgs& a) {
  const fs::path config = fs::absolute(a.output).lexically_normal();
  if (fs::exists(config) && !a.force)
    throw Error(ErrorKind::io, "the config file exists already (use --force to overwrite it)").at_file(config.string());
  const fs::path config_dir = config.parent_path();

  // Profile every file: polygon layers are areas, point layers and tables are incidents.
  std::vector<io::TableProfile> layers, tables;
  std::vector<std::string> notes;
  for (const fs::path& f : input_files(a.inputs)) {
    try {
      io::TableProfile t = io::profile_table(f.string());
      if (t.csv || t.geometry == "point") tables.push_back(std::move(t));
      else if (t.geometry == "polygon") layers.push_back(std::move(t));
      else notes.push_back(f.string() + ": not a table, point or polygon layer; not used");
    } catch (const Error& e) {
      notes.push_back(f.string() + ": " + e.message() + "; not used");
    }
  }
  if (tables.empty()) throw Error(ErrorKind::config, "no incident file (CSV or point layer) among the inputs");
  if (layers.empty()) throw Error(ErrorKind::config, "no area layer (polygons: buurten, wijken) among the inputs");

  const io::AreaGuess areas = io::guess_areas(layers);
  const io::LevelGuess& buurt = areas.levels.front();
  const io::TableProfile* buurt_profile = nullptr;
  for (const auto& l : layers)
    if (l.path == buurt.path) buurt_profile = &l;
  std::string area_crs = buurt.crs;
  if (area_crs.empty()) area_crs = crs::crs_from_extent(buurt_profile->extent).value_or("");
  if (area_crs.empty())
    throw Error(ErrorKind::crs, "the buurt layer has no CRS and its extent does not tell one; add a .prj")
        .at_file(buurt.path);

  // The incident file: the largest table.
  std::stable_sort(tables.begin(), tables.end(),
                   [](const io::TableProfile& x, const io::TableProfile& y) { return x.rows > y.rows; });
  const io::TableProfile& inc = tables.front();
  if (tables.size() > 1) notes.push_back(std::to_string(tables.size() - 1) + " other table(s) found; " + inc.path +
                                         " (the largest) taken as the incidents");
  const Taxonomy taxonomy = Taxonomy::dutch_default();
  const io::IncidentGuess g = io::guess_incidents(inc, taxonomy, area_crs, buurt_profile->extent);

  // The analysis CRS: RD New in the Netherlands, else the UTM zone of the areas.
  const Envelope ll = crs::lonlat_extent(buurt_profile->extent, area_crs);
  const crs::CrsSuggestion analysis = crs::suggest_analysis_crs(ll);
  const bool unmapped = !g.unmapped.empty();

  const std::string name = areas.gemeente_name.empty() ? fs::path(inc.path).parent_path().filename().string()
                                                       : areas.gemeente_name;
  std::ostringstream t;
  t << "# brandpunt config written by `brandpunt init` from\n";
  for (const fs::path& f : input_files(a.inputs)) t << "#   " << f.string() << "\n";
  t << "# Every value below was guessed from the files: check the lines marked CHECK, then run\n"
       "#   brandpunt run " << config.filename().string() << "\n"
       "# Paths are relative to this file. README.md lists every key with its default and unit.\n\n";
  t << "[project]\nname = " << quoted(name) << "\n";
  t << "# " << analysis.reason << "\nanalysis_crs = " << quoted(analysis.crs) << "\n";
  t << "output_dir = \"brandpunt-out\"\n\n";

  t << "[incidents]\npath = " << quoted(relative_to(inc.path, config_dir)) << "\n";
  if (!inc.layer.empty() && !inc.csv) t << "layer = " << quoted(inc.layer) << "\n";
  if (!g.id_field.empty()) t << "id = " << quoted(g.id_field) << "      # only counts duplicate ids\n";
  if (!g.x_field.empty()) t << "x = " << quoted(g.x_field) << "\ny = " << quoted(g.y_field) << "\n";
  t << "crs = " << quoted(g.crs) << "      # CRS of the coordinates (" << crs::crs_name(g.crs) << ")\n";
  t << "date = " << quoted(g.date_field) << "      # CHECK: the date the offence took place\n";
  t << "date_format = " << quoted(g.date_format) << "      # iso, dmy (day-month-year) or mdy (month/day/year)\n";
  if (!g.time_field.empty()) t << "time = " << quoted(g.time_field) << "\n";
  t << "category = " << quoted(g.category_field) << "      # " << g.code_system << "\n";
  if (!g.street_field.empty()) t << "street = " << quoted(g.street_field) << "\n";
  t << "\n";

  if (unmapped) {
    t << "[taxonomy]\n"
         "# Codes not in the taxonomy are counted under 'overig' (sub category niet_ingedeeld) until\n"
         "# you map them below; set unmapped = \"reject\" to reject such rows instead.\n"
         "unmapped = \"overig\"\n\n"
         "[taxonomy.codes]\n"
         "# CHECK: map each code to a sub category (`brandpunt codes` lists them), e.g.\n"
         "#   \"" << g.unmapped.front().first << "\" = \"overige_vermogen\"\n"
         "# Codes found (rows in the sample):\n";
    for (const auto& [code, n] : g.unmapped) t << "# " << quoted(code) << " = \"\"    # " << grouped(n) << " rows\n";
    t << "\n";
  }

  for (const io::LevelGuess& l : areas.levels) {
    t << "[areas." << l.level << "]\npath = " << quoted(relative_to(l.path, config_dir)) << "\n";
    t << "code = " << quoted(l.code_field) << "\n";
    if (!l.name_field.empty()) t << "name = " << quoted(l.name_field) << "\n";
    const bool has_above = &l != &areas.levels.back();
    if (has_above && !l.parent_field.empty()) t << "parent = " << quoted(l.parent_field) << "      # code of the "
                                                << (l.level == "buurt" ? "wijk" : "stadsdeel") << "\n";
    if (!l.population_field.empty()) t << "population = " << quoted(l.population_field) << "\n";
    if (l.crs.empty()) t << "crs = " << quoted(area_crs) << "      # CHECK: the layer has no CRS; guessed from its extent\n";
    t << "\n";
  }
  if (areas.levels.size() == 1)
    t << "# No wijk layer was found: the buurten roll up to the gemeente directly. Add [areas.wijk]\n"
         "# (and a 'parent' field in [areas.buurt]) when there is one.\n\n";
  else if (areas.levels.size() == 2)
    t << "# No stadsdeel layer: the wijken serve as stadsdelen (review packs per wijk).\n\n";
  t << "[areas.gemeente]\ncode = " << quoted(areas.gemeente_code.empty() ? "GM" : areas.gemeente_code)
    << "\nname = " << quoted(name) << "\n\n";
  t << "[period]\n# end = \"YYYY-MM\"      # default: the last month with data\nmonths = 3\n\n";
  t << "[privacy]\nprofile = \"public\"      # public: counts released with differential-privacy noise (rho = 1); restricted: exact\n\n";
  t << "# Spatial weights per level (queen by default; knn, rook, distance_band, kernel; style binary or row):\n"
       "# [weights.buurt]\n# method = \"queen\"\n";

  {
    std::ofstream out(config);
    if (!out) throw Error(ErrorKind::io, "cannot write the config").at_file(config.string());
    out << t.str();
  }
  pipeline::load_config(config.string());  // what init writes must load

  std::cout << "brandpunt init: wrote " << config.string() << "\n\nGuessed:\n";
  auto show = [](const io::Guessed& x) {
    std::cout << "  " << x.key << " = " << x.value << "\n      " << x.why << "\n";
  };
  std::cout << "  project.analysis_crs = " << analysis.crs << "\n      " << analysis.reason << "\n";
  for (const auto& x : g.guesses) show(x);
  for (const auto& x : areas.guesses) show(x);
  if (unmapped) {
    std::cout << "\nUnmapped codes in " << g.category_field << " (" << grouped(g.unmapped_rows) << " of "
              << grouped(g.unmapped_rows + g.mapped_rows) << " rows), counted under 'overig' until mapped in "
              << "[taxonomy.codes]:\n";
    for (const auto& [code, n] : g.unmapped) std::cout << "  " << code << "  " << grouped(n) << " rows\n";
  } else {
    std::cout << "\nEvery code in " << g.category_field << " is in the taxonomy (" << g.code_system << ").\n";
  }
  std::vector<std::string> checks = g.checks;
  checks.insert(checks.end(), areas.checks.begin(), areas.checks.end());
  checks.insert(checks.end(), notes.begin(), notes.end());
  if (!checks.empty()) {
    std::cout << "\nCheck:\n";
    for (const auto& c : checks) std::cout << "  - " << c << "\n";
  }
  std::cout << "\nNext: brandpunt run " << a.output << "   (then open brandpunt-out/buurt.geojson in QGIS)\n";
  return 0;
}

}  // namespace brandpunt::cli
