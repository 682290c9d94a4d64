#include "density/kde.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "density/binned_kde_detail.hpp"

namespace brandpunt::density {
namespace {

// Largest raster we agree to allocate (8 GB of doubles): a guard against a unit mix-up
// (degrees as metres, cell size in km) turning into an out-of-memory crash.
constexpr double kMaxCells = 1e9;

void check_inputs(std::span<const double> x, std::span<const double> y,
                  std::span<const double> w) {
  if (x.size() != y.size())
    throw Error(ErrorKind::config, "kde: x and y differ in length (" + std::to_string(x.size()) +
                                       " vs " + std::to_string(y.size()) + ")");
  if (!w.empty() && w.size() != x.size())
    throw Error(ErrorKind::config, "kde: weights must be empty or one per point (" +
                                       std::to_string(w.size()) + " for " +
                                       std::to_string(x.size()) + " points)");
  for (size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i]))
      throw Error(ErrorKind::format, "kde: non-finite coordinate of point " + std::to_string(i))
          .at_field("x/y");
    if (!w.empty() && (!std::isfinite(w[i]) || w[i] < 0))
      throw Error(ErrorKind::format,
                  "kde: weight of point " + std::to_string(i) + " is negative or not finite")
          .at_field("weight");
  }
}

// Evaluation lattice: point (ix, iy) sits at (x0 + ix·step, y0 + iy·step), which is the
// cell centre of the output raster.
struct Lattice {
  size_t nx = 0, ny = 0;
  std::vector<double> xs, ys;  // evaluation coordinates, computed once like Raster::cell_centre
  double step = 0;
};

Lattice lattice_of(const Raster& r) {
  Lattice l;
  l.nx = r.nx;
  l.ny = r.ny;
  l.step = r.cell_m;
  l.xs.resize(r.nx);
  l.ys.resize(r.ny);
  for (size_t i = 0; i < r.nx; ++i) l.xs[i] = r.cell_centre(i, 0).x;
  for (size_t i = 0; i < r.ny; ++i) l.ys[i] = r.cell_centre(0, i).y;
  return l;
}

// First/last lattice index whose coordinate can lie within `radius` of v, widened by one on
// each side so rounding never drops a cell (the kernel itself is zero outside its support),
// and clamped to [0, n-1]. Returns lo > hi when the range misses the lattice.
std::pair<int64_t, int64_t> index_range(double v, double radius, double first, double step,
                                        size_t n) {
  const double lo = std::ceil((v - radius - first) / step) - 1;
  const double hi = std::floor((v + radius - first) / step) + 1;
  const double last = static_cast<double>(n) - 1;
  return {static_cast<int64_t>(std::clamp(lo, 0.0, last + 1)),
          static_cast<int64_t>(std::clamp(hi, -1.0, last))};
}

// Points that touch the lattice, counting-sorted by (first row, block of kBlockCols columns)
// — stable, so ties keep input order. Each cell sums its points in this order whatever the
// thread count; the column blocks keep consecutive points on nearby cache lines.
constexpr size_t kBlockCols = 64;

struct Sorted {
  std::vector<double> x, y, amp;
  std::vector<int32_t> row_lo, row_hi;
  std::vector<uint32_t> bucket;  // points with row_lo == r are [bucket[r·nb], bucket[(r+1)·nb])
  size_t blocks_per_row = 1;     // nb
  int32_t max_rows = 0;          // most rows any one point spans
};

// amp = norm · w; the quartic stores sqrt(amp)/2 instead (see add_band).
Sorted sort_points(std::span<const double> x, std::span<const double> y,
                   std::span<const double> w, const Lattice& l, double radius,
                   double norm, bool quartic) {
  const size_t n = x.size();
  Sorted s;
  s.blocks_per_row = (l.nx + kBlockCols - 1) / kBlockCols;
  const size_t n_keys = l.ny * s.blocks_per_row;
  std::vector<int64_t> key(n, -1);
  std::vector<int32_t> hi(n, -1);
  std::vector<uint32_t> count(n_keys + 1, 0);
  for (size_t i = 0; i < n; ++i) {
    if (!w.empty() && w[i] == 0) continue;
    const auto [c0, c1] = index_range(x[i], radius, l.xs[0], l.step, l.nx);
    if (c0 > c1) continue;
    const auto [r0, r1] = index_range(y[i], radius, l.ys[0], l.step, l.ny);
    if (r0 > r1) continue;
    key[i] = r0 * static_cast<int64_t>(s.blocks_per_row) + c0 / static_cast<int64_t>(kBlockCols);
    hi[i] = static_cast<int32_t>(r1);
    ++count[static_cast<size_t>(key[i]) + 1];
  }
  for (size_t k = 0; k < n_keys; ++k) count[k + 1] += count[k];
  s.bucket = count;
  const size_t m = count[n_keys];
  s.x.resize(m);
  s.y.resize(m);
  s.amp.resize(m);
  s.row_lo.resize(m);
  s.row_hi.resize(m);
  for (size_t i = 0; i < n; ++i) {
    if (key[i] < 0) continue;
    const size_t k = count[static_cast<size_t>(key[i])]++;
    const double a = norm * (w.empty() ? 1.0 : w[i]);
    const auto lo = static_cast<int32_t>(static_cast<size_t>(key[i]) / s.blocks_per_row);
    s.x[k] = x[i];
    s.y[k] = y[i];
    s.amp[k] = quartic ? 0.5 * std::sqrt(a) : a;
    s.row_lo[k] = lo;
    s.row_hi[k] = hi[i];
    s.max_rows = std::max(s.max_rows, hi[i] - lo + 1);
  }
  return s;
}

struct KernelSpec {
  Kernel kernel;
  double h = 0;       // bandwidth
  double radius = 0;  // support radius
};

// Adds the points of `s` to the rows [r0, r1) of `out`.
//
// Quartic: with b = sqrt(w·3/(πh²))/2 per point, t = b − b(dx²+dy²)/h² = a_row − q[j] where
// q[j] = b·dx²/h² is precomputed once per point, and (t + |t|)² = w·3/(πh²)·(1 − d²/h²)² when
// d < h and exactly 0 otherwise (t + |t| = 0 for t ≤ 0, 2t for t > 0, both exact). So the
// inner loop has no branch or comparison and vectorises without fast-math.
// Gaussian: exp(−(dx²+dy²)/2h²) = exp(−dx²/2h²)·exp(−dy²/2h²), one exp per column and per row
// of each point; the disc (d < R) is cut exactly by trimming the row span.
// Built for AVX2 and baseline x86-64; neither uses FMA, so both clones round alike.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default")))
#endif
void add_band(const Sorted& s, const Lattice& l, const KernelSpec& k, size_t r0, size_t r1,
              double* __restrict out, std::vector<double>& scratch_a,
              std::vector<double>& scratch_b) {
  const double inv_h2 = 1.0 / (k.h * k.h);
  const double r2 = k.radius * k.radius;
  const double inv_step = 1.0 / l.step;
  const size_t first_row =
      r0 + 1 > static_cast<size_t>(s.max_rows) ? r0 + 1 - static_cast<size_t>(s.max_rows) : 0;
  const size_t p_begin = s.bucket[first_row * s.blocks_per_row];
  const size_t p_end = s.bucket[r1 * s.blocks_per_row];
  double* __restrict qa = scratch_a.data();
  double* __restrict qb = scratch_b.data();
  for (size_t p = p_begin; p < p_end; ++p) {
    if (static_cast<size_t>(s.row_hi[p]) < r0) continue;
    const double px = s.x[p], py = s.y[p], amp = s.amp[p];
    const auto [c_lo, c_hi] = index_range(px, k.radius, l.xs[0], l.step, l.nx);
    const size_t width = static_cast<size_t>(c_hi - c_lo + 1);
    const double* xs = l.xs.data() + c_lo;
    if (k.kernel == Kernel::quartic) {
      for (size_t j = 0; j < width; ++j) {
        const double dx = xs[j] - px;
        qa[j] = amp * (dx * dx * inv_h2);
      }
    } else {
      const double inv_2h2 = 0.5 * inv_h2;
      for (size_t j = 0; j < width; ++j) {
        const double dx = xs[j] - px;
        qa[j] = dx * dx;
        qb[j] = std::exp(-(dx * dx) * inv_2h2);
      }
    }
    const size_t row_begin = std::max(r0, static_cast<size_t>(s.row_lo[p]));
    const size_t row_end = std::min(r1, static_cast<size_t>(s.row_hi[p]) + 1);
    // The point in scratch-index units: each row's span is bracketed without division or
    // floor, one cell wider each side than the disc (the kernel is exactly 0 there).
    const double pj = (px - xs[0]) * inv_step;
    const double last_j = static_cast<double>(width) - 1;
    for (size_t iy = row_begin; iy < row_end; ++iy) {
      const double dy = l.ys[iy] - py;
      const double dy2 = dy * dy;
      if (dy2 >= r2) continue;
      const double hw = std::sqrt(r2 - dy2) * inv_step;
      size_t j0 = static_cast<size_t>(std::clamp(pj - hw - 1.0, 0.0, last_j));
      size_t j1 = static_cast<size_t>(std::clamp(pj + hw + 2.0, 0.0, last_j + 1));
      double* __restrict row = out + iy * l.nx + static_cast<size_t>(c_lo);
      if (k.kernel == Kernel::quartic) {
        const double a_row = amp * (1.0 - dy2 * inv_h2);
        for (size_t j = j0; j < j1; ++j) {
          const double t = a_row - qa[j];
          const double u = t + std::fabs(t);
          row[j] += u * u;
        }
      } else {
        const double e_row = amp * std::exp(-dy2 * 0.5 * inv_h2);
        const double rest = r2 - dy2;
        while (j0 < j1 && !(qa[j0] < rest)) ++j0;
        while (j1 > j0 && !(qa[j1 - 1] < rest)) --j1;
        for (size_t j = j0; j < j1; ++j) row[j] += e_row * qb[j];
      }
    }
  }
}

void run(std::span<const double> x, std::span<const double> y, std::span<const double> w,
         const KdeOptions& opt, double h, Raster& r) {
  const Lattice l = lattice_of(r);
  KernelSpec k{opt.kernel, h, h};
  double norm = 0;
  if (opt.kernel == Kernel::quartic) {
    norm = 3.0 / (std::numbers::pi * h * h);
  } else {
    k.radius = opt.gaussian_cutoff_sd * h;
    norm = 1.0 / (2.0 * std::numbers::pi * h * h);
  }
  const Sorted s = sort_points(x, y, w, l, k.radius, norm, opt.kernel == Kernel::quartic);

  unsigned threads = opt.threads ? opt.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, threads);
  // Bands of rows handed out dynamically; any band size gives the same bytes (each cell's
  // sum runs over the sorted points in order), so the size only balances load.
  const size_t band = std::clamp<size_t>(l.ny / (size_t{threads} * 8), 4, 256);
  const size_t n_bands = (l.ny + band - 1) / band;
  threads = static_cast<unsigned>(std::min<size_t>(threads, n_bands));
  const size_t scratch = std::min(l.nx, static_cast<size_t>(2 * k.radius / l.step) + 6);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    std::vector<double> qa(scratch), qb(scratch);
    for (size_t b = next++; b < n_bands; b = next++) {
      const size_t r0 = b * band;
      add_band(s, l, k, r0, std::min(l.ny, r0 + band), r.values.data(), qa, qb);
    }
  };
  if (threads == 1) {
    worker();
    return;
  }
  // jthread joins on destruction, also when starting a later thread throws.
  std::vector<std::jthread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
}

Raster evaluate(std::span<const double> x, std::span<const double> y,
                std::span<const double> w, const Envelope& extent, const KdeOptions& opt,
                bool at_nodes) {
  detail::check_options(opt);
  check_inputs(x, y, w);
  if (extent.empty() || !std::isfinite(extent.min_x) || !std::isfinite(extent.max_x) ||
      !std::isfinite(extent.min_y) || !std::isfinite(extent.max_y))
    throw Error(ErrorKind::config, "kde: the extent is empty or not finite");
  const double cell = opt.cell_m > 0 ? opt.cell_m : default_cell_m(extent);
  if (!(cell > 0))
    throw Error(ErrorKind::config, "kde: the extent is degenerate; set cell_m").at_field("cell_m");
  const double h = opt.bandwidth_m > 0 ? opt.bandwidth_m : default_bandwidth_m(x, y, w);

  const double fx = (extent.max_x - extent.min_x) / cell;
  const double fy = (extent.max_y - extent.min_y) / cell;
  // 1e-9 slack: an extent of exactly k cells must not gain a sliver column from rounding.
  double nx = 0, ny = 0;
  Raster r;
  r.cell_m = cell;
  if (at_nodes) {
    nx = std::floor(fx + 1e-9) + 1;
    ny = std::floor(fy + 1e-9) + 1;
    r.origin_x = extent.min_x - 0.5 * cell;
    r.origin_y = extent.min_y - 0.5 * cell;
  } else {
    nx = std::max(1.0, std::ceil(fx - 1e-9));
    ny = std::max(1.0, std::ceil(fy - 1e-9));
    r.origin_x = extent.min_x;
    r.origin_y = extent.min_y;
  }
  if (nx * ny > kMaxCells)
    throw Error(ErrorKind::config, "kde: grid of " + std::to_string(nx) + " x " +
                                       std::to_string(ny) + " cells is too large; raise cell_m")
        .at_field("cell_m");
  r.nx = static_cast<size_t>(nx);
  r.ny = static_cast<size_t>(ny);
  r.values.assign(r.nx * r.ny, 0.0);
  if (x.empty()) return r;
  if (opt.method == KdeMethod::binned) {
    const size_t pad = detail::stencil_half_width(opt.kernel, h, opt.gaussian_cutoff_sd, cell);
    detail::PaddedCounts counts(r.nx, r.ny, pad);
    detail::bin_into(x, y, w, r.origin_x, r.origin_y, cell, counts);
    detail::convolve(counts, opt.kernel, h, opt.gaussian_cutoff_sd, opt.threads, r);
  } else {
    run(x, y, w, opt, h, r);
  }
  return r;
}

}  // namespace

namespace detail {

void check_options(const KdeOptions& opt) {
  if (!(opt.bandwidth_m >= 0) || !std::isfinite(opt.bandwidth_m))
    throw Error(ErrorKind::config, "kde: bandwidth_m must be ≥ 0 (0 = rule)")
        .at_field("bandwidth_m");
  if (!(opt.cell_m >= 0) || !std::isfinite(opt.cell_m))
    throw Error(ErrorKind::config, "kde: cell_m must be ≥ 0 (0 = automatic)").at_field("cell_m");
  if (opt.kernel == Kernel::gaussian &&
      (!(opt.gaussian_cutoff_sd >= 1) || !std::isfinite(opt.gaussian_cutoff_sd)))
    throw Error(ErrorKind::config, "kde: gaussian_cutoff_sd must be ≥ 1")
        .at_field("gaussian_cutoff_sd");
}

}  // namespace detail

double default_cell_m(const Envelope& extent) {
  return std::min(extent.max_x - extent.min_x, extent.max_y - extent.min_y) / 250.0;
}

double default_bandwidth_m(std::span<const double> x, std::span<const double> y,
                           std::span<const double> w) {
  check_inputs(x, y, w);
  const size_t n = x.size();
  double sw = 0, mx = 0, my = 0;
  for (size_t i = 0; i < n; ++i) {
    const double wi = w.empty() ? 1.0 : w[i];
    sw += wi;
    mx += wi * x[i];
    my += wi * y[i];
  }
  if (n < 2 || !(sw > 0))
    throw Error(ErrorKind::config, "kde: the bandwidth rule needs at least 2 weighted points; "
                                   "set bandwidth_m")
        .at_field("bandwidth_m");
  mx /= sw;
  my /= sw;
  // Standard distance and (weighted) median distance from the (weighted) mean centre.
  std::vector<std::pair<double, double>> dw(n);
  double ss = 0;
  for (size_t i = 0; i < n; ++i) {
    const double wi = w.empty() ? 1.0 : w[i];
    const double d2 = (x[i] - mx) * (x[i] - mx) + (y[i] - my) * (y[i] - my);
    ss += wi * d2;
    dw[i] = {std::sqrt(d2), wi};
  }
  const double sd = std::sqrt(ss / sw);
  std::sort(dw.begin(), dw.end());
  // Weighted median: the first distance whose cumulative weight reaches half the total;
  // when it lands exactly on half, the mean with the next one (the usual even-n median).
  double cum = 0, dm = dw.back().first;
  for (size_t i = 0; i < n; ++i) {
    cum += dw[i].second;
    if (cum >= 0.5 * sw) {
      dm = dw[i].first;
      if (cum == 0.5 * sw && i + 1 < n) dm = 0.5 * (dw[i].first + dw[i + 1].first);
      break;
    }
  }
  const double h = 0.9 * std::min(sd, std::sqrt(1.0 / std::numbers::ln2) * dm) * std::pow(sw, -0.2);
  if (!(h > 0))
    throw Error(ErrorKind::config, "kde: all points coincide, the bandwidth rule gives 0; "
                                   "set bandwidth_m")
        .at_field("bandwidth_m");
  return h;
}

Raster kde(std::span<const double> x, std::span<const double> y, std::span<const double> w,
           const Envelope& extent, const KdeOptions& options) {
  return evaluate(x, y, w, extent, options, false);
}

Raster kde_at_nodes(std::span<const double> x, std::span<const double> y,
                    std::span<const double> w, const Envelope& extent,
                    const KdeOptions& options) {
  return evaluate(x, y, w, extent, options, true);
}

}  // namespace brandpunt::density
