// The output folder as one transaction: a run's files appear all at once, or not at all.
//
// Writing each file atomically (atomic_file.hpp) is not enough: a full disk or a kill half-way
// through a run leaves a folder that mixes new layers with the old run.json, and files of an
// earlier run with other settings (restricted-only files after a public run) linger. So a run
// writes into a staging folder beside the target, on the same file system, and only when every
// file is written swaps it in:
//
//   parent/.<name>.lock              flock(2): one run per target; held until the end
//   parent/.<name>.staging-<pid>     the run writes here
//   parent/.<name>.previous-<pid>    the old target during the swap, then removed
//
//   StagedFolder out("/data/out", {"/data/incidents.csv"});  // locks, cleans, makes the staging
//   write_everything_into(out.staging());
//   out.commit(files);  // exactly these files? fsync all, then rename old -> previous,
//                       // staging -> target, remove previous
//
// Until commit() the target is untouched; a StagedFolder destroyed without commit (an exception,
// a failed check) removes its staging folder. A run killed with -9 leaves its staging (or, in
// the instant between the two renames, its previous) folder behind: the next run into the same
// target, holding the lock, puts a lone previous folder back as the target and removes the rest.
// It need not test whether their pids are alive: the lock dies with its process, so a folder
// whose writer still lived would come with a held lock. (In containers pids are small and
// reused; a pid test would keep a dead run's folder whenever a new process took its number.)
#pragma once

#include <string>
#include <vector>

namespace brandpunt::output {

class StagedFolder {
 public:
  // Locks `target` (Error(io) naming the running pid when another run holds it), recovers or
  // removes what dead runs left beside it, and creates an empty staging folder. Refuses, with
  // Error(config), a target that is a file, a folder with files but no run.json (not an output
  // folder: replacing it would delete them), or one that holds any of `inputs`.
  StagedFolder(std::string target, const std::vector<std::string>& inputs);
  ~StagedFolder();  // not committed: removes the staging folder; releases the lock
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;

  const std::string& target() const { return target_; }
  const std::string& staging() const { return staging_; }

  // Checks that the staging folder holds exactly `files` (paths relative to it; each CSV's .csvt
  // goes with it; Error(internal)
  // naming a file written but not listed, or listed but not written), fsyncs every file and
  // folder in it, and swaps it in. A failed swap puts the old target back and throws Error(io).
  void commit(const std::vector<std::string>& files);

 private:
  void lock();
  void recover_and_clean();
  std::string target_, parent_, name_, staging_, previous_, lock_path_;
  int lock_fd_ = -1;
  bool committed_ = false;
};

}  // namespace brandpunt::output
