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
//   outside_crs_area        geographic source: |lat| > 90 or |lon| > 180; or PROJ could not
//                           transform the point
//   missing_date / unparseable_date   (also for the optional time column)
//   missing_category / unknown_category (code not in the Taxonomy)
// A duplicate id is NOT a reject: a police report can list several offences under one id.
// `duplicate_ids` counts rows whose (non-empty) id was seen on an earlier row, rejected rows
// included.
//
// Window columns (time_from_field, time_to_field) never reject a row: a value that does not
// parse, or an end before the start, leaves that row without a window (the incident still
// counts at its date) and is counted in window_unparseable / window_reversed with the first
// such row, so nothing is dropped silently.
//
// Details: numbers may use a decimal comma when the CSV delimiter is not ','; an empty time
// column means 00:00; a missing street is kNoStreet. The source is CSV when the path ends in
// .csv, .tsv or .txt; anything else is opened with GDAL. For GDAL sources with point geometry
// (x_field and y_field empty) the CRS is the layer's own, or `crs` when the layer has none;
// with x/y attribute fields it is `crs`. Errors that stop the run (missing file, missing
// column, unknown CRS, bad option) throw brandpunt::Error naming the file and field.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/incidents.hpp"
#include "core/taxonomy.hpp"

namespace brandpunt::io {

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
}  // namespace reject_reason

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
};

// `progress` is called with the number of rows read so far, every 65,536 rows and at the end.
IncidentReadResult read_incidents(const IncidentSourceOptions& options, const Taxonomy& taxonomy,
                                  const std::string& analysis_crs,
                                  const std::function<void(int64_t rows)>& progress = {});

}  // namespace brandpunt::io
