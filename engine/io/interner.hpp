// Interning of strings into dense ids without a heap allocation per string: the bytes go to
// large arena blocks and an open-addressing table maps them to ids (0, 1, 2, ... in order of
// first appearance). Used for street names and for counting duplicate incident ids over
// millions of rows.
//
//   io::StringInterner streets;
//   bool added = false;
//   uint32_t id = streets.intern("Vrijthof", &added);   // 0, added == true
//   streets.at(id);                                      // "Vrijthof"
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace brandpunt::io {

class StringInterner {
 public:
  uint32_t intern(std::string_view s, bool* added = nullptr);
  size_t size() const { return strings_.size(); }
  std::string_view at(uint32_t id) const { return strings_[id]; }

 private:
  std::string_view store(std::string_view s);
  void grow();

  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_used_ = 0, block_size_ = 0;
  // The hash sits in the slot so that a probe touches one cache line unless hashes match.
  struct Slot {
    uint64_t hash = 0;
    uint32_t id_plus_1 = 0;  // 0 = empty
  };
  std::vector<std::string_view> strings_;
  std::vector<Slot> slots_;  // size is a power of two
};

}  // namespace brandpunt::io
