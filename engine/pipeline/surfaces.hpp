// Surfaces from points (internal to the pipeline): the hexagon (or square) grid clipped to the
// gemeente with Gi* per cell, and the kernel density raster with its classed contours.
//
// Both use the analysis period's assigned incidents (totaal). The grid also carries a space-time
// cube, grid cell × time step ([time] step) over the series window, from the series window's
// incidents: emerging hot spots (space-time Gi* with the binary distance-band weights) and the
// Mann-Kendall trend with Sen's slope per cell, for totaal and each main category. The grid's
// distance band is the
// first peak of global Moran's z over increasing distances (incremental spatial
// autocorrelation) unless configured; its counts are protected like the area counts (primary
// suppression below the threshold, a second cell where the grid total would reveal one). In
// the public profile the KDE bandwidth is at least kde.min_bandwidth_m, so the surface shows
// concentrations, not addresses.
//
//   SeriesPoints sp{sx, sy, st, smain, {"hic", ...}, series_window(periods, time::Step::month)};
//   SurfaceResult s = write_surfaces(cfg, gemeente_outline, x, y, sp, threads);
//   s.files;  // grid_hotspots.geojson, kde.tif, kde_contours.geojson
#pragma once

#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geometry.hpp"
#include "pipeline/config.hpp"
#include "pipeline/packs.hpp"
#include "time/calendar.hpp"

namespace brandpunt::pipeline {

struct SurfaceResult {
  std::vector<std::string> files;
  nlohmann::json grid_report, kde_report, schema;
  std::vector<std::string> warnings;
  GridLayer grid;  // the published grid layer, for the packs
};

// The assigned incidents of the series window with their time (civil seconds) and main
// category (index into main_keys), and that window cut into the configured step.
struct SeriesPoints {
  std::span<const double> x, y;
  std::span<const int64_t> time_s;
  std::span<const uint16_t> main;
  std::vector<std::string> main_keys;  // column suffixes after "totaal", e.g. "hic"
  time::Window window;
};

// x, y: the analysis period's points (grid size, Gi*, KDE); series: the grid's space-time cube.
SurfaceResult write_surfaces(const PipelineConfig& cfg, const MultiPolygon& gemeente,
                             std::span<const double> x, std::span<const double> y,
                             const SeriesPoints& series, unsigned threads);

}  // namespace brandpunt::pipeline
