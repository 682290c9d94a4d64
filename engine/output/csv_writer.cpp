#include "output/csv_writer.hpp"

#include <algorithm>
#include <cstdint>

#include "core/error.hpp"

#include "output/atomic_file.hpp"
#include "output/format.hpp"

namespace brandpunt::output {

std::string csvt_path(const std::string& csv_path) {
  const size_t n = csv_path.size();
  if (n >= 4 && csv_path.compare(n - 4, 4, ".csv") == 0) return csv_path + "t";
  return csv_path + ".csvt";
}

std::string csvt_text(const std::vector<FieldType>& types) {
  std::string out;
  for (size_t i = 0; i < types.size(); ++i) {
    if (i) out.push_back(',');
    out += types[i] == FieldType::integer ? "\"Integer\"" : types[i] == FieldType::real ? "\"Real\"" : "\"String\"";
  }
  out.push_back('\n');
  return out;
}

std::string csvt_text(const Table& table) {
  std::vector<FieldType> types;
  for (const Column& c : table.columns) types.push_back(c.type);
  return csvt_text(types);
}

void write_csvt(const std::string& csv_path, const std::vector<FieldType>& types) {
  write_text_atomic(csvt_path(csv_path), csvt_text(types));
}

void append_csv_field(std::string& out, std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (char ch : value) {
    if (ch == '"') out.push_back('"');
    out.push_back(ch);
  }
  out.push_back('"');
}

namespace {

// Calls `flush(text)` with consecutive pieces of the CSV text, each at most about `chunk`
// bytes plus one row, so a large table never needs its whole text in memory.
template <class Flush>
void csv_chunks(const Table& table, size_t chunk, Flush&& flush, bool header = true) {
  table.validate();
  std::string out;
  for (size_t c = 0; header && c < table.columns.size(); ++c) {
    if (c) out.push_back(',');
    append_csv_field(out, table.columns[c].name);
  }
  if (header) out.push_back('\n');
  const size_t n = table.rows();
  for (size_t r = 0; r < n; ++r) {
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (c) out.push_back(',');
      const Column& col = table.columns[c];
      if (col.is_null(r)) continue;
      switch (col.type) {
        case FieldType::integer:
          out += format_int(col.ints[r]);
          break;
        case FieldType::real:
          out += format_double(col.reals[r]);
          break;
        case FieldType::string:
          append_csv_field(out, col.strings[r]);
          break;
      }
    }
    out.push_back('\n');
    if (out.size() >= chunk) {
      flush(std::string_view(out));
      out.clear();
    }
  }
  if (!out.empty()) flush(std::string_view(out));
}

}  // namespace

std::string to_csv(const Table& table) {
  std::string text;
  csv_chunks(table, SIZE_MAX, [&](std::string_view piece) { text.append(piece); });
  return text;
}

void write_csv(const std::string& path, const Table& table) {
  write_text_atomic(csvt_path(path), csvt_text(table));
  write_stream_atomic(path, [&](std::ostream& out) {
    csv_chunks(table, size_t{1} << 22, [&](std::string_view piece) {
      out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
    });
  });
}

void write_csv_blocks(const std::string& path, size_t n_blocks,
                      const std::function<Table(size_t block)>& build) {
  write_stream_atomic(path, [&](std::ostream& out) {
    std::vector<std::string> names;
    for (size_t b = 0; b < std::max<size_t>(n_blocks, 1); ++b) {
      const Table t = build(b);
      std::vector<std::string> these;
      for (const Column& c : t.columns) these.push_back(c.name);
      if (b == 0) {
        names = these;
        write_text_atomic(csvt_path(path), csvt_text(t));
      }
      else if (these != names)
        throw Error(ErrorKind::internal, "CSV block " + std::to_string(b) + " has other columns").at_file(path);
      csv_chunks(t, size_t{1} << 22, [&](std::string_view piece) {
        out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
      }, b == 0);
    }
  });
}

void write_rejects_csv(const std::string& path, const std::vector<Reject>& rejects) {
  std::string out = "row,field,reason,detail\n";
  for (const Reject& r : rejects) {
    if (r.row >= 0) out += format_int(r.row);
    out.push_back(',');
    append_csv_field(out, r.field);
    out.push_back(',');
    append_csv_field(out, r.reason);
    out.push_back(',');
    append_csv_field(out, r.detail);
    out.push_back('\n');
  }
  write_text_atomic(path, out);
  write_csvt(path, {FieldType::integer, FieldType::string, FieldType::string, FieldType::string});
}

}  // namespace brandpunt::output
