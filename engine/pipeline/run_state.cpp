#include "pipeline/run_state.hpp"

#include <sys/resource.h>

#include <cmath>

namespace brandpunt::pipeline {

namespace {

// The process's peak resident memory so far (getrusage; the peak never falls, so a stage that
// raised it is the one whose value first shows it).
// -1 when unknown.
int64_t peak_mib() {
  rusage usage{};
  return getrusage(RUSAGE_SELF, &usage) == 0 ? usage.ru_maxrss / 1024 : -1;  // KiB -> MiB
}

double milliseconds_rounded(double seconds) { return std::round(seconds * 1000) / 1000; }

}  // namespace

RunState::RunState(const PipelineConfig& config, const ProgressFn& progress_fn) : cfg(config), progress(progress_fn) {}

void RunState::report(const std::string& label, int64_t done, int64_t total) const {
  if (progress) progress(Progress{label, done, total});
}

void RunState::step(const std::string& key, const std::string& label, const std::function<void()>& body) {
  if (!label.empty()) report(label);
  stage_start_ = std::chrono::steady_clock::now();
  body();
  record_lap(key);
}

void RunState::record_lap(const std::string& key) {
  record(key, std::chrono::duration<double>(std::chrono::steady_clock::now() - stage_start_).count());
}

void RunState::record(const std::string& key, double seconds) {
  run_json["timings_s"][key] = milliseconds_rounded(seconds);
  if (const int64_t peak = peak_mib(); peak >= 0) run_json["peak_memory_mib"][key] = peak;
}

void RunState::free_incidents() {
  incidents.table = {};
  assigned.area = {};
  straten.of_incident = {};
  counts.main_of_incident = {};
}

}  // namespace brandpunt::pipeline
