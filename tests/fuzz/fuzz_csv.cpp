// libFuzzer target: the streaming CSV reader (io/csv.hpp).
//
// The first byte chooses the options (block size, delimiter, encoding, limits); the rest is the
// file. The input is read twice, with tiny blocks and with one large block: both must give the
// same records, or both fail (a differential check of the block-boundary logic). Every field
// must be valid UTF-8 (the reader checks or converts), and no record may hold more fields than
// the header.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/text.hpp"
#include "io/csv.hpp"

namespace {

struct Result {
  std::vector<std::vector<std::string>> records;
  std::vector<int64_t> lines;
  bool failed = false;
  brandpunt::ErrorKind kind = brandpunt::ErrorKind::internal;
};

Result read_all(std::string_view bytes, const brandpunt::io::CsvOptions& o) {
  Result r;
  try {
    brandpunt::io::CsvReader csv("fuzz.csv", bytes, o);
    std::vector<std::string_view> f;
    while (csv.next(f)) {
      if (f.size() != csv.header().size()) __builtin_trap();
      if (o.encoding.empty())
        for (auto field : f)
          if (!brandpunt::core::is_utf8(field)) __builtin_trap();
      r.records.emplace_back(f.begin(), f.end());
      r.lines.push_back(csv.line());
    }
  } catch (const brandpunt::Error& e) {
    r.failed = true;
    r.kind = e.kind();
  }
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint8_t control = data[0];
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  brandpunt::io::CsvOptions small;
  small.block_bytes = 16 + (control & 0x1F);
  small.max_record_bytes = 512;
  small.max_record_lines = 4;
  if (control & 0x20) small.delimiter = ';';
  if (control & 0x40) small.encoding = "cp1252";
  if (control & 0x80) small.encoding = (control & 0x40) ? "UTF-16" : "latin1";
  brandpunt::io::CsvOptions large = small;
  large.block_bytes = 1 << 16;  // the reader shrinks it to the input's size
  const Result a = read_all(bytes, small), b = read_all(bytes, large);
  if (a.failed != b.failed) __builtin_trap();
  if (!a.failed && (a.records != b.records || a.lines != b.lines)) __builtin_trap();
  if (a.failed && a.kind != b.kind) __builtin_trap();
  return 0;
}
