// brandpunt — the command line. Parses arguments, runs one subcommand, and maps errors to exit
// codes in one place:
//   0 success, 2 bad input, config or arguments (the message names file, row and field or the
//   argument), 1 anything else.
// Results go to stdout; progress, warnings and errors to stderr.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "core/error.hpp"
#include "core/suggest.hpp"
#include "core/version.hpp"

namespace {

using namespace brandpunt;

std::string version_text() {
  std::string s = std::string("brandpunt ") + kVersion + " (";
  bool first = true;
  for (const auto& [lib, v] : software_versions()) {
    std::string name = lib;
    for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    s += (first ? "" : ", ") + name + " " + v;
    first = false;
  }
  return s + ")";
}

// An argument error: named, with the command's help pointed at.
int usage_error(const std::string& command, const std::string& message) {
  std::cerr << "brandpunt" << (command.empty() ? "" : " " + command) << ": " << message << "\n"
            << "Run 'brandpunt help" << (command.empty() ? "" : " " + command) << "' for the usage.\n";
  return 2;
}

// Leftover arguments of a subcommand (CLI11 allow_extras) are unknown options or one
// positional too many: named, with the nearest known option.
int extras_error(const CLI::App& sub) {
  const std::string arg = sub.remaining().front();
  if (arg.empty() || arg[0] != '-') return usage_error(sub.get_name(), "unexpected argument '" + arg + "'");
  std::vector<std::string> names;
  for (const CLI::Option* o : sub.get_options()) {
    for (const auto& l : o->get_lnames()) names.push_back("--" + l);
    for (const auto& s : o->get_snames()) names.push_back("-" + s);
  }
  const std::string flag = arg.substr(0, arg.find('='));
  return usage_error(sub.get_name(), unknown_name_message("option", flag, names));
}

CLI::Validator threads_validator() {
  return CLI::Validator(
      [](std::string& v) -> std::string {
        long long n = 0;
        size_t used = 0;
        try {
          n = std::stoll(v, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used != v.size() || n < 0 || n > 4096)
          return "give 0 (all cores) or a number of threads from 1 to 4096, not '" + v + "'";
        return "";
      },
      "N");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"brandpunt " + std::string(kVersion) +
               " — hotspot analysis of police registrations by straat, buurt, wijk and stadsdeel.\n"
               "Start with 'brandpunt init FOLDER' on a police export and its area layers."};
  app.name("brandpunt");
  app.require_subcommand(0, 1);
  app.set_version_flag("-V,--version", version_text(), "print the version of brandpunt, GDAL, GEOS and PROJ");
  app.footer("Commands take --help, as in 'brandpunt run --help' or 'brandpunt help run'.\n"
             "Exit codes: 0 success, 2 bad input, config or arguments, 1 anything else.");

  cli::RunArgs run_args;
  CLI::App* run = app.add_subcommand("run", "run the analysis described by a config file; write the layers and tables");
  run->add_option("config", run_args.config, "the run's TOML config file (paths in it are relative to it)")->required();
  run->add_option("-o,--out", run_args.out_dir, "output folder (overrides [project] output_dir)");
  run->add_option("--profile", run_args.profile,
                  "privacy profile: public (default; counts released with differential-privacy noise, no points) or restricted")
      ->check(CLI::IsMember({"public", "restricted"}));
  run->add_option("-j,--threads", run_args.threads, "worker threads (0 = all cores; default: [project] threads)")
      ->check(threads_validator());
  run->add_option("--language", run_args.language, "language of the focus lists and reports: nl or en ([focus] language)")
      ->check(CLI::IsMember({"nl", "en"}));
  run->add_option("--end", run_args.end, "last month of the analysis period, YYYY-MM ([period] end; default the last month with data)")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            const bool ok = v.size() == 7 && v[4] == '-' && std::all_of(v.begin(), v.begin() + 4, ::isdigit) &&
                            std::isdigit(static_cast<unsigned char>(v[5])) && std::isdigit(static_cast<unsigned char>(v[6])) &&
                            std::stoi(v.substr(5)) >= 1 && std::stoi(v.substr(5)) <= 12;
            return ok ? "" : "give a month as YYYY-MM, not '" + v + "'";
          },
          "YYYY-MM"));
  run->add_option("--months", run_args.months, "months in the analysis period, 1 to 60 ([period] months; default 3)")
      ->check(CLI::Range(1, 60));
  run->add_option("--noise-seed", run_args.noise_seed,
                  "public profile: derive the noise from this seed instead of the operating system (tests and "
                  "restricted copies only: anyone who knows the seed can remove the noise; it is never written out)");
  run->add_flag("-q,--quiet", run_args.quiet, "no progress or summary; print only the output folder");
  run->footer("The rest (privacy threshold, weights per level, hot spot inference, trends, output\n"
              "formats) is set in the config: README.md lists every key; 'brandpunt init' writes a\n"
              "commented config, 'brandpunt codes' lists the categories.");

  cli::CheckArgs check_args;
  CLI::App* check = app.add_subcommand(
      "check", "validate a config and read its data without writing outputs; exit 0 when it can run, 2 when not");
  check->add_option("config", check_args.config, "the TOML config file")->required();
  check->add_option("-n,--sample", check_args.sample, "incident rows to read (default 0 = all)")
      ->check(CLI::Range(0LL, 1000000000000LL));
  check->add_option("-j,--threads", check_args.threads, "worker threads (0 = all cores)")->check(threads_validator());

  cli::InitArgs init_args;
  CLI::App* init = app.add_subcommand(
      "init", "look at a police export and area layers, write a commented config that runs, and say what to check");
  init->add_option("inputs", init_args.inputs,
                   "a folder with the incident file (CSV or GDAL) and area layers, or the files themselves")
      ->required();
  init->add_option("-o,--output", init_args.output, "the config file to write (default brandpunt.toml)");
  init->add_flag("-f,--force", init_args.force, "overwrite an existing config file");

  cli::CodesArgs codes_args;
  CLI::App* codes = app.add_subcommand("codes", "list the category codes: source code -> sub category -> main category");
  codes->add_flag("--csv", codes_args.csv, "CSV on stdout instead of a table");
  codes->add_option("-c,--config", codes_args.config, "also show the codes a config maps in [taxonomy.codes]");

  std::string help_topic;
  CLI::App* help = app.add_subcommand("help", "show the help of brandpunt or of one command");
  help->add_option("command", help_topic, "run, check, init or codes");

  for (CLI::App* sub : {run, check, init, codes, help}) sub->allow_extras();

  // An unknown first word is an unknown command, not "an argument was not expected".
  const std::vector<std::string> commands = {"run", "check", "init", "codes", "help"};
  if (argc > 1 && argv[1][0] != '-' && std::find(commands.begin(), commands.end(), argv[1]) == commands.end())
    return usage_error("", unknown_name_message("command", argv[1], commands));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << version_text() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    // The subcommand whose arguments failed, when there is one.
    std::string command;
    for (CLI::App* sub : {run, check, init, codes, help})
      if (sub->parsed()) command = sub->get_name();
    return usage_error(command, e.what());
  }
  if (app.get_subcommands().empty()) {
    std::cerr << app.help();
    return usage_error("", "a command is required (run, check, init, codes or help)");
  }
  for (CLI::App* sub : {run, check, init, codes, help})
    if (sub->parsed() && !sub->remaining().empty()) return extras_error(*sub);

  try {
    if (help->parsed()) {
      if (help_topic.empty()) {
        std::cout << app.help();
        return 0;
      }
      for (CLI::App* sub : {run, check, init, codes})
        if (sub->get_name() == help_topic) {
          std::cout << sub->help("brandpunt");
          return 0;
        }
      return usage_error("help", unknown_name_message("command", help_topic, commands));
    }
    if (run->parsed()) return cli::run_command(run_args);
    if (check->parsed()) return cli::check_command(check_args);
    if (init->parsed()) return cli::init_command(init_args);
    if (codes->parsed()) return cli::codes_command(codes_args);
  } catch (const brandpunt::Error& e) {
    std::cerr << "brandpunt: " << e.what() << "\n";
    return e.kind() == brandpunt::ErrorKind::internal ? 1 : 2;
  } catch (const std::exception& e) {
    std::cerr << "brandpunt: unexpected error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
