#include "output/output_folder.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include "core/error.hpp"
#include "output/csv_writer.hpp"

namespace fs = std::filesystem;

namespace brandpunt::output {
namespace {

Error io_error(const std::string& path, const std::string& what) {
  return std::move(Error(ErrorKind::io, what).at_file(path));
}

// fsync by path; a file system that cannot sync a directory (EINVAL) is not worth failing for.
void sync_path(const fs::path& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) throw io_error(path.string(), std::string("cannot open for fsync: ") + std::strerror(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0 && err != EINVAL) throw io_error(path.string(), std::string("fsync failed: ") + std::strerror(err));
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

}  // namespace

StagedFolder::StagedFolder(std::string target, const std::vector<std::string>& inputs) {
  fs::path t = fs::absolute(target).lexically_normal();
  if (!t.has_filename()) t = t.parent_path();  // "out/" -> "out"
  if (t == t.root_path()) throw Error(ErrorKind::config, "the output folder cannot be the root folder").at_file(t.string());
  target_ = t.string();
  parent_ = t.parent_path().string();
  name_ = t.filename().string();
  const std::string pid = std::to_string(::getpid());
  staging_ = (t.parent_path() / ("." + name_ + ".staging-" + pid)).string();
  previous_ = (t.parent_path() / ("." + name_ + ".previous-" + pid)).string();
  lock_path_ = (t.parent_path() / ("." + name_ + ".lock")).string();

  std::error_code ec;
  fs::create_directories(parent_, ec);
  if (ec || !fs::is_directory(parent_))
    throw io_error(target_, "cannot create the folder " + parent_ + " that holds the output folder: " +
                                (ec ? ec.message() : "a file of that name is in the way"));
  if (fs::exists(t, ec) && !fs::is_directory(t, ec))
    throw Error(ErrorKind::config, "the output folder is a file, not a folder: give another output_dir or --out")
        .at_file(target_);
  for (const std::string& input : inputs) {
    if (input.empty()) continue;
    const std::string p = fs::absolute(input).lexically_normal().string();
    if (starts_with(p, target_ + "/"))
      throw Error(ErrorKind::config, "the output folder holds the input " + p +
                                         ": a run replaces its output folder as a whole; give another output_dir or --out")
          .at_file(target_);
  }
  lock();
  try {
    recover_and_clean();
    if (fs::is_directory(t) && !fs::is_empty(t) && !fs::exists(t / "run.json"))
      throw Error(ErrorKind::config,
                  "the output folder holds files but no run.json, so it is not the output of a brandpunt run: a run "
                  "replaces its output folder as a whole; give an empty or new folder as output_dir or --out")
          .at_file(target_);
    fs::create_directory(staging_, ec);
    if (ec) throw io_error(target_, "cannot create the staging folder " + staging_ + ": " + ec.message());
  } catch (...) {
    ::unlink(lock_path_.c_str());
    ::close(lock_fd_);
    throw;
  }
}

StagedFolder::~StagedFolder() {
  std::error_code ec;
  if (!committed_) fs::remove_all(staging_, ec);
  // Unlinked while still held: a run that opened the old file sees that its inode is no longer
  // the path's and opens the new one (lock()).
  ::unlink(lock_path_.c_str());
  ::close(lock_fd_);
}

void StagedFolder::lock() {
  for (;;) {
    const int fd = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw io_error(lock_path_, std::string("cannot create the lock file: ") + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      char buf[32] = {};
      const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
      ::close(fd);
      if (err != EWOULDBLOCK) throw io_error(lock_path_, std::string("cannot lock: ") + std::strerror(err));
      std::string holder = n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string("?");
      holder.erase(std::remove(holder.begin(), holder.end(), '\n'), holder.end());
      throw io_error(target_, "another brandpunt run (pid " + holder +
                                  ") is writing this output folder: wait for it to finish, or give another output_dir or --out");
    }
    struct stat held {}, now {};
    if (::fstat(fd, &held) == 0 && ::stat(lock_path_.c_str(), &now) == 0 && held.st_ino == now.st_ino &&
        held.st_dev == now.st_dev) {
      lock_fd_ = fd;
      break;
    }
    ::close(fd);  // the file was unlinked by the run that held it: lock the new one
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(lock_fd_, 0) != 0 || ::pwrite(lock_fd_, pid.data(), pid.size(), 0) < 0) {
    // The pid only makes the message of a second run friendlier; the lock holds without it.
  }
}

void StagedFolder::recover_and_clean() {
  const std::string staging_prefix = "." + name_ + ".staging-", previous_prefix = "." + name_ + ".previous-";
  std::vector<fs::path> stale, previous;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent_, ec)) {
    const std::string n = entry.path().filename().string();
    if (starts_with(n, previous_prefix)) previous.push_back(entry.path());
    else if (starts_with(n, staging_prefix)) stale.push_back(entry.path());
  }
  // A run killed between its two renames left no target, only the previous one: put it back.
  if (!fs::exists(target_) && !previous.empty()) {
    std::sort(previous.begin(), previous.end(), [](const fs::path& a, const fs::path& b) {
      std::error_code e;
      return fs::last_write_time(a, e) > fs::last_write_time(b, e);
    });
    fs::rename(previous.front(), target_, ec);
    if (ec) throw io_error(target_, "cannot restore the previous output " + previous.front().string() + ": " + ec.message());
    previous.erase(previous.begin());
  }
  stale.insert(stale.end(), previous.begin(), previous.end());
  for (const fs::path& p : stale) {
    fs::remove_all(p, ec);
    if (ec) throw io_error(p.string(), "cannot remove what an earlier, stopped run left: " + ec.message());
  }
}

void StagedFolder::commit(const std::vector<std::string>& files) {
  if (committed_) throw Error(ErrorKind::internal, "output folder committed twice").at_file(target_);
  const std::set<std::string> listed(files.begin(), files.end());
  // Each CSV's .csvt (csv_writer.hpp) goes with it: run.json lists the CSV.
  std::set<std::string> companions;
  for (const std::string& f : files)
    if (f.size() > 4 && f.compare(f.size() - 4, 4, ".csv") == 0) companions.insert(csvt_path(f));
  std::set<std::string> found;
  std::vector<fs::path> folders = {staging_};
  for (const auto& entry : fs::recursive_directory_iterator(staging_)) {
    if (entry.is_directory()) {
      folders.push_back(entry.path());
      continue;
    }
    const std::string rel = entry.path().lexically_relative(staging_).generic_string();
    if (companions.count(rel)) {
      sync_path(entry.path(), false);
      continue;
    }
    if (!listed.count(rel))
      throw Error(ErrorKind::internal, "the run wrote " + rel + " but does not list it in run.json outputs")
          .at_file(target_);
    found.insert(rel);
    sync_path(entry.path(), false);
  }
  for (const std::string& f : listed)
    if (!found.count(f))
      throw Error(ErrorKind::internal, "run.json lists " + f + " but the run did not write it").at_file(target_);
  // Deepest first, so each folder's entries are durable before the folder that names it.
  std::sort(folders.begin(), folders.end(), [](const fs::path& a, const fs::path& b) {
    return std::distance(a.begin(), a.end()) > std::distance(b.begin(), b.end());
  });
  for (const fs::path& d : folders) sync_path(d, true);

  std::error_code ec;
  const bool had_target = fs::exists(target_);
  if (had_target) {
    fs::rename(target_, previous_, ec);
    if (ec) throw io_error(target_, "cannot move the previous output aside: " + ec.message());
  }
  fs::rename(staging_, target_, ec);
  if (ec) {
    std::error_code back;
    if (had_target) fs::rename(previous_, target_, back);
    throw io_error(target_, "cannot move the new output in place (" + ec.message() + ")" +
                                (had_target ? (back ? "; the previous output is in " + previous_
                                                    : "; the previous output is unchanged")
                                            : ""));
  }
  committed_ = true;
  sync_path(parent_, true);
  fs::remove_all(previous_, ec);  // if this fails the next run removes it
}

}  // namespace brandpunt::output
