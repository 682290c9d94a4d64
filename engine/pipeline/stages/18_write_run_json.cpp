// Stage 18: run.json, the record of the run.
#include <gdal.h>
#include <geos_c.h>
#include <proj.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "output/atomic_file.hpp"
#include "pipeline/stages.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace brandpunt::pipeline {

namespace {

constexpr const char* kVersion = "0.1.0";

json privacy_section(const PipelineConfig& cfg, const Protection& protection) {
  if (cfg.privacy.profile == Profile::restricted)
    return {{"profile", "restricted"},
            {"protection", "none: exact counts, reject details and the incident -> area table; NOT FOR PUBLICATION"},
            {"incident_points_published", false}};
  json p = protection.report;
  p["profile"] = "public";
  p["unit"] = "one incident: two inputs that differ in one incident are protected from each other";
  p["mechanism"] = "zero-concentrated differential privacy (rho-zCDP): exact discrete Gaussian noise on every cell of "
                   "the count tables (areas x category tree x time tree), weighted least squares so that all tables "
                   "add up, then non-negative integer counts that keep the sums (see docs/DESIGN.md)";
  p["noise_key"] = cfg.privacy.noise_seed ? "from a noise seed (tests or a restricted copy; the seed is not published)"
                                          : "256 random bits from the operating system, used once and not kept";
  p["straat_names"] = cfg.streets.path.empty() && !cfg.incidents.street_field.empty()
                          ? "from the registrations' street text, normalised; a name is published only when its noisy count reaches the threshold"
                          : cfg.streets.path.empty() ? "no straten" : "from the street layer only";
  p["incident_points_published"] = false;
  p["surfaces"] = "grid and KDE computed from the released grid counts, never from incident coordinates";
  return p;
}

json accounting_section(const Accounting& acc, const std::vector<Reject>& rejects, const Straten& straten) {
  std::map<std::string, int64_t> reasons;
  for (const auto& r : rejects) ++reasons[r.reason];
  return {{"read", acc.read},
          {"assigned", acc.assigned},
          {"outside", acc.outside},
          {"rejected", acc.rejected},
          {"balanced", acc.balanced()},
          {"rejected_by_reason", reasons},
          {"duplicate_ids", acc.duplicate_ids},
          {"assigned_in_window", acc.assigned_in_window},
          {"assigned_out_of_window", acc.assigned_out_of_window},
          {"straat", {{"snapped", acc.snapped},
                      {"unsnapped", acc.unsnapped},
                      {"without_street", straten.without_street},
                      {"street_not_a_published_straat", straten.not_published},
                      {"straten", straten.layer.size()}}}};
}

// The public profile's accounting: the exact counts would tell whether one incident is in the
// data (a membership test), so the disjoint outcome counts (each reject reason, outside, assigned
// in and out of the window), the street outcomes and the duplicate ids are released with noise
// (release_accounting) and the totals are their sums, so the accounting still balances.
json public_accounting_section(const RunState& s) {
  const Accounting& acc = s.accounting;
  std::map<std::string, int64_t> reasons;
  for (const char* r : io::reject_reason::all) reasons[r] = 0;
  for (const auto& r : s.incidents.rejects) ++reasons[r.reason];
  std::vector<int64_t> exact;
  for (const auto& [reason, n] : reasons) exact.push_back(n);
  const size_t R = exact.size();
  const bool snapping = !s.cfg.streets.path.empty();
  for (int64_t v : {acc.outside, acc.assigned_in_window, acc.assigned_out_of_window, acc.duplicate_ids,
                    snapping ? acc.snapped : 0, snapping ? acc.unsnapped : 0, s.straten.without_street})
    exact.push_back(v);
  const ReleasedAccounting r = release_accounting(exact, s.setup.budget.accounting, s.setup.noise_key);
  const auto& v = r.values;
  json by_reason = json::object();
  int64_t rejected = 0;
  size_t i = 0;
  for (const auto& [reason, n] : reasons) by_reason[reason] = v[i], rejected += v[i++];
  const int64_t outside = v[R], in_window = v[R + 1], out_of_window = v[R + 2], assigned = in_window + out_of_window;
  json straat = {{"without_street", v[R + 6]}, {"straten", s.straten.layer.size()}};
  if (snapping) straat["snapped"] = v[R + 4], straat["unsnapped"] = v[R + 5];
  return {{"read", assigned + outside + rejected},
          {"assigned", assigned},
          {"outside", outside},
          {"rejected", rejected},
          {"balanced", true},
          {"rejected_by_reason", by_reason},
          {"duplicate_ids", v[R + 3]},
          {"assigned_in_window", in_window},
          {"assigned_out_of_window", out_of_window},
          {"straat", straat},
          {"protection", "released with discrete Gaussian noise under privacy.split.accounting; read, assigned and "
                         "rejected are the sums of their parts"},
          {"expected_abs_error", r.expected_abs_error}};
}

// The category codes: how unmapped ones were treated, and which codes were not in the taxonomy
// (codes are not personal: public too).
json taxonomy_section(const PipelineConfig& cfg, const io::IncidentReadResult& incidents) {
  if (cfg.privacy.profile == Profile::public_)
    // Which rare codes occur, and how often, would single out records: a restricted run or
    // `brandpunt check` lists them for the analyst.
    return {{"extra_codes", cfg.extra_codes},
            {"unmapped", cfg.unmapped_codes},
            {"meaning", "the codes found in the data and their counts are in the restricted profile only (brandpunt check "
                        "lists them); the rows they concern are in accounting.rejected_by_reason (unknown_category) or "
                        "counted under overig/niet_ingedeeld"}};
  std::map<std::string, int64_t> rejected;
  for (const auto& r : incidents.rejects)
    if (r.reason == io::reject_reason::unknown_category) ++rejected[r.detail];
  return {{"extra_codes", cfg.extra_codes},
          {"unmapped", cfg.unmapped_codes},
          {"unmapped_codes", incidents.unmapped_codes},
          {"rejected_codes", rejected},
          {"meaning", cfg.unmapped_codes == "overig"
                          ? "unmapped_codes: rows counted under overig (sub category niet_ingedeeld) until mapped in [taxonomy.codes]"
                          : "rejected_codes: rows rejected as unknown_category; map them in [taxonomy.codes]"}};
}

// Dates far from the bulk of the data, kept out of the default period; rows in the restricted
// profile only (a row number points at one registration).
json outlier_section(const PipelineConfig& cfg, const Periods& periods) {
  json months = json::array();
  for (int m : periods.outlier_months) months.push_back(aggregate::month_label(m));
  json o = {{"incidents", periods.outlier_dates},
            {"months", months},
            {"rule", "beyond a gap of at least " + std::to_string(cfg.checks.outlier_gap_months) +
                         " months without data, together less than " + json(cfg.checks.outlier_date_share).dump() +
                         " of the assigned incidents ([checks] outlier_gap_months, outlier_date_share)"}};
  if (cfg.privacy.profile == Profile::restricted) o["rows"] = periods.outlier_rows;
  return o;
}

}  // namespace

void write_run_json(RunState& s) {
  const PipelineConfig& cfg = s.cfg;
  json& run_json = s.run_json;
  const Periods& periods = s.periods;
  json inputs = s.input_hashes.get();

  run_json["brandpunt"] = {{"version", kVersion}, {"name", cfg.name}};
  run_json["software"] = {{"gdal", GDALVersionInfo("RELEASE_NAME")}, {"geos", GEOSversion()}, {"proj", proj_info().release}};
  run_json["inputs"] = inputs;
  run_json["parameters"] = {
      {"analysis_crs", cfg.analysis_crs},
      {"output_crs", "EPSG:4326 (GeoJSON, RFC 7946); analysis CRS for GeoPackage/FlatGeobuf"},
      {"incident_crs", s.incidents.source_crs},
      {"period", {{"months", periods.months},
                  {"current", periods.label(kCurrent)},
                  {"previous", periods.label(kPrevious)},
                  {"last_year", periods.label(kLastYear)},
                  {"series", aggregate::month_label(periods.series.first) + ".." +
                                 aggregate::month_label(periods.series.first + periods.series.count - 1)},
                  {"series_months", periods.series.count},
                  {"partial_month_left_out", periods.partial_month != INT32_MIN
                                                 ? json(aggregate::month_label(periods.partial_month))
                                                 : json(nullptr)},
                  {"outlier_dates", outlier_section(cfg, periods)},
                  {"series_rule", periods.series_rule},
                  {"data_months", periods.first_data_month <= periods.last_data_month
                                      ? json(aggregate::month_label(periods.first_data_month) + ".." +
                                             aggregate::month_label(periods.last_data_month))
                                      : json(nullptr)}}},
      {"streets", cfg.streets.path.empty() ? json("street name of the incident record")
                                           : json({{"snap_distance_m", cfg.streets.snap_distance_m}})},
      {"formats", cfg.output.formats},
      {"threads", s.setup.threads}};
  run_json["privacy"] = privacy_section(cfg, s.protection);
  if (!s.straten.selection.is_null()) run_json["privacy"]["straat_name_selection"] = s.straten.selection;
  run_json["taxonomy"] = taxonomy_section(cfg, s.incidents);
  if (!s.incidents.unmapped_codes.empty() && cfg.privacy.profile == Profile::public_) {
    s.warnings.push_back("some category codes are not mapped (counted under overig/niet_ingedeeld): a restricted run or "
                         "`brandpunt check` lists them; map them in [taxonomy.codes]");
  } else if (!s.incidents.unmapped_codes.empty()) {
    int64_t rows = 0;
    for (const auto& [code, n] : s.incidents.unmapped_codes) rows += n;
    s.warnings.push_back(std::to_string(s.incidents.unmapped_codes.size()) + " category codes are not mapped (" +
                         std::to_string(rows) + " rows counted under overig/niet_ingedeeld): map them in [taxonomy.codes]");
  }
  run_json["accounting"] = cfg.privacy.profile == Profile::public_
                               ? public_accounting_section(s)
                               : accounting_section(s.accounting, s.incidents.rejects, s.straten);
  run_json["areas"] = s.areas.report["areas"];
  run_json["areas"]["tiling"] = s.areas.report["tiling"];
  // Without street data (no street layer, no street names on the records) no straat level is
  // made: no straat layers, tables, focus lists or pack files.
  const bool straten = !s.straten.layer.code.empty();
  run_json["straat_level"] = {{"made", straten},
                              {"straten", s.straten.layer.code.size()},
                              {"reason", straten ? (cfg.streets.path.empty() ? "street names of the incident records"
                                                                             : "street layer")
                                                 : "no straten: no street layer, and no street name on the incident records (or, in the public "
                                                   "profile, none frequent enough to be published)"}};
  const AnalysisSteps& steps = cfg.analysis;
  run_json["analysis"] = {{"hotspots", steps.hotspots}, {"trends", steps.trends},
                          {"surfaces", steps.surfaces}, {"focus", steps.focus}};
  if (steps.hotspots) run_json["hotspots"] = s.hotspots.report;
  if (steps.trends) run_json["time"] = s.trends.report;
  run_json["warnings"] = s.warnings;
  std::sort(s.files.begin(), s.files.end());
  s.files.push_back("run.json");
  run_json["outputs"] = s.files;
  run_json["schema"] = s.schema;
  s.record_lap("run_json");
  output::write_text_atomic((fs::path(cfg.output_dir) / "run.json").string(), run_json.dump(2) + "\n");
  std::sort(s.files.begin(), s.files.end());
}

}  // namespace brandpunt::pipeline
