#include "io/interner.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

namespace brandpunt::io {

namespace {
// Arena blocks grow from 4 KiB to 1 MiB, so a small source costs little and a large one few
// allocations; they are left uninitialised (every byte handed out is written first).
constexpr size_t kFirstBlockBytes = size_t{1} << 12;
constexpr size_t kMaxBlockBytes = size_t{1} << 20;
}  // namespace

std::string_view StringInterner::store(std::string_view s) {
  if (s.empty()) return {};
  if (block_used_ + s.size() > block_size_) {
    const size_t next = block_size_ == 0 ? kFirstBlockBytes : std::min(kMaxBlockBytes, 2 * block_size_);
    block_size_ = std::max(next, s.size());
    blocks_.push_back(std::make_unique_for_overwrite<char[]>(block_size_));
    block_used_ = 0;
  }
  char* p = blocks_.back().get() + block_used_;
  std::memcpy(p, s.data(), s.size());
  block_used_ += s.size();
  return {p, s.size()};
}

void StringInterner::grow() {
  const size_t n = slots_.empty() ? 64 : slots_.size() * 2;
  std::vector<Slot> old(n);
  old.swap(slots_);
  const size_t mask = n - 1;
  for (const Slot& s : old) {
    if (s.id_plus_1 == 0) continue;
    size_t i = s.hash & mask;
    while (slots_[i].id_plus_1 != 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

uint32_t StringInterner::intern(std::string_view s, bool* added) {
  // Keep the load factor below 1/2 so linear probing stays short.
  if ((strings_.size() + 1) * 2 > slots_.size()) grow();
  const uint64_t h = std::hash<std::string_view>{}(s);
  const size_t mask = slots_.size() - 1;
  size_t i = h & mask;
  while (slots_[i].id_plus_1 != 0) {
    const uint32_t id = slots_[i].id_plus_1 - 1;
    if (slots_[i].hash == h && strings_[id] == s) {
      if (added) *added = false;
      return id;
    }
    i = (i + 1) & mask;
  }
  const auto id = static_cast<uint32_t>(strings_.size());
  strings_.push_back(store(s));
  slots_[i] = Slot{h, id + 1};
  if (added) *added = true;
  return id;
}

}  // namespace brandpunt::io
