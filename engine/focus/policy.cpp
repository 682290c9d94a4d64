#include "focus/policy.hpp"

#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace brandpunt::focus {

namespace {

Error config_error(const std::string& file, const toml::node* node, const std::string& field,
                   const std::string& message) {
  Error e(ErrorKind::config, message);
  e.at_file(file);
  if (node) e.at_row(static_cast<int64_t>(node->source().begin.line));
  e.at_field(field);
  return e;
}

double read_weight(const std::string& file, const toml::node& node, const std::string& field) {
  // value<double>() also accepts integers, so `hotspot = 3` and `hotspot = 3.0` both work.
  std::optional<double> v = node.value<double>();
  if (!v || node.is_boolean()) throw config_error(file, &node, field, "weight must be a number");
  if (!std::isfinite(*v) || *v < 0)
    throw config_error(file, &node, field, "weight must be a finite number >= 0");
  return *v;
}

int64_t read_int(const std::string& file, const toml::node& node, const std::string& field,
                 int64_t min, int64_t max) {
  std::optional<int64_t> v = node.value_exact<int64_t>();
  if (!v) throw config_error(file, &node, field, "must be an integer");
  if (*v < min || *v > max)
    throw config_error(file, &node, field,
                       "must be between " + std::to_string(min) + " and " + std::to_string(max));
  return *v;
}

std::vector<std::string> read_strings(const std::string& file, const toml::node& node,
                                      const std::string& field) {
  const toml::array* a = node.as_array();
  std::vector<std::string> out;
  if (a)
    for (const toml::node& item : *a)
      if (auto s = item.value_exact<std::string>()) out.push_back(*s);
  if (!a || out.size() != a->size() || out.empty())
    throw config_error(file, &node, field, "must be a non-empty array of strings");
  return out;
}

bool default_category(const std::string& key) {
  for (const char* k :
       {"totaal", "hic", "vermogen", "geweld", "overlast", "ondermijning", "overig"})
    if (key == k) return true;
  return false;
}

}  // namespace

void validate(const Policy& p) {
  const double w[] = {p.w_hotspot, p.w_excess, p.w_outlier, p.w_rate,
                      p.w_volume,  p.w_trend,  p.w_emerging, p.w_change};
  double sum = 0;
  for (double x : w) {
    if (!std::isfinite(x) || x < 0)
      throw Error(ErrorKind::config, "focus weights must be finite and >= 0")
          .at_field("focus.weights");
    sum += x;
  }
  if (sum <= 0)
    throw Error(ErrorKind::config, "all focus weights are 0: every score would be 0")
        .at_field("focus.weights");
  if (p.min_count < 1) throw Error(ErrorKind::config, "must be >= 1").at_field("focus.min_count");
  if (p.rows < 1) throw Error(ErrorKind::config, "must be >= 1").at_field("focus.rows");
  if (p.near_miss_rows < 0)
    throw Error(ErrorKind::config, "must be >= 0").at_field("focus.near_miss_rows");
  if (p.fading_rows < 0)
    throw Error(ErrorKind::config, "must be >= 0").at_field("focus.fading_rows");
  if (!(p.excess_alpha > 0 && p.excess_alpha < 1))
    throw Error(ErrorKind::config, "must be between 0 and 1").at_field("focus.excess_alpha");
  for (const std::string& level : p.levels)
    if (level != "straat" && level != "buurt" && level != "wijk")
      throw Error(ErrorKind::config, "unknown level '" + level + "'").at_field("focus.levels");
  if (p.language != "nl" && p.language != "en")
    throw Error(ErrorKind::config, "must be \"nl\" or \"en\"").at_field("focus.language");
}

Policy parse_policy(const toml::table* focus, const std::string& file,
                    const std::function<bool(const std::string&)>& category_exists,
                    const std::set<std::string>& extra_keys) {
  Policy p;
  if (!focus) return p;
  constexpr int64_t kMaxRows = 100000;
  for (const auto& [key_view, node] : *focus) {
    const std::string key(key_view.str());
    const std::string field = "focus." + key;
    if (extra_keys.count(key)) continue;
    if (key == "weights") {
      const toml::table* w = node.as_table();
      if (!w)
        throw config_error(file, &node, field,
                           "must be a table, e.g. weights = { hotspot = 3, rate = 2 }");
      for (const auto& [wk_view, wnode] : *w) {
        const std::string wk(wk_view.str());
        const std::string wfield = field + "." + wk;
        double* target = wk == "hotspot"    ? &p.w_hotspot
                         : wk == "excess"   ? &p.w_excess
                         : wk == "outlier"  ? &p.w_outlier
                         : wk == "rate"     ? &p.w_rate
                         : wk == "volume"   ? &p.w_volume
                         : wk == "trend"    ? &p.w_trend
                         : wk == "emerging" ? &p.w_emerging
                         : wk == "change"   ? &p.w_change
                                            : nullptr;
        if (!target)
          throw config_error(file, &wnode, wfield,
                             "unknown weight (expected one of: hotspot, excess, outlier, rate, "
                             "volume, trend, emerging, change)");
        *target = read_weight(file, wnode, wfield);
      }
      const double sum = p.w_hotspot + p.w_excess + p.w_outlier + p.w_rate + p.w_volume +
                         p.w_trend + p.w_emerging + p.w_change;
      if (sum <= 0)
        throw config_error(file, &node, field, "all focus weights are 0: every score would be 0");
    } else if (key == "min_count") {
      p.min_count = read_int(file, node, field, 1, std::numeric_limits<int64_t>::max());
    } else if (key == "rows") {
      p.rows = static_cast<int>(read_int(file, node, field, 1, kMaxRows));
    } else if (key == "near_miss_rows") {
      p.near_miss_rows = static_cast<int>(read_int(file, node, field, 0, kMaxRows));
    } else if (key == "fading_rows") {
      p.fading_rows = static_cast<int>(read_int(file, node, field, 0, kMaxRows));
    } else if (key == "exposure") {
      std::optional<std::string> v = node.value_exact<std::string>();
      if (!v || (*v != "auto" && *v != "population" && *v != "area" && *v != "baseline"))
        throw config_error(file, &node, field,
                           "must be \"auto\", \"population\", \"area\" or \"baseline\"");
      p.exposure = parse_exposure_choice(*v);
    } else if (key == "excess_alpha") {
      std::optional<double> v = node.value<double>();
      if (!v || node.is_boolean() || !(*v > 0 && *v < 1))
        throw config_error(file, &node, field, "must be a number between 0 and 1");
      p.excess_alpha = *v;
    } else if (key == "language") {
      std::optional<std::string> v = node.value<std::string>();
      if (!v || (*v != "nl" && *v != "en"))
        throw config_error(file, &node, field, "must be \"nl\" or \"en\"");
      p.language = *v;
    } else if (key == "levels" || key == "categories") {
      std::vector<std::string> list = read_strings(file, node, field);
      for (const std::string& v : list) {
        if (key == "levels" && v != "straat" && v != "buurt" && v != "wijk")
          throw config_error(file, &node, field,
                             "unknown level '" + v + "' (expected straat, buurt, wijk)");
        if (key == "categories" && !(category_exists ? category_exists(v) : default_category(v)))
          throw config_error(file, &node, field, "unknown category '" + v + "'");
      }
      (key == "levels" ? p.levels : p.categories) = std::move(list);
    } else if (key == "per_stadsdeel") {
      std::optional<bool> v = node.value_exact<bool>();
      if (!v) throw config_error(file, &node, field, "must be true or false");
      p.per_stadsdeel = *v;
    } else {
      throw config_error(file, &node, field,
                         "unknown key (expected one of: weights, exposure, excess_alpha, "
                         "min_count, rows, near_miss_rows, fading_rows, language, levels, "
                         "categories, per_stadsdeel)");
    }
  }
  return p;
}

}  // namespace brandpunt::focus
