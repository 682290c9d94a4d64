#include "density/gdal_support.hpp"

#include <cpl_error.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <vector>

namespace brandpunt::density::detail {

void ensure_gdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

namespace {
void record(CPLErr level, CPLErrorNum, const char* message) {
  if (level < CE_Failure) return;  // warnings are not failures
  auto* sink = static_cast<std::string*>(CPLGetErrorHandlerUserData());
  if (sink) *sink = message ? message : "";
}
}  // namespace

GdalErrors::GdalErrors() { CPLPushErrorHandlerEx(record, &last_); }
GdalErrors::~GdalErrors() { CPLPopErrorHandler(); }

Error GdalErrors::error(ErrorKind kind, const std::string& what) const {
  return Error(kind, last_.empty() ? what : what + ": " + last_);
}

SrsPtr make_srs(const std::string& crs) {
  GdalErrors errors;
  SrsPtr srs(OSRNewSpatialReference(nullptr));
  auto* h = static_cast<OGRSpatialReferenceH>(srs.get());
  if (crs.empty() || OSRSetFromUserInput(h, crs.c_str()) != OGRERR_NONE)
    throw errors.error(ErrorKind::crs, "cannot interpret CRS '" + crs + "'");
  OSRSetAxisMappingStrategy(h, OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

AtomicPath::AtomicPath(std::string path) : path_(std::move(path)) {
  std::vector<char> name(path_.begin(), path_.end());
  const std::string suffix = ".tmp-XXXXXX";
  name.insert(name.end(), suffix.begin(), suffix.end());
  name.push_back('\0');
  const int fd = mkstemp(name.data());
  if (fd < 0)
    throw Error(ErrorKind::io, "cannot create a temporary file next to the output").at_file(path_);
  // mkstemp creates 0600; outputs are shared files, so the usual 0644.
  ::fchmod(fd, 0644);
  ::close(fd);
  tmp_ = name.data();
}

AtomicPath::~AtomicPath() {
  if (!done_) std::remove(tmp_.c_str());
}

void AtomicPath::free_placeholder() const { std::remove(tmp_.c_str()); }

void AtomicPath::commit() {
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
    throw Error(ErrorKind::io, "cannot rename " + tmp_ + " to the output").at_file(path_);
  done_ = true;
}

}  // namespace brandpunt::density::detail
