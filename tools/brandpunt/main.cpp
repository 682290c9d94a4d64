// brandpunt — the command line. Parses arguments into the engine's options, runs the
// pipeline, prints where the results are, and maps errors to exit codes in one place:
//   0 success, 2 bad input or config (the message names file, row and field), 1 anything else.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "core/error.hpp"
#include "pipeline/config.hpp"
#include "pipeline/pipeline.hpp"

namespace {

using namespace brandpunt;

// Progress on a terminal: one line per step, rewritten in place while rows stream in.
class TerminalProgress {
 public:
  explicit TerminalProgress(bool enabled) : enabled_(enabled), tty_(isatty(fileno(stderr))) {}
  void operator()(const pipeline::Progress& p) {
    if (!enabled_) return;
    if (p.step != step_) {
      if (!step_.empty()) std::fputs(tty_ ? "\n" : "", stderr);
      step_ = p.step;
      std::fprintf(stderr, tty_ ? "%s ..." : "%s ...\n", p.step.c_str());
    } else if (tty_ && p.done > 0) {
      std::fprintf(stderr, "\r%s ... %lld", p.step.c_str(), static_cast<long long>(p.done));
    }
    std::fflush(stderr);
  }
  void finish() {
    if (enabled_ && tty_ && !step_.empty()) std::fputs("\n", stderr);
  }

 private:
  bool enabled_, tty_;
  std::string step_;
};

int run_command(const std::string& config_path, const std::string& out_dir,
                const std::string& profile, int threads, bool quiet, const std::string& noise_seed) {
  pipeline::PipelineConfig cfg = pipeline::load_config(config_path);
  if (!out_dir.empty()) cfg.output_dir = std::filesystem::absolute(out_dir).lexically_normal().string();
  if (profile == "restricted") cfg.privacy.profile = pipeline::Profile::restricted;
  if (profile == "public") cfg.privacy.profile = pipeline::Profile::public_;
  if (threads >= 0) cfg.threads = static_cast<unsigned>(threads);
  if (!noise_seed.empty()) cfg.privacy.noise_seed = noise_seed;
  TerminalProgress progress(!quiet);
  const pipeline::RunResult r =
      pipeline::run(cfg, [&](const pipeline::Progress& p) { progress(p); });
  progress.finish();
  const auto& a = r.accounting;
  if (!quiet) {
    std::cout << "brandpunt: " << a.read << " incidents read: " << a.assigned << " assigned, "
              << a.outside << " outside the area, " << a.rejected << " rejected (see rejects.csv)\n";
    for (const auto& w : r.warnings) std::cout << "warning: " << w << "\n";
    std::cout << "profile: " << pipeline::to_string(cfg.privacy.profile) << "\n";
    std::cout << "layers in " << r.output_dir << ":\n";
    for (const auto& f : r.files) std::cout << "  " << f << "\n";
  } else {
    std::cout << r.output_dir << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"brandpunt — hotspot analysis of police registrations by straat, buurt, wijk and stadsdeel"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "brandpunt 0.1.0");

  std::string config_path, out_dir, profile, noise_seed;
  int threads = -1;
  bool quiet = false;
  CLI::App* run = app.add_subcommand("run", "run the pipeline described by a config file");
  run->add_option("config", config_path, "the run's TOML config file")->required();
  run->add_option("-o,--out", out_dir, "output folder (overrides [project] output_dir)");
  run->add_option("--profile", profile, "privacy profile: public (default) or restricted")
      ->check(CLI::IsMember({"public", "restricted"}));
  run->add_option("-j,--threads", threads, "worker threads (0 = all cores)")->check(CLI::NonNegativeNumber);
  run->add_flag("-q,--quiet", quiet, "no progress; print only the output folder");
  run->add_option("--noise-seed", noise_seed,
                  "public profile: derive the noise from this seed instead of the operating system (tests and "
                  "restricted copies only: anyone who knows the seed can remove the noise; it is never written out)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    if (run->parsed()) return run_command(config_path, out_dir, profile, threads, quiet, noise_seed);
  } catch (const brandpunt::Error& e) {
    std::cerr << "brandpunt: " << e.what() << "\n";
    return e.kind() == brandpunt::ErrorKind::internal ? 1 : 2;
  } catch (const std::exception& e) {
    std::cerr << "brandpunt: unexpected error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
