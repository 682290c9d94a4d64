#include "pipeline/figures.hpp"

#include "core/error.hpp"
#include "privacy/suppression.hpp"

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

LevelFigures fill_counts(const aggregate::CountCube& cube, size_t n_groups, const Periods& pd, bool series) {
  LevelFigures f;
  f.n_areas = cube.n_areas;
  f.n_cats = cube.n_cats;
  f.n_groups = n_groups;
  f.series_first = pd.series.first;
  f.n_series = series ? static_cast<size_t>(pd.series.count) : 0;
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
  f.period_flag.assign(f.period.size(), kExact);
  f.monthly_flag.assign(f.monthly.size(), kExact);
  return f;
}

}  // namespace

Figures compute_figures(const std::array<aggregate::CountCube, kLevelCount>& cubes,
                        const std::array<std::vector<uint32_t>, kLevelCount - 1>& parent,
                        const std::vector<uint16_t>& sub_main, size_t n_mains,
                        const Periods& periods, const PrivacyOptions& privacy) {
  Figures out = count_figures(cubes, n_mains, periods, privacy.profile);
  protect_figures(out, parent, sub_main, n_mains, periods, privacy);
  return out;
}

Figures count_figures(const std::array<aggregate::CountCube, kLevelCount>& cubes, size_t n_mains,
                      const Periods& periods, Profile profile) {
  Figures out;
  // The public profile publishes no straat series: they are not even counted (at national
  // scale they would be the largest table of the run).
  for (int l = 0; l < kLevelCount; ++l)
    out.levels[static_cast<size_t>(l)] = fill_counts(cubes[static_cast<size_t>(l)], 1 + n_mains, periods,
                                                     l != kStraat || profile == Profile::restricted);
  return out;
}

void protect_figures(Figures& out, const std::array<std::vector<uint32_t>, kLevelCount - 1>& parent,
                     const std::vector<uint16_t>& sub_main, size_t n_mains, const Periods& periods,
                     const PrivacyOptions& privacy) {
  const size_t n_groups = 1 + n_mains;
  if (privacy.profile == Profile::restricted) return;
  // No public straat series: drop those cells from the problem (n_series 0 at that level).
  {
    LevelFigures& s = out.levels[kStraat];
    s.n_series = 0;
    s.monthly.clear();
    s.monthly_flag.clear();
  }

  // Number every published count as one cell of the protection problem.
  std::array<size_t, kLevelCount> period_base{}, monthly_base{};
  std::vector<int64_t> counts;
  for (int l = 0; l < kLevelCount; ++l) {
    const LevelFigures& f = out.levels[static_cast<size_t>(l)];
    period_base[static_cast<size_t>(l)] = counts.size();
    counts.insert(counts.end(), f.period.begin(), f.period.end());
    monthly_base[static_cast<size_t>(l)] = counts.size();
    counts.insert(counts.end(), f.monthly.begin(), f.monthly.end());
  }
  out.cells = static_cast<int64_t>(counts.size());
  if (counts.size() >= UINT32_MAX)
    throw Error(ErrorKind::internal, "too many published cells for protection");
  auto pcell = [&](int l, size_t a, size_t c, int p) {
    return static_cast<uint32_t>(period_base[static_cast<size_t>(l)] + out.levels[static_cast<size_t>(l)].pi(a, c, p));
  };
  auto mcell = [&](int l, size_t a, size_t g, size_t m) {
    return static_cast<uint32_t>(monthly_base[static_cast<size_t>(l)] + out.levels[static_cast<size_t>(l)].mi(a, g, m));
  };

  // Room for every relation below at once: a national run has millions, and growing the vector
  // by doubling would hold two copies at the peak.
  std::vector<privacy::Relation> rel;
  {
    size_t upper = 0;
    for (int l = 0; l < kLevelCount; ++l) {
      const LevelFigures& f = out.levels[static_cast<size_t>(l)];
      if (l + 1 < kLevelCount) {
        const LevelFigures& par = out.levels[static_cast<size_t>(l + 1)];
        upper += par.n_areas * (std::min(f.n_cats, par.n_cats) * 3 + n_groups * f.n_series);
      }
      upper += f.n_areas * (3 * (1 + (f.n_cats > n_groups ? n_mains : 0)) + f.n_series + 3 * n_groups);
    }
    rel.reserve(upper);
  }
  // 1. Area hierarchy: parent = sum of children, per category and period / month.
  for (int l = 0; l + 1 < kLevelCount; ++l) {
    const LevelFigures& child = out.levels[static_cast<size_t>(l)];
    const LevelFigures& par = out.levels[static_cast<size_t>(l + 1)];
    std::vector<std::vector<uint32_t>> kids(par.n_areas);
    for (size_t a = 0; a < child.n_areas; ++a) kids[parent[static_cast<size_t>(l)][a]].push_back(static_cast<uint32_t>(a));
    const size_t n_cats = std::min(child.n_cats, par.n_cats);
    for (size_t pa = 0; pa < par.n_areas; ++pa) {
      auto add = [&](uint32_t total_cell, auto child_cell) {
        privacy::Relation r;
        r.total = total_cell;
        r.parts.reserve(kids[pa].size());
        int64_t sum = 0;
        for (uint32_t k : kids[pa]) {
          r.parts.push_back(child_cell(k));
          sum += counts[r.parts.back()];
        }
        // Straten need not cover their buurt (incidents without a street): only a complete
        // partition is a relation a reader can exploit.
        if (sum == counts[total_cell]) rel.push_back(std::move(r));
      };
      for (size_t c = 0; c < n_cats; ++c)
        for (int p = 0; p < 3; ++p)
          add(pcell(l + 1, pa, c, p), [&](uint32_t k) { return pcell(l, k, c, p); });
      for (size_t g = 0; g < n_groups; ++g)
        for (size_t m = 0; m < child.n_series; ++m)
          add(mcell(l + 1, pa, g, m), [&](uint32_t k) { return mcell(l, k, g, m); });
    }
  }
  // 2. Categories: totaal = sum of mains; main = sum of its subs.
  for (int l = 0; l < kLevelCount; ++l) {
    const LevelFigures& f = out.levels[static_cast<size_t>(l)];
    const bool has_subs = f.n_cats > n_groups;
    for (size_t a = 0; a < f.n_areas; ++a) {
      for (int p = 0; p < 3; ++p) {
        privacy::Relation r{pcell(l, a, 0, p), {}};
        r.parts.reserve(n_groups - 1);
        for (size_t g = 1; g < n_groups; ++g) r.parts.push_back(pcell(l, a, g, p));
        rel.push_back(std::move(r));
        if (!has_subs) continue;
        for (size_t g = 1; g < n_groups; ++g) {
          privacy::Relation rs{pcell(l, a, g, p), {}};
          for (size_t s = 0; s < sub_main.size(); ++s)
            if (sub_main[s] + 1u == g) rs.parts.push_back(pcell(l, a, n_groups + s, p));
          rel.push_back(std::move(rs));
        }
      }
      for (size_t m = 0; m < f.n_series; ++m) {
        privacy::Relation r{mcell(l, a, 0, m), {}};
        r.parts.reserve(n_groups - 1);
        for (size_t g = 1; g < n_groups; ++g) r.parts.push_back(mcell(l, a, g, m));
        rel.push_back(std::move(r));
      }
    }
  }
  // 3. Time: a period = the sum of its months, where all of them are in the series.
  for (int l = 0; l < kLevelCount; ++l) {
    const LevelFigures& f = out.levels[static_cast<size_t>(l)];
    if (f.n_series == 0) continue;
    for (int p = 0; p < 3; ++p) {
      const int first = periods.first[static_cast<size_t>(p)];
      if (!periods.series.contains(first) || !periods.series.contains(first + periods.months - 1)) continue;
      for (size_t a = 0; a < f.n_areas; ++a)
        for (size_t g = 0; g < n_groups; ++g) {
          privacy::Relation r{pcell(l, a, g, p), {}};
          r.parts.reserve(static_cast<size_t>(periods.months));
          for (int k = 0; k < periods.months; ++k)
            r.parts.push_back(mcell(l, a, g, static_cast<size_t>(first + k - periods.series.first)));
          rel.push_back(std::move(r));
        }
    }
  }

  privacy::SuppressionOptions opt;
  opt.threshold = privacy.threshold;
  out.audit = privacy.audit == "full" || (privacy.audit == "auto" && out.cells <= privacy.audit_max_cells)
                  ? "full" : "local";
  opt.audit = out.audit == "full";
  const std::vector<privacy::CellState> states = privacy::protect(counts, rel, opt);
  auto flag_of = [](privacy::CellState s) {
    return s == privacy::CellState::published ? kExact
           : s == privacy::CellState::primary ? kSuppressedSmall
                                              : kSuppressedSecondary;
  };
  for (int l = 0; l < kLevelCount; ++l) {
    LevelFigures& f = out.levels[static_cast<size_t>(l)];
    for (size_t i = 0; i < f.period.size(); ++i)
      f.period_flag[i] = flag_of(states[period_base[static_cast<size_t>(l)] + i]);
    for (size_t i = 0; i < f.monthly.size(); ++i)
      f.monthly_flag[i] = flag_of(states[monthly_base[static_cast<size_t>(l)] + i]);
  }
  for (auto s : states) {
    out.suppressed_small += s == privacy::CellState::primary;
    out.suppressed_secondary += s == privacy::CellState::secondary;
  }
}

}  // namespace brandpunt::pipeline
