// Reading incidents from a CSV file or any GDAL vector source into an IncidentTable in the
// analysis CRS, with every record accounted for: `read == table.size() + rejects.size()`.
//
//   IncidentSourceOptions o;
//   o.path = "fietsdiefstal.csv";  o.id_field = "incident_id";
//   o.x_field = "x_rd";  o.y_field = "y_rd";  o.crs = "EPSG:28992";
//   o.date_field = "begin_dt";  o.category_field = "incident_code";  o.street_field = "street";
//   IncidentReadResult r = io::read_incidents(o, taxonomy, "EPSG:28992");
//
// Only the configured columns are looked at; nothing else is copied out of the source.
//
// Rows that cannot be used become Reject records (row = 1-based data row; for GDAL sources the
// 1-based feature number in read order), checked in this order, one reason per row:
//   missing_coordinate      x or y empty (or NA/N/A/NULL/NaN), or no point geometry
//   unparseable_coordinate  x or y not a number, or a geometry that is not a point
//   swapped_lonlat          geographic source: (x, y) outside the analysis CRS's area of use
//                           (or beyond +-180/+-90) while (y, x) is inside it
//   outside_crs_area        geographic source: |lat| > 90 or |lon| > 180
//   missing_date / unparseable_date   (also for the optional time column)
//   missing_category / unknown_category (code not in the Taxonomy)
//   outside_crs_area        PROJ could not transform the point
//   swapped_coordinates     with a study area: the point falls outside it, but another reading
//                           of the same two numbers falls inside: x and y swapped, or (for a
//                           projected source such as RD) the numbers read as lon/lat or lat/lon
//                           (x=50.85, y=5.69 typed into RD columns). The detail says which.
//   (unknown_category: with Taxonomy::unmapped_sub set, such rows are kept under that sub and
//   counted in unmapped_codes)
// Each reject has a `detail` with the offending value (restricted profile) and a
// `public_detail` that names it only when it is not personal: the code of an unknown category,
// the form of an unparseable date ("dd-dd-dddd"), never coordinates, addresses or ids.
// A duplicate id is NOT a reject: a police report can list several offences under one id.
// `duplicate_ids` counts rows whose (non-empty) id was seen on an earlier row, rejected rows
// included.
//
// Window columns (time_from_field, time_to_field) never reject a row: a value that does not
// parse, or an end before the start, leaves that row without a window (the incident still
// counts at its date) and is counted in window_unparseable / window_reversed with the first
// such row, so nothing is dropped silently.
//
// Text: a CSV is UTF-8 unless `encoding` says otherwise (then converted with iconv); malformed
// UTF-8, an unterminated quote or a runaway record stop the run with an Error naming the row
// (io/csv.hpp). Street names with control characters (a NUL, a tab, a line break) or, from
// GDAL sources, malformed UTF-8 are cleaned (core/text.hpp: control characters become spaces,
// malformed bytes U+FFFD) and the rows listed in `text_repairs`; a code with them is unknown.
//
// Details: numbers may use a decimal comma when the CSV delimiter is not ','; an empty time
// column means 00:00; a missing street is kNoStreet. The source is CSV when the path ends in
// .csv, .tsv or .txt (or csv_bytes is set); anything else is opened with GDAL. For GDAL sources
// with point geometry (x_field and y_field empty) the CRS is the layer's own, or `crs` when the
// layer has none; with x/y attribute fields it is `crs`. Errors that stop the run (missing file,
// missing column, unknown CRS, bad option) throw brandpunt::Error naming the file and field.
//
// An IncidentReader keeps its PROJ transformations between reads (creating one takes
// milliseconds): read many sources, or many small inputs in a fuzzer, through one reader.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/geometry.hpp"
#include "core/incidents.hpp"
#include "core/taxonomy.hpp"

namespace brandpunt::io {

// Where the incidents should lie, in the analysis CRS: the reader's test for swapped
// coordinates. Points inside `extent` are taken as they are; a point outside it is rejected as
// swapped_coordinates when another reading of its two numbers lies in `extent` and, when
// `contains` is set, passes it (e.g. a buurt index lookup: the exact study area).
struct StudyArea {
  Envelope extent;  // empty = no test
  std::function<bool(double x, double y)> contains;
};

struct IncidentSourceOptions {
  std::string path;
  std::string layer;     // GDAL layer name; "" = first layer
  std::string id_field;  // optional: only used to count duplicate ids
  std::string x_field;   // CSV: required. GDAL: empty = use the point geometry
  std::string y_field;
  std::string date_field;            // required
  std::string time_field;            // optional separate time column "hh:mm[:ss]"
  std::string date_format = "auto";  // auto (ISO, else d-m-yyyy) | iso | dmy | mdy
  std::string category_field;        // required: code looked up in the Taxonomy
  std::string street_field;          // optional
  std::string crs = "EPSG:28992";    // CRS of x/y; EPSG:4326 = lon/lat (x = lon)
  char delimiter = 0;                // CSV only; 0 = sniff ',' ';' or tab from the header

  // Optional time window ("happened between from and to"; police exports: begin/eind datum),
  // date-times in date_format, for aoristic time-of-day profiles. Empty = no window column;
  // a row's empty value = no bound. Without time_from the window starts at the incident time.
  std::string time_from_field;
  std::string time_to_field;

  std::string encoding;              // CSV only; "" = UTF-8; e.g. "latin1", "cp1252" (iconv)
  size_t max_record_bytes = size_t{1} << 20;  // CSV only: a longer record is an error
  int64_t max_record_lines = 100;             // CSV only: a record over more lines is an error
  StudyArea study_area;              // set by the pipeline: the swapped-coordinates test
  // CSV bytes to read instead of the file at `path` (which then only names them); tests and
  // fuzzing.
  std::optional<std::string_view> csv_bytes;
  int64_t max_rows = 0;              // stop after this many records (0 = all): `brandpunt check`
};

// Reject reasons (Reject::reason).
namespace reject_reason {
inline constexpr const char* missing_coordinate = "missing_coordinate";
inline constexpr const char* unparseable_coordinate = "unparseable_coordinate";
inline constexpr const char* swapped_lonlat = "swapped_lonlat";
inline constexpr const char* outside_crs_area = "outside_crs_area";
inline constexpr const char* missing_date = "missing_date";
inline constexpr const char* unparseable_date = "unparseable_date";
inline constexpr const char* missing_category = "missing_category";
inline constexpr const char* unknown_category = "unknown_category";
inline constexpr const char* swapped_coordinates = "swapped_coordinates";
// Every reason above (the public accounting lists each, with zeros, so the list says nothing).
inline constexpr const char* all[] = {missing_coordinate, unparseable_coordinate, swapped_lonlat,  outside_crs_area,
                                      missing_date,       unparseable_date,       missing_category, unknown_category,
                                      swapped_coordinates};
}  // namespace reject_reason

// A value that was changed on the way in (rows stay in the table).
struct TextRepairRow {
  int64_t row = 0;
  std::string field;  // the configured field, e.g. "street_field"
  std::string what;   // "2 control characters replaced by spaces", ...
};

// What the dates say about the date format: rows that another order would have read.
struct DateCheck {
  int64_t unparseable = 0;  // rows rejected as unparseable_date for the date field
  int64_t iso = 0, dmy = 0, mdy = 0;  // of those, rows that order would read
  int64_t ambiguous = 0;    // accepted d-m-y / m-d-y dates that read as another valid date
                            // in the other order (day and month both 1..12 and different)
};

struct IncidentReadResult {
  IncidentTable table;          // in source order, analysis CRS
  std::vector<Reject> rejects;  // sorted by row
  int64_t read = 0;             // data rows / features seen (blank CSV lines not counted)
  int64_t duplicate_ids = 0;    // rows whose id appeared on an earlier row
  std::string source_crs;       // the CRS the coordinates were read in

  // Window columns: values that are not a date-time, and windows ending before they start
  // (each row kept without a window), and the first row with either problem (-1 = none).
  int64_t window_unparseable = 0;
  int64_t window_reversed = 0;
  int64_t first_window_problem_row = -1;

  Envelope parsed_extent;       // every x/y pair that parsed as numbers, source CRS
  DateCheck dates;

  int64_t text_repaired = 0;    // rows whose street name was cleaned
  std::vector<TextRepairRow> text_repairs;  // the first kMaxTextRepairRows of them, by row
  static constexpr size_t kMaxTextRepairRows = 100;
  // Codes not in the taxonomy, with their rows, when it has an unmapped_sub ([taxonomy]
  // unmapped = "overig"): those rows are counted under that sub category, not rejected.
  std::map<std::string, int64_t, std::less<>> unmapped_codes;
};

class IncidentReader {
 public:
  IncidentReader(const Taxonomy& taxonomy, std::string analysis_crs);
  ~IncidentReader();
  IncidentReader(const IncidentReader&) = delete;
  IncidentReader& operator=(const IncidentReader&) = delete;

  // `progress` is called with the number of rows read so far, every 65,536 rows and at the end.
  IncidentReadResult read(const IncidentSourceOptions& options,
                          const std::function<void(int64_t rows)>& progress = {});

  // The transformation of a source CRS into the analysis CRS, with what the reader needs to
  // know of it; created on first use and kept. Throws Error(crs) for an unknown CRS.
  struct Projection;
  const Projection& projection(const std::string& source_crs);

 private:
  const Taxonomy& taxonomy_;
  std::string analysis_crs_;
  std::map<std::string, std::unique_ptr<Projection>> projections_;
};

// One read through a fresh IncidentReader.
IncidentReadResult read_incidents(const IncidentSourceOptions& options, const Taxonomy& taxonomy,
                                  const std::string& analysis_crs,
                                  const std::function<void(int64_t rows)>& progress = {});

}  // namespace brandpunt::io
