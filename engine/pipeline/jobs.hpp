// A small ordered job queue for the write phase (internal to the pipeline).
//
// Writing the layers is mostly serialisation (GDAL's GeoJSON writer, number formatting), and
// every file is independent of the others, so files are written by `workers` threads while the
// caller goes on building the next tables. Each job returns what it wrote (file names,
// warnings, schema entries); finish() hands them back in push order, so run.json is the same
// whatever finished first. At most `workers` jobs run at once, which bounds the memory of the
// large tables they build. With 0 workers each job runs at once in the caller.
//
//   JobQueue jobs(threads > 1 ? threads : 0);
//   jobs.push([&] { JobOutput o; write_csv(...); o.files.push_back("buurt.csv"); return o; });
//   for (JobOutput& o : jobs.finish()) ...;   // rethrows the first failed job's exception
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace brandpunt::pipeline {

struct JobOutput {
  std::vector<std::string> files;
  std::vector<std::string> warnings;
  std::vector<std::pair<std::string, nlohmann::json>> schema;  // table name -> columns
};

class JobQueue {
 public:
  explicit JobQueue(unsigned workers);
  ~JobQueue();  // runs the queued jobs to the end; results not collected by finish() are dropped
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  void push(std::function<JobOutput()> job);
  // Waits for every job; results in push order. Rethrows the exception of the first job (in
  // push order) that failed. The queue is empty afterwards and can be used again.
  std::vector<JobOutput> finish();

 private:
  struct Slot {
    std::function<JobOutput()> job;
    JobOutput out;
    std::exception_ptr error;
    bool done = false;
  };
  void work();

  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::deque<Slot> slots_;  // deque: references stay valid while slots are appended
  size_t next_ = 0;         // first slot not yet taken by a worker
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace brandpunt::pipeline
