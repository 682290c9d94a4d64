#include "weights/gal.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <istream>
#include <optional>
#include <ostream>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "core/error.hpp"

namespace brandpunt::weights {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::vector<std::string_view> tokens(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_space(line[i])) ++i;
    size_t j = i;
    while (j < line.size() && !is_space(line[j])) ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

// ---- writing ------------------------------------------------------------------------------

std::vector<std::string> row_ids(const Weights& w, std::span<const std::string> ids) {
  std::vector<std::string> out;
  if (ids.empty()) {
    for (size_t i = 0; i < w.n; ++i) out.push_back(std::to_string(i + 1));
    return out;
  }
  if (ids.size() != w.n)
    throw Error(ErrorKind::config, "weights file: " + std::to_string(ids.size()) + " ids for " +
                                       std::to_string(w.n) + " areas");
  for (const std::string& id : ids) {
    if (id.empty() || std::any_of(id.begin(), id.end(), is_space))
      throw Error(ErrorKind::config,
                  "weights file: id '" + id + "' is empty or contains whitespace");
    out.push_back(id);
  }
  return out;
}

std::string or_unknown(const std::string& s) { return s.empty() ? "unknown" : s; }

std::string shortest(double v) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

template <class Write>
void to_file(const std::filesystem::path& path, Write write) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw Error(ErrorKind::io, "cannot open for writing").at_file(path.string());
  write(out);
  out.flush();
  if (!out) throw Error(ErrorKind::io, "write failed").at_file(path.string());
}

// ---- reading ------------------------------------------------------------------------------

// Lines with their 1-based numbers, and one line of look-ahead.
class LineReader {
 public:
  LineReader(std::istream& in, const std::string& source) : in_(in), source_(source) {}
  bool next(std::string& line) {
    if (!std::getline(in_, line)) return false;
    ++line_no_;
    return true;
  }
  // The next line that is not blank; false at the end.
  bool next_nonblank(std::string& line) {
    while (next(line))
      if (!tokens(line).empty()) return true;
    return false;
  }
  int64_t line_no() const { return line_no_; }
  Error error(const std::string& msg) const {
    return Error(ErrorKind::format, "line " + std::to_string(line_no_) + ": " + msg)
        .at_file(source_)
        .at_row(line_no_ - 1);
  }

 private:
  std::istream& in_;
  const std::string& source_;
  int64_t line_no_ = 0;
};

size_t parse_count(const LineReader& r, std::string_view tok, const char* what) {
  size_t v = 0;
  auto res = std::from_chars(tok.data(), tok.data() + tok.size(), v);
  if (res.ec != std::errc() || res.ptr != tok.data() + tok.size())
    throw r.error(std::string(what) + " '" + std::string(tok) + "' is not a non-negative integer");
  return v;
}

// "0 n shapefile key" or "n".
size_t read_header(LineReader& r, WeightsFileHeader& header, const char* format) {
  std::string line;
  if (!r.next_nonblank(line)) throw r.error(std::string("empty ") + format + " file");
  const auto t = tokens(line);
  if (t.size() > 4)
    throw r.error("header has " + std::to_string(t.size()) +
                  " fields; expected 'n' or '0 n shapefile key'");
  if (t.size() >= 3) header.shapefile = std::string(t[2]);
  if (t.size() >= 4) header.key = std::string(t[3]);
  return parse_count(r, t.size() == 1 ? t[0] : t[1], "area count");
}

// Maps id strings to rows: the caller's ids, or ids added as records are met.
class IdTable {
 public:
  explicit IdTable(std::span<const std::string> ids) : fixed_(!ids.empty()) {
    for (const std::string& id : ids) {
      if (!index_.emplace(id, static_cast<uint32_t>(names_.size())).second)
        throw Error(ErrorKind::config, "weights file: id '" + id + "' given twice");
      names_.push_back(id);
    }
  }
  bool fixed() const { return fixed_; }
  std::optional<uint32_t> find(std::string_view id) const {
    auto it = index_.find(std::string(id));
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }
  uint32_t add(std::string_view id) {
    const auto row = static_cast<uint32_t>(names_.size());
    index_.emplace(std::string(id), row);
    names_.emplace_back(id);
    return row;
  }
  const std::vector<std::string>& names() const { return names_; }
  size_t size() const { return names_.size(); }

 private:
  bool fixed_;
  std::unordered_map<std::string, uint32_t> index_;
  std::vector<std::string> names_;
};

void expect_n(const LineReader& r, size_t n, const IdTable& table) {
  if (table.fixed() && n != table.size())
    throw r.error("header says " + std::to_string(n) + " areas but " +
                  std::to_string(table.size()) + " ids were given");
}

}  // namespace

void write_gal(std::ostream& out, const Weights& w, std::span<const std::string> ids,
               const WeightsFileHeader& header) {
  const std::vector<std::string> names = row_ids(w, ids);
  if (header.shapefile.empty() && header.key.empty())
    out << w.n << '\n';
  else
    out << "0 " << w.n << ' ' << or_unknown(header.shapefile) << ' ' << or_unknown(header.key)
        << '\n';
  for (size_t i = 0; i < w.n; ++i) {
    out << names[i] << ' ' << w.cardinality(i) << '\n';
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k)
      out << (k == w.offsets[i] ? "" : " ") << names[w.neighbours[k]];
    out << '\n';
  }
}

void write_gwt(std::ostream& out, const Weights& w, std::span<const std::string> ids,
               const WeightsFileHeader& header) {
  const std::vector<std::string> names = row_ids(w, ids);
  out << "0 " << w.n << ' ' << or_unknown(header.shapefile) << ' ' << or_unknown(header.key)
      << '\n';
  for (size_t i = 0; i < w.n; ++i)
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k)
      out << names[i] << ' ' << names[w.neighbours[k]] << ' ' << shortest(w.values[k]) << '\n';
}

void write_gal(const std::filesystem::path& path, const Weights& w,
               std::span<const std::string> ids, const WeightsFileHeader& header) {
  to_file(path, [&](std::ostream& out) { write_gal(out, w, ids, header); });
}

void write_gwt(const std::filesystem::path& path, const Weights& w,
               std::span<const std::string> ids, const WeightsFileHeader& header) {
  to_file(path, [&](std::ostream& out) { write_gwt(out, w, ids, header); });
}

WeightsFile read_gal(std::istream& in, const std::string& source,
                     std::span<const std::string> ids) {
  LineReader r(in, source);
  WeightsFile file;
  const size_t n = read_header(r, file.header, "GAL");
  IdTable table(ids);
  expect_n(r, n, table);

  struct Record {
    std::vector<std::string> neighbours;
    int64_t line = 0;  // of the neighbour line, for errors
    bool present = false;
  };
  std::vector<Record> records(n);
  std::string line;
  for (size_t rec = 0; rec < n; ++rec) {
    if (!r.next_nonblank(line))
      throw r.error("file ends after " + std::to_string(rec) + " of " + std::to_string(n) +
                    " records");
    const auto t = tokens(line);
    if (t.size() != 2)
      throw r.error("expected 'id k', got " + std::to_string(t.size()) + " fields");
    uint32_t row = 0;
    if (auto found = table.find(t[0])) {
      row = *found;
      if (records[row].present) throw r.error("id '" + std::string(t[0]) + "' has a second record");
    } else if (table.fixed()) {
      throw r.error("id '" + std::string(t[0]) + "' is not among the given ids");
    } else {
      row = table.add(t[0]);
    }
    const size_t k = parse_count(r, t[1], "neighbour count");
    Record& record = records[row];
    record.present = true;
    if (k > 0) {
      if (!r.next(line))
        throw r.error("file ends before the neighbour line of '" + std::string(t[0]) + "'");
      const auto nb = tokens(line);
      if (nb.size() != k)
        throw r.error("expected " + std::to_string(k) + " neighbour ids, got " +
                      std::to_string(nb.size()));
      for (auto id : nb) record.neighbours.emplace_back(id);
    }  // k = 0: GeoDa writes an empty neighbour line, others none; blank lines are skipped
    record.line = r.line_no();
  }
  if (r.next_nonblank(line)) throw r.error("more records than the header's " + std::to_string(n));
  for (size_t i = 0; i < n; ++i)
    if (!records[i].present)
      throw Error(ErrorKind::format, "id '" + table.names()[i] + "' has no record").at_file(source);

  std::vector<std::vector<uint32_t>> lists(n);
  for (size_t i = 0; i < n; ++i) {
    for (const std::string& id : records[i].neighbours) {
      const auto j = table.find(id);
      const auto fail = [&](const std::string& msg) {
        return Error(ErrorKind::format, "line " + std::to_string(records[i].line) + ": " + msg)
            .at_file(source)
            .at_row(records[i].line - 1);
      };
      if (!j) throw fail("neighbour id '" + id + "' has no record");
      if (std::find(lists[i].begin(), lists[i].end(), *j) != lists[i].end())
        throw fail("neighbour id '" + id + "' listed twice");
      lists[i].push_back(*j);
    }
  }
  file.weights = from_lists(lists, "gal");
  file.ids = table.names();
  return file;
}

WeightsFile read_gwt(std::istream& in, const std::string& source,
                     std::span<const std::string> ids) {
  LineReader r(in, source);
  WeightsFile file;
  const size_t n = read_header(r, file.header, "GWT");
  IdTable table(ids);
  expect_n(r, n, table);
  if (!table.fixed())
    for (size_t i = 0; i < n; ++i) table.add(std::to_string(i + 1));

  struct Link {
    uint32_t i, j;
    double w;
    int64_t line;
  };
  std::vector<Link> links;
  std::string line;
  const auto resolve = [&](std::string_view id) {
    if (auto row = table.find(id)) return *row;
    throw r.error(table.fixed() ? "id '" + std::string(id) + "' is not among the given ids"
                                : "id '" + std::string(id) + "' is not an index 1.." +
                                      std::to_string(n) + "; pass the area ids to read_gwt");
  };
  while (r.next_nonblank(line)) {
    const auto t = tokens(line);
    if (t.size() != 3)
      throw r.error("expected 'origin neighbour weight', got " + std::to_string(t.size()) +
                    " fields");
    const uint32_t i = resolve(t[0]);
    const uint32_t j = resolve(t[1]);
    double w = 0;
    auto res = std::from_chars(t[2].data(), t[2].data() + t[2].size(), w);
    if (res.ec != std::errc() || res.ptr != t[2].data() + t[2].size() || !std::isfinite(w))
      throw r.error("weight '" + std::string(t[2]) + "' is not a finite number");
    links.push_back(Link{i, j, w, r.line_no()});
  }
  std::stable_sort(links.begin(), links.end(), [](const Link& a, const Link& b) {
    return std::tie(a.i, a.j) < std::tie(b.i, b.j);
  });
  Weights& w = file.weights;
  w.n = n;
  w.method = "gwt";
  w.style = "custom";
  w.offsets.assign(n + 1, 0);
  for (size_t k = 0; k < links.size(); ++k) {
    if (k > 0 && links[k].i == links[k - 1].i && links[k].j == links[k - 1].j)
      throw Error(ErrorKind::format, "line " + std::to_string(links[k].line) + ": link '" +
                                         table.names()[links[k].i] + " " +
                                         table.names()[links[k].j] + "' appears twice")
          .at_file(source)
          .at_row(links[k].line - 1);
    w.neighbours.push_back(links[k].j);
    w.values.push_back(links[k].w);
    ++w.offsets[links[k].i + 1];
  }
  for (size_t i = 0; i < n; ++i) w.offsets[i + 1] += w.offsets[i];
  file.ids = table.names();
  return file;
}

WeightsFile read_gal(const std::filesystem::path& path, std::span<const std::string> ids) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::io, "cannot open").at_file(path.string());
  return read_gal(in, path.string(), ids);
}

WeightsFile read_gwt(const std::filesystem::path& path, std::span<const std::string> ids) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::io, "cannot open").at_file(path.string());
  return read_gwt(in, path.string(), ids);
}

}  // namespace brandpunt::weights
