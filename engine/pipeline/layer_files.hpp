// Writing one published layer in every configured vector format (internal to the pipeline).
//
// FlatGeobuf cannot store rows without geometry (GDAL would drop them silently), so a layer with
// such rows is not written as .fgb; a warning says so. GeoJSON is RFC 7946 (EPSG:4326); GeoPackage
// and FlatGeobuf keep the analysis CRS.
//
//   write_layer_formats(cfg, out_dir, "packs/SD01/buurt", table, geometry, files, &warnings);
#pragma once

#include <string>
#include <vector>

#include "output/table.hpp"
#include "output/vector_writer.hpp"
#include "pipeline/config.hpp"

namespace brandpunt::pipeline {

// `stem` is the path below `dir` without extension; the written files (relative to `dir`) are
// appended to `files`. `to_lonlat`: a transformer from the analysis CRS to EPSG:4326 that the
// calling thread reuses for its GeoJSON layers (VectorWriteOptions::to_lonlat).
void write_layer_formats(const PipelineConfig& cfg, const std::string& dir, const std::string& stem,
                         const output::Table& table, const output::LayerGeometry& geometry,
                         std::vector<std::string>& files, std::vector<std::string>* warnings = nullptr,
                         const crs::Transformer* to_lonlat = nullptr);

}  // namespace brandpunt::pipeline
