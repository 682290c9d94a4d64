// Progress of a run on stderr. On a terminal: one line per step, rewritten in place with the
// percentage and the time left when the step knows its total ("assign to buurten  45%  ~12 s
// left"). Otherwise (a log file, CI): one plain line per step when it starts, and its time when
// the next one starts, so a log stays readable.
//
//   ProgressPrinter p(stderr, /*enabled=*/true, isatty(fileno(stderr)));
//   p.update("read incidents", rows, 0);
//   p.finish();
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace brandpunt::cli {

class ProgressPrinter {
 public:
  using Clock = std::chrono::steady_clock;
  ProgressPrinter(std::FILE* out, bool enabled, bool terminal);
  // done and total in the step's units (rows, areas); total 0 = unknown.
  void update(const std::string& step, int64_t done, int64_t total, Clock::time_point now = Clock::now());
  void finish(Clock::time_point now = Clock::now());

  // "45%  1,234 / 2,742  ~12 s left" (the part after the step name), for tests.
  static std::string status(int64_t done, int64_t total, double elapsed_s);

 private:
  void end_step(Clock::time_point now);
  std::FILE* out_;
  bool enabled_, terminal_;
  std::string step_;
  Clock::time_point step_start_{}, last_draw_{}, run_start_{};
  bool started_ = false;
};

// 1234567 -> "1,234,567".
std::string grouped(int64_t v);

}  // namespace brandpunt::cli
