#include "focus/indicators.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include "core/error.hpp"
#include "focus/text.hpp"

namespace brandpunt::focus {

const char* to_string(Measure m) {
  switch (m) {
    case Measure::count:
      return "count";
    case Measure::per_1000:
      return "per_1000";
    case Measure::share:
      return "share";
  }
  return "count";
}

const char* to_string(Direction d) {
  switch (d) {
    case Direction::lt:
      return "lt";
    case Direction::le:
      return "le";
    case Direction::gt:
      return "gt";
    case Direction::ge:
      return "ge";
  }
  return "lt";
}

const char* symbol(Direction d) {
  switch (d) {
    case Direction::lt:
      return "<";
    case Direction::le:
      return "≤";
    case Direction::gt:
      return ">";
    case Direction::ge:
      return "≥";
  }
  return "<";
}

int window_months(const std::string& period) {
  if (period == "month") return 1;
  if (period == "quarter") return 3;
  if (period == "year") return 12;
  return 0;
}

namespace {

std::optional<Direction> parse_direction(const std::string& s) {
  if (s == "lt" || s == "<") return Direction::lt;
  if (s == "le" || s == "<=" || s == "≤") return Direction::le;
  if (s == "gt" || s == ">") return Direction::gt;
  if (s == "ge" || s == ">=" || s == "≥") return Direction::ge;
  return std::nullopt;
}

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

// Reads one [[indicator]] table; errors carry the file, the line and "indicator[i].key".
class Reader {
 public:
  Reader(const std::string& file, const toml::table& t, size_t index)
      : file_(file), t_(t), prefix_("indicator[" + std::to_string(index + 1) + "]") {}

  Error error(const std::string& key, const std::string& message) const {
    Error e(ErrorKind::config, message);
    e.at_file(file_);
    const toml::node* n = t_.get(key);
    const int64_t line = n ? n->source().begin.line : table_line();
    if (line > 0) e.at_row(line);
    e.at_field(prefix_ + "." + key);
    return e;
  }
  int64_t table_line() const {
    // The table of an [[indicator]] header knows where it starts; fall back to its first key.
    if (t_.source().begin.line > 0) return t_.source().begin.line;
    for (const auto& [k, v] : t_) return v.source().begin.line;
    return -1;
  }
  const toml::node* get(const std::string& key) const { return t_.get(key); }
  std::string required_string(const std::string& key) const {
    const toml::node* n = t_.get(key);
    if (!n) throw error(key, "missing required key '" + key + "'");
    auto v = n->value<std::string>();
    if (!v || trim(*v).empty()) throw error(key, "must be a non-empty string");
    return trim(*v);
  }
  std::vector<std::string> strings(const std::string& key) const {
    const toml::node* n = t_.get(key);
    std::vector<std::string> out;
    if (auto v = n->value<std::string>()) {
      out.push_back(trim(*v));
    } else if (const toml::array* a = n->as_array()) {
      for (const toml::node& item : *a) {
        auto s = item.value<std::string>();
        if (!s) throw error(key, "must be a string or an array of strings");
        out.push_back(trim(*s));
      }
    } else {
      throw error(key, "must be a string or an array of strings");
    }
    if (out.empty()) throw error(key, "must not be empty");
    return out;
  }
  const toml::table& table() const { return t_; }

 private:
  const std::string& file_;
  const toml::table& t_;
  std::string prefix_;
};

void read_target(const Reader& r, Indicator& ind) {
  const toml::node* t = r.get("target");
  if (!t) throw r.error("target", "missing required key 'target' (e.g. target = \"< 3.5\")");
  std::optional<Direction> dir;
  if (auto s = t->value_exact<std::string>()) {
    std::string text = trim(*s);
    // Longest operators first, so "<=" is not read as "<" followed by "=3".
    for (const char* op : {"<=", ">=", "≤", "≥", "<", ">"}) {
      const std::string o(op);
      if (text.rfind(o, 0) == 0) {
        dir = parse_direction(o);
        text = text.substr(o.size());
        break;
      }
    }
    auto v = parse_decimal(text);
    if (!v) throw r.error("target", "cannot read target '" + *s + "' (expected e.g. \"< 3.5\")");
    ind.target = *v;
  } else if (auto v = t->value<double>(); v && !t->is_boolean()) {
    if (!std::isfinite(*v)) throw r.error("target", "target must be a finite number");
    ind.target = *v;
  } else {
    throw r.error("target", "must be a string such as \"< 3.5\" or a number with 'direction'");
  }
  if (const toml::node* d = r.get("direction")) {
    auto s = d->value<std::string>();
    std::optional<Direction> explicit_dir = s ? parse_direction(trim(*s)) : std::nullopt;
    if (!explicit_dir)
      throw r.error("direction", "unknown direction (expected lt, le, gt, ge, <, <=, >, >=)");
    if (dir && *dir != *explicit_dir)
      throw r.error("direction", "direction contradicts the operator in 'target'");
    dir = explicit_dir;
  }
  if (!dir)
    throw r.error("target",
                  "target without a direction: write e.g. target = \"< 3.5\" or add "
                  "direction = \"lt\"");
  ind.direction = *dir;
}

}  // namespace

std::vector<Indicator> parse_indicators(
    const toml::array* arr, const std::string& file,
    const std::function<bool(const std::string&)>& category_exists) {
  std::vector<Indicator> out;
  if (!arr) return out;
  std::set<std::pair<std::string, std::string>> seen;  // (level, name)
  for (size_t i = 0; i < arr->size(); ++i) {
    const toml::table* t = (*arr)[i].as_table();
    if (!t) {
      Error e(ErrorKind::config, "each [[indicator]] must be a table");
      e.at_file(file).at_field("indicator[" + std::to_string(i + 1) + "]");
      if ((*arr)[i].source().begin.line > 0) e.at_row((*arr)[i].source().begin.line);
      throw e;
    }
    const Reader r(file, *t, i);
    for (const auto& [k, v] : *t) {
      constexpr std::string_view kKnown[] = {"name",    "category", "categories", "level",
                                             "measure", "period",   "target",     "direction"};
      if (std::find(std::begin(kKnown), std::end(kKnown), k.str()) == std::end(kKnown))
        throw r.error(std::string(k.str()),
                      "unknown key (expected one of: name, category, categories, level, "
                      "measure, period, target, direction)");
    }
    Indicator ind;
    ind.config_line = r.table_line();
    ind.name = r.required_string("name");

    const bool one = t->contains("category"), many = t->contains("categories");
    if (one == many)
      throw r.error(one ? "categories" : "category",
                    one ? "give either 'category' or 'categories', not both"
                        : "missing required key 'category' (or 'categories')");
    const std::string cat_key = one ? "category" : "categories";
    ind.categories = r.strings(cat_key);
    for (const std::string& c : ind.categories)
      if (!category_exists(c)) throw r.error(cat_key, "unknown category '" + c + "'");

    const std::string m = r.required_string("measure");
    if (m == "count")
      ind.measure = Measure::count;
    else if (m == "per_1000")
      ind.measure = Measure::per_1000;
    else if (m == "share")
      ind.measure = Measure::share;
    else
      throw r.error("measure", "unknown measure '" + m + "' (expected count, per_1000, share)");

    if (t->contains("period")) {
      ind.period = r.required_string("period");
      if (window_months(ind.period) == 0)
        throw r.error("period",
                      "unknown period '" + ind.period + "' (expected month, quarter, year)");
    }
    read_target(r, ind);

    if (!t->contains("level")) throw r.error("level", "missing required key 'level'");
    for (const std::string& level : r.strings("level")) {
      if (level != "gemeente" && level != "wijk" && level != "buurt")
        throw r.error("level", "unknown level '" + level + "' (expected gemeente, wijk, buurt)");
      if (!seen.insert({level, ind.name}).second)
        throw r.error("name", "indicator '" + ind.name + "' is defined twice for level " + level);
      Indicator copy = ind;
      copy.level = level;
      out.push_back(std::move(copy));
    }
  }
  return out;
}

bool target_met(Direction d, double value, double target) {
  if (!std::isfinite(value) || !std::isfinite(target)) return false;
  const double band = 1e-9 * std::max(1.0, std::fabs(target));
  const bool equal = std::fabs(value - target) <= band;
  switch (d) {
    case Direction::lt:
      return !equal && value < target;
    case Direction::le:
      return equal || value < target;
    case Direction::gt:
      return !equal && value > target;
    case Direction::ge:
      return equal || value > target;
  }
  return false;
}

namespace {

double measure_value(Measure m, double count, double totaal, double population) {
  if (!std::isfinite(count) || count < 0) return kNaN;
  switch (m) {
    case Measure::count:
      return count;
    case Measure::per_1000:
      // count · 1000 / population, in this order: 35 per 10,000 gives exactly 3.5.
      if (!std::isfinite(population) || population <= 0) return kNaN;
      return count * 1000.0 / population;
    case Measure::share:
      if (!std::isfinite(totaal) || totaal <= 0) return kNaN;
      return count * 100.0 / totaal;
  }
  return kNaN;
}

}  // namespace

IndicatorResult evaluate(const Indicator& ind, const IndicatorInput& in) {
  IndicatorResult r;
  r.indicator = ind.name;
  r.code = in.code;
  r.name = in.name;
  r.level = in.level.empty() ? ind.level : in.level;
  r.measure = ind.measure;
  r.period = ind.period;
  r.target = ind.target;
  r.direction = ind.direction;
  r.direction_text = std::string(symbol(ind.direction)) + " " + format_plain(ind.target);
  r.value = measure_value(ind.measure, in.count_now, in.totaal_now, in.population);
  r.previous = measure_value(ind.measure, in.count_prev, in.totaal_prev, in.population);
  if (std::isfinite(r.value) && std::isfinite(r.previous)) r.change = r.value - r.previous;
  r.status = !std::isfinite(r.value)                          ? "no_data"
             : target_met(ind.direction, r.value, ind.target) ? "met"
                                                              : "not_met";
  return r;
}

}  // namespace brandpunt::focus
