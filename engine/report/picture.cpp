#include "report/picture.hpp"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <geos_c.h>
#include <png.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <memory>
#include <vector>

#include "core/error.hpp"
#include "geom/geos.hpp"
#include "output/atomic_file.hpp"
#include "output/symbology.hpp"

namespace brandpunt::report {

namespace {

constexpr double kEarthRadiusM = 6371008.8;  // mean radius (IUGG)
constexpr double kDegree = M_PI / 180.0;
constexpr const char* kFont = "DejaVu Sans";

using output::Rgb;

// The chart's colours (the map page's pop-up chart uses the same).
constexpr Rgb kBar{0x5A, 0x6E, 0x8C}, kShade{0xFF, 0xF1, 0xC9}, kSuppressed{0xBB, 0xBB, 0xBB};

struct Canvas {
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface;
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr;
  Canvas(int w, int h)
      : surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h), &cairo_surface_destroy),
        cr(cairo_create(surface.get()), &cairo_destroy) {
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
  }
  cairo_t* operator*() const { return cr.get(); }
};

void colour(cairo_t* cr, const Rgb& c, double alpha = 1.0) {
  cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, alpha);
}

// 8-bit RGB rows to a PNG file; false on failure (libpng reports by longjmp, so nothing here
// owns a C++ object). The settings suit flat-colour drawings: the Up filter turns a row that
// repeats the one above into zeros and zlib's run-length strategy codes the runs. On the demo
// city's maps this is about 5x faster than cairo's writer (every filter tried on every row,
// zlib level 6) for files about as large.
bool write_png_rows(FILE* out, png_bytepp rows, int width, int height) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  if (!png) return false;
  png_infop info = png_create_info_struct(png);
  if (!info || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, info ? &info : nullptr);
    return false;
  }
  png_init_io(png, out);
  png_set_IHDR(png, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8,
               PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
               PNG_FILTER_TYPE_DEFAULT);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
  png_set_compression_strategy(png, Z_RLE);
  png_set_compression_level(png, 6);
  png_write_info(png, info);
  png_write_image(png, rows);
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return true;
}

void save_png(const Canvas& canvas, const std::string& path) {
  cairo_surface_t* s = canvas.surface.get();
  cairo_surface_flush(s);
  const int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
  const int stride = cairo_image_surface_get_stride(s);
  const unsigned char* data = cairo_image_surface_get_data(s);
  // RGB24 holds a native-endian 32-bit xRGB word per pixel.
  std::vector<unsigned char> rgb(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
  std::vector<png_bytep> rows(static_cast<size_t>(h));
  for (int y = 0; y < h; ++y) {
    const auto* src = reinterpret_cast<const uint32_t*>(data + static_cast<ptrdiff_t>(y) * stride);
    unsigned char* dst = rgb.data() + static_cast<size_t>(y) * static_cast<size_t>(w) * 3;
    for (int x = 0; x < w; ++x) {
      dst[3 * x] = static_cast<unsigned char>(src[x] >> 16);
      dst[3 * x + 1] = static_cast<unsigned char>(src[x] >> 8);
      dst[3 * x + 2] = static_cast<unsigned char>(src[x]);
    }
    rows[static_cast<size_t>(y)] = dst;
  }
  output::AtomicFile file(path);
  FILE* out = std::fopen(file.temp_path().c_str(), "wb");
  if (!out) throw Error(ErrorKind::io, "cannot write PNG: cannot create the file").at_file(path);
  errno = 0;
  const bool ok = write_png_rows(out, rows.data(), w, h);
  const int write_errno = errno;
  const bool closed = std::fclose(out) == 0;
  const int err = write_errno != 0 ? write_errno : errno;  // e.g. ENOSPC: "No space left on device"
  if (!closed || !ok)
    throw Error(ErrorKind::io, std::string("cannot write PNG") + (err != 0 ? std::string(": ") + std::strerror(err) : ""))
        .at_file(path);
  file.commit();
}

void polygon_path(cairo_t* cr, const MapFrame& f, const MultiPolygon& mp) {
  for (const Polygon& p : mp) {
    for (size_t r = 0; r <= p.holes.size(); ++r) {
      const Ring& ring = r == 0 ? p.outer : p.holes[r - 1];
      for (size_t k = 0; k < ring.size(); ++k) {
        const XY q = f.to_pixel(ring[k]);
        k == 0 ? cairo_move_to(cr, q.x, q.y) : cairo_line_to(cr, q.x, q.y);
      }
      if (!ring.empty()) cairo_close_path(cr);
    }
  }
}

void line_path(cairo_t* cr, const MapFrame& f, const std::vector<LineString>& lines) {
  for (const LineString& l : lines)
    for (size_t k = 0; k < l.size(); ++k) {
      const XY q = f.to_pixel(l[k]);
      k == 0 ? cairo_move_to(cr, q.x, q.y) : cairo_line_to(cr, q.x, q.y);
    }
}

enum class Anchor { left, centre, right };

void text(cairo_t* cr, double x, double y, const std::string& s, double size, bool bold = false,
          Anchor anchor = Anchor::left, const Rgb& c = Rgb{0x22, 0x22, 0x22}) {
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  const double dx = anchor == Anchor::left     ? 0
                    : anchor == Anchor::centre ? -e.x_advance / 2
                                               : -e.x_advance;
  colour(cr, c);
  cairo_move_to(cr, x + dx, y);
  cairo_show_text(cr, s.c_str());
}

const Rgb& class_colour(const nlohmann::json& props, const std::string& category) {
  auto it = props.find("gi_class_" + category);
  if (it != props.end() && it->is_string())
    if (const auto* c = output::find_class(output::gi_classes(), it->get<std::string>()))
      return c->colour;
  return output::map_colours().no_data;
}

bool is_significant(const nlohmann::json& props, const std::string& category) {
  auto it = props.find("gi_class_" + category);
  if (it == props.end() || !it->is_string()) return false;
  const auto bin = output::gi_bin(it->get<std::string>());
  return bin && *bin != 0;
}

Envelope lonlat_extent(const PublishedLayer& layer) {
  Envelope e;
  for (const auto& g : layer.geometry) {
    for (const auto& p : polygons_of(g)) e.expand(envelope_of(p.outer));
    for (const auto& l : lines_of(g)) e.expand(envelope_of(l));
  }
  return e;
}

void title_block(cairo_t* cr, const std::string& title, const std::string& subtitle) {
  text(cr, 14, 28, title, 20, true);
  if (!subtitle.empty()) text(cr, 14, 50, subtitle, 13, false, Anchor::left, Rgb{0x55, 0x55, 0x55});
}

struct LegendEntry {
  enum Kind { box, line, thick_line } kind = box;
  Rgb colour;
  std::string label;
};

void legend(cairo_t* cr, double x, double y, const std::string& heading,
            const std::vector<LegendEntry>& entries) {
  text(cr, x, y, heading, 13, true);
  y += 10;
  for (const auto& e : entries) {
    y += 22;
    if (e.kind == LegendEntry::box) {
      cairo_rectangle(cr, x, y - 12, 22, 14);
      colour(cr, e.colour);
      cairo_fill_preserve(cr);
      colour(cr, output::map_colours().outline);
      cairo_set_line_width(cr, 1);
      cairo_stroke(cr);
    } else {
      cairo_move_to(cr, x, y - 5);
      cairo_line_to(cr, x + 22, y - 5);
      colour(cr, e.colour);
      cairo_set_line_width(cr, e.kind == LegendEntry::thick_line ? 3.5 : 1.2);
      cairo_stroke(cr);
    }
    text(cr, x + 30, y, e.label, 12);
  }
}

std::vector<LegendEntry> gi_legend(const std::string& language) {
  std::vector<LegendEntry> out;
  for (const auto& c : output::gi_classes())
    out.push_back({LegendEntry::box, c.colour, c.label(language)});
  out.push_back({LegendEntry::box, output::map_colours().no_data,
                 language == "en" ? "No data" : "Geen gegevens"});
  return out;
}

// A scale bar of a round length at most `max_px` long, with its left end at (x, y).
void scale_bar(cairo_t* cr, const MapFrame& f, double x, double y, double max_px,
               const std::string& language) {
  static constexpr double kSteps[] = {50,   100,  200,  250,   500,   1000,
                                      2000, 2500, 5000, 10000, 20000, 50000};
  double metres = kSteps[0];
  for (double s : kSteps)
    if (s * f.pixels_per_metre() <= max_px) metres = s;
  const double px = metres * f.pixels_per_metre();
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 2);
  cairo_move_to(cr, x, y - 5);
  cairo_line_to(cr, x, y);
  cairo_line_to(cr, x + px, y);
  cairo_line_to(cr, x + px, y - 5);
  cairo_stroke(cr);
  std::string label = metres >= 1000 ? std::to_string(static_cast<int>(metres / 1000)) + " km"
                                     : std::to_string(static_cast<int>(metres)) + " m";
  if (metres == 2500) label = language == "en" ? "2.5 km" : "2,5 km";
  text(cr, x + px / 2, y - 8, label, 11, false, Anchor::centre);
}

void badge(cairo_t* cr, double x, double y, const std::string& s) {
  const double r = s.size() > 1 ? 11 : 9.5;
  cairo_new_path(cr);  // no line from the last text to the circle
  cairo_arc(cr, x, y, r, 0, 2 * M_PI);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_set_line_width(cr, 1.5);
  cairo_stroke(cr);
  cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size(cr, 11);
  cairo_text_extents_t e;
  cairo_text_extents(cr, s.c_str(), &e);
  cairo_move_to(cr, x - e.x_advance / 2, y + e.height / 2);
  cairo_show_text(cr, s.c_str());
}

MultiPolygon planar(const MapFrame& f, const MultiPolygon& lonlat) {
  MultiPolygon out = lonlat;
  for (Polygon& p : out) {
    for (XY& q : p.outer) q = f.to_planar(q);
    for (Ring& h : p.holes)
      for (XY& q : h) q = f.to_planar(q);
  }
  return out;
}

// Map part of a picture with a legend column on the right: [left, top, width, height].
struct Layout {
  double left, top, width, height, legend_x;
};
Layout layout_of(int width, int height) {
  const double legend_w = 260;
  return {12, 64, width - legend_w - 24, height - 76.0, width - legend_w};
}

}  // namespace

MapFrame::MapFrame(const Envelope& b, double left, double top, double width, double height) {
  const Envelope e = b.empty() ? Envelope{0, 0, 0, 0} : b;
  lon0_ = (e.min_x + e.max_x) / 2;
  lat0_ = (e.min_y + e.max_y) / 2;
  cos_lat0_ = std::cos(lat0_ * kDegree);
  const double w_m = std::max((e.max_x - e.min_x) * kDegree * kEarthRadiusM * cos_lat0_, 1.0);
  const double h_m = std::max((e.max_y - e.min_y) * kDegree * kEarthRadiusM, 1.0);
  scale_ = std::min(width / w_m, height / h_m);
  cx_ = left + width / 2;
  cy_ = top + height / 2;
}

XY MapFrame::to_planar(XY p) const {
  return {(p.x - lon0_) * kDegree * kEarthRadiusM * cos_lat0_,
          (p.y - lat0_) * kDegree * kEarthRadiusM};
}

XY MapFrame::to_pixel(XY p) const { return planar_to_pixel(to_planar(p)); }

XY MapFrame::planar_to_pixel(XY q) const { return {cx_ + q.x * scale_, cy_ - q.y * scale_}; }

void release_fonts() {
  cairo_debug_reset_static_data();
  FcFini();
}

std::pair<XY, double> inner_point(const MultiPolygon& mp) {
  geom::GeosContext geos;
  geom::GeosGeom g = geos.from(mp);
  if (!g) return {{NAN, NAN}, 0};
  const Envelope e = envelope_of(mp);
  const double tolerance = std::max(e.max_x - e.min_x, e.max_y - e.min_y) / 500;
  GEOSGeometry* raw =
      GEOSMaximumInscribedCircle_r(geos.handle(), g.get(), std::max(tolerance, 1e-9));
  if (!raw) return {{NAN, NAN}, 0};
  const geom::GeosGeom line = geos.wrap(raw);
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(geos.handle(), line.get());
  double x0 = NAN, y0 = NAN, x1 = NAN, y1 = NAN;
  GEOSCoordSeq_getXY_r(geos.handle(), seq, 0, &x0, &y0);
  GEOSCoordSeq_getXY_r(geos.handle(), seq, 1, &x1, &y1);
  return {{x0, y0}, std::hypot(x1 - x0, y1 - y0)};
}

MapFrame hotspot_map_frame(const HotspotMap& m) {
  const Layout l = layout_of(m.width, m.height);
  return MapFrame(m.areas ? lonlat_extent(*m.areas) : Envelope{}, l.left, l.top, l.width, l.height);
}

void write_hotspot_map(const std::string& path, const HotspotMap& m) {
  if (!m.areas) throw Error(ErrorKind::internal, "hot-spot map without areas").at_file(path);
  Canvas canvas(m.width, m.height);
  cairo_t* cr = *canvas;
  const MapFrame f = hotspot_map_frame(m);
  const Layout l = layout_of(m.width, m.height);
  const output::MapColours& mc = output::map_colours();
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  for (size_t i = 0; i < m.areas->size(); ++i) {
    const MultiPolygon& mp = polygons_of(m.areas->geometry[i]);
    polygon_path(cr, f, mp);
    colour(cr, class_colour(m.areas->properties[i], m.category));
    cairo_fill_preserve(cr);
    colour(cr, mc.outline);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
  }
  if (m.streets) {
    for (size_t i = 0; i < m.streets->size(); ++i)
      line_path(cr, f, lines_of(m.streets->geometry[i]));
    colour(cr, Rgb{0x66, 0x66, 0x66}, 0.55);
    cairo_set_line_width(cr, 0.7);
    cairo_stroke(cr);
  }
  if (m.borders) {
    for (size_t i = 0; i < m.borders->size(); ++i)
      polygon_path(cr, f, polygons_of(m.borders->geometry[i]));
    colour(cr, mc.border);
    cairo_set_line_width(cr, 1.8);
    cairo_stroke(cr);
  }
  for (const auto& [code, number] : m.numbered) {
    const int64_t i = m.areas->find("code", code);
    if (i < 0) continue;
    const MultiPolygon& mp = polygons_of(m.areas->geometry[static_cast<size_t>(i)]);
    const auto [centre, radius] = inner_point(planar(f, mp));
    if (!std::isfinite(centre.x)) continue;
    (void)radius;
    const XY at = f.planar_to_pixel(centre);
    badge(cr, at.x, at.y, std::to_string(number));
  }
  title_block(cr, m.title, m.subtitle);
  std::vector<LegendEntry> entries = gi_legend(m.language);
  if (m.borders)
    entries.push_back(
        {LegendEntry::thick_line, mc.border, m.language == "en" ? "District border" : "Wijkgrens"});
  if (m.streets)
    entries.push_back(
        {LegendEntry::line, Rgb{0x88, 0x88, 0x88}, m.language == "en" ? "Street" : "Straat"});
  legend(cr, l.legend_x, l.top + 14, m.language == "en" ? "Gi* hot spots" : "Gi*-hotspots",
         entries);
  if (!m.numbered.empty())
    text(cr, l.legend_x, l.top + 14 + 32 + 22.0 * static_cast<double>(entries.size()) + 12,
         m.language == "en" ? "Numbers: the focus list" : "Nummers: de focuslijst", 12, false,
         Anchor::left, Rgb{0x55, 0x55, 0x55});
  scale_bar(cr, f, l.left + 10, l.top + l.height - 8, 160, m.language);
  save_png(canvas, path);
}

namespace {

Envelope focus_extent(const FocusAreaMap& m, int64_t* index) {
  if (!m.focus) throw Error(ErrorKind::internal, "focus map without a focus layer");
  const int64_t i = m.focus->find("code", m.focus_code);
  if (i < 0)
    throw Error(ErrorKind::internal, "focus area '" + m.focus_code + "' not in its layer")
        .at_file(m.focus->path);
  if (index) *index = i;
  Envelope e;
  const auto& g = m.focus->geometry[static_cast<size_t>(i)];
  for (const auto& p : polygons_of(g)) e.expand(envelope_of(p.outer));
  for (const auto& line : lines_of(g)) e.expand(envelope_of(line));
  if (e.empty())
    throw Error(ErrorKind::internal, "focus area '" + m.focus_code + "' has no geometry")
        .at_file(m.focus->path);
  // At least ~600 m across and the area's own size around it on every side.
  const double cx = (e.min_x + e.max_x) / 2, cy = (e.min_y + e.max_y) / 2;
  const double m_per_deg_y = kDegree * kEarthRadiusM,
               m_per_deg_x = m_per_deg_y * std::cos(cy * kDegree);
  const double half_w = std::max((e.max_x - e.min_x) * m_per_deg_x * 0.9, 300.0) / m_per_deg_x;
  const double half_h = std::max((e.max_y - e.min_y) * m_per_deg_y * 0.9, 300.0) / m_per_deg_y;
  return Envelope{cx - half_w, cy - half_h, cx + half_w, cy + half_h};
}

}  // namespace

MapFrame focus_map_frame(const FocusAreaMap& m) {
  const Layout l = layout_of(m.width, m.height);
  return MapFrame(focus_extent(m, nullptr), l.left, l.top, l.width, l.height);
}

void write_focus_map(const std::string& path, const FocusAreaMap& m) {
  int64_t fi = -1;
  const Envelope view = focus_extent(m, &fi);
  const Layout l = layout_of(m.width, m.height);
  const MapFrame f(view, l.left, l.top, l.width, l.height);
  Canvas canvas(m.width, m.height);
  cairo_t* cr = *canvas;
  const output::MapColours& mc = output::map_colours();
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_rectangle(cr, l.left, l.top, l.width, l.height);
  cairo_clip(cr);
  if (m.areas)
    for (size_t i = 0; i < m.areas->size(); ++i) {
      polygon_path(cr, f, polygons_of(m.areas->geometry[i]));
      colour(cr, class_colour(m.areas->properties[i], m.category), 0.55);
      cairo_fill_preserve(cr);
      colour(cr, mc.outline);
      cairo_set_line_width(cr, 0.8);
      cairo_stroke(cr);
    }
  const auto& fg = m.focus->geometry[static_cast<size_t>(fi)];
  const std::vector<LineString>& focus_lines = lines_of(fg);
  if (!focus_lines.empty()) {  // a straat: a black halo under its line
    line_path(cr, f, focus_lines);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 9);
    cairo_stroke(cr);
  }
  if (m.streets) {
    for (int pass = 0; pass < 2; ++pass)  // not significant first, significant on top
      for (size_t i = 0; i < m.streets->size(); ++i) {
        const bool sig = is_significant(m.streets->properties[i], m.category);
        if (sig != (pass == 1)) continue;
        line_path(cr, f, lines_of(m.streets->geometry[i]));
        colour(cr, sig ? class_colour(m.streets->properties[i], m.category) : mc.street);
        cairo_set_line_width(cr, sig ? 4.5 : 1.3);
        cairo_stroke(cr);
      }
  }
  const MultiPolygon& focus_poly = polygons_of(fg);
  if (!focus_poly.empty()) {
    polygon_path(cr, f, focus_poly);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 3.5);
    cairo_stroke(cr);
  }
  cairo_reset_clip(cr);
  cairo_rectangle(cr, l.left, l.top, l.width, l.height);
  colour(cr, Rgb{0xAA, 0xAA, 0xAA});
  cairo_set_line_width(cr, 1);
  cairo_stroke(cr);
  title_block(cr, m.title, m.subtitle);
  std::vector<LegendEntry> entries = gi_legend(m.language);
  entries.push_back({LegendEntry::thick_line, Rgb{0, 0, 0},
                     m.language == "en" ? "The focus area" : "Het focusgebied"});
  if (m.streets)
    entries.push_back(
        {LegendEntry::line, mc.street,
         m.language == "en" ? "Street, not significant" : "Straat, niet significant"});
  legend(cr, l.legend_x, l.top + 14, m.language == "en" ? "Gi* hot spots" : "Gi*-hotspots",
         entries);
  text(cr, l.legend_x, l.top + 14 + 32 + 22.0 * static_cast<double>(entries.size()) + 12,
       m.language == "en" ? "Buurten pale, streets in full colour"
                          : "Buurten licht, straten in volle kleur",
       12, false, Anchor::left, Rgb{0x55, 0x55, 0x55});
  scale_bar(cr, f, l.left + 10, l.top + l.height - 8, 160, m.language);
  save_png(canvas, path);
}

void write_month_chart(const std::string& path, const MonthChart& c) {
  Canvas canvas(c.width, c.height);
  cairo_t* cr = *canvas;
  const double left = 56, right = 16, top = 64, bottom = 42;
  const double w = c.width - left - right, h = c.height - top - bottom;
  const size_t n = c.months.size();
  int64_t max = 0;
  for (const auto& v : c.values)
    if (v) max = std::max(max, *v);
  // A round tick step (1, 2, 2.5 or 5 times a power of ten) giving at most 5 ticks.
  const double step = [max] {
    for (double p = 1; p <= 1e9; p *= 10)
      for (double s : {1.0, 2.0, 2.5, 5.0})
        if (s * p * 5 >= static_cast<double>(max)) return s * p;
    return 1e10;
  }();
  const double top_value = std::max(step, std::ceil(static_cast<double>(max) / step) * step);
  const double bw = n ? w / static_cast<double>(n) : w;
  auto y_of = [&](double v) { return top + h - v / top_value * h; };
  if (c.first_current >= 0 && c.n_current > 0) {
    cairo_rectangle(cr, left + c.first_current * bw, top, c.n_current * bw, h);
    colour(cr, kShade);
    cairo_fill(cr);
  }
  cairo_set_line_width(cr, 1);
  for (double v = 0; v <= top_value + 1e-9; v += step) {
    const double y = std::round(y_of(v)) + 0.5;
    cairo_move_to(cr, left, y);
    cairo_line_to(cr, left + w, y);
    cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
    cairo_stroke(cr);
    text(cr, left - 6, y + 4, std::to_string(static_cast<int64_t>(v)), 11, false, Anchor::right);
  }
  bool any_null = false;
  for (size_t i = 0; i < n && i < c.values.size(); ++i) {
    const double x = left + static_cast<double>(i) * bw;
    if (!c.values[i]) {
      any_null = true;
      cairo_rectangle(cr, x + 1, top + h - 5, std::max(1.0, bw - 2), 5);
      colour(cr, kSuppressed);
      cairo_fill(cr);
      continue;
    }
    const double y = y_of(static_cast<double>(*c.values[i]));
    cairo_rectangle(cr, x + 1, y, std::max(1.0, bw - 2), top + h - y);
    colour(cr, kBar);
    cairo_fill(cr);
  }
  cairo_move_to(cr, left, top + h + 0.5);
  cairo_line_to(cr, left + w, top + h + 0.5);
  cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
  cairo_stroke(cr);
  const size_t every = n > 24 ? 6 : n > 12 ? 3 : 1;
  for (size_t i = 0; i < n; i += every)
    text(cr, left + (static_cast<double>(i) + 0.5) * bw, top + h + 18, c.months[i], 11, false,
         Anchor::centre);
  title_block(cr, c.title, c.subtitle);
  // Key, top right.
  std::string key = c.language == "en" ? "yellow: analysis period" : "geel: analyseperiode";
  if (any_null) key += c.language == "en" ? "   grey: suppressed" : "   grijs: afgeschermd";
  text(cr, c.width - right, 28, key, 12, false, Anchor::right, Rgb{0x55, 0x55, 0x55});
  save_png(canvas, path);
}

}  // namespace brandpunt::report
