#include "pipeline/layer_files.hpp"

#include <algorithm>
#include <filesystem>

namespace brandpunt::pipeline {

void write_layer_formats(const PipelineConfig& cfg, const std::string& dir, const std::string& stem,
                         const output::Table& table, const output::LayerGeometry& geometry,
                         std::vector<std::string>& files, std::vector<std::string>* warnings,
                         const crs::Transformer* to_lonlat) {
  const bool null_rows =
      (geometry.kind == output::LayerGeometry::line &&
       std::any_of(geometry.lines.begin(), geometry.lines.end(), [](const auto& g) { return g.empty(); })) ||
      (geometry.kind == output::LayerGeometry::polygon &&
       std::any_of(geometry.polygons.begin(), geometry.polygons.end(), [](const auto& g) { return g.empty(); }));
  for (const auto& name : cfg.output.formats) {
    if (name == "csv") continue;
    output::VectorWriteOptions opt;
    opt.format = output::parse_vector_format(name);
    if (opt.format == output::VectorFormat::fgb && null_rows) {
      if (warnings)
        warnings->push_back(stem + ".fgb not written: some rows have no geometry, which FlatGeobuf "
                            "cannot store (use GeoJSON or GeoPackage)");
      continue;
    }
    opt.analysis_crs = cfg.analysis_crs;
    opt.coordinate_precision = cfg.output.coordinate_precision;
    opt.threads = cfg.threads;  // large GeoJSON layers are written in parts (same bytes)
    opt.to_lonlat = to_lonlat;
    opt.layer_name = std::filesystem::path(stem).filename().string();
    const std::string file = stem + output::extension(opt.format);
    output::write_layer((std::filesystem::path(dir) / file).string(), table, geometry, opt);
    files.push_back(file);
  }
}

}  // namespace brandpunt::pipeline
