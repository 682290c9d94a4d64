#include "output/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace brandpunt::output {
namespace {

Error io_error(const std::string& path, const std::string& what) {
  return std::move(Error(ErrorKind::io, what).at_file(path));
}

// fsync a file or directory by path. Directories are opened read-only, which POSIX allows
// for fsync; file systems that refuse (EINVAL) are not an error worth failing a run for.
void sync_path(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
  if (fd < 0) {
    if (directory) return;
    throw io_error(path, std::string("cannot open for fsync: ") + std::strerror(errno));
  }
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0 && !(directory || err == EINVAL)) {
    throw io_error(path, std::string("fsync failed: ") + std::strerror(err));
  }
}

}  // namespace

AtomicFile::AtomicFile(std::string final_path) : final_path_(std::move(final_path)) {
  if (final_path_.empty()) throw Error(ErrorKind::io, "empty output path");
  fs::path p(final_path_);
  if (!p.has_filename()) throw io_error(final_path_, "output path names a directory");
  // ".<name>.tmp-<pid><ext>": hidden, recognisable, same directory, same extension. The whole
  // file name goes into the prefix, so "buurt.csv" and "buurt.geojson" written at the same time
  // never clean up each other's temporaries.
  temp_prefix_ = "." + p.filename().string() + ".tmp-" + std::to_string(::getpid());
  temp_path_ = (p.parent_path() / (temp_prefix_ + p.extension().string())).string();
  remove_temp_files();
}

AtomicFile::~AtomicFile() {
  if (!committed_) remove_temp_files();
}

void AtomicFile::remove_temp_files() noexcept {
  std::error_code ec;
  fs::remove_all(temp_path_, ec);
  fs::path dir = fs::path(final_path_).parent_path();
  fs::directory_iterator it(dir.empty() ? fs::path(".") : dir, ec);
  if (ec) return;
  for (const auto& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.compare(0, temp_prefix_.size(), temp_prefix_) == 0) fs::remove_all(entry.path(), ec);
  }
}

void AtomicFile::commit() {
  if (committed_)
    throw Error(ErrorKind::internal, "AtomicFile committed twice").at_file(final_path_);
  std::error_code ec;
  if (!fs::is_regular_file(temp_path_, ec)) {
    throw io_error(final_path_, "nothing was written to the temporary file " + temp_path_);
  }
  sync_path(temp_path_, false);
  fs::rename(temp_path_, final_path_, ec);
  if (ec) throw io_error(final_path_, "cannot rename " + temp_path_ + ": " + ec.message());
  committed_ = true;
  fs::path dir = fs::path(final_path_).parent_path();
  sync_path(dir.empty() ? "." : dir.string(), true);
  remove_temp_files();  // side files a library may have left next to the temporary
}

void write_stream_atomic(const std::string& path, const std::function<void(std::ostream&)>& write) {
  AtomicFile file(path);
  {
    std::ofstream out(file.temp_path(), std::ios::binary | std::ios::trunc);
    if (!out) throw io_error(path, "cannot create " + file.temp_path());
    write(out);
    out.close();
    if (!out) throw io_error(path, "write failed (disk full?)");
  }
  file.commit();
}

void write_text_atomic(const std::string& path, std::string_view content) {
  write_stream_atomic(path, [&](std::ostream& out) {
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
  });
}

}  // namespace brandpunt::output
