// brandpunt run CONFIG: the whole analysis; progress and warnings on stderr, the summary and the
// files written on stdout.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "pipeline/config.hpp"
#include "pipeline/pipeline.hpp"
#include "progress.hpp"

namespace brandpunt::cli {

int run_command(const RunArgs& a) {
  pipeline::PipelineConfig cfg = pipeline::load_config(a.config);
  if (!a.out_dir.empty()) cfg.output_dir = std::filesystem::absolute(a.out_dir).lexically_normal().string();
  if (a.profile == "restricted") cfg.privacy.profile = pipeline::Profile::restricted;
  if (a.profile == "public") cfg.privacy.profile = pipeline::Profile::public_;
  if (a.threads >= 0) cfg.threads = static_cast<unsigned>(a.threads);
  if (!a.language.empty()) cfg.focus.language = a.language;
  if (!a.end.empty()) cfg.period.end_month = a.end;
  if (a.months > 0) cfg.period.months = a.months;
  if (!a.noise_seed.empty()) cfg.privacy.noise_seed = a.noise_seed;
  ProgressPrinter progress(stderr, !a.quiet, isatty(fileno(stderr)) != 0);
  const pipeline::RunResult r =
      pipeline::run(cfg, [&](const pipeline::Progress& p) { progress.update(p.step, p.done, p.total); });
  progress.finish();
  if (a.quiet) {
    std::cout << r.output_dir << "\n";
    return 0;
  }
  for (const auto& w : r.warnings) std::cerr << "warning: " << w << "\n";
  const auto& acc = r.accounting;
  std::cout << "brandpunt: " << grouped(acc.read) << " incidents read: " << grouped(acc.assigned) << " assigned, "
            << grouped(acc.outside) << " outside the area, " << grouped(acc.rejected)
            << " rejected ("
            << (cfg.privacy.profile == pipeline::Profile::restricted ? "see rejects.csv"
                                                                     : "per reason, with noise, in run.json; rows in a restricted run")
            << ")\n";
  if (!r.warnings.empty()) std::cout << r.warnings.size() << " warnings (above, and in run.json)\n";
  std::cout << "profile: " << pipeline::to_string(cfg.privacy.profile) << "\n";
  std::cout << "layers in " << r.output_dir << ":\n";
  for (const auto& f : r.files) std::cout << "  " << f << "\n";
  return 0;
}

}  // namespace brandpunt::cli
