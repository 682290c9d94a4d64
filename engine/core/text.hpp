// Text hygiene for everything that ends up in an output: UTF-8 validation and the cleaning of
// names (street, area names) that carry control characters or broken byte sequences.
//
// Every output of brandpunt is UTF-8 (RFC 3629), and a name never holds a control character:
// a NUL would end the string in any C API (GDAL writes "Kerk\0A" and "Kerk\0B" both as
// "Kerk", so two straten would share a code), and a newline or a DEL breaks tables and maps.
// Readers check text once where it comes in; writers can rely on it.
//
//   size_t bad = core::invalid_utf8_at("Caf\xE9");       // 3: 0xE9 starts no valid sequence
//   core::TextRepair r;
//   std::string s = core::clean_name("Kerk\0straat"s, r);  // "Kerk straat", r.control == 1
//   core::escaped("Caf\xE9");                              // "Caf\\xE9": safe in a message
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace brandpunt::core {

inline constexpr size_t kValidUtf8 = std::string_view::npos;

// Offset of the first byte that does not belong to a well-formed UTF-8 sequence (no overlong
// forms, no surrogates, nothing above U+10FFFF), or kValidUtf8. ASCII runs are checked eight
// bytes at a time.
size_t invalid_utf8_at(std::string_view s);
inline bool is_utf8(std::string_view s) { return invalid_utf8_at(s) == kValidUtf8; }

// What clean_name changed.
struct TextRepair {
  int control = 0;  // control characters (U+0000..U+001F, U+007F, U+0080..U+009F) -> space
  int invalid = 0;  // bytes of malformed UTF-8 -> U+FFFD
  bool changed() const { return control > 0 || invalid > 0; }
};

// The name with every control character replaced by a space and every malformed byte by
// U+FFFD (the replacement character), then trimmed of spaces at both ends. Valid names come
// back unchanged. `repair` counts what was replaced (added to what it already holds).
std::string clean_name(std::string_view s, TextRepair& repair);

// True when the text holds no control character and is valid UTF-8: clean_name would not
// change it (apart from trimming).
bool is_clean(std::string_view s);

// The text with malformed bytes and control characters written as \xNN and at most
// `max_bytes` bytes of it kept (cut at a character boundary, "..." appended): safe to put in
// an error message or a reject detail.
std::string escaped(std::string_view s, size_t max_bytes = 80);

// The first `max_bytes` bytes of valid UTF-8 text, cut at a character boundary.
std::string_view utf8_prefix(std::string_view s, size_t max_bytes);

}  // namespace brandpunt::core
