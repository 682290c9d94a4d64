#include "pipeline/protection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "core/error.hpp"
#include "privacy/count_release.hpp"
#include "privacy/discrete_gaussian.hpp"

namespace brandpunt::pipeline {

namespace {

// Relative precision (1/σ²) of the measured tables per tree level; docs/DESIGN.md "Privacy"
// gives the reasons: buurten carry the analysis, the levels above add up many buurten and need
// little of their own; periods (blocks) are what the focus lists rank, months feed the trends.
constexpr double kWeightGemeente = 0.1, kWeightStadsdeel = 0.15, kWeightWijk = 0.25, kWeightBuurt = 1.0;
constexpr double kYear = 0.5, kBlock = 1.0, kMonth = 1.0;
// Straten and grid cells below a fixed parent: areas are straten per buurt and a noisy
// buurt remainder, or cells of the gemeente.
constexpr size_t kStraatChunk = 1024;  // buurten released together (bounded memory)

std::vector<double> time_weights(const privacy::TableShape& s) {
  std::vector<double> w;
  for (const auto& l : s.time_levels) w.push_back(l == "year" ? kYear : l == "block" ? kBlock : kMonth);
  return w;
}

std::vector<double> flat_weights(size_t n) { return std::vector<double>(n, 1.0); }

// E|error| of a published count from the least-squares variance, with the rounding and the
// clamping at zero on top (a run's residual is within one count: variance 1/6 taken).
double expected_abs_error(double posterior) {
  return std::isfinite(posterior) ? std::sqrt(2 / std::numbers::pi) * std::sqrt(posterior + 1.0 / 6) : NAN;
}

double rounded3(double v) { return std::round(v * 1000) / 1000; }

// {"period": {"totaal": e, "main": e, "sub": e}, "month": {...}, "year": {...}} for one geo level.
nlohmann::json error_table(const privacy::TableShape& s, const std::vector<double>& post, size_t g) {
  const size_t nc = s.cat_levels.size(), nt = s.time_levels.size();
  nlohmann::json out = nlohmann::json::object();
  for (size_t t = 0; t < nt; ++t) {
    const std::string& name = s.time_levels[t];
    nlohmann::json& o = out[name == "block" ? "period" : name];
    for (size_t c = 0; c < nc; ++c) o[s.cat_levels[c]] = rounded3(expected_abs_error(post[(g * nc + c) * nt + t]));
  }
  if (!out.contains("period") && out.contains("month")) out["period"] = out["month"];  // one-month periods
  return out;
}

uint32_t to_count(int64_t v) {
  if (v < 0 || v > std::numeric_limits<uint32_t>::max()) throw Error(ErrorKind::internal, "released count out of range");
  return static_cast<uint32_t>(v);
}

// The cube rows [cat][month] of area a (the cube's layout is area-major).
const uint32_t* rows(const aggregate::CountCube& cube, size_t a) {
  return cube.counts.data() + a * cube.n_cats * static_cast<size_t>(cube.months.count);
}

void copy_rows(const uint32_t* from, size_t n, int64_t* to) { std::copy(from, from + n, to); }

// Straten of each buurt, in straat order.
std::vector<std::vector<uint32_t>> straten_by_buurt(const std::vector<uint32_t>& straat_buurt, size_t n_buurten) {
  std::vector<std::vector<uint32_t>> out(n_buurten);
  for (size_t s = 0; s < straat_buurt.size(); ++s) out[straat_buurt[s]].push_back(static_cast<uint32_t>(s));
  return out;
}

// Releases children below fixed parents, a chunk of parents at a time: parent p's children
// are kids[p] (rows of `child_cube`) plus one remainder child with the parent's exact rows
// minus the children's. Stream ids: child k -> k, remainder of parent p -> n_children + p.
// The released children are written back into child_cube; returns the posterior variances.
std::vector<double> release_below(const privacy::TableShape& shape, double rho, const privacy::NoiseKey& key,
                                  uint32_t table, const aggregate::CountCube& released_parents,
                                  const aggregate::CountCube& exact_parents, aggregate::CountCube& child_cube,
                                  const std::vector<std::vector<uint32_t>>& kids, size_t chunk, unsigned threads) {
  const size_t C = shape.n_cat(), T = shape.n_months, W = C * T;
  const privacy::ProductBudget budget(rho, {1.0}, flat_weights(shape.cat_levels.size()), time_weights(shape));
  std::vector<double> post;
  for (size_t first = 0; first < kids.size(); first += chunk) {
    const size_t last = std::min(kids.size(), first + chunk);
    privacy::ReleaseSpec spec;
    spec.shape = &shape;
    spec.budget = &budget;
    spec.key = &key;
    spec.table_id = table;
    spec.threads = threads;
    // Per node: where its exact rows come from (parent p: -1 - p; child k: k; rest of p: kRest).
    struct Source { int64_t parent = -1, child = -1; bool rest = false; };
    std::vector<Source> src;
    for (size_t p = first; p < last; ++p) {
      const auto root = static_cast<int32_t>(spec.geo.tree.size());
      spec.geo.tree.parent.push_back(-1), spec.geo.tree.level.push_back(0);
      spec.geo.fixed.push_back(1), spec.geo.measured.push_back(0), spec.stream_of_node.push_back(0);
      src.push_back({static_cast<int64_t>(p), -1, false});
      for (uint32_t k : kids[p]) {
        spec.geo.tree.parent.push_back(root), spec.geo.tree.level.push_back(0);
        spec.geo.fixed.push_back(0), spec.geo.measured.push_back(1), spec.stream_of_node.push_back(k);
        src.push_back({static_cast<int64_t>(p), static_cast<int64_t>(k), false});
      }
      spec.geo.tree.parent.push_back(root), spec.geo.tree.level.push_back(0);
      spec.geo.fixed.push_back(0), spec.geo.measured.push_back(1), spec.stream_of_node.push_back(child_cube.n_areas + p);
      src.push_back({static_cast<int64_t>(p), -1, true});
    }
    const privacy::ReleasedTables r = privacy::release_tables(spec, [&](size_t v, int64_t* out) {
      const Source& s = src[v];
      const auto p = static_cast<size_t>(s.parent);
      if (s.child >= 0) return copy_rows(rows(child_cube, static_cast<size_t>(s.child)), W, out);
      if (!s.rest) return copy_rows(rows(released_parents, p), W, out);  // parents: their first C rows
      copy_rows(rows(exact_parents, p), W, out);
      for (uint32_t k : kids[p]) {
        const uint32_t* c = rows(child_cube, k);
        for (size_t i = 0; i < W; ++i) out[i] -= c[i];
      }
    });
    for (size_t v = 0; v < src.size(); ++v)
      if (src[v].child >= 0) {
        uint32_t* to = child_cube.counts.data() + static_cast<size_t>(src[v].child) * W;
        for (size_t i = 0; i < W; ++i) to[i] = to_count(r.counts[v * W + i]);
      }
    if (post.empty()) post = r.posterior_variance;
  }
  return post;
}

// A cube whose areas have the first `n_cats` categories of `cube` (totaal and mains of a
// cube over all categories: the layout keeps [cat][month] per area, so rows are a prefix).
aggregate::CountCube first_categories(const aggregate::CountCube& cube, size_t n_cats) {
  aggregate::CountCube out;
  out.n_areas = cube.n_areas;
  out.n_cats = n_cats;
  out.months = cube.months;
  const size_t T = static_cast<size_t>(cube.months.count);
  out.counts.resize(out.n_areas * n_cats * T);
  for (size_t a = 0; a < cube.n_areas; ++a) std::copy_n(rows(cube, a), n_cats * T, out.counts.data() + a * n_cats * T);
  return out;
}

}  // namespace

BudgetPlan plan_budget(const PrivacyOptions& p, bool record_keys, bool weeks, bool grid) {
  const double a = p.share_areas, s = p.share_straten, g = grid ? p.share_grid : 0.0;
  const double sum = a + s + g;
  BudgetPlan b;
  b.accounting = p.rho * p.share_accounting;
  const double rest = p.rho - b.accounting;
  const double monthly = weeks ? rest * (1 - p.share_weeks) : rest, weekly = weeks ? rest * p.share_weeks : 0.0;
  b.areas = monthly * a / sum;
  b.straten = monthly * s / sum;
  b.grid = monthly * g / sum;
  // Street names from the records: a quarter of the straat share decides which names exist.
  if (record_keys) b.keys = b.straten / 4, b.straten -= b.keys;
  b.weeks_areas = weekly * a / sum;
  b.weeks_straten = weekly * s / sum;
  b.weeks_grid = weekly * g / sum;
  return b;
}

ReleasedAccounting release_accounting(const std::vector<int64_t>& exact, double rho, const privacy::NoiseKey& key) {
  if (!(rho > 0)) throw Error(ErrorKind::internal, "release_accounting: no budget");
  // rho-zCDP at L2 sensitivity Δ: σ² = Δ² / (2ρ).
  const privacy::DiscreteGaussian noise(kAccountingSensitivity2 / (2 * rho));
  privacy::RandomStream rng(key, kAccountingTable);
  ReleasedAccounting out;
  out.expected_abs_error = noise.expected_abs();
  for (int64_t v : exact) out.values.push_back(std::max<int64_t>(0, v + noise.sample(rng)));
  return out;
}

nlohmann::json release_area_cubes(const AreaRelease& release, const privacy::NoiseKey& key,
                                  std::array<aggregate::CountCube, kLevelCount>& cubes,
                                  const std::vector<uint16_t>& sub_main, size_t n_mains, const Levels& lv,
                                  const std::vector<uint32_t>& straat_buurt, unsigned threads) {
  aggregate::CountCube& buurt = cubes[kBuurt];
  const size_t C = buurt.n_cats, T = static_cast<size_t>(buurt.months.count), W = C * T;
  if (C != 1 + n_mains + sub_main.size()) throw Error(ErrorKind::internal, "release: the buurt cube has other categories");
  const privacy::TableShape shape = privacy::make_table_shape(sub_main, n_mains, T, release.block_steps, release.years);
  // Areas, parents first: gemeente, stadsdelen, wijken, buurten.
  privacy::ReleaseSpec spec;
  spec.shape = &shape;
  spec.key = &key;
  spec.table_id = release.area_table;
  spec.threads = threads;
  std::vector<double> geo_weights = {kWeightGemeente};
  if (!lv.stadsdeel_is_wijk) geo_weights.push_back(kWeightStadsdeel);
  geo_weights.push_back(kWeightWijk);
  geo_weights.push_back(kWeightBuurt);
  const uint8_t lw = lv.stadsdeel_is_wijk ? 1 : 2, lb = static_cast<uint8_t>(lw + 1);
  const size_t S = lv.stadsdeel.size(), Wk = lv.wijk.size(), B = lv.buurt.size();
  auto add = [&](int32_t parent, uint8_t level, bool measured) {
    spec.geo.tree.parent.push_back(parent), spec.geo.tree.level.push_back(level);
    spec.geo.fixed.push_back(0), spec.geo.measured.push_back(measured ? 1 : 0);
  };
  add(-1, 0, true);
  for (size_t s = 0; s < S; ++s) add(0, 1, !lv.stadsdeel_is_wijk);
  for (size_t w = 0; w < Wk; ++w) add(static_cast<int32_t>(1 + lv.wijk_stadsdeel[w]), lw, true);
  for (size_t b = 0; b < B; ++b) add(static_cast<int32_t>(1 + S + lv.buurt_wijk[b]), lb, true);
  const privacy::ProductBudget budget(release.rho_areas, geo_weights, flat_weights(shape.cat_levels.size()), time_weights(shape));
  spec.budget = &budget;
  auto level_of = [&](size_t v) -> std::pair<int, size_t> {
    if (v == 0) return {kGemeente, 0};
    if (v <= S) return {kStadsdeel, v - 1};
    if (v <= S + Wk) return {kWijk, v - 1 - S};
    return {kBuurt, v - 1 - S - Wk};
  };
  const privacy::ReleasedTables r = privacy::release_tables(spec, [&](size_t v, int64_t* out) {
    const auto [l, a] = level_of(v);
    copy_rows(rows(cubes[static_cast<size_t>(l)], a), W, out);
  });
  // The straten's exact remainder needs the exact buurt cube: keep it until they are released.
  const aggregate::CountCube exact_buurt = first_categories(buurt, 1 + n_mains);
  for (size_t v = 0; v < spec.geo.tree.size(); ++v) {
    const auto [l, a] = level_of(v);
    uint32_t* to = cubes[static_cast<size_t>(l)].counts.data() + a * W;
    for (size_t i = 0; i < W; ++i) to[i] = to_count(r.counts[v * W + i]);
  }
  nlohmann::json report;
  const char* names[] = {"gemeente", "stadsdeel", "wijk", "buurt"};
  for (size_t g = 0, k = 0; k < 4; ++k) {
    if (k == 1 && lv.stadsdeel_is_wijk) continue;
    report[names[k]] = error_table(shape, r.posterior_variance, g++);
  }
  if (lv.stadsdeel_is_wijk) report["stadsdeel"] = report["wijk"];
  if (cubes[kStraat].n_areas > 0 && release.rho_straten > 0) {
    // No year level below the buurten: nothing reads a straat's year (the indicators are per area).
    const privacy::TableShape s_shape = privacy::make_table_shape({}, n_mains, T, release.block_steps, false);
    const aggregate::CountCube released_buurt = first_categories(buurt, 1 + n_mains);
    const std::vector<double> post =
        release_below(s_shape, release.rho_straten, key, release.straat_table, released_buurt, exact_buurt,
                      cubes[kStraat], straten_by_buurt(straat_buurt, B), kStraatChunk, threads);
    report["straat"] = error_table(s_shape, post, 0);
  }
  return report;
}

GridCounts count_grid(const PipelineConfig& cfg, const MultiPolygon& gemeente, int64_t period_total,
                      const IncidentTable& incidents, std::span<const uint32_t> buurt_of,
                      std::span<const uint16_t> main_of, size_t n_mains, const Periods& periods) {
  GridCounts g;
  density::GridOptions go;
  go.shape = cfg.grid.shape == "square" ? density::GridShape::square : density::GridShape::hexagon;
  go.cell_m = cfg.grid.cell_m > 0
                  ? cfg.grid.cell_m
                  : density::default_grid_cell_m(gemeente, static_cast<size_t>(std::max<int64_t>(0, period_total)));
  g.grid = density::make_grid(gemeente, go, {}, {});
  const size_t C = 1 + n_mains, T = static_cast<size_t>(periods.cube.count);
  g.cube.n_areas = g.grid.size();
  g.cube.n_cats = C;
  g.cube.months = periods.cube;
  g.cube.counts.assign(g.cube.n_areas * C * T, 0);
  g.rest.n_areas = 1;
  g.rest.n_cats = C;
  g.rest.months = periods.cube;
  g.rest.counts.assign(C * T, 0);
  const std::vector<uint32_t> cell = density::assign_to_grid(g.grid, incidents.x, incidents.y);
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (buurt_of[i] == kNoArea) continue;
    const int m = aggregate::month_of(incidents.time_s[i]);
    if (!periods.cube.contains(m)) continue;
    const size_t t = static_cast<size_t>(m - periods.cube.first);
    uint32_t* r = cell[i] == UINT32_MAX ? g.rest.counts.data() : g.cube.counts.data() + cell[i] * C * T;
    ++r[t];
    ++r[(1 + main_of[i]) * T + t];
  }
  return g;
}

nlohmann::json release_grid_cube(double rho, uint32_t table, const AreaRelease& time_tree, const privacy::NoiseKey& key,
                                 aggregate::CountCube& cells, const aggregate::CountCube& rest,
                                 const aggregate::CountCube& gemeente, size_t n_mains, unsigned threads) {
  const size_t T = static_cast<size_t>(cells.months.count);
  // No year level: the grid's statistics read periods and steps only.
  const privacy::TableShape shape = privacy::make_table_shape({}, n_mains, T, time_tree.block_steps, false);
  // One parent (the released gemeente) with every cell as a child and the rest as remainder;
  // the exact parent is the cells' sum plus the rest.
  aggregate::CountCube exact_parent = rest;
  for (size_t c = 0; c < cells.n_areas; ++c) {
    const uint32_t* r = rows(cells, c);
    for (size_t i = 0; i < exact_parent.counts.size(); ++i) exact_parent.counts[i] += r[i];
  }
  std::vector<std::vector<uint32_t>> kids(1);
  for (size_t c = 0; c < cells.n_areas; ++c) kids[0].push_back(static_cast<uint32_t>(c));
  const std::vector<double> post =
      release_below(shape, rho, key, table, first_categories(gemeente, 1 + n_mains), exact_parent, cells, kids, 1, threads);
  return error_table(shape, post, 0);
}

aggregate::CountCube cube_of(const StepSeries& series) {
  aggregate::CountCube c;
  c.n_cats = series.groups.size();
  c.n_areas = c.n_cats ? series.groups[0].n_locations : 0;
  const size_t T = c.n_cats ? series.groups[0].n_steps : 0;
  c.months = {0, static_cast<int>(T)};
  c.counts.resize(c.n_areas * c.n_cats * T);
  for (size_t g = 0; g < c.n_cats; ++g)
    for (size_t a = 0; a < c.n_areas; ++a)
      std::copy_n(series.groups[g].counts.data() + a * T, T, c.counts.data() + (a * c.n_cats + g) * T);
  return c;
}

void put_cube(const aggregate::CountCube& c, StepSeries& series) {
  const size_t T = static_cast<size_t>(c.months.count);
  for (size_t g = 0; g < c.n_cats; ++g)
    for (size_t a = 0; a < c.n_areas; ++a)
      std::copy_n(c.counts.data() + (a * c.n_cats + g) * T, T, series.groups[g].counts.data() + a * T);
}

}  // namespace brandpunt::pipeline
