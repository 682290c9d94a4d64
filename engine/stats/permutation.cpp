#include "stats/permutation.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define BRANDPUNT_PERM_AVX2 1
#endif

#include "core/error.hpp"
#include "stats/centre.hpp"
#include "stats/checks.hpp"
#include "stats/normal.hpp"
#include "stats/rng.hpp"

namespace brandpunt::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kTieTolerance = 1e-12;  // relative; see permutation.hpp
// Rejection sampling (redraw a duplicate) is fastest while k is small against n - 1; a partial
// Fisher-Yates shuffle (undone after each permutation) takes over for dense neighbourhoods.

// One local statistic reduced to its permutable core: stat_i = scale_i * (fixed_i + sum_k w_k
// v[pi(k)]) where the k_i weights w_k are the area's non-self links and pi draws k_i of the
// other n - 1 areas.
struct Problem {
  std::span<const double> v;
  std::vector<uint32_t> offsets{0};  // CSR over the non-self links
  std::vector<uint32_t> ids;
  std::vector<double> w;
  std::vector<double> fixed;      // self term (Gi*), else 0
  std::vector<double> scale;      // 0 = statistic identically 0 (Moran with z_i = 0)
  std::vector<double> statistic;  // observed, computed as spdep does
  double max_abs_v = 0;
};

Problem make_problem(const weights::Weights& w, std::span<const double> v) {
  Problem pb;
  pb.v = v;
  pb.fixed.assign(w.n, 0.0);
  pb.offsets.reserve(w.n + 1);
  for (size_t i = 0; i < w.n; ++i) {
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) {
      const uint32_t j = w.neighbours[k];
      if (j == i) {
        pb.fixed[i] += w.values[k] * v[i];
      } else {
        pb.ids.push_back(j);
        pb.w.push_back(w.values[k]);
      }
    }
    pb.offsets.push_back(static_cast<uint32_t>(pb.ids.size()));
  }
  for (double a : v) pb.max_abs_v = std::max(pb.max_abs_v, std::fabs(a));
  return pb;
}

struct Scratch {
  std::vector<uint32_t> chosen;  // rejection path: ids drawn in this permutation
  std::vector<uint32_t> mark;    // rejection path: mark[j] == stamp when j is already drawn
  uint32_t stamp = 0;
  std::vector<uint32_t> pool;   // Fisher-Yates path: identity over the n - 1 other slots
  std::vector<uint32_t> swaps;  // to undo the partial shuffle
};

struct Counts {
  uint32_t ge = 0, le = 0;
  double sum_d = 0, sum_d2 = 0;  // of (sim - observed), shifted sums for accuracy
};

Counts simulate_area(const Problem& pb, size_t i, const PermutationOptions& opt, Scratch& s) {
  const uint32_t first = pb.offsets[i];
  const uint32_t k = pb.offsets[i + 1] - first;
  const double* wk = pb.w.data() + first;
  const double* v = pb.v.data();
  const auto n_other = static_cast<uint32_t>(pb.v.size() - 1);
  const auto self = static_cast<uint32_t>(i);

  double observed = pb.fixed[i], abs_w = 0;
  for (uint32_t t = 0; t < k; ++t) {
    observed += wk[t] * v[pb.ids[first + t]];
    abs_w += std::fabs(wk[t]);
  }
  const double tol = kTieTolerance * (std::fabs(pb.fixed[i]) + abs_w * pb.max_abs_v);

  AreaRng rng(opt.seed, i);
  Counts c;
  auto record = [&](double sim) {
    const double d = sim - observed;
    c.sum_d += d;
    c.sum_d2 += d * d;
    c.ge += d >= -tol;
    c.le += d <= tol;
  };
  const bool rejection = 4 * k <= n_other;
  for (unsigned perm = 0; perm < opt.permutations; ++perm) {
    double sim = pb.fixed[i];
    if (opt.with_replacement) {
      for (uint32_t t = 0; t < k; ++t) {
        const uint32_t r = rng.below(n_other);
        sim += wk[t] * v[r + (r >= self)];
      }
    } else if (rejection) {
      // Draw first, sum after, so the gathers overlap; duplicates are caught by stamping
      // mark[j] with a per-permutation number (O(1) per draw, no clearing between draws).
      uint32_t* chosen = s.chosen.data();
      uint32_t* mark = s.mark.data();
      if (++s.stamp == 0) {  // wrapped after 2^32 permutations: clear once
        std::fill(s.mark.begin(), s.mark.end(), 0u);
        s.stamp = 1;
      }
      const uint32_t stamp = s.stamp;
      for (uint32_t t = 0; t < k; ++t) {
        uint32_t j;
        do {
          const uint32_t r = rng.below(n_other);
          j = r + (r >= self);
        } while (mark[j] == stamp);
        mark[j] = stamp;
        chosen[t] = j;
      }
      double odd = 0;
      uint32_t t = 0;
      for (; t + 1 < k; t += 2) {
        sim += wk[t] * v[chosen[t]];
        odd += wk[t + 1] * v[chosen[t + 1]];
      }
      if (t < k) sim += wk[t] * v[chosen[t]];
      sim += odd;
    } else {
      uint32_t* pool = s.pool.data();
      uint32_t* swaps = s.swaps.data();
      for (uint32_t t = 0; t < k; ++t) {
        const uint32_t r = t + rng.below(n_other - t);
        std::swap(pool[t], pool[r]);
        swaps[t] = r;
        const uint32_t j = pool[t] + (pool[t] >= self);
        sim += wk[t] * v[j];
      }
      for (uint32_t t = k; t-- > 0;) std::swap(pool[t], pool[swaps[t]]);
    }
    record(sim);
  }
  return c;
}

// ---- Fast path: the same draws, in blocks --------------------------------------------------
//
// simulate_area() above is the reference. For the common case (without replacement, k ≤ 8
// non-self neighbours, k small against n) the path below gives the same bits with fewer
// instructions and no mark array: the area's stream is generated a block at a time (AreaRng::fill32), and
// the k draws of one permutation are mapped to area ids (Lemire's multiply, skipping the area
// itself) and checked for repeats in one AVX2 register. Only when one of the k draws could be
// rejected by Lemire's threshold (low word < bound, p ≈ bound / 2³²) or repeats an id (p ≈
// k² / 2n) does it replay that permutation draw by draw, exactly as the reference does. The
// sums run in the reference's order, so the statistic, its moments and p are the same bits.

// One area's draws, consumed in order from a block buffer.
class DrawBlock {
 public:
  explicit DrawBlock(AreaRng& rng) : rng_(rng) {}
  // At least `need` (≤ kSize) unread draws at ptr().
  void reserve(size_t need) {
    if (end_ - pos_ < need) refill();
  }
  const uint32_t* ptr() const { return buf_ + pos_; }
  size_t available() const { return end_ - pos_; }
  void skip(size_t k) { pos_ += k; }
  uint32_t next() {
    if (pos_ == end_) refill();
    return buf_[pos_++];
  }
  // AreaRng::below on this stream.
  uint32_t below(uint32_t bound) {
    uint64_t m = uint64_t{next()} * bound;
    auto low = static_cast<uint32_t>(m);
    if (low < bound) {
      const uint32_t threshold = static_cast<uint32_t>(-bound) % bound;
      while (low < threshold) {
        m = uint64_t{next()} * bound;
        low = static_cast<uint32_t>(m);
      }
    }
    return static_cast<uint32_t>(m >> 32);
  }

 private:
  static constexpr size_t kSize = 2048;
  // Out of line: the generator loop gets registers of its own (inlined into the permutation
  // loop, GCC spilled its 128-bit products).
  [[gnu::noinline]] void refill() {
    const size_t rest = end_ - pos_;
    std::memmove(buf_, buf_ + pos_, rest * sizeof(uint32_t));
    rng_.fill32(buf_ + rest, kSize - rest);
    pos_ = 0;
    end_ = kSize;
  }
  AreaRng& rng_;
  uint32_t buf_[kSize];
  size_t pos_ = 0, end_ = 0;
};

constexpr uint32_t kFastMaxK = 8;

// One permutation drawn draw by draw, exactly as simulate_area's rejection path (a repeat is
// found by comparing with the ids already chosen instead of a mark array).
[[gnu::noinline]] void replay_permutation(DrawBlock& draws, uint32_t k, uint32_t n_other,
                                          uint32_t self, uint32_t* chosen) {
  for (uint32_t t = 0; t < k; ++t) {
    uint32_t id;
    bool seen;
    do {
      const uint32_t r = draws.below(n_other);
      id = r + (r >= self);
      seen = false;
      for (uint32_t q = 0; q < t; ++q) seen |= chosen[q] == id;
    } while (seen);
    chosen[t] = id;
  }
}

bool fast_path_applies(const Problem& pb, size_t i, const PermutationOptions& opt) {
  const uint32_t k = pb.offsets[i + 1] - pb.offsets[i];
  const size_t n_other = pb.v.size() - 1;
  return !opt.portable && !opt.with_replacement && k <= kFastMaxK && 4 * size_t{k} <= n_other &&
         pb.v.size() < (size_t{1} << 31);  // below the lane sentinels
}

#ifdef BRANDPUNT_PERM_AVX2
bool cpu_has_avx2() {
  static const bool yes = __builtin_cpu_supports("avx2");
  return yes;
}

// K = the area's number of non-self neighbours, a constant so that the loops unroll.
template <uint32_t K>
__attribute__((target("avx2"))) Counts simulate_area_fast(const Problem& pb, size_t i,
                                                           const PermutationOptions& opt) {
  const uint32_t first = pb.offsets[i];
  constexpr uint32_t k = K;
  const double* wk = pb.w.data() + first;
  const double* v = pb.v.data();
  const auto n_other = static_cast<uint32_t>(pb.v.size() - 1);
  const auto self = static_cast<uint32_t>(i);

  double observed = pb.fixed[i], abs_w = 0;
  for (uint32_t t = 0; t < k; ++t) {
    observed += wk[t] * v[pb.ids[first + t]];
    abs_w += std::fabs(wk[t]);
  }
  const double tol = kTieTolerance * (std::fabs(pb.fixed[i]) + abs_w * pb.max_abs_v);

  AreaRng rng(opt.seed, i);
  DrawBlock draws(rng);
  // Locals, not a Counts: the compiler keeps them in registers across the loop.
  uint32_t ge = 0, le = 0;
  double sum_d = 0, sum_d2 = 0;
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i active = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(k)), lane);
  // Unused lanes hold distinct ids above any area (n < 2³¹), so they never look like a repeat.
  const __m256i sentinel = _mm256_add_epi32(_mm256_set1_epi32(static_cast<int>(0xFFFFFFF8u)), lane);
  const __m256i bound = _mm256_set1_epi32(static_cast<int>(n_other));
  const __m256i bound_m1 = _mm256_set1_epi32(static_cast<int>(n_other - 1));
  const __m256i vself = _mm256_set1_epi32(static_cast<int>(self));
  const __m256i rot1 = _mm256_setr_epi32(1, 2, 3, 4, 5, 6, 7, 0);
  const __m256i rot2 = _mm256_setr_epi32(2, 3, 4, 5, 6, 7, 0, 1);
  const __m256i rot3 = _mm256_setr_epi32(3, 4, 5, 6, 7, 0, 1, 2);
  const __m256i rot4 = _mm256_setr_epi32(4, 5, 6, 7, 0, 1, 2, 3);
  alignas(32) uint32_t chosen[kFastMaxK] = {};
  auto record = [&] {
    double sim = pb.fixed[i];
    double odd = 0;
    uint32_t t = 0;
    for (; t + 1 < k; t += 2) {
      sim += wk[t] * v[chosen[t]];
      odd += wk[t + 1] * v[chosen[t + 1]];
    }
    if (t < k) sim += wk[t] * v[chosen[t]];
    sim += odd;
    const double d = sim - observed;
    sum_d += d;
    sum_d2 += d * d;
    ge += d >= -tol;
    le += d <= tol;
  };
  unsigned perm = 0;
  while (perm < opt.permutations) {
    // The inner loop makes no call (a call would make GCC keep every vector and double of
    // the loop on the stack): it runs while the block holds 8 unread draws and no permutation
    // needs a replay; refills and replays happen out here.
    draws.reserve(kFastMaxK);
    const uint32_t* buf = draws.ptr();
    const size_t avail = draws.available();
    size_t used = 0;
    bool replay_next = false;
    while (perm < opt.permutations && used + kFastMaxK <= avail) {
      const __m256i u = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(buf + used));
      // m = u · bound per lane (64-bit): even lanes, then odd lanes; hi = m >> 32, lo = m.
      const __m256i m_even = _mm256_mul_epu32(u, bound);
      const __m256i m_odd = _mm256_mul_epu32(_mm256_srli_epi64(u, 32), bound);
      const __m256i hi = _mm256_blend_epi32(_mm256_srli_epi64(m_even, 32), m_odd, 0xAA);
      const __m256i lo = _mm256_blend_epi32(m_even, _mm256_slli_epi64(m_odd, 32), 0xAA);
      const __m256i maybe_rejected =
          _mm256_and_si256(_mm256_cmpeq_epi32(_mm256_min_epu32(lo, bound_m1), lo), active);
      const __m256i at_or_above_self = _mm256_cmpeq_epi32(_mm256_max_epu32(hi, vself), hi);
      const __m256i ids = _mm256_sub_epi32(hi, at_or_above_self);  // < n in every lane
      const __m256i j = _mm256_blendv_epi8(sentinel, ids, active);
      const __m256i repeat = _mm256_or_si256(
          _mm256_or_si256(_mm256_cmpeq_epi32(j, _mm256_permutevar8x32_epi32(j, rot1)),
                          _mm256_cmpeq_epi32(j, _mm256_permutevar8x32_epi32(j, rot2))),
          _mm256_or_si256(_mm256_cmpeq_epi32(j, _mm256_permutevar8x32_epi32(j, rot3)),
                          _mm256_cmpeq_epi32(j, _mm256_permutevar8x32_epi32(j, rot4))));
      const __m256i replay = _mm256_or_si256(maybe_rejected, repeat);
      if (!_mm256_testz_si256(replay, replay)) [[unlikely]] {
        replay_next = true;
        break;
      }
      _mm256_store_si256(reinterpret_cast<__m256i*>(chosen), ids);
      used += k;
      record();
      ++perm;
    }
    draws.skip(used);
    if (replay_next) {
      replay_permutation(draws, k, n_other, self, chosen);
      record();
      ++perm;
    }
  }
  return Counts{ge, le, sum_d, sum_d2};
}
#endif

Counts simulate(const Problem& pb, size_t i, const PermutationOptions& opt, Scratch& s) {
#ifdef BRANDPUNT_PERM_AVX2
  if (fast_path_applies(pb, i, opt) && cpu_has_avx2()) {
    switch (pb.offsets[i + 1] - pb.offsets[i]) {
      case 1: return simulate_area_fast<1>(pb, i, opt);
      case 2: return simulate_area_fast<2>(pb, i, opt);
      case 3: return simulate_area_fast<3>(pb, i, opt);
      case 4: return simulate_area_fast<4>(pb, i, opt);
      case 5: return simulate_area_fast<5>(pb, i, opt);
      case 6: return simulate_area_fast<6>(pb, i, opt);
      case 7: return simulate_area_fast<7>(pb, i, opt);
      case 8: return simulate_area_fast<8>(pb, i, opt);
      default: break;
    }
  }
#endif
  return simulate_area(pb, i, opt, s);
}

PermutationResult run(const weights::Weights& w, const Problem& pb, const PermutationOptions& opt,
                      const char* name) {
  const size_t n = w.n;
  PermutationResult out;
  out.statistic = pb.statistic;
  for (auto* col : {&out.E_sim, &out.V_sim, &out.z_sim, &out.p_z_sim, &out.p_sim,
                    &out.p_sim_two_sided, &out.p_rank})
    col->assign(n, kNaN);
  out.n_ge.assign(n, 0);
  out.n_le.assign(n, 0);
  out.is_island.assign(n, 0);

  uint32_t max_k = 0;
  for (size_t i = 0; i < n; ++i) max_k = std::max(max_k, pb.offsets[i + 1] - pb.offsets[i]);
  const auto nsim = static_cast<double>(opt.permutations);
  std::atomic<size_t> tied_areas{0};

  auto finish = [&](size_t i, const Counts& c) {
    const double scale = pb.scale[i];
    uint32_t ge = c.ge, le = c.le;
    if (scale < 0) std::swap(ge, le);
    out.n_ge[i] = ge;
    out.n_le[i] = le;
    const double mean_d = c.sum_d / nsim;
    double var = opt.permutations > 1 ? (c.sum_d2 - c.sum_d * mean_d) / (nsim - 1) : 0.0;
    var = std::max(var, 0.0);
    const double observed = pb.statistic[i];
    out.E_sim[i] = observed + scale * mean_d;
    out.V_sim[i] = scale * scale * var;
    const double sd = std::sqrt(var);
    if (scale != 0 && sd > 0 && std::fabs(mean_d) < std::numeric_limits<double>::max()) {
      out.z_sim[i] = (scale > 0 ? -mean_d : mean_d) / sd;
      out.p_z_sim[i] = p_two_sided(out.z_sim[i]);
    } else {
      out.z_sim[i] = 0;
      out.p_z_sim[i] = 1;
    }
    if (ge + le > opt.permutations) tied_areas.fetch_add(1, std::memory_order_relaxed);
    out.p_sim[i] = (std::min(ge, le) + 1.0) / (nsim + 1);
    out.p_sim_two_sided[i] = std::min(1.0, 2 * out.p_sim[i]);
    // spdep probs_lut: rank of the observed among nsim+1 (ties averaged, then truncated).
    const double less = nsim - ge, equal = static_cast<double>(ge + le) - nsim;
    const double r = std::floor(less + 1 + equal / 2);
    out.p_rank[i] = std::min(1.0, 2 * std::min(r, nsim + 2 - r) / (nsim + 1));
  };

  std::vector<size_t> work;
  size_t islands = 0;
  for (size_t i = 0; i < n; ++i) {
    if (pb.offsets[i + 1] == pb.offsets[i]) {
      out.is_island[i] = 1;
      ++islands;
    } else if (pb.scale[i] == 0) {
      finish(i, Counts{opt.permutations, opt.permutations, 0, 0});  // every draw ties
    } else {
      work.push_back(i);
    }
  }

  constexpr size_t kChunk = 64;
  const size_t chunks = (work.size() + kChunk - 1) / kChunk;
  unsigned threads = opt.threads ? opt.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, std::max<size_t>(chunks, 1)));
  std::atomic<size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    try {
      Scratch s;
      s.chosen.resize(max_k);
      s.swaps.resize(max_k);
      if (!opt.with_replacement && n > 1) {
        s.mark.assign(n, 0);
        s.pool.resize(n - 1);
        for (uint32_t r = 0; r + 1 < n; ++r) s.pool[r] = r;
      }
      for (size_t c = next.fetch_add(1); c < chunks; c = next.fetch_add(1)) {
        const size_t end = std::min(work.size(), (c + 1) * kChunk);
        for (size_t t = c * kChunk; t < end; ++t)
          finish(work[t], simulate(pb, work[t], opt, s));
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(failure_mutex);
      if (!failure) failure = std::current_exception();
    }
  };
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& th : pool) th.join();
  }
  if (failure) std::rethrow_exception(failure);

  for (size_t i = 0; i < n; ++i)
    if (out.is_island[i]) out.statistic[i] = kNaN;
  if (islands)
    out.warnings.push_back(std::string(name) + ": " +
                           detail::count_msg(islands, "island", "islands") +
                           " (no neighbours): all permutation results are NaN");
  if (const size_t tied = tied_areas.load())
    out.warnings.push_back(std::string(name) + ": " +
                           detail::count_msg(tied, "area has", "areas have") +
                           " permuted values equal to the observed (ties, e.g. repeated counts); "
                           "ties count in both tails, so p_sim is conservative");
  return out;
}

void check_options(const PermutationOptions& opt, const char* name) {
  if (opt.permutations == 0)
    throw Error(ErrorKind::config, std::string(name) + ": permutations must be at least 1")
        .at_field("permutations");
}

}  // namespace

PermutationResult local_g_perm(const weights::Weights& w, std::span<const double> x,
                               const PermutationOptions& options) {
  detail::check_input(w, x, "local_g_perm");
  check_options(options, "local_g_perm");
  Problem pb = make_problem(w, x);
  double sum = 0;
  for (double v : x) sum += v;
  pb.scale.assign(w.n, 1.0);
  pb.statistic.assign(w.n, 0.0);
  size_t zero_sum = 0;
  for (size_t i = 0; i < w.n; ++i) {
    double lag = 0;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k)
      lag += w.values[k] * x[w.neighbours[k]];
    const double x_star = w.self_included ? sum : sum - x[i];
    if (x_star != 0) {
      pb.scale[i] = 1.0 / x_star;
      pb.statistic[i] = lag / x_star;
    } else {
      ++zero_sum;
      pb.statistic[i] = lag;
    }
  }
  PermutationResult out = run(w, pb, options, w.self_included ? "Gi* perm" : "Gi perm");
  if (zero_sum)
    out.warnings.push_back("G perm: sum of x is zero for " +
                           detail::count_msg(zero_sum, "area", "areas") +
                           ": the statistic is reported as the lag itself");
  return out;
}

PermutationResult local_moran_perm(const weights::Weights& w, std::span<const double> x,
                                   const PermutationOptions& options) {
  detail::check_input(w, x, "local_moran_perm");
  check_options(options, "local_moran_perm");
  if (w.self_included)
    throw Error(ErrorKind::config, "local_moran_perm: weights include the area itself");
  const size_t n = w.n;
  Centred c = centre(x);
  const std::vector<double> z = std::move(c.d);
  const double m2 = c.ss / static_cast<double>(n);
  Problem pb = make_problem(w, z);
  pb.scale.assign(n, 0.0);
  pb.statistic.assign(n, 0.0);
  for (size_t i = 0; i < n; ++i) {
    if (m2 == 0 || z[i] == 0) continue;  // I_i = 0 under every permutation
    double lag = 0;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k)
      lag += w.values[k] * z[w.neighbours[k]];
    pb.scale[i] = z[i] / m2;
    pb.statistic[i] = (z[i] / m2) * lag;
  }
  PermutationResult out = run(w, pb, options, "local Moran perm");
  if (m2 == 0 && n > 0)
    out.warnings.push_back("local Moran perm: all values are equal (zero variance): p_sim = 1");
  return out;
}

}  // namespace brandpunt::stats
