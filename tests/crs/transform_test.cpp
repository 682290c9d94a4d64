#include "crs/transform.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <vector>

#include "core/error.hpp"

using brandpunt::Error;
using brandpunt::ErrorKind;
using brandpunt::XY;
using brandpunt::crs::Transformer;

namespace {

// RD New's projection origin (Amersfoort, OLV-toren) on the Bessel ellipsoid, by definition
// of EPSG:28992: lat_0 = 52°09'22.178" N, lon_0 = 5°23'15.500" E.
constexpr double kOriginLatBessel = 52.15616055555556;
constexpr double kOriginLonBessel = 5.38763888888889;
// The same point in WGS 84 as published with the RD <-> WGS 84 approximation formulas
// (Schreutelkamp & Strang van Hees); PROJ without the RDNAPTRANS grid uses a 1 m Helmert.
constexpr double kOriginLatWgs84 = 52.15517440;
constexpr double kOriginLonWgs84 = 5.38720621;

}  // namespace

TEST(Transformer, rd_origin_maps_exactly_to_amersfoort_geographic_both_ways) {
  Transformer to_geo("EPSG:28992", "EPSG:4289");
  XY p = to_geo.transform(XY{155000, 463000});
  EXPECT_NEAR(p.x, kOriginLonBessel, 1e-9);
  EXPECT_NEAR(p.y, kOriginLatBessel, 1e-9);
  Transformer to_rd("EPSG:4289", "EPSG:28992");
  XY q = to_rd.transform(XY{kOriginLonBessel, kOriginLatBessel});
  EXPECT_NEAR(q.x, 155000, 1e-3);
  EXPECT_NEAR(q.y, 463000, 1e-3);
}

TEST(Transformer, rd_control_point_matches_wgs84_within_helmert_accuracy) {
  // 1e-7 deg (1 cm) needs the RDNAPTRANS grid, which Debian does not ship and the network
  // is off; EPSG's "Amersfoort to WGS 84 (4)" is stated at 1 m. Measured offset: ~0.25 m.
  Transformer to_wgs("EPSG:28992", "EPSG:4326");
  XY p = to_wgs.transform(XY{155000, 463000});
  const double lat_m = (p.y - kOriginLatWgs84) * 111250.0;
  const double lon_m = (p.x - kOriginLonWgs84) * 111250.0 * std::cos(kOriginLatWgs84 * M_PI / 180);
  EXPECT_LT(std::hypot(lat_m, lon_m), 0.5) << p.x << " " << p.y;
  Transformer to_rd("EPSG:4326", "EPSG:28992");
  XY q = to_rd.transform(XY{kOriginLonWgs84, kOriginLatWgs84});
  EXPECT_LT(std::hypot(q.x - 155000, q.y - 463000), 0.5) << q.x << " " << q.y;
  // The round trip closes to a millimetre (the inverse Helmert step is iterative).
  XY back = to_rd.transform(p);
  EXPECT_NEAR(back.x, 155000, 1e-3);
  EXPECT_NEAR(back.y, 463000, 1e-3);
}

TEST(Transformer, epsg4326_axis_order_is_pinned_to_lon_lat) {
  // EPSG:4326 is lat/lon by definition; the engine always uses x = lon.
  Transformer t("EPSG:4326", "EPSG:3857");
  XY p = t.transform(XY{5.0, 52.0});
  EXPECT_NEAR(p.x, 556597.45, 0.01);   // R * 5 deg in radians
  EXPECT_NEAR(p.y, 6800125.45, 0.01);  // R * ln(tan(pi/4 + 52 deg / 2))
  Transformer back("EPSG:3857", "EPSG:4326");
  XY q = back.transform(p);
  EXPECT_NEAR(q.x, 5.0, 1e-12);
  EXPECT_NEAR(q.y, 52.0, 1e-12);
}

TEST(Transformer, batch_transform_matches_single_points) {
  Transformer t("EPSG:28992", "EPSG:4326");
  std::vector<double> x{155000, 121000, 176000}, y{463000, 487000, 317000};
  std::vector<double> xs = x, ys = y;
  t.transform(xs.data(), ys.data(), xs.size());
  for (size_t i = 0; i < x.size(); ++i) {
    XY p = t.transform(XY{x[i], y[i]});
    EXPECT_EQ(p.x, xs[i]);
    EXPECT_EQ(p.y, ys[i]);
  }
  EXPECT_NEAR(xs[1], 4.9, 0.05);  // Amsterdam
  EXPECT_NEAR(ys[1], 52.37, 0.05);
}

TEST(Transformer, equivalent_crs_is_identity_and_leaves_points_untouched) {
  Transformer same("EPSG:28992", "EPSG:28992");
  EXPECT_TRUE(same.is_identity());
  Transformer crs84("OGC:CRS84", "EPSG:4326");  // same datum, axis order aside
  EXPECT_TRUE(crs84.is_identity());
  XY p = crs84.transform(XY{5.5, 51.5});
  EXPECT_EQ(p.x, 5.5);
  EXPECT_EQ(p.y, 51.5);
  EXPECT_FALSE(Transformer("EPSG:4326", "EPSG:28992").is_identity());
}

TEST(Transformer, accepts_wkt_and_projjson) {
  const std::string wkt =
      R"(PROJCS["RD",GEOGCS["Amersfoort",DATUM["Amersfoort",SPHEROID["Bessel 1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Oblique_Stereographic"],PARAMETER["latitude_of_origin",52.1561605555556],PARAMETER["central_meridian",5.38763888888889],PARAMETER["scale_factor",0.9999079],PARAMETER["false_easting",155000],PARAMETER["false_northing",463000],UNIT["metre",1]])";
  Transformer t(wkt, "EPSG:4289");
  XY p = t.transform(XY{155000, 463000});
  EXPECT_NEAR(p.x, kOriginLonBessel, 1e-9);
  EXPECT_NEAR(p.y, kOriginLatBessel, 1e-9);
  const std::string projjson =
      R"({"type":"GeographicCRS","name":"WGS 84","datum":{"type":"GeodeticReferenceFrame","name":"World Geodetic System 1984","ellipsoid":{"name":"WGS 84","semi_major_axis":6378137,"inverse_flattening":298.257223563}},"coordinate_system":{"subtype":"ellipsoidal","axis":[{"name":"Geodetic latitude","abbreviation":"Lat","direction":"north","unit":"degree"},{"name":"Geodetic longitude","abbreviation":"Lon","direction":"east","unit":"degree"}]}})";
  Transformer u(projjson, "EPSG:3857");
  EXPECT_NEAR(u.transform(XY{5.0, 52.0}).x, 556597.45, 0.01);
}

TEST(Transformer, unknown_crs_throws_crs_error_naming_the_code) {
  try {
    Transformer t("EPSG:99999", "EPSG:28992");
    FAIL() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::crs);
    EXPECT_NE(std::string(e.what()).find("unknown CRS 'EPSG:99999'"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(Transformer("EPSG:28992", "not a crs"), Error);
  EXPECT_THROW(Transformer("", "EPSG:28992"), Error);
}

TEST(Transformer, is_movable_and_keeps_working_after_move) {
  Transformer a("EPSG:28992", "EPSG:4289");
  Transformer b(std::move(a));
  EXPECT_NEAR(b.transform(XY{155000, 463000}).y, kOriginLatBessel, 1e-9);
  Transformer c("EPSG:4326", "EPSG:3857");
  c = std::move(b);
  EXPECT_NEAR(c.transform(XY{155000, 463000}).x, kOriginLonBessel, 1e-9);
  EXPECT_EQ(c.from(), "EPSG:28992");
}

TEST(CrsInfo, geographic_name_and_area_of_use) {
  EXPECT_TRUE(brandpunt::crs::is_geographic("EPSG:4326"));
  EXPECT_TRUE(brandpunt::crs::is_geographic("OGC:CRS84"));
  EXPECT_FALSE(brandpunt::crs::is_geographic("EPSG:28992"));
  EXPECT_EQ(brandpunt::crs::crs_name("EPSG:28992"), "Amersfoort / RD New");
  brandpunt::Envelope nl = brandpunt::crs::area_of_use_lonlat("EPSG:28992");
  EXPECT_TRUE(nl.contains(XY{kOriginLonWgs84, kOriginLatWgs84}));
  EXPECT_FALSE(nl.contains(XY{kOriginLatWgs84, kOriginLonWgs84}));  // swapped
  EXPECT_NEAR(nl.min_x, 3.2, 0.1);
  EXPECT_NEAR(nl.max_y, 53.7, 0.1);
  EXPECT_THROW(brandpunt::crs::is_geographic("EPSG:99999"), Error);
}

namespace brandpunt::crs {
namespace {

TEST(TransformerPool, leases_are_exclusive_reused_and_transform_like_a_transformer) {
  TransformerPool pool("EPSG:28992", "EPSG:4326");
  const Transformer direct("EPSG:28992", "EPSG:4326");
  const XY rd{176000, 317000};
  const XY expected = direct.transform(rd);
  const Transformer* first = nullptr;
  {
    auto a = pool.borrow();
    auto b = pool.borrow();
    EXPECT_NE(a.get(), b.get());  // two holders, two transformers
    first = a.get();
    EXPECT_EQ(a->transform(rd).x, expected.x);
    EXPECT_EQ(b->transform(rd).y, expected.y);
  }
  {
    auto c = pool.borrow();  // one of the returned ones
    auto d = pool.borrow();
    EXPECT_TRUE(c.get() == first || d.get() == first);
  }
  // On threads: every lease gives the same bits as the direct transformer.
  std::vector<XY> out(8);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < out.size(); ++t)
    threads.emplace_back([&, t] {
      for (int k = 0; k < 50; ++k) out[t] = pool.borrow()->transform(rd);
    });
  for (auto& t : threads) t.join();
  for (const XY& p : out) {
    EXPECT_EQ(p.x, expected.x);
    EXPECT_EQ(p.y, expected.y);
  }
  EXPECT_THROW(TransformerPool("EPSG:99999999", "EPSG:4326").borrow(), Error);
}

}  // namespace
}  // namespace brandpunt::crs
