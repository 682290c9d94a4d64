// Setup of the report tests (ctest fixture "report_demo"): generates the demo city into
// <dir>/demo and runs demo.toml on it into <dir>/out through pipeline::run, which writes the
// run's map page and every pack's map page and pictures ([output] maps, on by default). The
// browser test and the picture, README and file checks then read <dir>/out: what they check
// is what `brandpunt run` makes.
//
//   report_demo_fixture <dir> <brandpunt-gendemo> <source dir>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>

#include "pipeline/config.hpp"
#include "pipeline/pipeline.hpp"

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

    std::cout << "report fixture: " << r.files.size() << " files in " << cfg.output_dir << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "report fixture failed: " << e.what() << "\n";
    return 1;
  }
}
