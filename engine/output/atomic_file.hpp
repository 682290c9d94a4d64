// All-or-nothing file replacement: every output of a run goes through here.
//
// A reader (QGIS, a dashboard, the next pipeline step) must never see a half-written layer,
// not even after a crash or a full disk. AtomicFile hands out a temporary path in the *same
// directory* as the final file (so the final rename stays on one file system, where POSIX
// rename(2) is atomic), the caller writes there with whatever library it likes (GDAL, an
// ofstream), and commit() flushes the data to disk (fsync), renames it over the final path and
// flushes the directory entry. Until commit() the final path keeps its previous content; if the
// writer throws, the destructor removes the temporary file and any side files a library made
// next to it (SQLite's "-journal", FlatGeobuf's index scratch file).
//
//   AtomicFile f("out/buurt.geojson");      // temp: out/.buurt.geojson.tmp-<pid>.geojson
//   write_with_gdal(f.temp_path());
//   f.commit();                              // out/buurt.geojson now complete
//
//   write_text_atomic("out/run.json", json_text);
//
// The temporary name keeps the final extension because some GDAL drivers decide what to create
// from it (FlatGeobuf makes a directory for a path without ".fgb"). The process id in the name
// keeps two runs writing into one folder apart; two threads of one process must not write the
// same final path at the same time.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace brandpunt::output {

class AtomicFile {
 public:
  // Removes a stale temporary left by an earlier crashed process with the same pid.
  explicit AtomicFile(std::string final_path);
  ~AtomicFile();  // removes the temporary file (and side files) unless committed
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::string& final_path() const { return final_path_; }
  const std::string& temp_path() const { return temp_path_; }
  bool committed() const { return committed_; }

  // fsync(temp), rename(temp -> final), fsync(directory). Throws Error(io) naming the final
  // path; on failure the temporary is still removed by the destructor.
  void commit();

 private:
  void remove_temp_files() noexcept;
  std::string final_path_, temp_path_, temp_prefix_;
  bool committed_ = false;
};

// Writes `content` to `path` atomically (AtomicFile + one write + commit).
void write_text_atomic(const std::string& path, std::string_view content);
// Lets `write` stream into the temporary file, then commits; for outputs too large to build
// in memory first. A stream left in a failed state is reported as Error(io) naming `path`.
void write_stream_atomic(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace brandpunt::output
