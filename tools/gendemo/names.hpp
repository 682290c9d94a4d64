// Dutch-sounding names for the demo city, built from parts so that no real address list is
// copied: street names ("Kerkstraat", "Van Goghlaan", "Utrechtseweg"), buurt names
// ("Molenveld", "De Horst"), gemeente names ("Demostad", "Zuiderdam").
//
// A NamePool hands out names unique within the pool; a gemeente owns one pool per kind, as
// real towns do (every town has its own Kerkstraat). Collisions are resolved the Dutch way
// ("Nieuwe Kerkstraat", "Molenveld-Noord") before falling back to a number.
//
//   NamePool streets;  Rng rng(7);
//   std::string a = streets.street(rng);      // e.g. "Lindenlaan"
//   std::string b = streets.main_road(rng);   // e.g. "Amersfoortseweg"
//   streets.reserve("Stationsstraat");        // never handed out by street()
#pragma once

#include <set>
#include <string>

#include "rng.hpp"

namespace brandpunt::gendemo {

class NamePool {
 public:
  std::string street(Rng& rng);     // residential street
  std::string main_road(Rng& rng);  // through road / border road
  std::string buurt(Rng& rng);      // neighbourhood name
  std::string gemeente(Rng& rng);   // town name

  // Marks a name as taken; returns false if it already was.
  bool reserve(const std::string& name) { return taken_.insert(name).second; }
  bool contains(const std::string& name) const { return taken_.count(name) > 0; }

 private:
  // Makes `base` unique by Dutch variants, then by a number; `street_like` picks the variant
  // style ("Nieuwe Kerkstraat" vs "Molenveld-Noord").
  std::string unique(const std::string& base, bool street_like);
  std::set<std::string> taken_;
};

}  // namespace brandpunt::gendemo
