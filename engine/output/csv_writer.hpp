// CSV twins of the output layers, and the reject list of a run.
//
// The same Table that becomes a GeoJSON layer is written as CSV for spreadsheet users:
// RFC 4180 quoting (a field is quoted when it holds a comma, a quote, CR or LF; quotes are
// doubled), UTF-8 without BOM, '\n' line ends, a header row of column names, integers in
// decimal, reals in shortest round-trip form (format.hpp), and null as an empty field. The
// bytes depend only on the table, so two runs on the same input give identical files. Files are
// written atomically (atomic_file.hpp).
//
//   write_csv("out/buurt.csv", table);
//   write_rejects_csv("out/rejects.csv", rejects);   // row,field,reason,detail
//
// Values are written as they are: a text starting with '=' is not defused against spreadsheet
// formula injection, because that would change the data; spreadsheet users should import
// rather than open the file.
//
// Every CSV gets a `.csvt` beside it (x.csv -> x.csvt): one line with the field type of each
// column, "String", "Integer" or "Real", from the table's schema and never from its values,
// so QGIS and GDAL (and through them Excel's Power Query) read a column that happens to be
// empty as the number it is. In a CSV an empty field is null (a text column has no empty
// string distinct from null).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/incidents.hpp"
#include "output/table.hpp"

namespace brandpunt::output {

// "x.csv" -> "x.csvt" (the extension gets a "t"; any other path gets ".csvt" appended).
std::string csvt_path(const std::string& csv_path);
// The .csvt line: "String","Integer","Real",... and a newline.
std::string csvt_text(const std::vector<FieldType>& types);
std::string csvt_text(const Table& table);
// Writes csvt_text(types) to csvt_path(csv_path), atomically.
void write_csvt(const std::string& csv_path, const std::vector<FieldType>& types);

// Appends one RFC 4180 field (quoted only when needed).
void append_csv_field(std::string& out, std::string_view value);

// The CSV text of a table (validates it first). Exposed for tests and for small in-memory uses.
std::string to_csv(const Table& table);

// write_csv, write_csv_blocks and write_rejects_csv write the .csvt as well.
void write_csv(const std::string& path, const Table& table);

// The same file from a table built in blocks of rows: build(b) for b = 0 .. n_blocks - 1 (at
// least block 0, for the header), each with the same columns, appended in order. Only one
// block exists in memory at a time. Throws Error(internal) when a block's columns differ.
void write_csv_blocks(const std::string& path, size_t n_blocks,
                      const std::function<Table(size_t block)>& build);

// Columns: row (1-based source row, empty when unknown), field, reason, detail.
void write_rejects_csv(const std::string& path, const std::vector<Reject>& rejects);

}  // namespace brandpunt::output
