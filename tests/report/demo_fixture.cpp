// Setup of the report tests (ctest fixture "report_demo"): generates the demo city into
// <dir>/demo, runs demo.toml on it into <dir>/out, and writes the run's map page and every
// pack's map page and pictures from the published files. The browser test and the picture
// and file checks then read <dir>/out.
//
//   report_demo_fixture <dir> <brandpunt-gendemo> <source dir>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>

#include "io/csv.hpp"
#include "pipeline/config.hpp"
#include "pipeline/pipeline.hpp"
#include "report/run_report.hpp"

namespace fs = std::filesystem;
using namespace brandpunt;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: report_demo_fixture <dir> <brandpunt-gendemo> <source dir>\n";
    return 2;
  }
  try {
    const fs::path dir = argv[1];
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string gen =
        std::string("'") + argv[2] + "' --quiet --out '" + (dir / "demo").string() + "'";
    if (std::system(gen.c_str()) != 0) {
      std::cerr << "brandpunt-gendemo failed\n";
      return 1;
    }
    fs::copy_file(fs::path(argv[3]) / "geo-data" / "demo.toml", dir / "demo.toml");
    pipeline::PipelineConfig cfg = pipeline::load_config((dir / "demo.toml").string());
    cfg.output_dir = (dir / "out").string();
    const pipeline::RunResult r = pipeline::run(cfg);

    report::ReportOptions o;
    o.title = cfg.name;
    o.language = cfg.focus.language;
    o.notice = "Openbaar profiel: aantallen van 1 tot " + std::to_string(cfg.privacy.threshold) +
               " zijn afgeschermd, en soms een tweede getal; geen incidentlocaties.";
    // The analysis period as the layers give it.
    io::CsvReader gemeente((fs::path(cfg.output_dir) / "gemeente.csv").string(), ',');
    std::vector<std::string_view> f;
    const size_t period = gemeente.column("period", "period");
    if (gemeente.next(f)) o.period = std::string(f[period]);
    report::write_run_map(cfg.output_dir, o);
    io::CsvReader sd((fs::path(cfg.output_dir) / "stadsdeel.csv").string(), ',');
    const size_t code = sd.column("code", "code"), name = sd.column("name", "name");
    while (sd.next(f))
      report::write_pack_report(cfg.output_dir, std::string(f[code]), std::string(f[name]), o);
    std::cout << "report fixture: " << r.files.size() << " files in " << cfg.output_dir << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "report fixture failed: " << e.what() << "\n";
    return 1;
  }
}
