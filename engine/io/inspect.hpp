// Looking at files brandpunt has never seen, for `brandpunt init`: what columns a police export
// has and what is in them, which polygon layers are buurten, wijken or stadsdelen and how they
// link, and from that a guess of every config key, with the reason and what to check.
//
// Profiles read a bounded sample (the first max_rows rows of a table; every feature of an area
// layer) and keep per column: missing and numeric counts, the range of numbers, up to 1,000
// distinct values with their counts, and how many values parse as dates (ISO, d-m-y, m/d/y) or
// times of day. Guesses are pure functions of profiles, so they are tested without files.
//
//   TableProfile t = profile_table("export.csv");
//   IncidentGuess g = guess_incidents(t, Taxonomy::dutch_default(), "EPSG:28992", area_extent);
//   g.date_field;  g.date_format;   // "occur_date", "mdy"
//   std::vector<TableProfile> layers = {profile_table("buurten.gpkg"), profile_table("wijken.gpkg")};
//   AreaGuess a = guess_areas(layers);   // a.levels[0].level == "buurt", parent "wijkcode"
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/geometry.hpp"
#include "core/taxonomy.hpp"

namespace brandpunt::io {

struct ColumnProfile {
  std::string name;
  int64_t values = 0;   // non-missing values in the sample
  int64_t missing = 0;  // empty, NA, NULL
  int64_t numeric = 0;  // values that are numbers (decimal point or comma)
  int64_t integral = 0; // ... whole numbers
  double min = 0, max = 0;  // range of the numeric values
  std::map<std::string, int64_t> distinct;  // up to kMaxDistinct values with their counts
  bool distinct_overflow = false;           // more distinct values than kept
  int64_t iso_dates = 0, dmy_dates = 0, mdy_dates = 0;  // values parsing in each date order
  int64_t with_time = 0;                    // date values that carry a time of day
  int64_t times = 0;                        // values that are a time of day alone (hh:mm[:ss])
  std::vector<std::string> samples;         // the first distinct values (up to 5)

  static constexpr size_t kMaxDistinct = 1000;
  bool unique() const { return !distinct_overflow ? static_cast<int64_t>(distinct.size()) == values : false; }
  double share(int64_t count) const { return values > 0 ? static_cast<double>(count) / static_cast<double>(values) : 0; }
};

struct TableProfile {
  std::string path, layer;
  bool csv = false;
  char delimiter = 0;
  int64_t rows = 0;         // rows (features) read
  bool complete = true;     // false when max_rows stopped the read
  std::vector<ColumnProfile> columns;
  // GDAL sources only:
  std::string crs;                // the layer's CRS ("EPSG:28992", WKT) or "" when none
  std::string geometry;           // "point", "polygon", "line", "" (none / CSV)
  Envelope extent;                // of the geometries, in the layer's CRS
  const ColumnProfile* column(const std::string& name) const;
};

// Reads the first `max_rows` rows of a CSV (.csv/.tsv/.txt) or the features of a GDAL layer
// ("" = the first). Throws Error(io/format) naming the file when it cannot be read.
TableProfile profile_table(const std::string& path, const std::string& layer = "",
                           int64_t max_rows = 200000);

// The date order the values of a column follow: "iso", "dmy" or "mdy" (nullopt-like "" when
// fewer than 90 % of the values parse in any). `ambiguous` is set when both d-m-y and m/d/y
// read every value (no day above 12): then "dmy", the Dutch convention, is returned.
struct DateFormatGuess {
  std::string format;
  double share = 0;  // values that parse in that format
  bool ambiguous = false;
};
DateFormatGuess guess_date_format(const ColumnProfile& c);

// One guessed config value with the reason, for the report `init` prints.
struct Guessed {
  std::string key, value, why;
};

struct IncidentGuess {
  std::string x_field, y_field, crs;  // empty x/y: point geometry of a GDAL layer
  std::string date_field, date_format, time_field;
  std::string category_field, code_system;  // "CBS soort misdrijf", "police codes", "unknown codes"
  std::string id_field, street_field;
  Envelope lonlat;  // extent of the incident coordinates in lon/lat (empty when unknown)
  std::vector<std::pair<std::string, int64_t>> unmapped;  // codes not in the taxonomy, most rows first
  int64_t mapped_rows = 0, unmapped_rows = 0;              // in the sample
  std::vector<Guessed> guesses;
  std::vector<std::string> checks;  // what the user should look at
};

// `area_crs` / `area_extent`: the buurt layer's, to prefer coordinates in the same CRS.
// Throws Error(format) naming the file when no date, category or coordinates are found.
IncidentGuess guess_incidents(const TableProfile& t, const Taxonomy& taxonomy, const std::string& area_crs = "",
                              const Envelope& area_extent = {});

struct LevelGuess {
  std::string level;  // "buurt", "wijk", "stadsdeel"
  std::string path, layer, crs;
  int64_t features = 0;
  std::string code_field, name_field, parent_field, population_field;
};

struct AreaGuess {
  std::vector<LevelGuess> levels;  // buurt first, then wijk, stadsdeel
  std::string gemeente_code, gemeente_name;  // from a field constant over the buurt layer
  std::vector<Guessed> guesses;
  std::vector<std::string> checks;
};

// From polygon layers: each needs a field with a unique value per feature (its code); the
// layer with the most features is the buurt level; a layer whose codes a field of the level
// below holds (every value) is the level above, that field the parent. Layers that repeat
// another's codes (the same buurten in another CRS) are dropped, keeping the projected one.
// Throws Error(format) when no layer has a usable code field.
AreaGuess guess_areas(const std::vector<TableProfile>& layers);

}  // namespace brandpunt::io
