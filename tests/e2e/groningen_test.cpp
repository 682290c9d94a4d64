// End to end on real data: 15,947 police-registered bicycle thefts in Groningen 2013-2017
// (/work/shared/data/groningen) with the CBS buurten and wijken 2017, restricted profile.
//
// The source CSV carries its own point-in-polygon join (`cbs_bu_code_2017`, `cbs_wk_code_2017`),
// made independently of brandpunt: it is the oracle for the assignment of every row. Its README
// says 16 points fall in no buurt; those must be 'outside' for us.
#include <geos_c.h>
#include <gtest/gtest.h>

#include "io/street_name.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "e2e_util.hpp"
#include "geom/geos.hpp"
#include "io/area_reader.hpp"
#include "pipeline/pipeline.hpp"

using namespace brandpunt;
using namespace brandpunt::testing;
namespace fs = std::filesystem;

namespace {

// Distance in metres from (x, y) to the border (boundary) of `area`.
double distance_to_border(const geom::GeosContext& geos, const MultiPolygon& area, double x,
                          double y) {
  const geom::GeosGeom poly = geos.from(area);
  const geom::GeosGeom border = geos.wrap(GEOSBoundary_r(geos.handle(), poly.get()));
  const geom::GeosGeom pt = geos.point(x, y);
  double d = -1;
  if (GEOSDistance_r(geos.handle(), border.get(), pt.get(), &d) != 1)
    ADD_FAILURE() << "GEOSDistance failed";
  return d;
}

size_t column_index(const std::vector<std::string>& header, const std::string& name) {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  ADD_FAILURE() << "no column " << name;
  return 0;
}

}  // namespace

TEST(E2eGroningen, every_real_bicycle_theft_lands_in_the_buurt_of_the_independent_cbs_join) {
  const fs::path data = shared_dir() / "data" / "groningen";
  const fs::path incidents = data / "fietsdiefstal_2013_2017.csv";
  const fs::path buurten = data / "buurten_2017_rd.geojson",
                 wijken = data / "wijken_2017_rd.geojson";
  for (const auto& f : {incidents, buurten, wijken})
    if (!fs::exists(f)) GTEST_SKIP() << "shared Groningen data missing: " << f;

  const fs::path dir = fresh_dir("e2e_groningen");
  pipeline::PipelineConfig cfg = load_copied_config(
      fs::path(BRANDPUNT_SOURCE_DIR) / "geo-data" / "configs" / "groningen.toml", dir);
  cfg.incidents.path = incidents.string();
  cfg.buurt.areas.path = buurten.string();
  cfg.wijk.areas.path = wijken.string();
  cfg.privacy.profile = pipeline::Profile::restricted;
  cfg.output_dir = (dir / "out").string();
  const pipeline::RunResult r = pipeline::run(cfg);
  const fs::path out = r.output_dir;

  // Accounting: every row is a valid A72 record with RD coordinates and an ISO date, so nothing
  // is rejected; the 16 points outside every CBS buurt are 'outside'.
  const auto& a = r.accounting;
  EXPECT_EQ(a.read, 15947);
  EXPECT_EQ(a.rejected, 0);
  EXPECT_EQ(a.outside, 16);
  EXPECT_EQ(a.assigned, 15931);
  EXPECT_EQ(a.duplicate_ids, 0);
  EXPECT_TRUE(a.balanced());
  const auto run = nlohmann::json::parse(slurp(out / "run.json"));
  EXPECT_EQ(run["accounting"]["read"], 15947);
  EXPECT_EQ(run["accounting"]["rejected"], 0);
  EXPECT_EQ(run["accounting"]["balanced"], true);
  EXPECT_TRUE(run["accounting"]["rejected_by_reason"].empty());
  EXPECT_EQ(read_csv(out / "rejects.csv").size(), 1u);  // header only

  // Row by row against the source's own CBS join.
  const auto src = read_csv(incidents);
  ASSERT_EQ(src.size(), 15948u);
  const size_t c_bu = column_index(src[0], "cbs_bu_code_2017"),
               c_wk = column_index(src[0], "cbs_wk_code_2017");
  const size_t c_x = column_index(src[0], "x_rd"), c_y = column_index(src[0], "y_rd");
  const size_t c_street = column_index(src[0], "street"), c_date = column_index(src[0], "begin_dt");
  const auto asg = read_csv(out / "incident_assignment.csv");
  ASSERT_EQ(asg[0], (std::vector<std::string>{"row", "buurt_code", "wijk_code", "stadsdeel_code",
                                              "straat_code"}));
  std::map<int64_t, const std::vector<std::string>*> by_row;
  for (size_t i = 1; i < asg.size(); ++i) by_row[std::stoll(asg[i].at(0))] = &asg[i];
  ASSERT_EQ(by_row.size(), 15947u);  // nothing rejected: every data row is listed once

  struct Mismatch {
    int64_t row;
    std::string cbs, ours;
    double x, y;
  };
  std::vector<Mismatch> mismatches;
  int64_t outside = 0, outside_without_cbs_code = 0, wijk_mismatches = 0, straat_mismatches = 0;
  int64_t in_period = 0;  // brute-force n_totaal of the gemeente, 2017-07..2017-09
  for (size_t i = 1; i < src.size(); ++i) {
    const auto& s = src[i];
    const auto& g = *by_row.at(static_cast<int64_t>(i));
    const std::string& ours = g.at(1);
    if (ours != s.at(c_bu))
      mismatches.push_back(
          {static_cast<int64_t>(i), s.at(c_bu), ours, std::stod(s.at(c_x)), std::stod(s.at(c_y))});
    if (ours.empty()) {
      ++outside;
      outside_without_cbs_code += s.at(c_bu).empty();
      continue;
    }
    wijk_mismatches += g.at(2) != s.at(c_wk);
    straat_mismatches +=
        g.at(3) != g.at(2) || g.at(4) != ours + ":" + io::normalise_street(s.at(c_street));  // stadsdeel = wijk
    const std::string month = s.at(c_date).substr(0, 7);
    in_period += month == "2017-07" || month == "2017-08" || month == "2017-09";
  }
  EXPECT_EQ(outside, 16);
  EXPECT_EQ(outside_without_cbs_code, 16);  // exactly the README's 16 points in no buurt
  EXPECT_EQ(wijk_mismatches, 0);
  EXPECT_EQ(straat_mismatches, 0);  // straat = buurt + street name; stadsdeel = wijk (same_as)

  // The buurten, read as the pipeline reads them, for brute-force geometry checks with GEOS.
  io::AreaReadReport report;
  const AreaLayer layer = io::read_areas(cfg.buurt.areas, cfg.analysis_crs, report);
  ASSERT_EQ(layer.size(), 108u);
  std::map<std::string, size_t> index;
  for (size_t k = 0; k < layer.size(); ++k) index[layer.code[k]] = k;
  const geom::GeosContext geos;
  {  // The border distance used below: 0 on a vertex; 2 m left of the leftmost vertex, 2 m.
    const XY v = layer.geometry[0].front().outer.front();
    EXPECT_NEAR(distance_to_border(geos, layer.geometry[0], v.x, v.y), 0.0, 1e-9);
    double min_x = v.x, y_at = v.y;
    for (const Polygon& part : layer.geometry[0])
      for (const XY& p : part.outer)
        if (p.x < min_x) min_x = p.x, y_at = p.y;
    EXPECT_NEAR(distance_to_border(geos, layer.geometry[0], min_x - 2, y_at), 2.0, 1e-9);
  }

  // The 16 outside points lie outside every buurt polygon (distance > 0 to all 108), not in a
  // gap of our spatial index.
  for (size_t i = 1; i < src.size(); ++i) {
    if (!by_row.at(static_cast<int64_t>(i))->at(1).empty()) continue;
    const geom::GeosGeom pt = geos.point(std::stod(src[i].at(c_x)), std::stod(src[i].at(c_y)));
    double nearest = 1e300;
    for (const auto& area : layer.geometry) {
      const geom::GeosGeom poly = geos.from(area);
      double d = -1;
      ASSERT_EQ(GEOSDistance_r(geos.handle(), poly.get(), pt.get(), &d), 1);
      nearest = std::min(nearest, d);
    }
    EXPECT_GT(nearest, 0.0) << "row " << i << " is inside a buurt but outside for brandpunt";
  }

  // brandpunt and the independent join agree on all 15,947 rows. Should that ever change (a
  // new tie rule, repaired polygons), the differences must be border cases: within 1 m of the
  // border of one of the two buurten.
  EXPECT_EQ(mismatches.size(), 0u);
  for (size_t m = 0; m < mismatches.size(); ++m) {
    const Mismatch& mm = mismatches[m];
    double d = 1e300;
    for (const std::string& code : {mm.cbs, mm.ours})
      if (!code.empty() && index.count(code))
        d = std::min(d, distance_to_border(geos, layer.geometry[index[code]], mm.x, mm.y));
    if (m < 20)
      std::printf("mismatch row %lld: cbs '%s' ours '%s' at (%.2f, %.2f), %.3f m from a border\n",
                  static_cast<long long>(mm.row), mm.cbs.c_str(), mm.ours.c_str(), mm.x, mm.y, d);
    EXPECT_LE(d, 1.0) << "row " << mm.row << " is no border case";
  }

  // Levels: the straat level from street names, and consistent roll-ups.
  EXPECT_GT(read_csv(out / "straat.csv").size(), 1001u);
  const auto gem = csv_by_key(out / "gemeente.csv", "code");
  ASSERT_EQ(gem.count("GM0014"), 1u);
  EXPECT_EQ(gem.at("GM0014").at("period"), "2017-07..2017-09");
  EXPECT_EQ(std::stoll(gem.at("GM0014").at("n_totaal")), in_period);
  EXPECT_EQ(in_period, 503);
  for (const std::string per : {"", "_prev", "_ly"}) {
    const int64_t g = std::stoll(gem.at("GM0014").at("n_totaal" + per));
    EXPECT_EQ(sum_column(out / "buurt.csv", "n_totaal" + per), g) << per;
    EXPECT_EQ(sum_column(out / "wijk.csv", "n_totaal" + per), g) << per;
    EXPECT_EQ(sum_column(out / "straat.csv", "n_totaal" + per), g)
        << per;  // every record has a street
  }
  EXPECT_EQ(read_csv(out / "buurt.csv").size(), 109u);  // 108 CBS buurten 2017
  // Population per buurt is known here (AANT_INW); a rate exists exactly where it is above 0
  // (6 buurten have 0 inhabitants: no rate, not a division by zero).
  int64_t without_rate = 0;
  for (const auto& [code, b] : csv_by_key(out / "buurt.csv", "code")) {
    ASSERT_FALSE(b.at("population").empty()) << code;
    EXPECT_EQ(b.at("rate_totaal").empty(), std::stod(b.at("population")) <= 0) << code;
    without_rate += b.at("rate_totaal").empty();
  }
  EXPECT_EQ(without_rate, 6);
}
