// A streaming RFC 4180 CSV reader for large incident files (millions of rows).
//
// The file is read in large blocks; each record's fields are string_views into the block, so a
// row costs no allocation. Handles quoted fields with embedded delimiters, doubled quotes and
// newlines, a UTF-8 byte order mark, CRLF or LF line ends, and sniffs the delimiter (",", ";"
// or tab: whichever occurs most in the header line outside quotes) when none is given.
//
//   io::CsvReader csv("incidents.csv");          // throws Error(io) naming the file
//   size_t col = csv.column("x_rd", "x");        // throws Error(config) naming the field
//   std::vector<std::string_view> f;
//   while (csv.next(f)) use(f[col], csv.row());  // views valid until the next call
//
// Blank lines are skipped and do not count as rows. Rows are numbered 1, 2, ... after the
// header (an embedded newline does not start a new row); line() gives the file's line number
// too. A record with fewer fields than the header gets empty views for the missing ones
// (readers then reject it as "missing ...").
//
// Text: the bytes are UTF-8 unless `encoding` names another one (latin1, cp1252, UTF-16, any
// name iconv knows): then they are converted to UTF-8 as they are read. UTF-8 input is
// checked record by record; a malformed byte is an Error(format) naming the row, line and
// column, with the hint to set the encoding.
//
// A file that is not what it claims must not vanish into one field: a quoted field that never
// closes is an Error(format) naming the row and line where its quote opened and the column,
// and so is a record longer than `max_record_bytes` or spanning more than `max_record_lines`
// lines (a stray quote that closes thousands of rows later).
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace brandpunt::io {

struct CsvOptions {
  char delimiter = 0;     // 0 = sniff ',' ';' or tab from the header line
  std::string encoding;   // "" or "UTF-8" = UTF-8 (checked); otherwise converted by iconv
  size_t max_record_bytes = size_t{1} << 20;  // 1 MiB: a longer record is an error
  int64_t max_record_lines = 100;             // a record over more lines is an error
  size_t block_bytes = size_t{1} << 22;       // 4 MiB read blocks (small ones for tests, fuzzing)
};

// True for "", "UTF-8", "utf8", ... (no conversion needed).
bool is_utf8_encoding(const std::string& encoding);
// True when iconv can convert from `encoding` to UTF-8 (latin1, cp1252, UTF-16, ...).
bool is_known_encoding(const std::string& encoding);

class CsvReader {
 public:
  explicit CsvReader(const std::string& path, const CsvOptions& options = {});
  CsvReader(const std::string& path, char delimiter);
  // Reads `bytes` (which must outlive the reader) instead of a file; `name` names the source
  // in messages.
  CsvReader(const std::string& name, std::string_view bytes, const CsvOptions& options = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  const std::vector<std::string>& header() const { return header_; }
  char delimiter() const { return delimiter_; }
  const std::string& path() const { return path_; }

  // Index of a header column (exact match after trimming spaces), or nullopt.
  std::optional<size_t> find_column(std::string_view name) const;
  // Index of a header column; throws Error(config) "column 'x_rd' not found in header"
  // naming the file and `role` (the option that names it, e.g. "x_field").
  size_t column(const std::string& name, const std::string& role) const;

  // Reads the next record into `fields` (resized to header().size()); false at end of file.
  bool next(std::vector<std::string_view>& fields);
  int64_t row() const { return row_; }    // 1-based data row of the last record
  int64_t line() const { return line_; }  // 1-based file line where the last record starts
  int64_t bytes_consumed() const { return consumed_; }

 private:
  void open();
  size_t read_source(char* dst, size_t n);
  bool fill();  // moves the unparsed tail to the front and reads more; false at EOF
  void convert(size_t got);
  void check_record(const char* s, const char* e, int64_t row) const;
  void check_size(const char* record, const char* end, const char* quote, int64_t lines,
                  bool still_open, int64_t row) const;
  [[noreturn]] void unterminated(const char* record, const char* quote, const char* end,
                                 int64_t row, const std::string& why) const;
  std::string column_at(const char* record, const char* pos) const;
  void parse_fields(char* begin, char* end, std::vector<std::string_view>& fields) const;

  std::string path_;
  CsvOptions options_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  std::string_view memory_;  // the source when reading from memory
  size_t memory_pos_ = 0;
  bool from_memory_ = false;
  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;  // unparsed bytes are buffer_[begin_, end_)
  bool eof_ = false;
  // Conversion from another encoding: raw bytes wait in raw_[0, raw_end_).
  struct Iconv;
  std::unique_ptr<Iconv> iconv_;
  std::vector<char> raw_;
  size_t raw_end_ = 0;
  int64_t raw_offset_ = 0;  // source bytes converted so far
  bool check_utf8_ = true;
  char delimiter_ = ',';
  std::vector<std::string> header_;
  int64_t row_ = 0;
  int64_t line_ = 0, next_line_ = 1;
  int64_t consumed_ = 0;
};

}  // namespace brandpunt::io
