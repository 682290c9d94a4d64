// brandpunt::Error — the one exception hierarchy of the engine.
//
// Every failure that stops a run is an Error with a kind (I/O, format, CRS, config,
// geometry) and, where known, the file, row and field it concerns, so the message a user
// sees points at the exact place to fix. Bad *rows* are not exceptions: readers turn them
// into Reject records (see incidents.hpp) and the run goes on.
//
//   throw Error(ErrorKind::config, "column 'datum' not found")
//       .at_file("incidents.csv").at_field("date");
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace brandpunt {

enum class ErrorKind { io, format, crs, config, geometry, internal };

const char* to_string(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message);

  Error& at_file(std::string file);
  Error& at_row(int64_t row);  // 1-based data row (header not counted); -1 = none
  Error& at_field(std::string field);

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  const std::string& file() const { return file_; }
  int64_t row() const { return row_; }
  const std::string& field() const { return field_; }

  // "config error: incidents.csv, row 12, field 'date': cannot parse '31-02-2024'"
  const char* what() const noexcept override { return full_.c_str(); }

 private:
  void rebuild();
  ErrorKind kind_;
  std::string message_, file_, field_, full_;
  int64_t row_ = -1;
};

}  // namespace brandpunt
