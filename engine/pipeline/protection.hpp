// The public profile's release of the counts (internal to the pipeline): protect first, then
// analyse.
//
// In the public profile the count cubes of every level are replaced by their release under
// zCDP (engine/privacy/count_release.hpp) before any statistic is computed, and the grid's
// counts are released the same way, so every published number is a function of released
// counts only: a reader who recomputes a statistic from the published tables gets the
// published value, and nothing else about the incidents can be derived from it.
//
//   areas      gemeente -> stadsdelen -> wijken -> buurten, totaal/mains/subs, years/blocks/months
//   straten    each released buurt (fixed) -> its straten + the rest of the buurt, totaal/mains
//   grid       the released gemeente (fixed) -> the grid cells + the rest, totaal/mains
//   weeks      with [time] step = "week": the same three at weekly steps
//
// The restricted profile goes through the same functions with the exact counts (no noise), so
// both profiles analyse the same structures.
//
//   CountRelease r = release_counts(cfg, key, counts, levels, straten, periods, threads);
//   r.report;   // run.json "privacy": budget, split, expected error per table
#pragma once

#include <array>
#include <vector>

#include <nlohmann/json.hpp>

#include "aggregate/cube.hpp"
#include "core/incidents.hpp"
#include "density/grid.hpp"
#include "pipeline/config.hpp"
#include "pipeline/figures.hpp"
#include "pipeline/levels.hpp"
#include "pipeline/trends.hpp"
#include "privacy/random_stream.hpp"

namespace brandpunt::pipeline {

// The budget of one run split over the releases (PrivacyOptions, normalised).
struct BudgetPlan {
  double areas = 0, straten = 0, keys = 0, grid = 0;
  double weeks_areas = 0, weeks_straten = 0, weeks_grid = 0;
  double accounting = 0;  // the run's record accounting (release_accounting)
  double total() const { return areas + straten + keys + grid + weeks_areas + weeks_straten + weeks_grid + accounting; }
};
BudgetPlan plan_budget(const PrivacyOptions& privacy, bool record_keys, bool weeks, bool grid);

// Noise stream tables of one run (RandomStream ids), one per release.
enum ReleaseTable : uint32_t {
  kAreaTable = 1, kStraatTable, kGridTable, kKeyTable, kWeekAreaTable, kWeekStraatTable, kWeekGridTable,
  kAccountingTable
};

// The run's accounting counts (records per outcome) released in the public profile: each value
// plus discrete Gaussian noise under `rho`, floored at 0. The values must be disjoint outcome
// counts and duplicate-id / street counts, so that adding or removing one incident changes at
// most `kAccountingSensitivity2` (the squared L2 norm) of them by one each: one outcome, its
// street outcome, its street presence and the duplicate-id count.
inline constexpr double kAccountingSensitivity2 = 4;
struct ReleasedAccounting {
  std::vector<int64_t> values;  // in the order given
  double expected_abs_error = 0;
};
ReleasedAccounting release_accounting(const std::vector<int64_t>& exact, double rho, const privacy::NoiseKey& key);

// One release of the area and straat cubes: its budget, its noise tables and its time tree
// (months in period-length blocks and years; or weeks, flat).
struct AreaRelease {
  double rho_areas = 0, rho_straten = 0;
  uint32_t area_table = kAreaTable, straat_table = kStraatTable;
  size_t block_steps = 3;  // steps per block (the period length in months; 1 = no blocks)
  bool years = true;       // 12-step groups above the blocks (months only)
};

// Releases the area cubes (buurt and the levels above) and the straat cube in place; the rest
// of each buurt (its incidents in no straat) is released with its straten and not kept.
// Returns the report of both (expected absolute error per published table).
nlohmann::json release_area_cubes(const AreaRelease& release, const privacy::NoiseKey& key,
                                  std::array<aggregate::CountCube, kLevelCount>& cubes,
                                  const std::vector<uint16_t>& sub_main, size_t n_mains, const Levels& levels,
                                  const std::vector<uint32_t>& straat_buurt, unsigned threads);

// The grid of the surfaces and its cube (cells × [totaal, mains] × the counted months), from
// the assigned incidents; its cell size from the (released) gemeente count of the analysis
// period, so that the grid's geometry is public too.
struct GridCounts {
  density::Grid grid;
  aggregate::CountCube cube;  // n_areas = cells
  aggregate::CountCube rest;  // one area: counted incidents in no cell
};
GridCounts count_grid(const PipelineConfig& cfg, const MultiPolygon& gemeente, int64_t period_total,
                      const IncidentTable& incidents, std::span<const uint32_t> buurt_of,
                      std::span<const uint16_t> main_of, size_t n_mains, const Periods& periods);

// Releases the grid cube (cells × [totaal, mains] × steps) in place below the released
// gemeente cube (its [totaal, mains] rows), with the time tree of `release`.
nlohmann::json release_grid_cube(double rho, uint32_t table, const AreaRelease& time_tree, const privacy::NoiseKey& key,
                                 aggregate::CountCube& cells, const aggregate::CountCube& rest,
                                 const aggregate::CountCube& gemeente, size_t n_mains, unsigned threads);

// A step series as a count cube ([area][group][step]; months = the steps) and back.
aggregate::CountCube cube_of(const StepSeries& series);
void put_cube(const aggregate::CountCube& cube, StepSeries& series);

}  // namespace brandpunt::pipeline
