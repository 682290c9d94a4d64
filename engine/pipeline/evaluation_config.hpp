// The [evaluation] table and the [[intervention]] tables of a config (internal to the pipeline).
//
// Both are validated when the config is loaded, before any data is touched; every error names
// the config file, the line and the key ("evaluation.top_n", "intervention[2].start"). Area
// codes are checked against the areas once they are read (check_intervention_areas).
//
//   parse_evaluation_config(root, cfg.config_path, cfg);   // fills cfg.evaluation, cfg.interventions
#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "core/error.hpp"
#include "pipeline/config.hpp"

namespace brandpunt::pipeline {

void parse_evaluation_config(const toml::table& root, const std::string& file, PipelineConfig& cfg);

// An Error(config) on intervention `iv`'s key (file, line of its table, "intervention[i].key").
Error intervention_error(const PipelineConfig& cfg, const InterventionConfig& iv, const std::string& key,
                         const std::string& message);

}  // namespace brandpunt::pipeline
