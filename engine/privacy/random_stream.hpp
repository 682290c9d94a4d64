// The randomness of the public profile's noise: a ChaCha20 keystream (OpenSSL) per stream id.
//
// One 256-bit key drives every draw of a run. It comes from the operating system (getrandom)
// unless a noise seed is given for tests or a restricted copy (`--noise-seed`): the key is then
// SHA-256 of the seed. The key is never written anywhere. Each table of cells draws from its
// own streams, one per block of cells (the stream id), so the noise does not depend on the
// number of threads: the same key gives the same bytes at any thread count.
//
//   NoiseKey key = NoiseKey::from_os();
//   RandomStream s(key, stream_id(table, block));
//   uint32_t u = s.next32();
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

namespace brandpunt::privacy {

struct NoiseKey {
  std::array<uint8_t, 32> bytes{};
  static NoiseKey from_os();                      // getrandom(2); throws Error(internal) if it fails
  static NoiseKey from_seed(std::string_view seed);  // SHA-256("brandpunt noise key\0" + seed)
};

// Stream id of block `block` of table `table` (tables and blocks numbered by the caller).
constexpr uint64_t stream_id(uint32_t table, uint64_t block) { return (uint64_t{table} << 40) ^ block; }

class RandomStream {
 public:
  RandomStream(const NoiseKey& key, uint64_t id);
  ~RandomStream();
  RandomStream(RandomStream&&) noexcept;
  RandomStream& operator=(RandomStream&&) noexcept;

  uint32_t next32() {
    if (pos_ + 4 > kBuffer) refill();
    uint32_t v;
    __builtin_memcpy(&v, buffer_ + pos_, 4);
    pos_ += 4;
    return v;
  }
  uint64_t next64() { return (uint64_t{next32()} << 32) | next32(); }

 private:
  static constexpr size_t kBuffer = 4096;
  void refill();
  struct Cipher;
  std::unique_ptr<Cipher> cipher_;
  alignas(64) uint8_t buffer_[kBuffer];
  size_t pos_ = kBuffer;
};

}  // namespace brandpunt::privacy
