// A columnar attribute table: what every output layer and CSV carries besides geometry.
//
// The pipeline fills one Table per level (straat, buurt, wijk, stadsdeel); the writers turn it
// into GeoJSON/GeoPackage/FlatGeobuf attributes (vector_writer.hpp) and CSV (csv_writer.hpp),
// so all formats carry the same flat, identically named properties. Columns, not rows
// (STYLE.md): a column stores only the vector of its type; `null` is either empty (no nulls)
// or one flag per row. A NaN or infinite real is written as null too: neither JSON nor CSV has
// a portable spelling for it.
//
//   Table t;
//   t.add_string("buurtcode", "CBS buurt code").strings = {"BU00140000", "BU00140001"};
//   Column& n = t.add_integer("n_incidents", "incidents in the period");
//   n.ints = {12, 3};
//   n.null = {0, 1};                         // second row suppressed -> null
//   t.validate();                            // equal lengths, valid unique names
//
// References returned by add_* stay valid only until the next add_* (the vector may grow).
//
// Names must be ASCII letters, digits and '_', start with a letter, at most 63 characters, and
// be unique ignoring case: GeoPackage (SQLite) and many GIS tools treat names case-insensitively,
// and shapefile-era tools truncate longer names. We recommend lower snake_case.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace brandpunt::output {

enum class FieldType { integer, real, string };

const char* to_string(FieldType type);

struct Column {
  std::string name;
  FieldType type = FieldType::integer;
  std::string description;           // one line for the schema document; not written into layers
  std::vector<int64_t> ints;         // FieldType::integer
  std::vector<double> reals;         // FieldType::real
  std::vector<std::string> strings;  // FieldType::string, UTF-8
  std::vector<uint8_t> null;         // 1 = null; empty = no nulls

  size_t size() const;  // rows in the vector of this column's type
  // True when row i is written as null (flagged, or a non-finite real).
  bool is_null(size_t i) const;
};

struct Table {
  std::vector<Column> columns;

  size_t rows() const;  // rows of the first column (0 without columns); see validate()
  Column& add_integer(std::string name, std::string description = {});
  Column& add_real(std::string name, std::string description = {});
  Column& add_string(std::string name, std::string description = {});
  const Column* find(const std::string& name) const;  // nullptr when absent

  // Throws Error(internal) naming the column when lengths differ, a null vector has the wrong
  // length, the vector of the wrong type is filled, or a name is invalid or repeated.
  void validate() const;
};

}  // namespace brandpunt::output
