// The subcommands of the brandpunt command line. Each takes its parsed arguments, calls the
// engine and prints: results on stdout, warnings and progress on stderr. Errors are thrown
// (brandpunt::Error) and mapped to exit codes in main.cpp.
#pragma once

#include <string>
#include <vector>

namespace brandpunt::cli {

struct RunArgs {
  std::string config, out_dir, profile;
  std::string language;  // focus lists and reports: nl | en ("" = the config's [focus] language)
  std::string end;       // last month of the analysis period, YYYY-MM ("" = the config's)
  int months = 0;        // months in the analysis period (0 = the config's)
  int threads = -1;      // -1 = the config's
  std::string noise_seed;  // public profile: noise from this seed, not the OS ("" = the OS)
  bool quiet = false;
};
int run_command(const RunArgs& a);

struct CodesArgs {
  bool csv = false;
  std::string config;  // optional: add its [taxonomy.codes]
};
int codes_command(const CodesArgs& a);

struct InitArgs {
  std::vector<std::string> inputs;  // a folder, or the incident file and area layers
  std::string output = "brandpunt.toml";
  bool force = false;
};
int init_command(const InitArgs& a);

struct CheckArgs {
  std::string config;
  long long sample = 0;  // rows to read; 0 = all
  int threads = -1;
};
int check_command(const CheckArgs& a);

}  // namespace brandpunt::cli
