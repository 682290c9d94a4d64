// Where incidents fall, for the two modes of the generator:
//  - CityLocations: inside a buurt of the synthetic city, mostly a few metres off one of
//    its streets (length-weighted), with the nearest street as the address street;
//  - ScatterLocations: uniformly inside the polygons of a real area layer (rejection
//    sampling in the envelope, tested with GEOS prepared geometry), street names drawn
//    from a generated pool.
//
//   CityLocations where(city, streets);
//   XY p = where.in_area(3, 0.9, rng);
#pragma once

#include <string>
#include <vector>

#include "city.hpp"
#include "incidents.hpp"
#include "streets.hpp"

namespace brandpunt::gendemo {

class CityLocations final : public LocationModel {
 public:
  CityLocations(const City& city, const StreetNetwork& streets);
  XY in_area(uint32_t area, double p_street, Rng& rng) override;
  XY on_street(uint32_t street, uint32_t area, Rng& rng) override;
  std::string_view street_name(const XY& p, Rng& rng) override;
  bool contains(uint32_t area, const XY& p) const override;
  Envelope extent() const override { return extent_; }

 private:
  XY uniform_in(uint32_t area, Rng& rng) const;
  const City& city_;
  const StreetNetwork& net_;
  StreetIndex index_;
  std::vector<Envelope> env_;
  Envelope extent_;
};

class ScatterLocations final : public LocationModel {
 public:
  ScatterLocations(const std::vector<MultiPolygon>& areas, const geom::GeosContext& geos,
                   Rng& name_rng);
  XY in_area(uint32_t area, double p_street, Rng& rng) override;
  XY on_street(uint32_t, uint32_t area, Rng& rng) override { return in_area(area, 0, rng); }
  std::string_view street_name(const XY&, Rng& rng) override {
    return names_[rng.below(names_.size())];
  }
  bool contains(uint32_t area, const XY& p) const override;
  Envelope extent() const override { return extent_; }

 private:
  const geom::GeosContext& geos_;
  std::vector<geom::GeosGeom> geoms_;
  std::vector<geom::GeosPrepared> prepared_;
  std::vector<Envelope> env_;
  std::vector<std::string> names_;
  Envelope extent_;
};

// The AreaModel of the city's buurten (population, activity, area; hotspots avoid the
// bedrijventerreinen and the two planted-street buurten).
AreaModel area_model(const City& city, const StreetNetwork& streets);

// The planted street hotspots: fietsendiefstal x10 on Stationsstraat, zakkenrollerij x8 on
// Grotestraat.
std::vector<PlantedStreet> planted_streets(const StreetNetwork& streets);

}  // namespace brandpunt::gendemo
