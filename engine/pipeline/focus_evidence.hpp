// The evidence of the focus lists beyond the hot spot statistics (internal to the pipeline):
// per level and category, the excess of each area's count over its expectation
// (focus/excess.hpp), its neighbours' ratio and the contrast with them, and Local Moran of the category's period counts
// with BH over the level (a hot outlier is HL there).
//
// Everything is computed from the counts passed in (the published figures and the count cube
// of the view): the public profile decides which counts those are, not this file.
//
//   CategoryEvidence e = category_evidence(cfg, view, c, periods);
//   e.excess.per_area[a].sir;   // 3.1
//   e.lisa_quadrant[a];         // "HL" (significant after BH) or ""
#pragma once

#include <string>
#include <vector>

#include "aggregate/cube.hpp"
#include "focus/excess.hpp"
#include "pipeline/config.hpp"
#include "pipeline/figures.hpp"
#include "weights/weights.hpp"

namespace brandpunt::pipeline {

struct EvidenceInput {
  const LevelFigures* figures = nullptr;   // period counts
  const aggregate::CountCube* cube = nullptr;  // monthly counts (baseline months)
  const weights::Weights* weights = nullptr;   // the level's hot spot weights (no self)
  const std::vector<double>* population = nullptr;
  const std::vector<double>* area_m2 = nullptr;     // NaN for straten
  const std::vector<double>* length_m = nullptr;    // straten: street length (NaN = none)
};

struct CategoryEvidence {
  focus::ExcessResult excess;
  std::vector<double> neighbour_ratio;
  std::vector<focus::NeighbourContrast> contrast;  // the area against its neighbours
  std::vector<std::string> lisa_quadrant;  // significant quadrant after BH, "" = none
  std::vector<double> lisa_p;              // two-sided p (before BH)
};

// c: the category index in the figures and the cube.
CategoryEvidence category_evidence(const PipelineConfig& cfg, const EvidenceInput& in, size_t c,
                                   const Periods& periods);

}  // namespace brandpunt::pipeline
