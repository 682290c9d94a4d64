#include "pipeline/sanity.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/error.hpp"
#include "crs/suggest.hpp"
#include "core/geometry.hpp"
#include "crs/transform.hpp"

namespace brandpunt::pipeline {

namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string share_text(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", share);
  return buf;
}

std::string percent(int64_t part, int64_t whole) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f %%", whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
  return buf;
}

std::string extent_text(const Envelope& e) {
  return "x " + num(e.min_x) + ".." + num(e.max_x) + ", y " + num(e.min_y) + ".." + num(e.max_y);
}

bool overlaps(const Envelope& a, const Envelope& b) {
  return !a.empty() && !b.empty() && a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y &&
         b.min_y <= a.max_y;
}

Envelope swapped(const Envelope& e) { return Envelope{e.min_y, e.min_x, e.max_y, e.max_x}; }

Envelope grown(Envelope e, double by) {
  e.min_x -= by, e.min_y -= by, e.max_x += by, e.max_y += by;
  return e;
}

Envelope buurt_extent(const Levels& levels) {
  Envelope e;
  for (const auto& g : levels.buurt.geometry) e.expand(envelope_of(g));
  return e;
}

Envelope table_extent(const IncidentTable& t) {
  Envelope e;
  for (size_t i = 0; i < t.size(); ++i) e.expand(XY{t.x[i], t.y[i]});
  return e;
}

// Why the incidents miss the buurten, from where their numbers lie: a CRS that does not match
// them (lon/lat declared as RD or the reverse), x and y swapped, or values 1,000 times too
// small (a Dutch thousands separator read as a decimal point).
std::string why_outside(const PipelineConfig& cfg, const io::IncidentReadResult& incidents, const Levels& levels) {
  const Envelope& raw = incidents.parsed_extent;  // the numbers as read, in incidents.crs
  if (raw.empty()) return "";
  const std::string& source = incidents.source_crs.empty() ? cfg.incidents.crs : incidents.source_crs;
  const Envelope areas = buurt_extent(levels);
  const std::string text = "their extent " + extent_text(raw);
  Envelope lonlat;
  bool source_geographic = false;
  try {
    lonlat = grown(crs::lonlat_extent(areas, cfg.analysis_crs), 0.5);
    source_geographic = crs::is_geographic(source);
  } catch (const Error&) {
  }
  if (!source_geographic) {
    if (overlaps(raw, lonlat)) return text + " looks like lon/lat (EPSG:4326) but incidents.crs is " + source;
    if (overlaps(swapped(raw), lonlat))
      return text + " looks like lat/lon (EPSG:4326 with x and y swapped) but incidents.crs is " + source;
  } else {
    if (!overlaps(raw, lonlat) && overlaps(swapped(raw), lonlat))
      return text + " looks like lat/lon: x and y are swapped (swap [incidents] x and y)";
    const std::optional<std::string> guess = crs::crs_from_extent(raw);
    if (guess && *guess != "EPSG:4326")
      return text + " looks like " + *guess + " (" + crs::crs_name(*guess) + ") but incidents.crs is " + source;
    if (!(std::abs(raw.min_x) <= 180 && std::abs(raw.max_x) <= 180 && std::abs(raw.min_y) <= 90 &&
          std::abs(raw.max_y) <= 90))
      return text + " is not lon/lat, but incidents.crs is " + source;
  }
  // In the analysis CRS: the accepted rows, or (all rejected) the numbers as read when they are
  // in the analysis CRS already.
  const Envelope in_analysis = incidents.table.size() > 0 ? table_extent(incidents.table)
                               : source == cfg.analysis_crs ? raw
                                                            : Envelope{};
  const std::string buurten = "the buurten's (" + extent_text(areas) + ", " + cfg.analysis_crs + ")";
  if (!overlaps(in_analysis, areas) && overlaps(swapped(in_analysis), areas))
    return text + " has x and y swapped against " + buurten + ": swap [incidents] x and y";
  if (!in_analysis.empty() && !areas.empty()) {
    const double rx = (areas.min_x + areas.max_x) / (in_analysis.min_x + in_analysis.max_x);
    const double ry = (areas.min_y + areas.max_y) / (in_analysis.min_y + in_analysis.max_y);
    if (rx > 300 && rx < 3000 && ry > 300 && ry < 3000)
      return text + " is about 1,000 times smaller than " + buurten +
             ": a thousands separator ('155.000') read as a decimal point? Write the coordinates without one";
  }
  return text + " (incidents.crs " + source + ") does not meet " + buurten;
}

// What to do about a reason most rows were rejected for.
std::string reject_hint(const std::string& reason, const PipelineConfig& cfg) {
  using namespace io::reject_reason;
  if (reason == missing_coordinate) return "check [incidents] x and y (the coordinate columns)";
  if (reason == unparseable_coordinate)
    return "the coordinate columns hold text that is not a number (a thousands separator, or a decimal comma in a "
           "file delimited by ','?)";
  if (reason == swapped_lonlat) return "x and y look swapped (lat/lon): swap [incidents] x and y";
  if (reason == swapped_coordinates)
    return "x and y are swapped, or lon/lat was typed into the coordinate columns (rejects.csv says which): swap "
           "[incidents] x and y, or set incidents.crs";
  if (reason == outside_crs_area) return "the coordinates are not in incidents.crs (" + cfg.incidents.crs + "): check it";
  if (reason == missing_date || reason == unparseable_date)
    return "check [incidents] date and date_format (" + cfg.incidents.date_format + ")";
  if (reason == missing_category) return "check [incidents] category";
  if (reason == unknown_category)
    return "map the codes in [taxonomy.codes] ('brandpunt codes' lists the known ones), or set [taxonomy] unmapped = "
           "\"overig\"";
  return "see rejects.csv";
}

const char* format_name(const std::string& f) { return f == "auto" ? "auto (ISO, else d-m-y)" : f.c_str(); }

// A date format that rejects many rows which another format reads: name both, with the counts,
// and the accepted dates the wrong one may have misread (day and month both 1..12).
std::optional<std::string> date_format_problem(const PipelineConfig& cfg, const io::IncidentReadResult& r) {
  const io::DateCheck& d = r.dates;
  if (d.unparseable == 0 || static_cast<double>(d.unparseable) <= cfg.checks.max_date_reject_share * static_cast<double>(r.read))
    return std::nullopt;
  const std::string& configured = cfg.incidents.date_format;
  std::string best;
  int64_t best_n = 0;
  for (const auto& [name, n] : {std::pair{"iso", d.iso}, std::pair{"dmy", d.dmy}, std::pair{"mdy", d.mdy}}) {
    if (name == configured || (configured == "auto" && std::string(name) != "mdy")) continue;  // auto reads iso and dmy
    if (n > best_n) best = name, best_n = n;
  }
  if (best.empty() || best_n * 2 <= d.unparseable) return std::nullopt;
  std::string s = "date_format = \"" + configured + "\" (" + format_name(configured) + ") rejects " +
                  grouped_count(d.unparseable) + " of " + grouped_count(r.read) + " rows as unparseable_date, and " +
                  "date_format = \"" + best + "\" reads " + grouped_count(best_n) + " of them";
  if (d.ambiguous > 0)
    s += "; " + grouped_count(d.ambiguous) + " dates it accepted read as other dates in the other order (day and month "
         "both 1..12), so they are misdated if the order is wrong";
  return s + ": set [incidents] date_format = \"" + best + "\" (or [checks] max_date_reject_share)";
}

}  // namespace

std::string grouped_count(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

void check_analysis_crs(const PipelineConfig& cfg) {
  if (!crs::is_geographic(cfg.analysis_crs)) return;
  throw Error(ErrorKind::config, "analysis_crs " + cfg.analysis_crs + " (" + crs::crs_name(cfg.analysis_crs) +
                                     ") is geographic: areas, distances and bandwidths would be in degrees; give a "
                                     "metric CRS such as EPSG:28992 (RD New) in the Netherlands or the UTM zone "
                                     "of the study area ('brandpunt init' suggests one)")
      .at_file(cfg.config_path)
      .at_field("project.analysis_crs");
}

std::optional<std::string> area_of_use_warning(const PipelineConfig& cfg, const Levels& levels) {
  const Envelope areas = buurt_extent(levels);
  if (areas.empty()) return std::nullopt;
  Envelope lonlat, use;
  try {
    lonlat = crs::lonlat_extent(areas, cfg.analysis_crs);
    use = crs::area_of_use_lonlat(cfg.analysis_crs);
  } catch (const Error&) {
    return std::nullopt;
  }
  // "Far outside": the buurten's centre more than a degree (~100 km) from the area of use.
  const XY c{(lonlat.min_x + lonlat.max_x) / 2, (lonlat.min_y + lonlat.max_y) / 2};
  if (lonlat.empty() || use.empty() || grown(use, 1.0).contains(c)) return std::nullopt;
  const crs::CrsSuggestion s = crs::suggest_analysis_crs(lonlat);
  return "the buurten (around lon " + num(c.x) + ", lat " + num(c.y) + ") lie far outside the area of use of " +
         "analysis_crs " + cfg.analysis_crs + " (" + crs::crs_name(cfg.analysis_crs) + ": lon " + num(use.min_x) +
         ".." + num(use.max_x) + ", lat " + num(use.min_y) + ".." + num(use.max_y) +
         "), so areas and distances are distorted: use " + s.crs + " (" + s.reason + ")";
}

std::vector<std::string> assignment_problems(const PipelineConfig& cfg, const io::IncidentReadResult& incidents,
                                             const Accounting& a, const Levels& levels) {
  std::vector<std::string> out;
  if (a.read == 0) {
    out.push_back("the incident file has no data rows (only a header?)");
    return out;
  }
  const std::optional<std::string> dates = date_format_problem(cfg, incidents);
  if (dates) out.push_back(*dates);
  if (a.assigned == 0 || static_cast<double>(a.assigned) < cfg.checks.min_assigned_share * static_cast<double>(a.read)) {
    std::string s = grouped_count(a.assigned) + " of " + grouped_count(a.read) + " incidents fall in a buurt (" +
                    percent(a.assigned, a.read) + "; [checks] min_assigned_share " +
                    share_text(cfg.checks.min_assigned_share) + ")";
    if (a.rejected == a.read) s += ": every row is rejected";
    if (const std::string why = why_outside(cfg, incidents, levels); !why.empty())
      s += (a.rejected == a.read ? "; " : ": ") + why;
    out.push_back(s);
  }
  std::map<std::string, int64_t> by_reason;
  for (const auto& r : incidents.rejects) ++by_reason[r.reason];
  for (const auto& [reason, n] : by_reason) {
    if (static_cast<double>(n) <= cfg.checks.max_reject_share * static_cast<double>(a.read)) continue;
    if (dates && reason == io::reject_reason::unparseable_date) continue;  // said above, with the better format
    out.push_back(grouped_count(n) + " of " + grouped_count(a.read) + " rows (" + percent(n, a.read) +
                  ") are rejected as " + reason + " ([checks] max_reject_share " +
                  share_text(cfg.checks.max_reject_share) + "): " + reject_hint(reason, cfg));
  }
  return out;
}

void stop_run(const PipelineConfig& cfg, const std::vector<std::string>& problems) {
  std::string message;
  for (const auto& p : problems) message += (message.empty() ? "" : "; and ") + p;
  throw Error(ErrorKind::config, message + " (nothing was written; the limits are in [checks])")
      .at_file(cfg.incidents.path);
}

}  // namespace brandpunt::pipeline
