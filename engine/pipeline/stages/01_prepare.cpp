// Stage 01: what is fixed before any data is read.
#include <algorithm>
#include <filesystem>
#include <thread>

#include "core/error.hpp"
#include "io/sha256.hpp"
#include "output/vector_writer.hpp"
#include "pipeline/sanity.hpp"
#include "pipeline/stages.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace brandpunt::pipeline {

namespace {

json file_entry(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return {{"path", path}, {"bytes", ec ? 0 : size}, {"sha256", io::sha256_file(path)}};
}

}  // namespace

Setup prepare(const PipelineConfig& cfg) {
  Setup s;
  s.threads = cfg.threads ? cfg.threads : std::max(1u, std::thread::hardware_concurrency());
  check_analysis_crs(cfg);
  s.taxonomy = taxonomy_of(cfg);  // the config's codes, checked with the nearest names
  for (const auto& f : cfg.output.formats) {
    if (f == "csv") s.write_csv = true;
    else output::parse_vector_format(f);  // throws Error(config) on an unknown format
  }
  if (cfg.privacy.profile == Profile::public_) {
    s.noise_key = cfg.privacy.noise_seed ? privacy::NoiseKey::from_seed(*cfg.privacy.noise_seed) : privacy::NoiseKey::from_os();
    const bool record_names = cfg.streets.path.empty() && !cfg.incidents.street_field.empty();
    const bool weeks = cfg.analysis.trends && cfg.time.step == "week";
    s.budget = plan_budget(cfg.privacy, record_names, weeks, cfg.analysis.surfaces);
  }
  return s;
}

std::vector<std::string> input_paths(const PipelineConfig& cfg) {
  std::vector<std::string> paths = {cfg.config_path, cfg.incidents.path};
  for (const LevelSource* s : {&cfg.buurt, &cfg.wijk, &cfg.stadsdeel}) {
    if (!s->areas.path.empty()) paths.push_back(s->areas.path);
    if (!s->table_path.empty()) paths.push_back(s->table_path);
  }
  if (!cfg.population.path.empty()) paths.push_back(cfg.population.path);
  if (!cfg.streets.path.empty()) paths.push_back(cfg.streets.path);
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  return paths;
}

std::future<json> hash_inputs(const PipelineConfig& cfg, unsigned threads) {
  // Hashing a national incident file takes about a second: beside the run when it has threads.
  return std::async(threads > 1 ? std::launch::async : std::launch::deferred, [&cfg] {
    json entries = json::array();
    for (const auto& p : input_paths(cfg)) {
      // The incident file's size and hash tell two exports that differ by one record apart
      // with certainty: the public profile names the file only (docs/DESIGN.md, Privacy).
      if (p == cfg.incidents.path && cfg.privacy.profile == Profile::public_)
        entries.push_back({{"path", p}, {"bytes", nullptr}, {"sha256", nullptr},
                           {"withheld", "size and hash of the incident file: in the restricted run only"}});
      else
        entries.push_back(file_entry(p));
    }
    return entries;
  });
}

}  // namespace brandpunt::pipeline
