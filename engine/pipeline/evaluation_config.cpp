#include "pipeline/evaluation_config.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "aggregate/cube.hpp"
#include "core/taxonomy.hpp"

namespace brandpunt::pipeline {

namespace {

// One TOML table with the dotted name its errors give ("evaluation", "intervention[2]").
class Keys {
 public:
  Keys(const std::string& file, const toml::table& t, std::string name) : file_(file), t_(t), name_(std::move(name)) {}

  Error error(const std::string& key, const std::string& message) const {
    Error e(ErrorKind::config, message);
    e.at_file(file_).at_field(name_ + "." + key);
    const toml::node* n = t_.get(key);
    const int64_t line = n ? n->source().begin.line : t_.source().begin.line;
    if (line > 0) e.at_row(line);
    return e;
  }
  void allow(std::initializer_list<const char*> known) const {
    const std::set<std::string> k(known.begin(), known.end());
    for (const auto& [key, v] : t_)
      if (!k.count(std::string(key.str()))) {
        std::string list;
        for (const char* s : known) list += (list.empty() ? "" : ", ") + std::string(s);
        throw error(std::string(key.str()), "unknown key (expected one of: " + list + ")");
      }
  }
  bool has(const std::string& key) const { return t_.contains(key); }
  std::optional<int64_t> integer(const std::string& key, int64_t lo, int64_t hi, const std::string& unit) const {
    const toml::node* n = t_.get(key);
    if (!n) return std::nullopt;
    const auto v = n->value_exact<int64_t>();
    if (!v || *v < lo || *v > hi)
      throw error(key, "must be an integer " + std::to_string(lo) + ".." + std::to_string(hi) + " (" + unit + ")");
    return *v;
  }
  std::optional<std::string> str(const std::string& key) const {
    const toml::node* n = t_.get(key);
    if (!n) return std::nullopt;
    const auto v = n->value<std::string>();
    if (!v || v->empty()) throw error(key, "must be a non-empty string");
    return *v;
  }
  std::vector<std::string> codes(const std::string& key) const {
    const toml::node* n = t_.get(key);
    if (!n) return {};
    const toml::array* a = n->as_array();
    std::vector<std::string> out;
    if (a)
      for (const auto& item : *a) {
        const auto v = item.value<std::string>();
        if (!v || v->empty()) {
          a = nullptr;
          break;
        }
        out.push_back(*v);
      }
    if (!a) throw error(key, "must be an array of area codes (strings)");
    std::set<std::string> seen;
    for (const auto& c : out)
      if (!seen.insert(c).second) throw error(key, "lists area '" + c + "' twice");
    return out;
  }
  int64_t line() const { return t_.source().begin.line; }

 private:
  const std::string& file_;
  const toml::table& t_;
  std::string name_;
};

InterventionConfig parse_intervention(const std::string& file, const toml::table& t, size_t index) {
  const Keys k(file, t, "intervention[" + std::to_string(index) + "]");
  k.allow({"name", "level", "category", "areas", "start", "control", "displacement", "displacement_control",
           "displacement_buffer_m", "before_months"});
  InterventionConfig iv;
  iv.index = index;
  iv.config_line = k.line();
  if (!k.has("name")) throw k.error("name", "missing required key");
  iv.name = *k.str("name");
  iv.level = k.str("level").value_or(iv.level);
  if (iv.level != "buurt" && iv.level != "wijk") throw k.error("level", "must be buurt or wijk");
  iv.category = k.str("category").value_or(iv.category);
  const Taxonomy tax = Taxonomy::dutch_default();
  if (iv.category != "totaal" && !tax.main_index(iv.category)) {
    std::string mains;
    for (const auto& m : tax.mains) mains += ", " + m.key;
    throw k.error("category", "must be totaal or a main category (" + mains.substr(2) + "); got '" + iv.category + "'");
  }
  if (!k.has("areas")) throw k.error("areas", "missing required key (the treated area codes)");
  iv.areas = k.codes("areas");
  if (iv.areas.empty()) throw k.error("areas", "must list at least one area code");
  iv.control = k.codes("control");
  iv.displacement = k.codes("displacement");
  iv.displacement_control = k.codes("displacement_control");
  if (!iv.displacement_control.empty() && iv.displacement.empty() && !k.has("displacement_buffer_m"))
    throw k.error("displacement_control", "needs a displacement zone (displacement or displacement_buffer_m)");
  // A treated area can be no control or displacement area of its own approach.
  const std::set<std::string> treated(iv.areas.begin(), iv.areas.end());
  std::set<std::string> used = treated;
  for (const char* key : {"control", "displacement", "displacement_control"}) {
    const auto& list = std::string(key) == "control" ? iv.control
                       : std::string(key) == "displacement" ? iv.displacement : iv.displacement_control;
    for (const auto& c : list)
      if (!used.insert(c).second)
        throw k.error(key, "area '" + c + "' is already " + (treated.count(c) ? "treated" : "in another group") +
                               " (treated, control and displacement areas must not overlap)");
  }
  if (const toml::node* n = t.get("displacement_buffer_m")) {
    const auto v = n->value<double>();
    if (!v || !std::isfinite(*v) || *v < 0 || *v > 5000)
      throw k.error("displacement_buffer_m", "must be a number 0..5000 (metres)");
    iv.displacement_buffer_m = *v;
  }
  if (!k.has("start")) throw k.error("start", "missing required key (first month of the approach, YYYY-MM)");
  const std::string start = *k.str("start");
  try {
    iv.start_month = aggregate::parse_month(start);
  } catch (const Error&) {
    throw k.error("start", "must be a month 'YYYY-MM', got '" + start + "'");
  }
  if (auto v = k.integer("before_months", 1, 120, "months before the start")) iv.before_months = static_cast<int>(*v);
  return iv;
}

}  // namespace

void parse_evaluation_config(const toml::table& root, const std::string& file, PipelineConfig& cfg) {
  if (const toml::node* n = root.get("evaluation")) {
    const toml::table* t = n->as_table();
    if (!t) throw Error(ErrorKind::config, "must be a table").at_file(file).at_field("evaluation");
    const Keys k(file, *t, "evaluation");
    k.allow({"horizon", "top_n", "random_draws", "seed"});
    if (auto v = k.integer("horizon", 1, 12, "months ahead")) cfg.evaluation.horizon = static_cast<int>(*v);
    if (auto v = k.integer("top_n", 1, 1000, "areas in a scored list")) cfg.evaluation.top_n = static_cast<int>(*v);
    if (auto v = k.integer("random_draws", 0, 9999, "random lists")) cfg.evaluation.random_draws = static_cast<int>(*v);
    if (auto v = k.integer("seed", 0, INT64_MAX, "any integer >= 0")) cfg.evaluation.seed = static_cast<uint64_t>(*v);
  }
  const toml::node* n = root.get("intervention");
  if (!n) return;
  if (!n->is_array_of_tables())
    throw Error(ErrorKind::config, "must be [[intervention]] tables").at_file(file).at_field("intervention");
  std::set<std::string> names;
  const toml::array& a = *n->as_array();
  for (size_t i = 0; i < a.size(); ++i) {
    InterventionConfig iv = parse_intervention(file, *a[i].as_table(), i + 1);
    if (!names.insert(iv.name).second)
      throw Keys(file, *a[i].as_table(), "intervention[" + std::to_string(i + 1) + "]")
          .error("name", "intervention '" + iv.name + "' is defined twice");
    cfg.interventions.push_back(std::move(iv));
  }
}

Error intervention_error(const PipelineConfig& cfg, const InterventionConfig& iv, const std::string& key,
                         const std::string& message) {
  Error e(ErrorKind::config, message);
  e.at_file(cfg.config_path).at_field("intervention[" + std::to_string(iv.index) + "]." + key);
  if (iv.config_line > 0) e.at_row(iv.config_line);
  return e;
}

}  // namespace brandpunt::pipeline
