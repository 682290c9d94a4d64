// Stage 03: the street layer, read, indexed and cut into straten beside the incident reading.
#include <chrono>

#include "pipeline/stages.hpp"

namespace brandpunt::pipeline {

std::future<StreetWork> start_streets(const PipelineConfig& cfg, const Levels& levels, unsigned threads) {
  if (cfg.streets.path.empty()) return {};
  // Should a later stage throw first, the future's destructor waits for this work to end (it
  // reads only cfg and the levels, which outlive it) and its own error, if any, is not reported.
  return std::async(threads > 1 ? std::launch::async : std::launch::deferred, [&cfg, &levels, threads] {
    StreetWork w;
    const auto t0 = std::chrono::steady_clock::now();
    w.streets = io::read_streets(cfg.streets.path, cfg.streets.layer, cfg.streets.name_field, cfg.analysis_crs);
    w.segments = std::make_unique<index::SegmentIndex>(w.streets.lines);
    const auto t1 = std::chrono::steady_clock::now();
    w.pieces = assign::build_straten(w.streets.lines, w.streets.name, w.streets.names, levels.buurt, threads);
    w.read_s = std::chrono::duration<double>(t1 - t0).count();
    w.straten_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    return w;
  });
}

}  // namespace brandpunt::pipeline
