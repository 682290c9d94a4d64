// Local Moran's I (Anselin 1995) with analytic moments, z-scores, two-sided p and the
// PySAL/GeoDa scatterplot quadrants, exactly as spdep 1.2-7 localmoran (mlvar = TRUE).
//
//   z = x - xbar,  m2 = sum z^2 / n,  I_i = z_i lag(z)_i / m2
// Moments under the null (choose with MoranVariance):
//   conditional (spdep's default; Sokal, Oden & Thomson 1998): the value at i is held fixed,
//     E = -z_i^2 W_i / ((n-1) m2),
//     V = (z_i/m2)^2 n/(n-2) (S1_i - W_i^2/(n-1)) (m2 - z_i^2/(n-1));
//   total (Anselin 1995, spdep conditional = FALSE, esda EI/VI): E = -W_i/(n-1),
//     b2 = (sum z^4/n)/m2^2, V = S1_i (n-b2)/(n-1) + (W_i^2 - S1_i)(2b2-n)/((n-1)(n-2)) - E^2.
// With the conditional variance, z_i equals sign(x_i - xbar) times the Gi z-score.
// esda's `Is` divides by sum z^2/(n-1) instead of n: multiply I by (n-1)/n to get it; z and p
// are unaffected.
//
//   stats::LocalMoran lm = stats::local_moran(weights::row_standardised(queen), rates);
//   if (lm.p[i] < 0.05 && lm.quadrant[i] == uint8_t(stats::Quadrant::HH)) ...  // hot cluster
//
// Degenerate input (each adds a line to `warnings`): islands get I = E = V = 0 and z = p = NaN
// (is_island = 1); all x equal gives I = E = V = z = 0, p = 1; an area with x_i exactly at the
// mean has a conditional variance of 0 (I_i is 0 under every permutation) and gets z = 0, p = 1;
// fewer than 3 areas gives z = 0, p = 1 everywhere (islands too). Weights with the self included
// are rejected (Error).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "stats/multiple_testing.hpp"
#include "weights/weights.hpp"

namespace brandpunt::stats {

enum class MoranVariance { conditional, total };

// PySAL codes (esda Moran_Local.q): z = 0 counts as Low, as does lag(z) = 0.
enum class Quadrant : uint8_t { HH = 1, LH = 2, LL = 3, HL = 4 };
const char* to_string(Quadrant q);  // "HH", "LH", "LL", "HL"
// From the centred value and its spatial lag: HH z>0&lag>0, LL z<=0&lag<=0, HL z>0&lag<=0, LH.
Quadrant quadrant_of(double z, double lag_z);

struct LocalMoran {
  std::vector<double> I, E, V, z, p;  // statistic (n-normalised), moments, z-score, two-sided p
  std::vector<double> lag_z;          // sum_j w_ij (x_j - xbar)
  std::vector<uint8_t> quadrant;      // Quadrant codes 1..4
  std::vector<uint8_t> is_island;     // 1 = no neighbours: z, p NaN
  std::vector<std::string> warnings;
};

LocalMoran local_moran(const weights::Weights& w, std::span<const double> x,
                       MoranVariance variance = MoranVariance::conditional);

// Quadrant where p < alpha, 0 ("not significant") elsewhere, and for NaN p — esda/GeoDa LISA
// cluster map classes.
std::vector<uint8_t> lisa_classes(const LocalMoran& lm, double alpha = 0.05);
// The same with the p-values adjusted over the map first (Benjamini-Hochberg by default): the
// hot outliers (HL) and clusters a focus list may call significant.
std::vector<uint8_t> lisa_classes(const LocalMoran& lm, double alpha, Correction correction);

}  // namespace brandpunt::stats
