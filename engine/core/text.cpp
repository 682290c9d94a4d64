#include "core/text.hpp"

#include <cstdint>
#include <cstring>

namespace brandpunt::core {

namespace {

// Length of the well-formed UTF-8 sequence at p (RFC 3629, table 3-7 of the Unicode
// standard), or 0 when the bytes there are not one.
size_t sequence_length(const unsigned char* p, size_t n) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  auto cont = [&](size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    return i < n && p[i] >= lo && p[i] <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;  // no surrogates
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;  // <= U+10FFFF
  return 0;
}

bool is_control(const unsigned char* p, size_t len) {
  if (len == 1) return p[0] < 0x20 || p[0] == 0x7F;
  return len == 2 && p[0] == 0xC2 && p[1] < 0xA0;  // C1 controls U+0080..U+009F
}

constexpr uint64_t kHighBits = 0x8080808080808080ull;

}  // namespace

size_t invalid_utf8_at(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t word = 0;
      std::memcpy(&word, p + i, 8);
      if ((word & kHighBits) == 0) {
        i += 8;
        continue;
      }
    }
    const size_t len = sequence_length(p + i, n - i);
    if (len == 0) return i;
    i += len;
  }
  return kValidUtf8;
}

bool is_clean(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i < s.size();) {
    const size_t len = sequence_length(p + i, s.size() - i);
    if (len == 0 || is_control(p + i, len)) return false;
    i += len;
  }
  return true;
}

std::string clean_name(std::string_view s, TextRepair& repair) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t len = sequence_length(p + i, s.size() - i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for each malformed byte
      ++repair.invalid;
      ++i;
    } else if (is_control(p + i, len)) {
      out += ' ';
      ++repair.control;
      i += len;
    } else {
      out.append(s.data() + i, len);
      i += len;
    }
  }
  const size_t first = out.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

std::string escaped(std::string_view s, size_t max_bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t len = sequence_length(p + i, s.size() - i);
    std::string piece;
    if (len == 0 || is_control(p + i, len)) {
      if (len == 0) len = 1;
      for (size_t k = 0; k < len; ++k) {
        piece += "\\x";
        piece += kHex[p[i + k] >> 4];
        piece += kHex[p[i + k] & 15];
      }
    } else {
      piece.assign(s.data() + i, len);
    }
    if (out.size() + piece.size() > max_bytes) return out + "...";
    out += piece;
    i += len;
  }
  return out;
}

std::string_view utf8_prefix(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t cut = max_bytes;
  // Step back over continuation bytes to the start of the character that would be cut.
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

}  // namespace brandpunt::core
