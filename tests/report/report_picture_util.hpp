// Reading a PNG back (cairo) to check the colour at a pixel.
#pragma once

#include <cairo.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>

#include "core/geometry.hpp"
#include "output/symbology.hpp"

namespace brandpunt::report::testing {

class Png {
 public:
  explicit Png(const std::string& path)
      : surface_(cairo_image_surface_create_from_png(path.c_str()), &cairo_surface_destroy) {
    if (cairo_surface_status(surface_.get()) != CAIRO_STATUS_SUCCESS)
      throw std::runtime_error("cannot read " + path);
    cairo_surface_flush(surface_.get());
  }
  int width() const { return cairo_image_surface_get_width(surface_.get()); }
  int height() const { return cairo_image_surface_get_height(surface_.get()); }
  // The colour of the pixel that contains (x, y); black outside the picture.
  output::Rgb at(XY p) const {
    const int x = static_cast<int>(std::floor(p.x)), y = static_cast<int>(std::floor(p.y));
    if (x < 0 || y < 0 || x >= width() || y >= height()) return {0, 0, 0};
    const unsigned char* data = cairo_image_surface_get_data(surface_.get());
    const int stride = cairo_image_surface_get_stride(surface_.get());
    const uint32_t v =
        *reinterpret_cast<const uint32_t*>(data + y * stride + x * 4);  // native-endian xRGB
    return {static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
  }

 private:
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface_;
};

}  // namespace brandpunt::report::testing
