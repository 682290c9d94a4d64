#include "pipeline/config_text.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/error.hpp"
#include "core/text.hpp"

namespace brandpunt::pipeline {

std::string read_config_text(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    const int err = errno;
    throw Error(ErrorKind::io, err == ENOENT ? std::string("config file not found")
                                             : std::string("cannot read: ") + std::strerror(err))
        .at_file(path);
  }
  std::string text;
  char block[65536];
  size_t got = 0;
  while ((got = std::fread(block, 1, sizeof block, f.get())) > 0) text.append(block, got);
  if (std::ferror(f.get()))
    throw Error(ErrorKind::io, std::string("cannot read: ") + std::strerror(errno)).at_file(path);
  return text;
}

namespace {

// Scans the text once, knowing only what TOML needs to tell strings and comments from the
// rest: basic strings "..." (with \ escapes), literal strings '...', their multi-line forms
// """...""" and '''...''', and comments from # to the end of the line.
class Scanner {
 public:
  Scanner(std::string_view text, const std::string& path) : s_(text), path_(path) {}

  void run() {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // a UTF-8 byte order mark is allowed
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '#') {
        comment();
      } else if (c == '"') {
        if (starts("\"\"\"")) string_body("\"\"\"", true, true);
        else string_body("\"", true, false);
      } else if (c == '\'') {
        if (starts("'''")) string_body("'''", false, true);
        else string_body("'", false, false);
      } else {
        check_char(false);
      }
    }
  }

 private:
  bool starts(std::string_view token) const { return s_.substr(i_, token.size()) == token; }

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(ErrorKind::config, what + " at line " + std::to_string(line_) + ", column " +
                                       std::to_string(i_ - line_start_ + 1))
        .at_file(path_)
        .at_row(line_);
  }

  // Checks the character at i_ and steps over it. Inside strings and comments any UTF-8 is
  // fine; elsewhere TOML allows ASCII only.
  void check_char(bool quoted) {
    const auto c = static_cast<unsigned char>(s_[i_]);
    if (c == '\n') {
      ++line_;
      line_start_ = ++i_;
      return;
    }
    if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", c);
      fail(std::string("control character ") + code + " (not allowed in TOML)");
    }
    if (c < 0x80) {
      ++i_;
      return;
    }
    const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (c < 0xC2 || c > 0xF4 || i_ + len > s_.size() || !core::is_utf8(s_.substr(i_, len))) {
      char code[8];
      std::snprintf(code, sizeof code, "0x%02X", c);
      fail(std::string("byte ") + code + " is not valid UTF-8 (save the config as UTF-8)");
    }
    if (!quoted)
      fail("non-ASCII character '" + std::string(s_.substr(i_, len)) +
           "' outside a quoted string (TOML keys and bare values are ASCII: put it in quotes)");
    i_ += len;
  }

  void comment() {
    while (i_ < s_.size() && s_[i_] != '\n') check_char(true);
  }

  void string_body(std::string_view quote, bool escapes, bool multiline) {
    i_ += quote.size();
    while (i_ < s_.size()) {
      if (escapes && s_[i_] == '\\' && i_ + 1 < s_.size() && s_[i_ + 1] != '\n' &&
          s_[i_ + 1] != '\r') {
        i_ += 1;  // the escaped character is checked (and stepped over) below
        check_char(true);
        continue;
      }
      if (s_[i_] == quote[0] && starts(quote)) {
        i_ += quote.size();
        // TOML allows one or two quotes right before the closing triple.
        while (multiline && i_ < s_.size() && s_[i_] == quote[0]) ++i_;
        return;
      }
      if (!multiline && s_[i_] == '\n') return;  // toml++ reports the unclosed string
      check_char(true);
    }
    // An unclosed string at the end of the file: toml++ reports it with its line.
  }

  std::string_view s_;
  const std::string& path_;
  size_t i_ = 0, line_start_ = 0;
  int64_t line_ = 1;
};

}  // namespace

void check_config_text(std::string_view text, const std::string& path) {
  Scanner(text, path).run();
}

}  // namespace brandpunt::pipeline
