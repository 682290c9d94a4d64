// Multiple-testing control for the n local tests of one map, and ArcGIS-style Gi bins.
//
// p_adjust_bh is R's p.adjust(p, "BH") (Benjamini & Hochberg 1995, step-up):
//   p_bh_(k) = min_{j >= k} min(1, p_(j) m / j), computed as R does (m/j * p, cumulative min),
// so the adjusted values are bit-identical to R's. p_adjust_bonferroni is min(1, m p).
// NaN handling follows R: NaN p (islands) stay NaN and are not counted in m, the number of tests.
//
// gi_bin follows ArcGIS Hot Spot Analysis: +-3 for p < 0.01, +-2 for p < 0.05, +-1 for p < 0.10
// with the sign of z, 0 otherwise (and for NaN). gi_bin_fdr applies the same cut-offs to BH
// adjusted p, which is a BH step-up test at each of the three levels (p_bh < alpha).
//
//   std::vector<double> q = stats::p_adjust(g.p, stats::Correction::fdr_bh);
//   std::vector<int> bins = stats::gi_bins(g.z, g.p, stats::Correction::fdr_bh);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace brandpunt::stats {

enum class Correction { none, fdr_bh, bonferroni };
const char* to_string(Correction c);  // "none", "fdr_bh", "bonferroni"

std::vector<double> p_adjust_bh(std::span<const double> p);
// 1 where p_adjust_bh(p)[i] < alpha (alpha <= 1), bit for bit the same decision, without
// sorting every p: only p-values below alpha can pass (n/rank >= 1), so only those are sorted
// to find the step-up cut. For millions of space-time bins of which few are small.
std::vector<uint8_t> bh_significant(std::span<const double> p, double alpha);
std::vector<double> p_adjust_bonferroni(std::span<const double> p);
// Dispatches on c; Correction::none returns p unchanged.
std::vector<double> p_adjust(std::span<const double> p, Correction c = Correction::fdr_bh);

// ArcGIS Gi_Bin for one area: sign(z) * (3 if p < 0.01, 2 if p < 0.05, 1 if p < 0.10), else 0.
int gi_bin(double z, double p);
// Bins for all areas, the p-values adjusted first by c. gi_bins(z, p, fdr_bh) is the oracle's
// gi_bin_fdr.
std::vector<int> gi_bins(std::span<const double> z, std::span<const double> p,
                         Correction c = Correction::fdr_bh);
// gi_bin_fdr == gi_bins(z, p, Correction::fdr_bh).
std::vector<int> gi_bin_fdr(std::span<const double> z, std::span<const double> p);

}  // namespace brandpunt::stats
