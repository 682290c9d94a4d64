// The incident table: columns, not objects (STYLE.md).
//
// Readers fill an IncidentTable in the analysis CRS; every later step reads the columns by
// index. Strings are interned once (street names) and categories are small ids into the
// Taxonomy. Rows a reader cannot use never enter the table: they become Reject records, so
// that `read = accepted + rejected` holds at the reader, and later
// `accepted = assigned + outside` at the assignment step.
//
//   IncidentTable t;  t.push_back(x_m, y_m, time_s, category_id, street_id, source_row);
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace brandpunt {

inline constexpr uint32_t kNoStreet = std::numeric_limits<uint32_t>::max();
inline constexpr uint32_t kNoArea = std::numeric_limits<uint32_t>::max();
inline constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();  // "no such time"

struct IncidentTable {
  std::vector<double> x;           // analysis CRS, metres (easting)
  std::vector<double> y;           // analysis CRS, metres (northing)
  std::vector<int64_t> time_s;     // civil local time as seconds since 1970-01-01 00:00 (no zone)
  std::vector<uint16_t> category;  // index into Taxonomy::subs
  std::vector<uint32_t> street;    // index into street_names, or kNoStreet
  std::vector<int64_t> row;        // 1-based data row (or feature index) in the source
  std::vector<std::string> street_names;  // interned street names from the source records

  // Optional time window of each incident ("happened between ... and ..."), for aoristic
  // time-of-day profiles. Both columns are empty unless the source has window columns
  // ([incidents] time_from / time_to); kNoTime marks a row without that bound. An empty
  // window_from_s means the window starts at time_s.
  std::vector<int64_t> window_from_s;  // civil seconds, like time_s
  std::vector<int64_t> window_to_s;

  size_t size() const { return x.size(); }
  void reserve(size_t n);
  void push_back(double x_m, double y_m, int64_t t_s, uint16_t cat, uint32_t street_id,
                 int64_t source_row);
  // Start of incident i's window: window_from_s when present, else time_s.
  int64_t window_from(size_t i) const {
    return window_from_s.empty() || window_from_s[i] == kNoTime ? time_s[i] : window_from_s[i];
  }
  int64_t window_to(size_t i) const { return window_to_s.empty() ? kNoTime : window_to_s[i]; }
};

// One input record that could not be used, with the reason a person can act on.
struct Reject {
  int64_t row = -1;    // 1-based data row in the source
  std::string field;   // the configured field that failed ("x", "date", "category", ...)
  std::string reason;  // short machine-friendly reason: "missing", "unparseable", "unknown_code", ...
  std::string detail;  // human detail, never personal data beyond the offending value
  // The detail the public profile publishes: the offending value only when it is not
  // personal (a category code, the form of a date such as "dd-dd-dddd"), never a location,
  // an address or an id.
  std::string public_detail{};
};

}  // namespace brandpunt
