// Surfaces from the grid counts (internal to the pipeline): the hexagon (or square) grid
// clipped to the gemeente with Gi* per cell, and the kernel density raster with its classed
// contours.
//
// Both read the grid's counts as they are after the protection stage (protection.hpp): in the
// public profile the released counts, so no incident coordinate is ever read here. The grid's
// Gi* and the KDE use the analysis period's totaal per cell; the KDE places each cell's count
// at the centroid of the (clipped) cell, so it is a smoothing of the grid counts and shows no
// more than they do, and in the public profile its values are rounded to a step below the
// noise of the released counts (and the bandwidth is at least kde.min_bandwidth_m). The grid
// also carries the space-time cube over the series window at [time] step (emerging hot spots
// with the binary distance-band weights, Mann-Kendall and Sen's slope per cell) for totaal and
// each main category. The distance band is the first peak of global Moran's z over increasing
// distances (incremental spatial autocorrelation) unless configured.
//
//   SurfaceResult s = write_surfaces(cfg, gemeente, grid, grid_series, periods, main_keys, threads);
//   s.files;  // grid_hotspots.geojson, kde.tif, kde_contours.geojson
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aggregate/cube.hpp"
#include "core/geometry.hpp"
#include "density/grid.hpp"
#include "pipeline/config.hpp"
#include "pipeline/packs.hpp"
#include "pipeline/trends.hpp"
#include "time/calendar.hpp"

namespace brandpunt::pipeline {

struct SurfaceResult {
  std::vector<std::string> files;
  nlohmann::json grid_report, kde_report, schema;
  std::vector<std::string> warnings;
  GridLayer grid;  // the published grid layer, for the packs
};

// grid: the cells and their counts per [totaal, mains] × counted month; series: the cells'
// counts at the configured step over the series window (groups totaal, mains);
// cell_period_variance: the variance of a released cell's period count (0 = exact), for the
// KDE's rounding step.
SurfaceResult write_surfaces(const PipelineConfig& cfg, const MultiPolygon& gemeente, const density::Grid& grid,
                             const aggregate::CountCube& counts, const StepSeries& series, const Periods& periods,
                             const std::vector<std::string>& main_keys, double cell_period_variance,
                             unsigned threads);

}  // namespace brandpunt::pipeline
