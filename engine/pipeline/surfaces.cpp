#include "pipeline/surfaces.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "density/contours.hpp"
#include "density/geotiff.hpp"
#include "density/grid.hpp"
#include "density/incremental.hpp"
#include "density/kde.hpp"
#include "output/vector_writer.hpp"
#include "pipeline/layer_files.hpp"
#include "pipeline/figures.hpp"
#include "pipeline/hotspots.hpp"
#include "privacy/suppression.hpp"
#include "weights/distance_band.hpp"

namespace fs = std::filesystem;

namespace brandpunt::pipeline {

SurfaceResult write_surfaces(const PipelineConfig& cfg, const MultiPolygon& gemeente,
                             std::span<const double> x, std::span<const double> y,
                             unsigned threads) {
  SurfaceResult out;
  const bool pub = cfg.privacy.profile == Profile::public_;

  // Grid hot spots.
  density::GridOptions go;
  go.shape = cfg.grid.shape == "square" ? density::GridShape::square : density::GridShape::hexagon;
  go.cell_m = cfg.grid.cell_m;
  const density::Grid grid = density::make_grid(gemeente, go, x, y);
  const std::vector<uint32_t> cell = density::assign_to_grid(grid, x, y);
  std::vector<int64_t> counts(grid.size() + 1, 0);  // last = the grid total
  for (uint32_t c : cell)
    if (c != UINT32_MAX) ++counts[c], ++counts.back();
  std::vector<double> values(grid.size());
  for (size_t c = 0; c < grid.size(); ++c) values[c] = static_cast<double>(counts[c]);

  double band_m = cfg.grid.distance_band_m;
  nlohmann::json isa_report = nullptr;
  if (band_m <= 0 && grid.size() > 3) {
    const density::IsaDefaults d = density::isa_defaults(grid.centres);
    const density::IsaResult isa = density::incremental_autocorrelation(grid.centres, values, d.start_m, d.step_m, d.n_steps);
    band_m = isa.peak_distance_m;
    isa_report = {{"distances_m", isa.distances_m}, {"z", isa.z}, {"found_peak", isa.found_peak}};
    if (!isa.found_peak)
      out.warnings.push_back("incremental spatial autocorrelation found no peak: the grid uses the distance with the largest z");
  }
  if (band_m <= 0) band_m = grid.cell_m * 2;
  const weights::Weights w = weights::distance_band(grid.centres, band_m, true);
  LevelHotspots hs = level_hotspots(w, values, 1, std::vector<double>(grid.size(), NAN), cfg.hotspots, threads);

  std::vector<uint8_t> flag(grid.size(), kExact);
  if (pub) {
    privacy::SuppressionOptions so;
    so.threshold = cfg.privacy.threshold;
    // One relation (the grid total): the per-relation rule is already exact, no audit needed.
    so.audit = false;
    std::vector<privacy::Relation> rel(1);
    rel[0].total = static_cast<uint32_t>(grid.size());
    for (size_t c = 0; c < grid.size(); ++c) rel[0].parts.push_back(static_cast<uint32_t>(c));
    const auto states = privacy::protect(counts, rel, so);
    for (size_t c = 0; c < grid.size(); ++c)
      flag[c] = states[c] == privacy::CellState::published ? kExact
                : states[c] == privacy::CellState::primary ? kSuppressedSmall
                                                           : kSuppressedSecondary;
  }
  output::Table t;
  t.add_string("id", "grid cell id (lattice coordinates; stable between runs)");
  t.add_real("area_km2", "cell area after clipping to the gemeente, km²");
  t.add_integer("n_totaal", "incidents in the analysis period (null = suppressed)");
  t.add_integer("n_totaal_flag", "0 exact, 1 suppressed (below threshold), 2 suppressed (secondary)");
  for (size_t c = 0; c < grid.size(); ++c) {
    t.columns[0].strings.push_back(grid.ids[c]);
    t.columns[1].reals.push_back(grid.area_m2[c] / 1e6);
    t.columns[2].ints.push_back(flag[c] == kExact ? counts[c] : 0);
    t.columns[2].null.push_back(flag[c] == kExact ? 0 : 1);
    t.columns[3].ints.push_back(flag[c]);
  }
  append_hotspot_columns(t, hs, {"totaal"}, cfg.privacy.profile);
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
                     {"cell_size_rule", cfg.grid.cell_m > 0 ? "configured" : "side of an equal-area square = sqrt(area * 5 / points), rounded to 1, 2, 2.5 or 5 x 10^k"},
                     {"cells", grid.size()},
                     {"distance_band_m", band_m},
                     {"distance_band_rule", cfg.grid.distance_band_m > 0 ? "configured" : "incremental spatial autocorrelation (first peak of global Moran's z)"},
                     {"incremental_autocorrelation", isa_report},
                     {"statistics", hs.report}};

  // Kernel density and its contours.
  density::KdeOptions ko;
  ko.kernel = cfg.kde.kernel == "gaussian" ? density::Kernel::gaussian : density::Kernel::quartic;
  ko.threads = threads;
  const Envelope extent = envelope_of(gemeente);
  double h = cfg.kde.bandwidth_m > 0 ? cfg.kde.bandwidth_m
             : x.size() >= 2          ? density::default_bandwidth_m(x, y, {})
                                      : 0;
  if (!(h > 0)) h = std::max(extent.max_x - extent.min_x, extent.max_y - extent.min_y) / 20;
  const bool raised = pub && h < cfg.kde.min_bandwidth_m;
  if (raised) h = cfg.kde.min_bandwidth_m;
  ko.bandwidth_m = h;
  ko.cell_m = cfg.kde.cell_m > 0 ? cfg.kde.cell_m : density::default_cell_m(extent);
  const density::Raster r = density::kde(x, y, {}, extent, ko);
  density::GeoTiffOptions tiff;
  tiff.value_scale = 1e6;
  tiff.units = "incidents per km2 in the analysis period";
  tiff.metadata = {{"KERNEL", cfg.kde.kernel}, {"BANDWIDTH_M", std::to_string(h)}, {"CELL_M", std::to_string(ko.cell_m)}};
  density::write_geotiff(r, (fs::path(cfg.output_dir) / "kde.tif").string(), cfg.analysis_crs, tiff);
  out.files.push_back("kde.tif");
  const std::vector<double> levels = density::default_levels(r, 5);
  density::write_contours(r, levels, (fs::path(cfg.output_dir) / "kde_contours.geojson").string(), cfg.analysis_crs);
  out.files.push_back("kde_contours.geojson");
  std::vector<double> levels_km2;
  for (double l : levels) levels_km2.push_back(l * 1e6);
  out.kde_report = {{"kernel", cfg.kde.kernel},
                    {"bandwidth_m", h},
                    {"bandwidth_rule", cfg.kde.bandwidth_m > 0 ? "configured" : "ArcGIS spatial Silverman rule: 0.9 min(SD, sqrt(1/ln 2) Dm) n^-0.2"},
                    {"bandwidth_raised_for_privacy", raised},
                    {"cell_m", ko.cell_m},
                    {"grid", {r.nx, r.ny}},
                    {"units", "incidents per km² (intensity; no division by n, no edge correction)"},
                    {"points", x.size()},
                    {"contour_levels_per_km2", levels_km2}};
  return out;
}

}  // namespace brandpunt::pipeline
