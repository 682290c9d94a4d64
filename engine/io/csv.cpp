#include "io/csv.hpp"

#include <iconv.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "core/text.hpp"

namespace brandpunt::io {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Where the record starting at some position ends, found in one pass.
struct RecordScan {
  const char* end = nullptr;         // the '\n' that ends the record; nullptr = not in the block
  bool in_quotes = false;            // the block (or file) ends inside a quoted field
  const char* open_quote = nullptr;  // the quote that opened that field
  const char* multiline_quote = nullptr;  // the quote of the first field holding a line break
  int64_t lines = 0;                 // line breaks inside quoted fields
};

// Scans the record starting at `p`. Fast path: no quote before the next newline, so memchr
// finds the end. As in the field parser, a quote opens a quoted field only at the start of a
// field; elsewhere it is text. `at_eof`: nothing follows `end`, so a quote right at the end
// closes its field.
RecordScan scan_record(const char* p, const char* end, char delim, bool at_eof) {
  RecordScan r;
  const char* record = p;
  const char* open = nullptr;
  bool in_quotes = false;
  while (p < end) {
    if (!in_quotes) {
      const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      const char* stop = nl ? nl : end;
      const auto* quote =
          static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(stop - p)));
      if (!quote) {
        r.end = nl;
        return r;
      }
      p = quote + 1;
      in_quotes = quote == record || quote[-1] == delim;
      if (in_quotes) open = quote;
      continue;
    }
    const auto* quote = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(end - p)));
    const char* stop = quote ? quote : end;
    const auto breaks = std::count(p, stop, '\n');
    if (breaks > 0 && !r.multiline_quote) r.multiline_quote = open;
    r.lines += breaks;
    if (!quote) break;
    // A doubled quote "" inside a quoted field is an escaped quote: stay in quotes. When the
    // block ends right after a quote we cannot tell yet (unless the file ends there).
    p = quote + 1;
    if (p < end && *p == '"') {
      ++p;
    } else if (p == end && !at_eof) {
      break;
    } else {
      in_quotes = false;
    }
  }
  r.in_quotes = in_quotes;
  r.open_quote = in_quotes ? open : nullptr;
  return r;
}

std::string thousands(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

}  // namespace

bool is_utf8_encoding(const std::string& encoding) {
  std::string e;
  for (char c : encoding)
    if (c != '-' && c != '_') e += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return e.empty() || e == "UTF8";
}

bool is_known_encoding(const std::string& encoding) {
  if (is_utf8_encoding(encoding)) return true;
  const iconv_t cd = iconv_open("UTF-8", encoding.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  iconv_close(cd);
  return true;
}

struct CsvReader::Iconv {
  iconv_t cd = reinterpret_cast<iconv_t>(-1);
  ~Iconv() {
    if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
  }
};

namespace {
CsvOptions with_delimiter(char delimiter) {
  CsvOptions o;
  o.delimiter = delimiter;
  return o;
}
}  // namespace

CsvReader::CsvReader(const std::string& path, char delimiter)
    : CsvReader(path, with_delimiter(delimiter)) {}

CsvReader::CsvReader(const std::string& path, const CsvOptions& options)
    : path_(path), options_(options), file_(std::fopen(path.c_str(), "rb"), &std::fclose) {
  if (!file_)
    throw Error(ErrorKind::io, std::string("cannot open: ") + std::strerror(errno)).at_file(path);
  open();
}

CsvReader::CsvReader(const std::string& name, std::string_view bytes, const CsvOptions& options)
    : path_(name), options_(options), file_(nullptr, &std::fclose), memory_(bytes),
      from_memory_(true) {
  open();
}

CsvReader::~CsvReader() = default;

void CsvReader::open() {
  if (options_.block_bytes < 16) options_.block_bytes = 16;
  // A small source needs no large block (a fuzzer or a test reads thousands of them).
  size_t source_bytes = SIZE_MAX;
  if (from_memory_) {
    source_bytes = memory_.size();
  } else if (struct stat st {}; ::fstat(::fileno(file_.get()), &st) == 0 && S_ISREG(st.st_mode)) {
    source_bytes = static_cast<size_t>(st.st_size);
  }
  if (source_bytes < options_.block_bytes)
    options_.block_bytes = std::max<size_t>(16, source_bytes + 16);
  if (options_.max_record_bytes < 1 || options_.max_record_lines < 0)
    throw Error(ErrorKind::config, "max_record_bytes must be >= 1 and max_record_lines >= 0")
        .at_file(path_);
  buffer_.resize(options_.block_bytes);
  check_utf8_ = is_utf8_encoding(options_.encoding);
  if (!check_utf8_) {
    iconv_ = std::make_unique<Iconv>();
    iconv_->cd = iconv_open("UTF-8", options_.encoding.c_str());
    if (iconv_->cd == reinterpret_cast<iconv_t>(-1))
      throw Error(ErrorKind::config, "unknown encoding '" + core::escaped(options_.encoding) +
                                         "' (e.g. UTF-8, latin1, cp1252, UTF-16)")
          .at_file(path_)
          .at_field("encoding");
    raw_.resize(options_.block_bytes);
  }
  fill();
  if (check_utf8_) {
    if (end_ - begin_ >= 3 && std::memcmp(buffer_.data() + begin_, "\xEF\xBB\xBF", 3) == 0) {
      begin_ += 3;
      consumed_ += 3;
    }
    const auto* b = reinterpret_cast<const unsigned char*>(buffer_.data() + begin_);
    const size_t n = end_ - begin_;
    const bool utf16_bom = n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF));
    const bool utf16_nul = n >= 4 && (b[0] == 0 || b[1] == 0 || b[2] == 0 || b[3] == 0);
    if (utf16_bom || utf16_nul)
      throw Error(ErrorKind::format,
                  "the file looks like UTF-16 (" +
                      std::string(utf16_bom ? "byte order mark" : "NUL bytes") +
                      " at the start): save it as UTF-8, or set encoding = \"UTF-16\"")
          .at_file(path_);
  }
  if (begin_ == end_) throw Error(ErrorKind::format, "empty file: no header line").at_file(path_);
  if (options_.delimiter != 0) {
    delimiter_ = options_.delimiter;
  } else {
    // Sniff on the header line, outside quotes. Ties and no candidates fall back to ','. The
    // whole line is read in first, so the answer does not depend on the block size.
    for (;;) {
      bool open_quote = false;
      size_t i = begin_;
      while (i < end_ && (open_quote || buffer_[i] != '\n')) open_quote ^= buffer_[i++] == '"';
      if (i < end_ || eof_ || end_ - begin_ > options_.max_record_bytes) break;
      fill();
    }
    size_t counts[3] = {0, 0, 0};
    const char candidates[3] = {',', ';', '\t'};
    bool in_quotes = false;
    for (size_t i = begin_; i < end_ && (in_quotes || buffer_[i] != '\n'); ++i) {
      const char c = buffer_[i];
      if (c == '"') in_quotes = !in_quotes;
      for (int k = 0; k < 3 && !in_quotes; ++k) counts[k] += c == candidates[k];
    }
    int best = 0;
    for (int k = 1; k < 3; ++k)
      if (counts[k] > counts[best]) best = k;
    delimiter_ = candidates[best];
  }
  std::vector<std::string_view> fields;
  // Parse the header as a record of unknown width, then number data rows from 1.
  if (!next(fields)) throw Error(ErrorKind::format, "empty file: no header line").at_file(path_);
  for (auto f : fields) header_.emplace_back(trim(f));
  if (header_.empty()) header_.emplace_back();
  row_ = 0;
}

std::optional<size_t> CsvReader::find_column(std::string_view name) const {
  name = trim(name);
  for (size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return i;
  return std::nullopt;
}

size_t CsvReader::column(const std::string& name, const std::string& role) const {
  if (name.empty())
    throw Error(ErrorKind::config, "no column configured").at_file(path_).at_field(role);
  auto index = find_column(name);
  if (!index)
    throw Error(ErrorKind::config, "column '" + core::escaped(name) + "' not found in header")
        .at_file(path_)
        .at_field(role);
  return *index;
}

size_t CsvReader::read_source(char* dst, size_t n) {
  if (from_memory_) {
    const size_t got = std::min(n, memory_.size() - memory_pos_);
    std::memcpy(dst, memory_.data() + memory_pos_, got);
    memory_pos_ += got;
    return got;
  }
  const size_t got = std::fread(dst, 1, n, file_.get());
  if (got == 0 && std::ferror(file_.get()))
    throw Error(ErrorKind::io, std::string("read failed: ") + std::strerror(errno)).at_file(path_);
  return got;
}

bool CsvReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);  // one record > block
  if (!iconv_) {
    const size_t got = read_source(buffer_.data() + end_, buffer_.size() - end_);
    if (got == 0) eof_ = true;
    end_ += got;
    return got > 0;
  }
  // Another encoding: read raw bytes and convert them into the free part of the buffer.
  bool source_done = false;
  for (;;) {
    if (raw_end_ < raw_.size()) {
      const size_t got = read_source(raw_.data() + raw_end_, raw_.size() - raw_end_);
      source_done = got == 0;
      raw_end_ += got;
    }
    char* in = raw_.data();
    size_t in_left = raw_end_;
    char* out = buffer_.data() + end_;
    size_t out_left = buffer_.size() - end_;
    const size_t rc = iconv(iconv_->cd, raw_end_ ? &in : nullptr, &in_left, &out, &out_left);
    const int err = rc == static_cast<size_t>(-1) ? errno : 0;
    const size_t used = raw_end_ - in_left;
    const size_t produced = buffer_.size() - end_ - out_left;
    std::memmove(raw_.data(), raw_.data() + used, in_left);
    raw_end_ = in_left;
    raw_offset_ += static_cast<int64_t>(used);
    end_ += produced;
    if (err == EILSEQ) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(raw_[0]));
      const int64_t line =
          next_line_ + std::count(buffer_.data() + begin_, buffer_.data() + end_, '\n');
      throw Error(ErrorKind::format, "byte " + std::string(byte) + " at byte offset " +
                                         std::to_string(raw_offset_) + " (line " +
                                         std::to_string(line) + ") is not valid " +
                                         core::escaped(options_.encoding))
          .at_file(path_)
          .at_field("encoding");
    }
    if (produced > 0) return true;
    if (err == E2BIG) {
      buffer_.resize(buffer_.size() * 2);
      continue;
    }
    if (source_done) {
      if (raw_end_ > 0)
        throw Error(ErrorKind::format, "the file ends inside a multi-byte character of " +
                                           core::escaped(options_.encoding))
            .at_file(path_)
            .at_field("encoding");
      eof_ = true;
      return false;
    }
  }
}

std::string CsvReader::column_at(const char* record, const char* pos) const {
  size_t k = 0;
  bool in_quotes = false;
  for (const char* p = record; p < pos; ++p) {
    if (*p == '"') {
      if (in_quotes) in_quotes = p + 1 < pos && p[1] == '"' ? (++p, true) : false;
      else in_quotes = p == record || p[-1] == delimiter_;
    } else if (!in_quotes && *p == delimiter_) {
      ++k;
    }
  }
  if (k < header_.size() && !header_[k].empty()) return header_[k];
  return "column " + std::to_string(k + 1);
}

void CsvReader::unterminated(const char* record, const char* quote, const char* end, int64_t row,
                             const std::string& why) const {
  const std::string where = row > 0 ? "" : " in the header line";
  const int64_t opened = next_line_ + std::count(record, quote, '\n');
  std::string message = "the quoted field" + where + " opened at line " + std::to_string(opened);
  if (why.rfind("has not closed", 0) == 0) message = "unterminated quote? " + message;
  if (why.empty())
  {
    // Lines that start after the quote's line: the file's last line break starts none.
    const int64_t after = std::count(quote, end, '\n') - (end > quote && end[-1] == '\n');
    message = "unterminated quote: " + message + " never closes; the " + thousands(after) +
              " lines after it would all be read as this one field";
  }
  else
    message += " " + why;
  Error e(ErrorKind::format, message);
  e.at_file(path_);
  if (row > 0) e.at_row(row);
  e.at_field(column_at(record, quote));
  throw e;
}

void CsvReader::check_record(const char* s, const char* e, int64_t row) const {
  const size_t bad = core::invalid_utf8_at(std::string_view(s, static_cast<size_t>(e - s)));
  if (bad == core::kValidUtf8) return;
  // Show the field around the bad byte (escaped, so the message itself stays UTF-8).
  const char* field_start = s + bad;
  while (field_start > s && field_start[-1] != delimiter_ && field_start[-1] != '\n') --field_start;
  const char* field_end = s + bad;
  while (field_end < e && *field_end != delimiter_ && *field_end != '\n') ++field_end;
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(s[bad]));
  const int64_t line = line_ + std::count(s, s + bad, '\n');
  Error err(ErrorKind::format,
            "not valid UTF-8: byte " + std::string(byte) + " at line " + std::to_string(line) +
                " in '" +
                core::escaped(std::string_view(field_start, static_cast<size_t>(field_end - field_start))) +
                "'; if the file is Latin-1 or Windows-1252, set its encoding (e.g. encoding = "
                "\"cp1252\")");
  err.at_file(path_);
  if (row > 0) err.at_row(row);
  err.at_field(header_.empty() ? std::string("header") : column_at(s, s + bad));
  throw err;
}

void CsvReader::check_size(const char* record, const char* end, const char* quote,
                           int64_t lines, bool still_open, int64_t row) const {
  const std::string max_bytes = thousands(static_cast<int64_t>(options_.max_record_bytes));
  if (static_cast<size_t>(end - record) > options_.max_record_bytes) {
    if (quote)
      unterminated(record, quote, end, row,
                   (still_open ? "has not closed after " : "spans more than ") + max_bytes +
                       " bytes (max_record_bytes): an unterminated or stray quote?");
    Error e(ErrorKind::format, "a record longer than " + max_bytes +
                                   " bytes (max_record_bytes) at line " +
                                   std::to_string(next_line_) + ": is this a CSV file?");
    e.at_file(path_);
    if (row > 0) e.at_row(row);
    throw e;
  }
  if (lines > options_.max_record_lines)
    unterminated(record, quote, end, row,
                 still_open ? "has not closed after " + std::to_string(options_.max_record_lines) +
                                  " lines (max_record_lines): an unterminated quote?"
                            : "spans " + std::to_string(lines + 1) + " lines, more than " +
                                  std::to_string(options_.max_record_lines) +
                                  " (max_record_lines): a stray quote?");
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  const bool header = header_.empty();
  const int64_t row = header ? 0 : row_ + 1;  // 0 = the header line
  for (;;) {
    const char* base = buffer_.data();
    const RecordScan scan = scan_record(base + begin_, base + end_, delimiter_, eof_);
    if (!scan.end) {
      // The record goes on past what is in memory: check it has not run away, then read on.
      const char* record = base + begin_;
      check_size(record, base + end_, scan.in_quotes ? scan.open_quote : scan.multiline_quote,
                 scan.lines, scan.in_quotes, row);
      if (!eof_) {
        fill();
        continue;
      }
      if (begin_ == end_) return false;
      if (scan.in_quotes) unterminated(record, scan.open_quote, base + end_, row, "");
    }
    char* s = buffer_.data() + begin_;
    char* e = scan.end ? buffer_.data() + (scan.end - base) : buffer_.data() + end_;
    check_size(s, e, scan.multiline_quote, scan.lines, false, row);
    const size_t next_begin = scan.end ? static_cast<size_t>(scan.end - base) + 1 : end_;
    consumed_ += static_cast<int64_t>(next_begin - begin_);
    begin_ = next_begin;
    line_ = next_line_;
    next_line_ += 1 + scan.lines;
    if (e > s && e[-1] == '\r') --e;
    if (e == s) continue;  // blank line
    if (check_utf8_) check_record(s, e, row);
    parse_fields(s, e, fields);
    if (!header) ++row_;
    return true;
  }
}

void CsvReader::parse_fields(char* p, char* e, std::vector<std::string_view>& fields) const {
  const size_t width = header_.empty() ? 0 : header_.size();
  if (width)
    fields.assign(width, std::string_view{});
  else
    fields.clear();
  size_t k = 0;
  const char delim = delimiter_;
  for (;;) {
    std::string_view field;
    if (p < e && *p == '"') {
      // Quoted: unescape "" in place (the result is never longer than the source).
      char* w = ++p;
      char* start = w;
      while (p < e) {
        if (*p == '"') {
          if (p + 1 < e && p[1] == '"') {
            *w++ = '"';
            p += 2;
            continue;
          }
          ++p;
          break;
        }
        *w++ = *p++;
      }
      // Text between a closing quote and the delimiter is malformed; like Python's csv module
      // we keep it, appended to the field, rather than lose it.
      while (p < e && *p != delim) *w++ = *p++;
      field = std::string_view(start, static_cast<size_t>(w - start));
    } else {
      auto* d = static_cast<char*>(std::memchr(p, delim, static_cast<size_t>(e - p)));
      char* stop = d ? d : e;
      field = std::string_view(p, static_cast<size_t>(stop - p));
      p = stop;
    }
    if (width == 0)
      fields.push_back(field);
    else if (k < width)
      fields[k] = field;
    ++k;
    if (p < e && *p == delim) {
      ++p;
      continue;
    }
    break;
  }
}

}  // namespace brandpunt::io
