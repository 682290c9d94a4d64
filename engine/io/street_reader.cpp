#include "io/street_reader.hpp"

#include <cmath>

#include "core/error.hpp"
#include "crs/transform.hpp"
#include "io/gdal_source.hpp"
#include "io/interner.hpp"

namespace brandpunt::io {

StreetLines read_streets(const std::string& path, const std::string& layer,
                         const std::string& name_field, const std::string& analysis_crs,
                         const std::string& crs) {
  if (path.empty()) throw Error(ErrorKind::config, "must be set").at_field("path");
  VectorSource src(path, layer);
  const int fname = src.field_index(name_field, "name_field");
  src.read_only_fields({fname}, true);
  const std::string source_crs = crs.empty() ? src.crs() : crs;
  if (source_crs.empty())
    throw Error(ErrorKind::crs, "the layer has no CRS; set crs").at_file(path).at_field("crs");
  auto transformer = [&]() {
    try {
      return crs::Transformer(source_crs, analysis_crs);
    } catch (Error& e) {
      throw e.at_file(path).at_field("crs");
    }
  }();

  StreetLines out;
  StringInterner names;
  std::vector<LineString> parts;
  while (Feature feature = src.next()) {
    OGRFeatureH f = feature.get();
    ++out.features;
    parts.clear();
    if (!append_lines(OGR_F_GetGeometryRef(f), parts)) {
      ++out.skipped;
      continue;
    }
    uint32_t id = kNoStreet;
    if (OGR_F_IsFieldSetAndNotNull(f, fname)) {
      std::string_view n = OGR_F_GetFieldAsString(f, fname);
      while (!n.empty() && n.front() == ' ') n.remove_prefix(1);
      while (!n.empty() && n.back() == ' ') n.remove_suffix(1);
      if (!n.empty()) {
        bool added = false;
        id = names.intern(n, &added);
        if (added) out.names.emplace_back(n);
      }
    }
    for (auto& line : parts) {
      if (!transformer.is_identity()) {
        std::vector<double> xs(line.size()), ys(line.size());
        for (size_t i = 0; i < line.size(); ++i) xs[i] = line[i].x, ys[i] = line[i].y;
        transformer.transform(xs.data(), ys.data(), xs.size());
        for (size_t i = 0; i < line.size(); ++i) {
          if (!std::isfinite(xs[i]) || !std::isfinite(ys[i]))
            throw Error(ErrorKind::crs, "street cannot be projected to " + analysis_crs)
                .at_file(path)
                .at_row(out.features);
          line[i] = XY{xs[i], ys[i]};
        }
      }
      out.lines.push_back(std::move(line));
      out.name.push_back(id);
    }
  }
  return out;
}

}  // namespace brandpunt::io
