// The page assets compiled into brandpunt (internal to engine/report): Leaflet's script and
// style sheet from Debian's libjs-leaflet, read at configure time from BRANDPUNT_LEAFLET_DIR
// (default /usr/share/javascript/leaflet) into a generated source in the build folder, with
// its copyright notice and licence (BSD-2-Clause); and the map page's own script and style
// sheet (map_page.js, map_page.css beside this file). Leaflet's code is never part of the
// repository. The style sheet has its url(...) references removed: the page loads nothing.
//
//   std::string html = "<script>" + std::string(assets::leaflet_js()) + "</script>";
#pragma once

#include <string_view>

namespace brandpunt::report::assets {

std::string_view leaflet_js();
std::string_view leaflet_css();
std::string_view leaflet_version();  // e.g. "1.7.1~dfsg-7" (the Debian package), or ""
std::string_view leaflet_notice();   // copyright and licence, as a comment-safe text
std::string_view map_page_js();
std::string_view map_page_css();

}  // namespace brandpunt::report::assets
