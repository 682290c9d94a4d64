// The privacy budget of a public run and how it is spent.
//
// A public run is ρ-zCDP for one incident (Bun & Steinke 2016): two inputs that differ in one
// incident give output distributions whose Rényi divergence of order α is at most ρα. Every
// incident adds one to exactly one cell of each measured table, so each table is a query of
// sensitivity 1, answered with discrete Gaussian noise of variance σ²: it costs 1/(2σ²), and the
// costs add up. The tables are the nodes of a product of trees (area level × category level ×
// time level); their precisions 1/σ² are a product of one weight per tree level, scaled so the
// costs add up to the part of ρ given to that product:
//
//   1/σ²(g, c, t) = K · w_geo[g] · w_cat[c] · w_time[t],   Σ 1/(2σ²) = ρ_part,
//   so K = 2 ρ_part / (Σ w_geo · Σ w_cat · Σ w_time).
//
// The product form is what makes the least-squares post-processing exact and cheap
// (tree_estimate.hpp). (ε, δ): the conversion of Canonne, Kamath & Steinke 2020 (Prop. 12).
//
//   ProductBudget b(0.5, {1.0, 0.3, 0.1}, {1, 1, 1}, {1, 1, 1});
//   double s2 = b.sigma2(2, 0, 1);   // variance of the noise of geo level 2, cat 0, time 1
#pragma once

#include <cstddef>
#include <vector>

namespace brandpunt::privacy {

class ProductBudget {
 public:
  // rho > 0; every weight > 0 (a level with weight 0 is not measured: give it no slot).
  ProductBudget(double rho, std::vector<double> geo, std::vector<double> cat, std::vector<double> time);

  double sigma2(size_t g, size_t c, size_t t) const { return 1.0 / (k_ * geo_[g] * cat_[c] * time_[t]); }
  // The per-tree variance factors whose product is sigma2 (geo carries 1/K).
  double geo_factor(size_t g) const { return 1.0 / (k_ * geo_[g]); }
  double cat_factor(size_t c) const { return 1.0 / cat_[c]; }
  double time_factor(size_t t) const { return 1.0 / time_[t]; }
  double rho() const { return rho_; }
  size_t n_geo() const { return geo_.size(); }
  size_t n_cat() const { return cat_.size(); }
  size_t n_time() const { return time_.size(); }

 private:
  double rho_, k_;
  std::vector<double> geo_, cat_, time_;
};

// The smallest ε with ρ-zCDP ⇒ (ε, δ)-DP (Canonne, Kamath & Steinke 2020, Proposition 12),
// found by bisection; never above the classic ρ + 2√(ρ ln(1/δ)).
double epsilon_of(double rho, double delta);

}  // namespace brandpunt::privacy
