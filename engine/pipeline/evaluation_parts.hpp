// The parts of the evaluation (internal to evaluation*.cpp; the stage sees evaluation.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "evaluate/pai.hpp"
#include "pipeline/evaluation.hpp"

namespace brandpunt::pipeline {

// One level as the evaluation scores it: its figures, codes, stadsdelen and sizes.
struct ScoredLevel {
  std::string name;  // straat, buurt, wijk, grid
  int level = -1;    // LevelId; -1 = grid
  const LevelFigures* f = nullptr;
  const std::vector<std::string>* code = nullptr;
  const std::vector<std::string>* stadsdeel = nullptr;  // null for grid cells
  const CategoryKeys* keys = nullptr;                   // the first f->n_groups are scored
  const weights::Weights* weights = nullptr;            // null: no T1 hot spot layer
  std::vector<double> size;                             // km² or street metres; NaN = no size
  std::string unit;                                     // "km2" or "m"
  std::vector<std::string> owned_code;                  // grid: "cell_<index>"
};

struct ListScore {
  evaluate::ListPoint point;
  double incidents = 0;  // N: the T2 incidents in scope
  evaluate::RandomBaseline baseline;
  bool has_baseline = false;
};

// `ranked` (area indices) scored within `scope`; nullopt when no listed area lies in it. The
// random baseline (draws > 0) only when the list is shorter than the scope.
std::optional<ListScore> score_in_scope(const std::vector<uint32_t>& scope, const std::vector<uint32_t>& ranked,
                                        const std::vector<double>& after, const std::vector<double>& before,
                                        const std::vector<double>& size, int draws, uint64_t seed);

// The levels to score; `grid_figures` holds the grid's figures (the last entry points at it).
std::vector<ScoredLevel> scored_levels(const EvaluationInput& in, LevelFigures& grid_figures);

void score_out_of_sample(const EvaluationInput& in, const ScoredLevel& s, EvaluationResult& r);
void backtest(const EvaluationInput& in, const ScoredLevel& s, EvaluationResult& r);
void concentration(const EvaluationInput& in, const ScoredLevel& s, EvaluationResult& r);
// [[intervention]]: WDD, E-test and the verdict (evaluation_intervention.cpp).
void evaluate_interventions(const EvaluationInput& in, EvaluationResult& r);
// Restricted profile only: Knox near-repeat and the hour × weekday profile; in public, a note.
void evaluate_incidents(const EvaluationInput& in, EvaluationResult& r);
// evaluation.md, the pack sections and run.json "evaluation" (evaluation_text.cpp).
void write_evaluation_text(const EvaluationInput& in, const std::vector<ScoredLevel>& levels, EvaluationResult& r);

}  // namespace brandpunt::pipeline
