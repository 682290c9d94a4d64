// GAL and GWT files written here are read by libpysal (Debian python3-libpysal) to the same
// neighbours and weights: GeoDa and PySAL users can reuse brandpunt's weights as they are.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "columbus.hpp"
#include "weights/contiguity.hpp"
#include "weights/gal.hpp"
#include "weights/spec.hpp"

namespace brandpunt::weights {
namespace {

namespace fs = std::filesystem;
constexpr const char* kPython = "/usr/bin/python3";  // Debian's, where python3-libpysal lives

bool have_libpysal() {
  return std::system((std::string(kPython) + " -c 'import libpysal' >/dev/null 2>&1").c_str()) == 0;
}

// libpysal's reading of weights files, in one Python run (importing libpysal takes seconds):
// {file: {id: {neighbour id: weight}}}.
nlohmann::json read_with_libpysal(const std::vector<fs::path>& files, const fs::path& dir) {
  const fs::path script = dir / "read.py", out = dir / "read.json";
  std::ofstream(script) << "import json, sys, warnings\n"
                           "warnings.filterwarnings('ignore')\n"
                           "import libpysal\n"
                           "res = {}\n"
                           "for f in sys.argv[2:]:\n"
                           "    w = libpysal.io.open(f).read()\n"
                           "    res[f] = {str(i): {str(j): float(v) for j, v in zip(w.neighbors[i], w.weights[i])}"
                           " for i in w.id_order}\n"
                           "json.dump(res, open(sys.argv[1], 'w'))\n";
  std::string cmd = std::string(kPython) + " '" + script.string() + "' '" + out.string() + "'";
  for (const auto& f : files) cmd += " '" + f.string() + "'";
  cmd += " 2>'" + out.string() + ".err'";
  if (std::system(cmd.c_str()) != 0) {
    std::ifstream err(out.string() + ".err");
    std::stringstream ss;
    ss << err.rdbuf();
    ADD_FAILURE() << "libpysal could not read the files: " << ss.str();
    return {};
  }
  std::ifstream in(out);
  return nlohmann::json::parse(in);
}

void expect_libpysal_reads(const Weights& w, const std::vector<std::string>& ids, const nlohmann::json& got,
                           bool with_values) {
  ASSERT_EQ(got.size(), w.n);
  for (size_t i = 0; i < w.n; ++i) {
    const auto& row = got.at(ids[i]);
    EXPECT_EQ(row.size(), w.cardinality(i)) << ids[i];
    for (uint32_t k = w.offsets[i]; k < w.offsets[i + 1]; ++k) {
      ASSERT_TRUE(row.contains(ids[w.neighbours[k]])) << ids[i] << " -> " << ids[w.neighbours[k]];
      if (with_values) {
        EXPECT_DOUBLE_EQ(row.at(ids[w.neighbours[k]]).get<double>(), w.values[k]);
      }
    }
  }
}

TEST(Libpysal, reads_our_gal_and_gwt_files_to_the_same_neighbours_and_weights) {
  BP_LOAD_COLUMBUS(col);
  if (!have_libpysal()) GTEST_SKIP() << "python3-libpysal not installed (scripts/deps.sh installs it)";
  const fs::path dir = fs::temp_directory_path() / "brandpunt_libpysal_test";
  fs::create_directories(dir);
  std::vector<std::string> ids;
  for (size_t i = 0; i < col.polygons.size(); ++i) ids.push_back("BU" + std::to_string(1000 + i));

  WeightsSpec queen;
  queen.snap_m = kSpdepSnap;
  const Weights q = build_weights(queen, col.polygons);
  write_gal(dir / "queen.gal", q, ids, {"columbus", "code"});

  WeightsSpec knn;
  knn.method = WeightsMethod::knn;
  knn.k = 4;
  knn.style = WeightsStyle::row;
  const Weights k = build_weights(knn, col.polygons);  // asymmetric, 1/4 per link
  write_gwt(dir / "knn4.gwt", k, ids, {"columbus", "code"});

  WeightsSpec kern;
  kern.method = WeightsMethod::kernel;
  kern.kernel = KernelFunction::quartic;
  kern.bandwidth_m = 0.8;
  const Weights kw = build_weights(kern, col.polygons);
  write_gwt(dir / "kernel.gwt", kw, ids, {"columbus", "code"});
  const std::vector<fs::path> files = {dir / "queen.gal", dir / "knn4.gwt", dir / "kernel.gwt"};
  const nlohmann::json got = read_with_libpysal(files, dir);
  ASSERT_EQ(got.size(), 3u);
  expect_libpysal_reads(q, ids, got[files[0].string()], false);
  expect_libpysal_reads(k, ids, got[files[1].string()], true);
  expect_libpysal_reads(kw, ids, got[files[2].string()], true);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace brandpunt::weights
