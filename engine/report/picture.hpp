// PNG pictures for the pack README, drawn with cairo from the published layers (published.hpp):
// a map of a stadsdeel's buurten by Gi* hot-spot class, a close-up of one focus area, and a
// bar chart of monthly totals. They read in any Markdown viewer and print; no GIS needed.
//
// Maps are in a local equirectangular projection about the picture's centre latitude
// (x = R·Δlon·cos φ0, y = R·Δlat): at a city's scale this is conformal to within a fraction of
// a per cent, and it is affine in longitude and latitude, so a point inside an area on the
// globe is inside it on the picture. MapFrame turns longitude/latitude into pixels; the
// *_frame functions give the frame a picture is drawn with, so a reader (a test) can find an
// area's pixel. Areas are filled with the ArcGIS colours of symbology.hpp (opaque, thin grey
// outlines), wijk borders dark, streets thin grey, the focus areas numbered like the README's
// list; a legend, a title and a scale bar go beside the map. Text uses the "DejaVu Sans" font
// (fontconfig picks a substitute when it is missing); for the same inputs and fonts the bytes
// are the same.
//
//   HotspotMap m;  m.areas = &buurt;  m.borders = &wijk;  m.streets = &straat;
//   m.title = "Hotspots totaal";  m.numbered = {{"BU09990203", 1}};
//   write_hotspot_map("packs/SD01/map_buurten.png", m);
//   MapFrame f = hotspot_map_frame(m);  f.to_pixel({5.12, 52.09});   // where that point is drawn
//
//   MonthChart c;  c.months = {...};  c.values = {...};  c.first_current = 33;  c.n_current = 3;
//   write_month_chart("packs/SD01/chart_months.png", c);
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/geometry.hpp"
#include "report/published.hpp"

namespace brandpunt::report {

class MapFrame {
 public:
  // Fits the lon/lat `bounds` into the pixel rectangle [left, left+width] × [top, top+height],
  // centred, keeping the aspect ratio.
  MapFrame(const Envelope& lonlat_bounds, double left, double top, double width, double height);
  XY to_pixel(XY lonlat) const;
  XY to_planar(XY lonlat) const;  // metres east/north of the bounds' centre
  XY planar_to_pixel(XY planar) const;
  double pixels_per_metre() const { return scale_; }

 private:
  double lon0_, lat0_, cos_lat0_, scale_, cx_, cy_;
};

struct HotspotMap {
  const PublishedLayer* areas = nullptr;    // filled by class (buurten)
  const PublishedLayer* borders = nullptr;  // drawn as dark borders (wijken); optional
  const PublishedLayer* streets = nullptr;  // thin lines for orientation; optional
  std::string category = "totaal";          // colours from gi_class_<category>
  std::string title, subtitle;
  std::string language = "nl";
  std::vector<std::pair<std::string, int>> numbered;  // area code -> number drawn on it
  int width = 1000, height = 720;
};

// The frame the map is drawn in (the areas' extent in the map part of the picture).
MapFrame hotspot_map_frame(const HotspotMap& map);
void write_hotspot_map(const std::string& path, const HotspotMap& map);

struct FocusAreaMap {
  const PublishedLayer* areas = nullptr;    // buurten around, filled by class
  const PublishedLayer* streets = nullptr;  // straten, coloured by their own class; optional
  const PublishedLayer* focus = nullptr;    // the layer holding the focus area
  std::string focus_code;                   // its code
  std::string category = "totaal";
  std::string title, subtitle;
  std::string language = "nl";
  int width = 800, height = 600;
};

// The frame (the focus area's extent, widened to at least about 600 m, with room around it).
// Throws Error(internal) when the focus code is not in the focus layer.
MapFrame focus_map_frame(const FocusAreaMap& map);
void write_focus_map(const std::string& path, const FocusAreaMap& map);

struct MonthChart {
  std::vector<std::string> months;             // labels, "2023-01", ...
  std::vector<std::optional<int64_t>> values;  // nullopt = suppressed
  int first_current = -1, n_current = 0;       // the analysis period's months (shaded)
  std::string title, subtitle;
  std::string language = "nl";
  int width = 1000, height = 340;
};

void write_month_chart(const std::string& path, const MonthChart& chart);

// Frees cairo's and fontconfig's process-wide caches (fonts, patterns). The next picture loads
// them again; call it when a batch of pictures is done, so that leak checkers see nothing left
// (fontconfig otherwise keeps its configuration until the process ends). Not while another thread
// draws.
void release_fonts();

// A point well inside a planar polygon set and its distance to the boundary (the centre and
// radius of the largest inscribed circle, GEOS); for labels and tests.
std::pair<XY, double> inner_point(const MultiPolygon& planar);

}  // namespace brandpunt::report
