// Weights chosen by name (weights/spec.hpp), as a config does: every rule built from the
// Columbus polygons equals spdep's neighbour lists, and the styles and options behave.
#include "weights/spec.hpp"

#include <gtest/gtest.h>

#include "columbus.hpp"
#include "core/error.hpp"
#include "weights/contiguity.hpp"

namespace brandpunt::weights {
namespace {

WeightsSpec spec(WeightsMethod m) {
  WeightsSpec s;
  s.method = m;
  s.snap_m = kSpdepSnap;
  return s;
}

TEST(WeightsSpec, every_rule_from_the_columbus_polygons_equals_spdep) {
  BP_LOAD_COLUMBUS(col);
  test::expect_same_as_oracle(build_weights(spec(WeightsMethod::queen), col.polygons), col.weights["queen"]);
  test::expect_same_as_oracle(build_weights(spec(WeightsMethod::rook), col.polygons), col.weights["rook"]);
  for (unsigned k : {4u, 8u}) {
    WeightsSpec s = spec(WeightsMethod::knn);
    s.k = k;
    const Weights w = build_weights(s, col.polygons);  // on the GEOS centroids, as sf::st_centroid
    EXPECT_EQ(w.method, "knn" + std::to_string(k));
    test::expect_same_as_oracle(w, col.weights["knn" + std::to_string(k)]);
  }
  WeightsSpec band = spec(WeightsMethod::distance_band);
  band.distance_m = 0.9;
  const Weights d = build_weights(band, col.polygons);
  EXPECT_EQ(describe(band), "dband_0.9m binary");
  test::expect_same_as_oracle(d, col.weights["dband_0.9"]);
}

TEST(WeightsSpec, row_style_sums_rows_to_one_and_a_zero_band_leaves_no_island) {
  BP_LOAD_COLUMBUS(col);
  WeightsSpec s = spec(WeightsMethod::distance_band);
  s.style = WeightsStyle::row;
  const Weights w = build_weights(s, col.polygons);
  EXPECT_EQ(w.style, "W");
  EXPECT_TRUE(w.islands().empty());
  for (size_t i = 0; i < w.n; ++i) {
    double sum = 0;
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) sum += w.values[k];
    EXPECT_NEAR(sum, 1.0, 1e-12) << i;
  }
}

TEST(WeightsSpec, kernel_weights_lose_their_diagonal_and_keep_kernel_values) {
  const std::vector<XY> pts = {{0, 0}, {100, 0}, {300, 0}};
  WeightsSpec s = spec(WeightsMethod::kernel);
  s.kernel = KernelFunction::triangular;
  s.bandwidth_m = 250;
  const Weights w = build_weights(s, std::span<const XY>(pts));
  EXPECT_FALSE(w.self_included);
  EXPECT_EQ(to_lists(w), (std::vector<std::vector<uint32_t>>{{1}, {0, 2}, {1}}));
  EXPECT_NEAR(w.values[0], 1 - 100.0 / 250, 1e-12);
  EXPECT_EQ(describe(s), "kernel_triangular_250m binary");
}

TEST(WeightsSpec, bad_names_and_options_are_config_errors_naming_the_valid_ones) {
  try {
    parse_weights_method("quen");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'queen'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("distance_band"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_weights_style("rows-standardised"), Error);
  EXPECT_EQ(parse_kernel_function("quartic"), KernelFunction::quartic);
  WeightsSpec s = spec(WeightsMethod::knn);
  s.k = 0;
  EXPECT_THROW(validate(s), Error);
  const std::vector<XY> pts = {{0, 0}, {1, 1}};
  EXPECT_THROW(build_weights(spec(WeightsMethod::queen), std::span<const XY>(pts)), Error);
  // Fewer areas than k: every other area is a neighbour.
  s.k = 8;
  EXPECT_EQ(build_weights(s, std::span<const XY>(pts)).n_links(), 2u);
}

}  // namespace
}  // namespace brandpunt::weights
