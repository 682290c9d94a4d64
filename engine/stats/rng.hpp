// Counter-seeded random streams for permutation tests: one independent stream per (seed, area),
// so a result never depends on which thread handled an area or in what order.
//
// The generator is wyrand (64-bit state, one 128-bit multiply per output), its state set by
// SplitMix64 from a key that mixes the seed and the area index. Each area uses about k * nsim
// outputs (~10^4), far from the 2^64 period, so streams of different areas do not overlap. Bounded
// integers use Lemire's multiply-shift with rejection (2019), exact (no modulo bias) and
// division-free on the common path. Two 32-bit draws come from each 64-bit output.
//
//   stats::AreaRng rng(seed, i);
//   uint32_t j = rng.below(n - 1);   // uniform in [0, n-1)
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace brandpunt::stats {

inline uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class AreaRng {
 public:
  AreaRng(uint64_t seed, uint64_t stream) {
    // Two SplitMix64 rounds so that neighbouring (seed, stream) keys start far apart.
    uint64_t key = seed;
    uint64_t mixed = splitmix64(key) ^ (stream * 0xD1B54A32D192ED03ull);
    state_ = splitmix64(mixed);
  }

  // wyrand (Wang Yi, wyhash v4): a Weyl counter through a 64x64->128 multiply-fold; passes
  // BigCrush and PractRand and costs one multiplication per 64 bits.
  uint64_t next64() {
    state_ += 0xA0761D6478BD642Full;
    const u128 t = static_cast<u128>(state_) * (state_ ^ 0xE7037ED1A0B428DBull);
    return static_cast<uint64_t>(t >> 64) ^ static_cast<uint64_t>(t);
  }

  uint32_t next32() {
    if (have_half_) {
      have_half_ = false;
      return half_;
    }
    const uint64_t r = next64();
    half_ = static_cast<uint32_t>(r);
    have_half_ = true;
    return static_cast<uint32_t>(r >> 32);
  }

  // The next `count` outputs of next32(), in order, into out (for callers that consume draws
  // in blocks; the stream is the same as calling next32() `count` times).
  void fill32(uint32_t* out, size_t count) {
    size_t k = 0;
    if (count > 0 && have_half_) {
      out[k++] = half_;
      have_half_ = false;
    }
    for (; k + 1 < count; k += 2) {
      const uint64_t r = next64();
      if constexpr (std::endian::native == std::endian::little) {
        // High half first, then low half: one 64-bit store of r rotated by 32.
        const uint64_t swapped = (r << 32) | (r >> 32);
        std::memcpy(out + k, &swapped, sizeof swapped);
      } else {
        out[k] = static_cast<uint32_t>(r >> 32);
        out[k + 1] = static_cast<uint32_t>(r);
      }
    }
    if (k < count) out[k] = next32();
  }

  // Uniform integer in [0, bound), bound >= 1.
  uint32_t below(uint32_t bound) {
    uint64_t m = uint64_t{next32()} * bound;
    auto low = static_cast<uint32_t>(m);
    if (low < bound) {
      const uint32_t threshold = static_cast<uint32_t>(-bound) % bound;
      while (low < threshold) {
        m = uint64_t{next32()} * bound;
        low = static_cast<uint32_t>(m);
      }
    }
    return static_cast<uint32_t>(m >> 32);
  }

 private:
  __extension__ typedef unsigned __int128 u128;  // GCC/Clang; __extension__ for -Wpedantic
  uint64_t state_;
  uint32_t half_ = 0;
  bool have_half_ = false;
};

}  // namespace brandpunt::stats
