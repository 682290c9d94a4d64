#include "core/error.hpp"

namespace brandpunt {

const char* to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::io: return "I/O error";
    case ErrorKind::format: return "format error";
    case ErrorKind::crs: return "CRS error";
    case ErrorKind::config: return "config error";
    case ErrorKind::geometry: return "geometry error";
    case ErrorKind::internal: return "internal error";
  }
  return "error";
}

Error::Error(ErrorKind kind, std::string message)
    : std::runtime_error(message), kind_(kind), message_(std::move(message)) {
  rebuild();
}

Error& Error::at_file(std::string file) {
  file_ = std::move(file);
  rebuild();
  return *this;
}
Error& Error::at_row(int64_t row) {
  row_ = row;
  rebuild();
  return *this;
}
Error& Error::at_field(std::string field) {
  field_ = std::move(field);
  rebuild();
  return *this;
}

void Error::rebuild() {
  full_ = to_string(kind_);
  std::string where;
  if (!file_.empty()) where += file_;
  if (row_ >= 0) where += (where.empty() ? "" : ", ") + std::string("row ") + std::to_string(row_);
  if (!field_.empty()) where += (where.empty() ? "" : ", ") + std::string("field '") + field_ + "'";
  if (!where.empty()) full_ += ": " + where;
  full_ += ": " + message_;
}

}  // namespace brandpunt
