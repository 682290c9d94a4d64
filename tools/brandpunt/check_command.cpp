// brandpunt check CONFIG: what a run validates plus a read of the data, without writing any
// output; a one-screen report on stdout, exit 0 when the run can give a result, 2 when not.
#include <unistd.h>

#include <iostream>

#include "commands.hpp"
#include "pipeline/check.hpp"
#include "pipeline/config.hpp"
#include "progress.hpp"

namespace brandpunt::cli {

namespace {

std::string share(int64_t part, int64_t whole) {
  if (whole <= 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, " (%.1f %%)", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

void codes(const char* title, const std::map<std::string, int64_t>& by_code) {
  if (by_code.empty()) return;
  std::vector<std::pair<std::string, int64_t>> sorted(by_code.begin(), by_code.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::cout << title << "\n";
  for (size_t i = 0; i < sorted.size() && i < 12; ++i)
    std::cout << "    " << sorted[i].first << "  " << grouped(sorted[i].second) << " rows\n";
  if (sorted.size() > 12) std::cout << "    ... " << sorted.size() - 12 << " more\n";
}

}  // namespace

int check_command(const CheckArgs& a) {
  pipeline::PipelineConfig cfg = pipeline::load_config(a.config);
  if (a.threads >= 0) cfg.threads = static_cast<unsigned>(a.threads);
  ProgressPrinter progress(stderr, true, isatty(fileno(stderr)) != 0);
  const pipeline::CheckReport r = pipeline::check(cfg, a.sample, [&](const pipeline::Progress& p) {
    progress.update(p.step, p.done, p.total);
  });
  progress.finish();
  const auto& acc = r.accounting;
  std::cout << "brandpunt check: " << cfg.config_path << " (nothing written)\n"
            << "  config: valid\n"
            << "  incidents: " << grouped(acc.read) << " rows read" << (r.complete ? "" : " (a sample: --sample)") << "\n"
            << "    in the study area: " << grouped(acc.assigned) << share(acc.assigned, acc.read)
            << ", outside: " << grouped(acc.outside) << share(acc.outside, acc.read) << ", rejected: "
            << grouped(acc.rejected) << share(acc.rejected, acc.read) << "\n";
  for (const auto& [reason, n] : r.rejected_by_reason) std::cout << "      " << reason << ": " << grouped(n) << "\n";
  std::cout << "  dates: date_format " << r.date_format << ", " << grouped(r.unparseable_dates) << " not readable"
            << (r.first_month.empty() ? "" : "; data from " + r.first_month + " to " + r.last_month) << "\n"
            << "  periods: analysis " << r.period << ", previous " << r.previous << ", a year earlier "
            << r.last_year << ", series " << r.series << "\n";
  codes("  codes not in the taxonomy, rejected (map them in [taxonomy.codes]; `brandpunt codes`):", r.unknown_codes);
  codes("  codes not in the taxonomy, counted under overig until mapped:", r.unmapped_codes);
  std::cout << "  areas:";
  for (const auto& l : r.levels)
    std::cout << " " << grouped(l.areas) << " " << l.level << (l.without_population ? " (" + grouped(l.without_population) + " without population)" : "") << ";";
  std::cout << (r.wijk_configured ? "" : " no wijk level (buurten roll up to the gemeente)") << "\n";
  for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
  if (!r.ok()) {
    for (const auto& p : r.problems) std::cout << "  PROBLEM: " << p << "\n";
    return 2;
  }
  std::cout << "  ok: brandpunt run " << a.config << "\n";
  return 0;
}

}  // namespace brandpunt::cli
