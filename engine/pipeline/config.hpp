// The run configuration: one TOML file that points brandpunt at a city's data.
//
// Everything a run needs is here, validated once before any data is touched: the incident
// source and its column names, the area layers per level with their field mapping, the
// optional street layer, the analysis period, the privacy profile and the output formats.
// Relative paths are resolved against the config file's folder. Errors name the config file,
// the line and the key.
//
//   PipelineConfig cfg = load_config("geo-data/demo.toml");
//   cfg.output_dir;  // absolute
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/taxonomy.hpp"
#include "io/area_reader.hpp"
#include "focus/indicators.hpp"
#include "focus/policy.hpp"
#include "io/incident_reader.hpp"
#include "weights/spec.hpp"

namespace brandpunt::pipeline {

enum class Profile { public_, restricted };
const char* to_string(Profile p);

struct LevelSource {
  // Exactly one of: a polygon layer (areas.path set), "same_as" another level (Maastricht: its
  // 7 wijken serve as stadsdelen), or a buurt -> code table (table_path) whose polygons are
  // dissolved from the buurten.
  io::AreaSourceOptions areas;  // path empty when not a layer
  std::string same_as;          // "wijk" for stadsdeel = wijk
  std::string table_path;       // CSV buurt code -> this level's code
  std::string table_key, table_value;
  std::string dissolve_name_field;  // unused for tables: names = codes
  // False when the config has no section for the level (wijk, stadsdeel): levels above buurt
  // are optional (a city without wijken); see levels.hpp for what stands in for them.
  bool present() const { return !areas.path.empty() || !same_as.empty() || !table_path.empty(); }
};

struct PopulationSource {
  std::string path;  // CSV; empty = from the buurt layer's population field
  std::string code_field, value_field;
};

struct StreetSource {
  std::string path, layer, name_field;  // empty path = straat from the incident's street field
  double snap_distance_m = 30;          // an incident further than this from any street is unsnapped
};

struct PeriodOptions {
  // The analysis period is `months` whole months ending with `end_month` (inclusive,
  // "YYYY-MM"; empty = the last month with data). The previous period is the `months` before
  // it; the year-earlier period is the same months one year back. The monthly series covers
  // `series_months` months ending with end_month (0 = from the first month with data).
  std::string end_month;
  int months = 3;
  int series_months = 0;
};

// [checks]: the sanity stops (pipeline/sanity.hpp). A run whose data cannot be what the user
// meant stops with exit 2 and a diagnosis, before anything is written; shares are of the rows read.
struct CheckOptions {
  double min_assigned_share = 0.2;      // fewer rows assigned to a buurt stop the run (0 = only none)
  double max_reject_share = 0.5;        // more rows rejected for one reason stop the run (1 = never)
  // More rows than this share rejected as unparseable_date, most of which another date_format
  // reads, stop the run naming both formats (1 = never).
  double max_date_reject_share = 0.01;
  // Periods from the bulk of the data: assigned incidents beyond a gap of at least
  // outlier_gap_months months without data, together less than outlier_date_share of the
  // assigned incidents, are outlier dates: counted, reported, kept out of the default period.
  int outlier_gap_months = 3;
  double outlier_date_share = 0.01;
};

struct PrivacyOptions {
  Profile profile = Profile::public_;
  // Public profile: the zCDP budget of one run, per incident (docs/DESIGN.md, "Privacy"). Every
  // published number is computed from counts released with discrete Gaussian noise under it.
  double rho = 1.0;
  double delta = 1e-9;  // for the (ε, δ) statement and the selection of record-derived keys
  // Shares of rho (normalised to sum 1): the area counts (gemeente down to buurt), the straat
  // counts, the grid counts; with [time] step = "week" the weekly series take `share_weeks`
  // of the whole budget first.
  double share_areas = 0.5, share_straten = 0.3, share_grid = 0.2, share_weeks = 0.3;
  // The run's accounting in run.json (records read, assigned, outside, rejected per reason,
  // duplicate ids, snapped): released with noise from this fraction of the whole budget first.
  double share_accounting = 0.01;
  // The smallest noisy count (over the counted months) a street name typed into the
  // registrations needs to become a published straat; 0 = the smallest threshold whose
  // chance of publishing a name seen once is below delta.
  int64_t threshold = 0;
  // Tests and restricted copies only (CLI --noise-seed): the noise key is SHA-256 of it
  // instead of random bytes from the operating system. Never written to any output.
  std::optional<std::string> noise_seed;
};

struct HotspotOptions {
  unsigned permutations = 999;      // conditional permutations per area (0 = analytic p only)
  uint64_t seed = 12345;            // same seed + input -> same results, any thread count
  std::string correction = "fdr_bh";  // fdr_bh | bonferroni | none
  std::string inference = "analytic";  // p for the classes: analytic (ArcGIS) | permutation
  double contiguity_snap_m = 0.5;   // queen contiguity tolerance for slivers and tiny gaps
  unsigned straat_knn = 8;          // neighbours of a straat (k nearest by representative point)
  // Global Moran's I per level and category: permutations for its pseudo p (0 = the analytic
  // randomisation and normality p only; moran.mc style, seeded).
  unsigned global_permutations = 0;
};

// [weights.<level>]: the spatial weights of one level (straat, buurt, wijk) for Gi/Gi*, global
// Moran and General G, and the statistic. Defaults: queen with contiguity_snap_m for buurt and
// wijk, knn with straat_knn for straten, binary style, Gi* (the area itself included).
struct LevelAnalysis {
  weights::WeightsSpec weights;
  bool gi_star = true;      // statistic = "gi_star" (self included) or "gi"
  bool configured = false;  // the config has a [weights.<level>] section
};

struct GridOptions {
  std::string shape = "hexagon";  // hexagon | square
  double cell_m = 0;              // 0 = data-driven default (engine/density/grid.hpp)
  double distance_band_m = 0;     // 0 = incremental spatial autocorrelation peak
};

struct KdeOptions {
  std::string kernel = "quartic";  // quartic | gaussian
  double bandwidth_m = 0;          // 0 = rule (engine/density/kde.hpp)
  double cell_m = 0;               // 0 = default
  double min_bandwidth_m = 250;    // public profile: bandwidths below this are raised to it
};

struct TimeOptions {
  // Step of the series for trends and emerging hot spots: "month" | "week" | "quarter". The
  // change comparisons stay monthly/quarterly whatever the step.
  std::string step = "month";
  int time_lags = 1;           // space-time Gi*: previous steps in a bin's neighbourhood
  double alpha = 0.10;         // significance of a space-time bin (ArcGIS: 90 %)
  double trend_alpha = 0.10;   // Mann-Kendall significance for trends and intensifying/diminishing
  double change_alpha = 0.05;  // significance of a change between periods
  int min_trend_length = 4;    // steps; shorter series say "too short" instead of giving a p-value
  bool fdr = true;             // Benjamini-Hochberg over all space-time bins (ArcGIS's FDR option)
  // Incidents a bin needs of its own to be a hot bin (emerging hot spots) or a high outlier: no
  // "consecutive hot spot" from 1 incident next to a busy neighbour (time/emerging.hpp).
  double min_hot_count = 3;
};

// [analysis]: which analysis steps run. Counts, rates, protection and the level layers are
// always made; turning steps off gives a quick count refresh (and the core-run benchmark).
struct AnalysisSteps {
  bool hotspots = true;  // Gi*, local Moran, EB rates on straat, buurt, wijk
  bool trends = true;    // Mann-Kendall, emerging hot spots, changes between periods
  bool surfaces = true;  // grid hot spots, kernel density and contours
  bool focus = true;     // focus lists and indicators (needs hotspots and trends)
  bool evaluation = true;  // out-of-sample scores, back-test, concentration, interventions
};

// [evaluation]: how the lists are scored (docs/DESIGN.md, "Evaluation").
struct EvaluationOptions {
  // The back-test scores each month's top_n on the month `horizon` months later (1..12).
  int horizon = 1;
  // Areas in each scored list: the previous period's top_n by count, per level, category and
  // scope (1..1000).
  int top_n = 10;
  // Random lists of the same length for the baseline PAI (0 = none, at most 9999).
  int random_draws = 199;
  uint64_t seed = 2008;  // the random lists' and allocations' seed (Chainey et al. 2008)
};

// [[intervention]]: an area-based approach (gebiedsgerichte aanpak) whose effect is measured
// with the weighted displacement difference and the E-test (evaluate/intervention.hpp).
struct InterventionConfig {
  std::string name;
  std::string level = "buurt";      // buurt | wijk: the level of the area codes
  std::string category = "totaal";  // totaal or a main category (the monthly series)
  std::vector<std::string> areas;   // treated area codes (required)
  std::vector<std::string> control;  // control area codes (none: WDD without control terms)
  std::vector<std::string> displacement;          // displacement zone codes
  std::vector<std::string> displacement_control;  // the displacement zone's own control
  double displacement_buffer_m = -1;  // >= 0: also the areas within this distance of a treated one
  int start_month = 0;                // month index of the first month of the approach
  int before_months = 0;              // 0 = as many months before the start as after it
  int64_t config_line = 0;            // line of the [[intervention]] table in the config
  size_t index = 0;                   // 1-based position in the config, for messages
};

struct OutputOptions {
  std::vector<std::string> formats{"geojson", "csv"};  // geojson | gpkg | fgb | csv
  int coordinate_precision = 6;                         // decimals of degrees in GeoJSON (~0.1 m)
  bool series_property = false;  // monthly series as JSON array properties on the level layers
  // [output] maps (default true): the run's map.html and, in every review pack, its map.html
  // and the README's pictures (map_buurten.png, map_focus.png, chart_months.png).
  bool maps = true;
};

struct PipelineConfig {
  std::string config_path;  // absolute
  std::string name = "brandpunt run";
  std::string analysis_crs = "EPSG:28992";
  std::string output_dir;  // absolute
  unsigned threads = 0;    // 0 = all cores
  io::IncidentSourceOptions incidents;
  std::map<std::string, std::string> extra_codes;  // source code -> sub category key
  // [taxonomy] unmapped: "reject" (default: a row with a code not in the list is rejected as
  // unknown_category, the code named in rejects.csv) or "overig" (counted under the main
  // "overig" in the sub category niet_ingedeeld, listed per code in run.json until mapped).
  std::string unmapped_codes = "reject";
  LevelAnalysis straat_analysis, buurt_analysis, wijk_analysis;  // [weights.<level>]
  LevelSource buurt, wijk, stadsdeel;
  std::string gemeente_code, gemeente_name;
  PopulationSource population;
  StreetSource streets;
  PeriodOptions period;
  CheckOptions checks;
  PrivacyOptions privacy;
  HotspotOptions hotspots;
  GridOptions grid;
  KdeOptions kde;
  TimeOptions time;
  AnalysisSteps analysis;
  focus::Policy focus;                        // [focus]: ranking policy of the focus lists
  std::vector<focus::Indicator> indicators;   // [[indicator]]: monitored targets
  EvaluationOptions evaluation;               // [evaluation]
  std::vector<InterventionConfig> interventions;  // [[intervention]]
  std::string reference_path;                 // [monitoring] reference: rates of other gemeenten
  bool packs = true;                          // [output] packs: a review pack per stadsdeel
  OutputOptions output;
};

// Reads and validates a config file; throws Error(config) naming file, line and key.
PipelineConfig load_config(const std::string& path);
// The same from the file's text (already read); `path` names it and anchors relative paths.
PipelineConfig load_config_text(std::string_view text, const std::string& path);

// The taxonomy of a run: the default with the config's [taxonomy.codes] and, with
// unmapped = "overig", the niet_ingedeeld sub category.
Taxonomy taxonomy_of(const PipelineConfig& cfg);

// The analysis choices of a level by name ("straat", "buurt", "wijk").
const LevelAnalysis& level_analysis(const PipelineConfig& cfg, const std::string& level);

}  // namespace brandpunt::pipeline
