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
// header (an embedded newline does not start a new row). A record with fewer fields than the
// header gets empty views for the missing ones (readers then reject it as "missing ...").
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace brandpunt::io {

class CsvReader {
 public:
  // delimiter 0 = sniff from the header line.
  explicit CsvReader(const std::string& path, char delimiter = 0);
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
  int64_t row() const { return row_; }  // 1-based data row of the last record
  int64_t bytes_consumed() const { return consumed_; }

 private:
  bool fill();  // moves the unparsed tail to the front and reads more; false at EOF
  void parse_fields(char* begin, char* end, std::vector<std::string_view>& fields) const;

  std::string path_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  std::vector<char> buffer_;
  size_t begin_ = 0, end_ = 0;  // unparsed bytes are buffer_[begin_, end_)
  bool eof_ = false;
  char delimiter_ = ',';
  std::vector<std::string> header_;
  int64_t row_ = 0;
  int64_t consumed_ = 0;
};

}  // namespace brandpunt::io
