#include "density/binned_kde.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <numbers>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/parallel.hpp"
#include "density/binned_kde_detail.hpp"

namespace brandpunt::density {
namespace {

constexpr size_t kLanes = 8;  // output columns per register block (two AVX2 vectors)

// The stencil in whole cells: row j (|j| ≤ W) covers |i| ≤ half[|j|], i² + j² < rho².
struct Stencil {
  bool quartic = true;
  size_t W = 0;
  std::vector<size_t> half;        // w_j for j = 0..W
  std::vector<double> a, b, c;     // per |j|: quartic α, β, γ; Gaussian α = norm·e_j
  std::vector<double> g;           // Gaussian row profile g(i), i = 0..W
  std::vector<std::vector<size_t>> rows_of;  // rows_of[w]: the |j| with w_|j| = w
};

Stencil make_stencil(Kernel kernel, double h, double cutoff_sd, double cell) {
  Stencil s;
  s.quartic = kernel == Kernel::quartic;
  const double radius = s.quartic ? h : cutoff_sd * h;
  const double rho = radius / cell;
  const double rho2 = rho * rho;
  auto inside = [&](double i, double j) { return i * i + j * j < rho2; };
  size_t W = static_cast<size_t>(std::floor(rho));
  while (W > 0 && !inside(static_cast<double>(W), 0)) --W;
  s.W = W;
  s.half.resize(W + 1);
  for (size_t j = 0; j <= W; ++j) {
    size_t w = W;
    while (w > 0 && !inside(static_cast<double>(w), static_cast<double>(j))) --w;
    s.half[j] = w;
  }
  const double B = (cell / h) * (cell / h);
  if (s.quartic) {
    const double norm = 3.0 / (std::numbers::pi * h * h);
    for (size_t j = 0; j <= W; ++j) {
      const double jd = static_cast<double>(j);
      const double A = 1.0 - jd * jd * B;
      s.a.push_back(norm * A * A);
      s.b.push_back(-2.0 * norm * A * B);
      s.c.push_back(norm * B * B);
    }
  } else {
    const double norm = 1.0 / (2.0 * std::numbers::pi * h * h);
    for (size_t j = 0; j <= W; ++j) {
      const double jd = static_cast<double>(j);
      s.a.push_back(norm * std::exp(-0.5 * jd * jd * B));
      s.g.push_back(std::exp(-0.5 * jd * jd * B));
    }
  }
  s.rows_of.resize(W + 1);
  for (size_t j = 0; j <= W; ++j) s.rows_of[s.half[j]].push_back(j);
  return s;
}

constexpr size_t kStrip = 64;  // columns processed down the whole band at a time: the output
                               // rows an input row reaches (2W+1) × 64 doubles stay in L1

// Four doubles as one value (GCC/Clang vector extension): the AVX2 clone keeps a block's sums
// in registers; the baseline build splits each into SSE2 pairs. Lane arithmetic is plain IEEE
// either way (no FMA), so both clones give the same bits.
typedef double V4 __attribute__((vector_size(32)));

// One register block: output columns x0 .. x0+7 of every output row that input row p reaches
// (y = p − W − j for j in [j_lo, j_hi]). `in` points at output column 0 of the padded input
// row; the padding makes in[x0 + l ± w] valid for all lanes. Rows j and −j take the same
// value, computed once. Only `lanes` columns are written.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx2", "default")))
#endif
void block(const Stencil& st, const double* __restrict in, size_t x0, size_t lanes,
           int64_t p_minus_w, int64_t j_lo, int64_t j_hi, size_t w_max,
           double* __restrict out, size_t nx) {
  // Vectors are moved with memcpy (unaligned loads and stores) and never passed by value, so
  // no call sees a 32-byte vector argument.
  const double* p = in + x0;
  V4 s0a, s0b;
  std::memcpy(&s0a, p, sizeof s0a);
  std::memcpy(&s0b, p + 4, sizeof s0b);
  V4 s2a = {0, 0, 0, 0}, s2b = s2a, s4a = s2a, s4b = s2a;
  const size_t lanes_a = std::min<size_t>(lanes, 4), lanes_b = lanes > 4 ? lanes - 4 : 0;
  for (size_t w = 0;;) {
    for (const size_t aj : st.rows_of[w]) {
      const auto j = static_cast<int64_t>(aj);
      const bool below = -j >= j_lo && -j <= j_hi, above = aj != 0 && j >= j_lo && j <= j_hi;
      if (!below && !above) continue;
      V4 ea, eb;
      if (st.quartic) {
        const double a = st.a[aj], b = st.b[aj], c = st.c[aj];
        ea = (a * s0a + b * s2a) + c * s4a;
        eb = (a * s0b + b * s2b) + c * s4b;
      } else {
        const double a = st.a[aj];
        ea = a * s0a;
        eb = a * s0b;
      }
      for (int side = 0; side < 2; ++side) {
        if (!(side == 0 ? below : above)) continue;
        const int64_t y = p_minus_w - (side == 0 ? -j : j);
        double* o = out + static_cast<size_t>(y) * nx + x0;
        if (lanes == kLanes) {
          V4 oa, ob;
          std::memcpy(&oa, o, sizeof oa);
          std::memcpy(&ob, o + 4, sizeof ob);
          oa += ea;
          ob += eb;
          std::memcpy(o, &oa, sizeof oa);
          std::memcpy(o + 4, &ob, sizeof ob);
        } else {
          for (size_t l = 0; l < lanes_a; ++l) o[l] += ea[l];
          for (size_t l = 0; l < lanes_b; ++l) o[4 + l] += eb[l];
        }
      }
    }
    if (++w > w_max) break;
    const double* r = p + w;
    const double* q = p - w;
    V4 ra, rb, qa, qb;
    std::memcpy(&ra, r, sizeof ra);
    std::memcpy(&rb, r + 4, sizeof rb);
    std::memcpy(&qa, q, sizeof qa);
    std::memcpy(&qb, q + 4, sizeof qb);
    const V4 ta = ra + qa, tb = rb + qb;
    if (st.quartic) {
      const auto wd = static_cast<double>(w);
      const double w2 = wd * wd, w4 = w2 * w2;
      s0a += ta;
      s0b += tb;
      s2a += w2 * ta;
      s2b += w2 * tb;
      s4a += w4 * ta;
      s4b += w4 * tb;
    } else {
      const double gw = st.g[w];
      s0a += gw * ta;
      s0b += gw * tb;
    }
  }
}

// Per padded input row, a prefix count of its non-empty 8-column chunks: a block whose input
// window holds no count adds nothing (skipping an addition of +0 leaves the same bits).
struct Occupancy {
  size_t chunks = 0;
  std::vector<uint32_t> prefix;  // row p: prefix[p·(chunks+1) + c] = non-empty chunks < c
  Occupancy(const detail::PaddedCounts& in, size_t p0, size_t p1) : chunks(in.stride / kLanes) {
    prefix.assign((p1 - p0) * (chunks + 1), 0);
    for (size_t p = p0; p < p1; ++p) {
      const double* row = in.values.data() + p * in.stride;
      uint32_t* pre = prefix.data() + (p - p0) * (chunks + 1);
      for (size_t c = 0; c < chunks; ++c) {
        bool any = false;
        for (size_t l = 0; l < kLanes; ++l) any |= row[c * kLanes + l] != 0;
        pre[c + 1] = pre[c] + any;
      }
    }
  }
  // Non-empty chunks of row p (relative to p0) among columns [c0, c1) (multiples of 8).
  uint32_t count(size_t p, size_t c0, size_t c1) const {
    const uint32_t* pre = prefix.data() + p * (chunks + 1);
    return pre[std::min(c1 / kLanes, chunks)] - pre[c0 / kLanes];
  }
};

void convolve_rows(const detail::PaddedCounts& in, const Stencil& st, size_t y0, size_t y1,
                   Raster& out) {
  const auto W = static_cast<int64_t>(st.W);
  const size_t nx = out.nx;
  const size_t p_end = y1 + 2 * st.W;
  const Occupancy occ(in, y0, p_end);
  // Input columns that output columns [x0, x0 + n) read: [x0, x0 + n + 2W) in padded units.
  auto window_end = [&](size_t x0, size_t n) {
    return (x0 + n + 2 * st.W + kLanes - 1) / kLanes * kLanes;
  };
  for (size_t xs = 0; xs < nx; xs += kStrip) {
    const size_t strip_end = std::min(nx, xs + kStrip);
    for (size_t p = y0; p < p_end; ++p) {
      if (occ.count(p - y0, xs, window_end(xs, strip_end - xs)) == 0) continue;
      // Output row y = p − W − j must lie in [y0, y1).
      const auto pi = static_cast<int64_t>(p);
      const int64_t j_lo = std::max(-W, pi - W - static_cast<int64_t>(y1) + 1);
      const int64_t j_hi = std::min(W, pi - W - static_cast<int64_t>(y0));
      if (j_lo > j_hi) continue;
      const int64_t nearest =
          (j_lo <= 0 && j_hi >= 0) ? 0 : std::min(std::llabs(j_lo), std::llabs(j_hi));
      const size_t w_max = st.half[static_cast<size_t>(nearest)];
      const double* in_x0 = in.values.data() + p * in.stride + st.W;  // output column 0
      for (size_t x0 = xs; x0 < strip_end; x0 += kLanes) {
        if (occ.count(p - y0, x0, window_end(x0, kLanes)) == 0) continue;
        block(st, in_x0, x0, std::min(kLanes, nx - x0), pi - W, j_lo, j_hi, w_max,
              out.values.data(), nx);
      }
    }
  }
}

void check_lattice(const Raster& r, const char* what) {
  if (r.nx == 0 || r.ny == 0 || !(r.cell_m > 0) || !std::isfinite(r.cell_m) ||
      !std::isfinite(r.origin_x) || !std::isfinite(r.origin_y))
    throw Error(ErrorKind::config, std::string(what) +
                                       ": the lattice needs nx, ny ≥ 1, a positive cell_m and a "
                                       "finite origin");
}

}  // namespace

namespace detail {

size_t stencil_half_width(Kernel kernel, double h, double cutoff_sd, double cell) {
  return make_stencil(kernel, h, cutoff_sd, cell).W;
}

PaddedCounts::PaddedCounts(size_t nx_, size_t ny_, size_t pad_)
    : nx(nx_), ny(ny_), pad(pad_),
      stride((2 * pad_ + (nx_ + kLanes - 1) / kLanes * kLanes + kLanes - 1) / kLanes * kLanes),
      values((ny_ + 2 * pad_) * stride, 0.0) {}

void bin_into(std::span<const double> x, std::span<const double> y, std::span<const double> w,
              double origin_x, double origin_y, double cell, PaddedCounts& in) {
  const double inv = 1.0 / cell;
  const double ox = origin_x - static_cast<double>(in.pad) * cell;
  const double oy = origin_y - static_cast<double>(in.pad) * cell;
  const auto cols = static_cast<double>(in.nx + 2 * in.pad);
  const auto rows = static_cast<double>(in.ny + 2 * in.pad);
  double* v = in.values.data();
  for (size_t i = 0; i < x.size(); ++i) {
    // Truncation is floor here: negative offsets are dropped first.
    const double fx = (x[i] - ox) * inv;
    const double fy = (y[i] - oy) * inv;
    if (!(fx >= 0 && fx < cols && fy >= 0 && fy < rows)) continue;
    v[static_cast<size_t>(fy) * in.stride + static_cast<size_t>(fx)] += w.empty() ? 1.0 : w[i];
  }
}

void convolve(const PaddedCounts& in, Kernel kernel, double h, double cutoff_sd,
              unsigned threads, Raster& out) {
  const Stencil st = make_stencil(kernel, h, cutoff_sd, out.cell_m);
  if (st.W != in.pad || in.nx != out.nx || in.ny != out.ny)
    throw Error(ErrorKind::config, "kde: internal error: padded counts do not fit the stencil");
  out.values.assign(out.nx * out.ny, 0.0);
  core::parallel_chunks(
      out.ny, threads, [&](size_t y0, size_t y1) { convolve_rows(in, st, y0, y1, out); }, 16);
  if (st.quartic)
    for (double& v : out.values) v = std::max(v, 0.0);
}

}  // namespace detail

Raster bin_points(std::span<const double> x, std::span<const double> y,
                  std::span<const double> w, const Raster& lattice) {
  check_lattice(lattice, "bin_points");
  if (x.size() != y.size() || (!w.empty() && w.size() != x.size()))
    throw Error(ErrorKind::config, "bin_points: x, y and weights differ in length");
  for (size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i]))
      throw Error(ErrorKind::format,
                  "bin_points: non-finite coordinate of point " + std::to_string(i))
          .at_field("x/y");
    if (!w.empty() && (!std::isfinite(w[i]) || w[i] < 0))
      throw Error(ErrorKind::format,
                  "bin_points: weight of point " + std::to_string(i) + " is negative or not finite")
          .at_field("weight");
  }
  detail::PaddedCounts padded(lattice.nx, lattice.ny, 0);
  detail::bin_into(x, y, w, lattice.origin_x, lattice.origin_y, lattice.cell_m, padded);
  Raster r = lattice;
  r.values.resize(r.nx * r.ny);
  for (size_t iy = 0; iy < r.ny; ++iy)
    std::copy_n(padded.values.data() + iy * padded.stride, r.nx, r.values.data() + iy * r.nx);
  return r;
}

Raster kde_from_counts(const Raster& counts, const KdeOptions& options) {
  check_lattice(counts, "kde_from_counts");
  if (counts.values.size() != counts.nx * counts.ny)
    throw Error(ErrorKind::config, "kde_from_counts: the raster holds " +
                                       std::to_string(counts.values.size()) + " values for " +
                                       std::to_string(counts.nx * counts.ny) + " cells");
  if (options.cell_m != 0 && options.cell_m != counts.cell_m)
    throw Error(ErrorKind::config,
                "kde_from_counts: cell_m must be 0 or the count grid's own cell size")
        .at_field("cell_m");
  detail::check_options(options);
  for (size_t k = 0; k < counts.values.size(); ++k) {
    const double c = counts.values[k];
    if (!std::isfinite(c) || c < 0)
      throw Error(ErrorKind::format, "kde_from_counts: the count of cell (" +
                                         std::to_string(k % counts.nx) + ", " +
                                         std::to_string(k / counts.nx) +
                                         ") is negative or not finite")
          .at_field("count");
  }
  double h = options.bandwidth_m;
  if (!(h > 0)) {
    std::vector<double> cx, cy, cw;
    for (size_t k = 0; k < counts.values.size(); ++k) {
      if (counts.values[k] == 0) continue;
      const XY c = counts.cell_centre(k % counts.nx, k / counts.nx);
      cx.push_back(c.x);
      cy.push_back(c.y);
      cw.push_back(counts.values[k]);
    }
    h = default_bandwidth_m(cx, cy, cw);
  }
  const size_t W =
      detail::stencil_half_width(options.kernel, h, options.gaussian_cutoff_sd, counts.cell_m);
  detail::PaddedCounts in(counts.nx, counts.ny, W);
  for (size_t iy = 0; iy < counts.ny; ++iy)
    std::copy_n(counts.values.data() + iy * counts.nx, counts.nx,
                in.values.data() + (iy + W) * in.stride + W);
  Raster out = counts;
  detail::convolve(in, options.kernel, h, options.gaussian_cutoff_sd, options.threads, out);
  return out;
}

}  // namespace brandpunt::density
