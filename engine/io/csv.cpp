#include "io/csv.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace brandpunt::io {

namespace {

constexpr size_t kInitialBlock = size_t{1} << 22;  // 4 MiB: large enough that refills are rare

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Position of the '\n' that ends the record starting at `p`, or nullptr when the block ends
// first. Fast path: no quote before the next newline, so memchr finds the end. As in the
// field parser, a quote opens a quoted field only at the start of a field; elsewhere it is text.
const char* find_record_end(const char* p, const char* end, char delim) {
  const char* record = p;
  bool in_quotes = false;
  while (p < end) {
    if (!in_quotes) {
      const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      const char* stop = nl ? nl : end;
      const auto* quote =
          static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(stop - p)));
      if (!quote) return nl;
      p = quote + 1;
      in_quotes = quote == record || quote[-1] == delim;
    } else {
      const auto* quote =
          static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(end - p)));
      if (!quote) return nullptr;
      // A doubled quote "" inside a quoted field is an escaped quote: stay in quotes. (When the
      // second quote is past the block end we return nullptr from the next iteration, and the
      // caller refills and rescans the record from its start.)
      p = quote + 1;
      if (p < end && *p == '"') {
        ++p;
      } else if (p == end) {
        return nullptr;
      } else {
        in_quotes = false;
      }
    }
  }
  return nullptr;
}

}  // namespace

CsvReader::CsvReader(const std::string& path, char delimiter)
    : path_(path), file_(std::fopen(path.c_str(), "rb"), &std::fclose), buffer_(kInitialBlock) {
  if (!file_)
    throw Error(ErrorKind::io, std::string("cannot open: ") + std::strerror(errno)).at_file(path);
  fill();
  if (end_ - begin_ >= 3 && std::memcmp(buffer_.data() + begin_, "\xEF\xBB\xBF", 3) == 0) {
    begin_ += 3;
    consumed_ += 3;
  }
  if (begin_ == end_) throw Error(ErrorKind::format, "empty file: no header line").at_file(path);
  if (delimiter != 0) {
    delimiter_ = delimiter;
  } else {
    // Sniff on the header line, outside quotes. Ties and no candidates fall back to ','.
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
  if (!next(fields)) throw Error(ErrorKind::format, "empty file: no header line").at_file(path);
  for (auto f : fields) header_.emplace_back(trim(f));
  row_ = 0;
}

CsvReader::~CsvReader() = default;

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
    throw Error(ErrorKind::config, "column '" + name + "' not found in header")
        .at_file(path_)
        .at_field(role);
  return *index;
}

bool CsvReader::fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);  // one record > block
  const size_t got = std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, file_.get());
  if (got == 0) {
    if (std::ferror(file_.get()))
      throw Error(ErrorKind::io, std::string("read failed: ") + std::strerror(errno))
          .at_file(path_);
    eof_ = true;
  }
  end_ += got;
  return got > 0;
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  for (;;) {
    const char* base = buffer_.data();
    const char* nl = find_record_end(base + begin_, base + end_, delimiter_);
    if (!nl && !eof_) {
      fill();
      continue;
    }
    if (!nl && begin_ == end_) return false;
    char* s = buffer_.data() + begin_;
    char* e = nl ? buffer_.data() + (nl - base) : buffer_.data() + end_;
    const size_t next_begin = nl ? static_cast<size_t>(nl - base) + 1 : end_;
    consumed_ += static_cast<int64_t>(next_begin - begin_);
    begin_ = next_begin;
    if (e > s && e[-1] == '\r') --e;
    if (e == s) continue;  // blank line
    parse_fields(s, e, fields);
    ++row_;
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
      field = std::string_view(start, static_cast<size_t>(w - start));
      // Text between a closing quote and the delimiter is malformed; it is dropped.
      while (p < e && *p != delim) ++p;
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
