#include "pipeline/surfaces.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numbers>

#include "density/contours.hpp"
#include "density/geotiff.hpp"
#include "density/grid.hpp"
#include "density/incremental.hpp"
#include "density/scale.hpp"
#include "density/kde.hpp"
#include "index/area_index.hpp"
#include "output/vector_writer.hpp"
#include "pipeline/layer_files.hpp"
#include "pipeline/figures.hpp"
#include "pipeline/hotspots.hpp"
#include "pipeline/trends.hpp"
#include "time/cube.hpp"
#include "time/emerging.hpp"
#include "time/mann_kendall.hpp"
#include "weights/centroids.hpp"
#include "weights/distance_band.hpp"

namespace fs = std::filesystem;

namespace brandpunt::pipeline {

namespace {

// The grid cell × step cube of the series window per category group (totaal, then the mains):
// emerging category, its first step, and the Mann-Kendall trend with Sen's slope per cell,
// appended as <field>_<group> columns.
nlohmann::json append_space_time_columns(output::Table& t, const density::Grid& grid,
                                         const weights::Weights& w, const StepSeries& series,
                                         const std::vector<std::string>& main_keys,
                                         const PipelineConfig& cfg, unsigned threads) {
  const bool pub = cfg.privacy.profile == Profile::public_;
  const weights::Weights w_binary = weights::binary(w);
  time::EmergingOptions eo;
  eo.alpha = cfg.time.alpha;
  eo.trend_alpha = cfg.time.trend_alpha;
  eo.min_length = cfg.time.min_trend_length;
  eo.fdr = cfg.time.fdr;
  eo.threads = threads;
  // No minimum own count on the grid (as ArcGIS): its cells are sized to hold a few incidents
  // over the whole series, so a month of a cell in a persistent cluster holds 0 to 2, and an
  // average of min_hot_count would leave no cell hot. The areas' labels keep the minimum.
  eo.min_hot_count = 0;
  const std::string noun = time::to_string(series.window.step);
  const std::string adj = noun == "month" ? "monthly" : noun == "week" ? "weekly" : "quarterly";
  std::vector<std::string> keys{"totaal"};
  keys.insert(keys.end(), main_keys.begin(), main_keys.end());
  nlohmann::json hot_cells = nlohmann::json::object();
  for (size_t g = 0; g < keys.size(); ++g) {
    const std::string& k = keys[g];
    const time::Cube& cube = series.groups[g];
    const std::vector<time::EmergingResult> em =
        time::emerging_hot_spots(w_binary, cube, cfg.time.time_lags, eo);
    t.add_string("emerging_" + k, "emerging hot spot category of the cell for " + k +
                                      " (space-time Gi* on the " + adj + " series, ArcGIS definitions)");
    for (const auto& r : em) t.columns.back().strings.push_back(time::to_string(r.category));
    t.add_string("emerging_since_" + k, "first " + noun + " of the emerging pattern (empty = none)");
    for (const auto& r : em) t.columns.back().strings.push_back(time::since_label(r, series.window));
    t.add_string("trend_" + k, "Mann-Kendall trend of the cell's " + adj + " series of " + k +
                                   ": increasing, decreasing, no_trend or too_short");
    t.add_real("sen_slope_" + k, "Sen's slope of the cell's " + adj + " series of " + k + " (incidents per " +
                                     noun + "; null when too short)");
    output::Column& trend_col = t.columns[t.columns.size() - 2];
    output::Column& slope_col = t.columns.back();
    std::vector<double> s(cube.n_steps);
    int64_t hot = 0;
    for (size_t c = 0; c < grid.size(); ++c) {
      for (size_t step = 0; step < cube.n_steps; ++step) s[step] = cube.at(c, step);
      const time::MannKendall mk = time::mann_kendall(s, cfg.time.min_trend_length);
      trend_col.strings.push_back(trend_label(mk, cfg.time.trend_alpha));
      slope_col.reals.push_back(mk.too_short ? 0 : pub ? rounded(mk.sen_slope, 2) : mk.sen_slope);
      slope_col.null.push_back(mk.too_short ? 1 : 0);
      hot += time::is_hot(em[c].category);
    }
    hot_cells[k] = hot;
  }
  const int n_steps = time::step_count(series.window);
  nlohmann::json partial = nlohmann::json::array();
  for (int k = 0; k < n_steps; ++k)
    if (time::step_is_partial(series.window, k)) partial.push_back(time::step_label(series.window, k));
  return {{"step", noun},
          {"steps", n_steps},
          {"first_step", n_steps > 0 ? time::step_label(series.window, 0) : ""},
          {"last_step", n_steps > 0 ? time::step_label(series.window, n_steps - 1) : ""},
          {"partial_steps", partial},
          {"categories", keys},
          {"incidents", series.groups.empty() ? 0 : series.groups[0].total()},
          {"weights", "binary distance band (the grid's distance_band_m), self included by the space-time Gi*"},
          {"time_lags", cfg.time.time_lags},
          {"alpha", cfg.time.alpha},
          {"trend_alpha", cfg.time.trend_alpha},
          {"min_trend_length", cfg.time.min_trend_length},
          {"min_hot_count", 0},
          {"fdr", cfg.time.fdr},
          {"cells_with_hot_pattern", hot_cells}};
}

// The KDE's rounding step in the public profile: half the standard error of the density at an
// interior point from the noise of the released cell counts (variance v per cell, cells of
// side s on a regular lattice): SE² = v Σ K(d)² ≈ v / s² ∫ K² dA, with ∫ K² = 1.8 / (π h²)
// for the quartic kernel and 1 / (4π h²) for the Gaussian; rounded down to 1, 2 or 5 × 10^k
// incidents per km².
double kde_step_per_km2(double v, double cell_m, double h, bool quartic) {
  if (!(v > 0) || !(cell_m > 0) || !(h > 0)) return 0;
  const double k2 = quartic ? 1.8 / (std::numbers::pi * h * h) : 1.0 / (4 * std::numbers::pi * h * h);
  const double se = std::sqrt(v * k2) / cell_m * 1e6;
  const double half = se / 2;
  const double e = std::pow(10.0, std::floor(std::log10(half)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * e <= half) return m * e;
  return e;
}

}  // namespace

SurfaceResult write_surfaces(const PipelineConfig& cfg, const MultiPolygon& gemeente, const density::Grid& grid,
                             const aggregate::CountCube& counts, const StepSeries& series, const Periods& periods,
                             const std::vector<std::string>& main_keys, double cell_period_variance,
                             unsigned threads) {
  SurfaceResult out;
  const bool pub = cfg.privacy.profile == Profile::public_;

  // Grid hot spots on the analysis period's totaal per cell.
  std::vector<double> values(grid.size());
  for (size_t c = 0; c < grid.size(); ++c)
    values[c] = static_cast<double>(counts.sum(c, 0, periods.first[kCurrent], periods.months));
  double band_m = cfg.grid.distance_band_m;
  nlohmann::json isa_report = nullptr, scale_report = nullptr;
  std::string band_rule = "configured";
  if (band_m <= 0 && grid.size() > 3) {
    // The scale of analysis by Optimized Hot Spot Analysis's rules, capped at the cells' own
    // scale and the study area's (density/scale.hpp).
    const density::ScaleOfAnalysis sc = density::scale_of_analysis(grid.centres, values);
    band_m = sc.band_m;
    band_rule = sc.rule;
    isa_report = {{"distances_m", sc.isa.distances_m}, {"z", sc.isa.z}, {"found_peak", sc.isa.found_peak}};
    scale_report = {{"peak_m", sc.found_peak ? nlohmann::json(sc.peak_m) : nlohmann::json(nullptr)},
                    {"k", sc.k},
                    {"k_neighbour_m", sc.k_neighbour_m},
                    {"standard_distance_m", sc.standard_distance_m},
                    {"neighbours_cap_m", sc.neighbours_cap_m},
                    {"cap_m", sc.cap_m},
                    {"floor_m", sc.floor_m},
                    {"capped", sc.capped},
                    {"rules", "first peak of incremental spatial autocorrelation; no peak: average distance to the "
                              "K-th nearest cell (K = 5 % of the cells, 3..30) within one standard distance (ArcGIS "
                              "Optimized Hot Spot Analysis); never beyond the average distance to the 30th nearest "
                              "cell nor one standard distance; never below the distance that gives every cell a "
                              "neighbour"}};
  }
  if (band_m <= 0) {
    band_m = grid.cell_m * 2;
    band_rule = "two cells (a grid of 3 cells or fewer)";
  }
  const weights::Weights w = weights::distance_band(grid.centres, band_m, true);
  LevelHotspots hs = level_hotspots(w, values, 1, std::vector<double>(grid.size(), NAN), cfg.hotspots, threads);

  output::Table t;
  t.add_string("id", "grid cell id (lattice coordinates; stable between runs)");
  t.add_real("area_km2", "cell area after clipping to the gemeente, km²");
  t.add_integer("n_totaal", "incidents in the analysis period");
  for (size_t c = 0; c < grid.size(); ++c) {
    t.columns[0].strings.push_back(grid.ids[c]);
    t.columns[1].reals.push_back(grid.area_m2[c] / 1e6);
    t.columns[2].ints.push_back(static_cast<int64_t>(values[c]));
  }
  append_hotspot_columns(t, hs, {"totaal"}, cfg.privacy.profile);
  const nlohmann::json space_time = append_space_time_columns(t, grid, w, series, main_keys, cfg, threads);
  out.schema["grid_hotspots"] = nlohmann::json::array();
  for (const auto& c : t.columns) out.schema["grid_hotspots"].push_back({{"name", c.name}, {"description", c.description}});
  output::LayerGeometry geometry;
  geometry.kind = output::LayerGeometry::polygon;
  geometry.polygons = grid.cells;
  write_layer_formats(cfg, cfg.output_dir, "grid_hotspots", t, geometry, out.files, &out.warnings);
  out.grid.table = t;
  out.grid.geometry = geometry;
  out.grid_report = {{"shape", cfg.grid.shape},
                     {"cell_m", grid.cell_m},
                     {"cell_size_rule", cfg.grid.cell_m > 0 ? "configured" : "side of an equal-area square = sqrt(area * 5 / n), n = the (released) gemeente count of the analysis period, rounded to 1, 2, 2.5 or 5 x 10^k"},
                     {"cells", grid.size()},
                     {"distance_band_m", band_m},
                     {"distance_band_rule", band_rule},
                     {"scale_of_analysis", scale_report},
                     {"incremental_autocorrelation", isa_report},
                     {"statistics", hs.report},
                     {"space_time", space_time}};

  // Kernel density of the cell counts at the cells' centroids, and its contours.
  const std::vector<XY> centroid = weights::centroids(grid.cells);
  std::vector<double> cx(grid.size()), cy(grid.size());
  for (size_t c = 0; c < grid.size(); ++c) cx[c] = centroid[c].x, cy[c] = centroid[c].y;
  density::KdeOptions ko;
  ko.kernel = cfg.kde.kernel == "gaussian" ? density::Kernel::gaussian : density::Kernel::quartic;
  ko.threads = threads;
  const Envelope extent = envelope_of(gemeente);
  double total = 0;
  for (double v : values) total += v;
  double h = cfg.kde.bandwidth_m > 0 ? cfg.kde.bandwidth_m : total >= 2 ? density::default_bandwidth_m(cx, cy, values) : 0;
  if (!(h > 0)) h = std::max(extent.max_x - extent.min_x, extent.max_y - extent.min_y) / 20;
  const bool raised = pub && h < cfg.kde.min_bandwidth_m;
  if (raised) h = cfg.kde.min_bandwidth_m;
  ko.bandwidth_m = h;
  ko.cell_m = cfg.kde.cell_m > 0 ? cfg.kde.cell_m : density::default_cell_m(extent);
  density::Raster r = density::kde(cx, cy, values, extent, ko);
  const double step_km2 = pub ? kde_step_per_km2(cell_period_variance, grid.cell_m, h, ko.kernel == density::Kernel::quartic) : 0;
  if (step_km2 > 0) {
    const double step = step_km2 / 1e6;
    for (double& v : r.values) v = std::round(v / step) * step;
  }
  density::GeoTiffOptions tiff;
  tiff.value_scale = 1e6;
  tiff.units = "incidents per km2 in the analysis period";
  tiff.metadata = {{"KERNEL", cfg.kde.kernel}, {"BANDWIDTH_M", std::to_string(h)}, {"CELL_M", std::to_string(ko.cell_m)}};
  // Outside the gemeente nothing is published: those cells are nodata (transparent in a GIS,
  // not a black frame around the city). The contours below come from the whole raster.
  const index::AreaIndex inside({gemeente});
  tiff.no_data.resize(r.values.size());
  size_t outside = 0;
  for (size_t iy = 0; iy < r.ny; ++iy)
    for (size_t ix = 0; ix < r.nx; ++ix) {
      const XY c = r.cell_centre(ix, iy);
      const bool out = inside.locate(c.x, c.y) == kNoArea;
      tiff.no_data[iy * r.nx + ix] = out;
      outside += out;
    }
  density::write_geotiff(r, (fs::path(cfg.output_dir) / "kde.tif").string(), cfg.analysis_crs, tiff);
  out.files.push_back("kde.tif");
  std::vector<double> levels = density::default_levels(r, 5);
  if (step_km2 > 0) {
    // The public raster holds whole steps: a level halfway between two steps never meets a
    // plateau of equal values (GDAL's contours of a level equal to a flat area are degenerate).
    const double step = step_km2 / 1e6;
    std::vector<double> half;
    for (double l : levels) {
      const double m = (std::floor(l / step) + 0.5) * step;
      if (half.empty() || m > half.back()) half.push_back(m);
    }
    levels = half;
  }
  density::write_contours(r, levels, (fs::path(cfg.output_dir) / "kde_contours.geojson").string(), cfg.analysis_crs);
  out.files.push_back("kde_contours.geojson");
  std::vector<double> levels_km2;
  for (double l : levels) levels_km2.push_back(l * 1e6);
  out.kde_report = {{"kernel", cfg.kde.kernel},
                    {"bandwidth_m", h},
                    {"bandwidth_rule", cfg.kde.bandwidth_m > 0 ? "configured" : "ArcGIS spatial Silverman rule: 0.9 min(SD, sqrt(1/ln 2) Dm) n^-0.2, of the cell centroids weighted by their counts"},
                    {"bandwidth_raised_for_privacy", raised},
                    {"cell_m", ko.cell_m},
                    {"grid", {r.nx, r.ny}},
                    {"nodata", tiff.nodata_value},
                    {"nodata_cells", outside},
                    {"nodata_rule", "cells whose centre lies outside the gemeente"},
                    {"source", "the grid's cell counts of the analysis period at the cells' centroids (no incident points)"},
                    {"value_step_per_km2", step_km2},
                    {"units", "incidents per km² (intensity; no division by n, no edge correction)"},
                    {"incidents", total},
                    {"contour_levels_per_km2", levels_km2}};
  return out;
}

}  // namespace brandpunt::pipeline
