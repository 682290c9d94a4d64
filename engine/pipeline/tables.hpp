// The attribute tables the pipeline writes (internal): one wide table per level for the
// layer and its CSV twin, a long table of sub-category counts, and a long monthly series.
// Every column carries its description; run.json lists them as the output schema.
//
//   output::Table t = level_table(info, figures.levels[kBuurt], keys, periods, cfg.privacy);
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/taxonomy.hpp"
#include "output/table.hpp"
#include "pipeline/figures.hpp"

namespace brandpunt::pipeline {

// The descriptive columns of one level's areas.
struct LevelInfo {
  std::string level;
  std::vector<std::string> code, name, parent, stadsdeel;
  std::vector<double> population;  // NaN = no data
  std::vector<double> area_m2;     // NaN for straten
};

// Published category keys: [totaal, mains..., subs...] and the main of each sub.
struct CategoryKeys {
  std::vector<std::string> keys;
  std::vector<std::string> labels;     // Dutch
  std::vector<std::string> labels_en;  // English
  std::vector<std::string> main_of;  // "" for totaal and mains
};

// The published categories of a level: totaal, the mains and, unless with_subs is false
// (straat), the subs, with their Dutch labels.
CategoryKeys category_keys(const Taxonomy& t, bool with_subs);

// The columns of a table (name, type, description) for run.json's schema.
nlohmann::json table_schema(const output::Table& t);

output::Table level_table(const LevelInfo& info, const LevelFigures& f, const CategoryKeys& cats,
                          const Periods& periods);
output::Table category_table(const LevelInfo& info, const LevelFigures& f,
                             const CategoryKeys& cats, const Periods& periods, AreaRange areas = {});
// With [output] series_property: the protected monthly series of totaal and the mains as JSON
// array strings on the level layer ("[3,0,null,5]"), for pop-ups and sparklines in GIS tools.
// Nothing is added at a level without a published series (straat in the public profile).
void append_series_columns(output::Table& t, const LevelFigures& f, const std::vector<std::string>& group_keys);

output::Table series_table(const LevelInfo& info, const LevelFigures& f, const CategoryKeys& cats,
                           AreaRange areas = {});

}  // namespace brandpunt::pipeline
