#include "pipeline/figures.hpp"

#include "core/error.hpp"

namespace brandpunt::pipeline {

const char* level_name(int level) {
  static const char* names[] = {"straat", "buurt", "wijk", "stadsdeel", "gemeente"};
  return names[level];
}

std::string Periods::label(int period) const {
  return aggregate::month_label(first[static_cast<size_t>(period)]) + ".." +
         aggregate::month_label(first[static_cast<size_t>(period)] + months - 1);
}

namespace {

LevelFigures fill_counts(const aggregate::CountCube& cube, size_t n_groups, const Periods& pd) {
  LevelFigures f;
  f.n_areas = cube.n_areas;
  f.n_cats = cube.n_cats;
  f.n_groups = n_groups;
  f.series_first = pd.series.first;
  f.n_series = static_cast<size_t>(pd.series.count);
  f.period.resize(f.n_areas * f.n_cats * 3);
  f.monthly.resize(f.n_areas * f.n_groups * f.n_series);
  for (size_t a = 0; a < f.n_areas; ++a) {
    for (size_t c = 0; c < f.n_cats; ++c)
      for (int p = 0; p < 3; ++p)
        f.period[f.pi(a, c, p)] = static_cast<int64_t>(cube.sum(a, c, pd.first[static_cast<size_t>(p)], pd.months));
    for (size_t g = 0; g < f.n_groups; ++g)
      for (size_t m = 0; m < f.n_series; ++m)
        f.monthly[f.mi(a, g, m)] = cube.at(a, g, pd.series.first + static_cast<int>(m));
  }
  return f;
}

}  // namespace

Figures count_figures(const std::array<aggregate::CountCube, kLevelCount>& cubes, size_t n_mains,
                      const Periods& periods) {
  Figures out;
  for (size_t l = 0; l < kLevelCount; ++l) out.levels[l] = fill_counts(cubes[l], 1 + n_mains, periods);
  return out;
}

}  // namespace brandpunt::pipeline
