#include "progress.hpp"

#include <cmath>

namespace brandpunt::cli {

std::string grouped(int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

namespace {

std::string duration(double s) {
  char buf[32];
  if (s < 60) std::snprintf(buf, sizeof buf, "%.0f s", std::ceil(s));
  else if (s < 3600) std::snprintf(buf, sizeof buf, "%d min %02d s", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  else std::snprintf(buf, sizeof buf, "%d h %02d min", static_cast<int>(s) / 3600, (static_cast<int>(s) % 3600) / 60);
  return buf;
}

}  // namespace

std::string ProgressPrinter::status(int64_t done, int64_t total, double elapsed_s) {
  if (total <= 0) return done > 0 ? grouped(done) : "";
  const double share = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
  char pct[16];
  std::snprintf(pct, sizeof pct, "%3.0f%%", std::floor(share * 100));
  std::string s = std::string(pct) + "  " + grouped(done) + " / " + grouped(total);
  // The time left once the rate is known (a second into the step, some work done).
  if (share > 0 && share < 1 && elapsed_s >= 1) s += "  ~" + duration(elapsed_s * (1 - share) / share) + " left";
  return s;
}

ProgressPrinter::ProgressPrinter(std::FILE* out, bool enabled, bool terminal)
    : out_(out), enabled_(enabled), terminal_(terminal) {}

void ProgressPrinter::end_step(Clock::time_point now) {
  const double s = std::chrono::duration<double>(now - step_start_).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  if (terminal_) std::fprintf(out_, "\r\x1b[K%s  done (%s)\n", step_.c_str(), buf);
  else std::fprintf(out_, "brandpunt: %s done (%s)\n", step_.c_str(), buf);
}

void ProgressPrinter::update(const std::string& step, int64_t done, int64_t total, Clock::time_point now) {
  if (!enabled_) return;
  if (!started_) {
    started_ = true;
    run_start_ = now;
  }
  if (step != step_) {
    if (!step_.empty()) end_step(now);
    step_ = step;
    step_start_ = now;
    last_draw_ = Clock::time_point{};
    if (!terminal_) std::fprintf(out_, "brandpunt: %s ...\n", step.c_str());
  }
  if (terminal_ && now - last_draw_ >= std::chrono::milliseconds(100)) {
    last_draw_ = now;
    const double elapsed = std::chrono::duration<double>(now - step_start_).count();
    std::fprintf(out_, "\r\x1b[K%s ...  %s", step.c_str(), status(done, total, elapsed).c_str());
  }
  std::fflush(out_);
}

void ProgressPrinter::finish(Clock::time_point now) {
  if (!enabled_ || step_.empty()) return;
  end_step(now);
  const double s = std::chrono::duration<double>(now - run_start_).count();
  std::fprintf(out_, terminal_ ? "finished in %.1f s\n" : "brandpunt: finished in %.1f s\n", s);
  std::fflush(out_);
  step_.clear();
}

}  // namespace brandpunt::cli
