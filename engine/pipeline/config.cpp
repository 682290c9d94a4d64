#include "pipeline/config.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <toml++/toml.h>

#include "core/error.hpp"
#include "core/suggest.hpp"
#include "core/taxonomy.hpp"
#include "io/csv.hpp"
#include "pipeline/config_text.hpp"
#include "pipeline/evaluation_config.hpp"

namespace fs = std::filesystem;

namespace brandpunt::pipeline {

const char* to_string(Profile p) { return p == Profile::public_ ? "public" : "restricted"; }

namespace {

// A view of one TOML table that remembers its dotted name for error messages and checks that
// every key in the file is one we know (a typo must not be silently ignored).
class Section {
 public:
  Section(const std::string& file, const toml::table* table, std::string name)
      : file_(file), table_(table), name_(std::move(name)) {}

  bool present() const { return table_ != nullptr; }

  Error error(const std::string& key, const std::string& message) const {
    Error e(ErrorKind::config, message);
    e.at_file(file_);
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (node) e.at_row(static_cast<int64_t>(node->source().begin.line));
    e.at_field(name_.empty() ? key : name_ + "." + key);
    return e;
  }

  void allow(std::initializer_list<const char*> keys) const {
    if (!table_) return;
    std::set<std::string> known(keys.begin(), keys.end());
    for (const auto& [k, v] : *table_) {
      if (!known.count(std::string(k.str()))) {
        std::string list;
        for (const auto& s : known) list += (list.empty() ? "" : ", ") + s;
        throw error(std::string(k.str()), "unknown key (expected one of: " + list + ")");
      }
    }
  }

  std::optional<std::string> str(const std::string& key) const {
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (!node) return std::nullopt;
    if (auto v = node->value<std::string>()) return *v;
    throw error(key, "must be a string");
  }
  std::string str_or(const std::string& key, const std::string& fallback) const {
    return str(key).value_or(fallback);
  }
  std::string required(const std::string& key) const {
    auto v = str(key);
    if (!v || v->empty()) {
      Error e(ErrorKind::config, "missing required key");
      e.at_file(file_).at_field(name_.empty() ? key : name_ + "." + key);
      throw e;
    }
    return *v;
  }
  std::optional<int64_t> integer(const std::string& key) const {
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (!node) return std::nullopt;
    if (auto v = node->value_exact<int64_t>()) return *v;
    throw error(key, "must be an integer");
  }
  std::optional<bool> boolean(const std::string& key) const {
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (!node) return std::nullopt;
    if (auto v = node->value_exact<bool>()) return *v;
    throw error(key, "must be true or false");
  }
  std::optional<double> number(const std::string& key) const {
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (!node) return std::nullopt;
    if (auto v = node->value<double>()) return *v;
    throw error(key, "must be a number");
  }
  std::vector<std::string> strings(const std::string& key, std::vector<std::string> fallback) const {
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (!node) return fallback;
    const toml::array* arr = node->as_array();
    if (!arr) throw error(key, "must be an array of strings");
    std::vector<std::string> out;
    for (const auto& item : *arr) {
      auto v = item.value<std::string>();
      if (!v) throw error(key, "must be an array of strings");
      out.push_back(*v);
    }
    return out;
  }
  Section sub(const std::string& key) const {
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (node && !node->is_table()) throw error(key, "must be a table");
    return Section(file_, node ? node->as_table() : nullptr, name_.empty() ? key : name_ + "." + key);
  }
  const toml::table* table() const { return table_; }
  const std::string& name() const { return name_; }

 private:
  const std::string& file_;
  const toml::table* table_;
  std::string name_;
};

// "YYYY-MM" with a year 1000..9999 and a month 01..12.
bool is_month(const std::string& s) {
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i)
      if (s[i] < '0' || s[i] > '9') return false;
    return true;
  };
  if (s.size() != 7 || s[4] != '-' || !digits(0, 4) || !digits(5, 2) || s[0] == '0') return false;
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  return month >= 1 && month <= 12;
}

std::string resolve(const fs::path& base, const std::string& p) {
  if (p.empty()) return p;
  fs::path path(p);
  return (path.is_absolute() ? path : base / path).lexically_normal().string();
}

LevelSource read_level(const Section& s, const fs::path& base, const std::string& level,
                       const std::string& crs_default) {
  s.allow({"path", "layer", "code", "name", "parent", "population", "crs", "same_as", "table",
           "table_key", "table_value", "max_repair_loss"});
  LevelSource out;
  out.same_as = s.str_or("same_as", "");
  out.table_path = resolve(base, s.str_or("table", ""));
  const std::string path = s.str_or("path", "");
  const int ways = !out.same_as.empty() + !out.table_path.empty() + !path.empty();
  if (ways != 1)
    throw s.error("path", "give exactly one of 'path' (a polygon layer), 'same_as' or 'table'");
  if (!out.table_path.empty()) {
    out.table_key = s.required("table_key");
    out.table_value = s.required("table_value");
    return out;
  }
  if (!out.same_as.empty()) return out;
  out.areas.path = resolve(base, path);
  out.areas.layer = s.str_or("layer", "");
  out.areas.code_field = s.required("code");
  out.areas.name_field = s.str_or("name", "");
  out.areas.parent_field = s.str_or("parent", "");
  out.areas.population_field = s.str_or("population", "");
  out.areas.level = level;
  out.areas.crs = s.str_or("crs", crs_default);
  if (auto v = s.number("max_repair_loss")) {
    if (!(*v >= 0 && *v <= 1)) throw s.error("max_repair_loss", "must be a share 0..1 (1 = any repair)");
    out.areas.max_repair_loss = *v;
  }
  return out;
}

LevelAnalysis read_level_analysis(const Section& s, const std::string& level, const HotspotOptions& hs) {
  LevelAnalysis la;
  const bool straat = level == "straat";
  la.weights.method = straat ? weights::WeightsMethod::knn : weights::WeightsMethod::queen;
  la.weights.k = straat ? hs.straat_knn : 8;
  la.weights.snap_m = hs.contiguity_snap_m;
  if (!s.present()) return la;
  la.configured = true;
  s.allow({"method", "k", "distance_m", "kernel", "bandwidth_m", "adaptive", "style", "snap_m", "statistic"});
  auto named = [&](const char* key, auto parse) {
    try {
      return parse(*s.str(key));
    } catch (const Error& e) {
      throw s.error(key, e.message());
    }
  };
  if (s.str("method")) la.weights.method = named("method", weights::parse_weights_method);
  if (s.str("style")) la.weights.style = named("style", weights::parse_weights_style);
  if (s.str("kernel")) la.weights.kernel = named("kernel", weights::parse_kernel_function);
  if (straat && weights::needs_polygons(la.weights))
    throw s.error("method", "straten are lines: use knn, distance_band or kernel");
  if (auto v = s.integer("k")) {
    if (*v < 1 || *v > 1000) throw s.error("k", "must be 1..1000 (neighbours)");
    la.weights.k = static_cast<unsigned>(*v);
  }
  if (auto v = s.number("distance_m")) {
    if (!(*v >= 0)) throw s.error("distance_m", "must be >= 0 (metres; 0 = the smallest band without islands)");
    la.weights.distance_m = *v;
  }
  if (auto v = s.number("bandwidth_m")) {
    if (!(*v >= 0)) throw s.error("bandwidth_m", "must be >= 0 (metres; 0 = from the k-th neighbour)");
    la.weights.bandwidth_m = *v;
  }
  if (auto v = s.number("snap_m")) {
    if (!(*v >= 0)) throw s.error("snap_m", "must be >= 0 (metres)");
    la.weights.snap_m = *v;
  }
  la.weights.adaptive = s.boolean("adaptive").value_or(false);
  if (la.weights.adaptive && la.weights.bandwidth_m > 0)
    throw s.error("adaptive", "an adaptive kernel takes its bandwidth from the k-th neighbour: leave bandwidth_m at 0");
  const std::string stat = s.str_or("statistic", "gi_star");
  if (stat != "gi_star" && stat != "gi")
    throw s.error("statistic", "must be \"gi_star\" (the area itself included) or \"gi\" (neighbours only)");
  la.gi_star = stat == "gi_star";
  for (const char* key : {"distance_m"})
    if (s.table()->get(key) && la.weights.method != weights::WeightsMethod::distance_band)
      throw s.error(key, "only for method = \"distance_band\"");
  for (const char* key : {"kernel", "bandwidth_m", "adaptive"})
    if (s.table()->get(key) && la.weights.method != weights::WeightsMethod::kernel)
      throw s.error(key, "only for method = \"kernel\"");
  return la;
}

// Category names in [focus] and [[indicator]] must exist: checked here with the nearest names
// (the focus and indicator parsers only know yes or no).
void check_category_names(const std::string& file, const toml::table& root, const Taxonomy& t) {
  const std::vector<std::string> valid = t.category_keys();
  auto check = [&](const toml::node& node, const std::string& field) {
    auto one = [&](const toml::node& n) {
      auto v = n.value<std::string>();
      if (!v || std::find(valid.begin(), valid.end(), *v) != valid.end()) return;
      throw Error(ErrorKind::config, unknown_name_message("category", *v, valid, "`brandpunt codes` lists them"))
          .at_file(file)
          .at_row(static_cast<int64_t>(n.source().begin.line))
          .at_field(field);
    };
    if (const toml::array* a = node.as_array()) for (const auto& item : *a) one(item);
    else one(node);
  };
  if (const toml::table* f = root["focus"].as_table())
    if (const toml::node* c = f->get("categories")) check(*c, "focus.categories");
  if (const toml::array* inds = root["indicator"].as_array())
    for (const auto& ind : *inds)
      if (const toml::table* t2 = ind.as_table())
        for (const char* key : {"category", "categories"})
          if (const toml::node* c = t2->get(key)) check(*c, std::string("indicator.") + key);
}

}  // namespace

PipelineConfig load_config(const std::string& path) {
  return load_config_text(read_config_text(path), path);
}

PipelineConfig load_config_text(std::string_view text, const std::string& path) {
  check_config_text(text, path);
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    throw Error(ErrorKind::config, std::string(e.description()))
        .at_file(path)
        .at_row(static_cast<int64_t>(e.source().begin.line));
  }
  PipelineConfig cfg;
  cfg.config_path = fs::absolute(path).lexically_normal().string();
  const fs::path base = fs::path(cfg.config_path).parent_path();
  const Section top(cfg.config_path, &root, "");
  top.allow({"project", "incidents", "taxonomy", "areas", "population", "streets", "period",
             "privacy", "hotspots", "weights", "grid", "kde", "time", "focus", "indicator",
             "monitoring", "output", "analysis", "checks", "evaluation", "intervention"});

  const Section project = top.sub("project");
  project.allow({"name", "analysis_crs", "output_dir", "threads"});
  cfg.name = project.str_or("name", cfg.name);
  cfg.analysis_crs = project.str_or("analysis_crs", cfg.analysis_crs);
  cfg.output_dir = resolve(base, project.str_or("output_dir", "out"));
  if (auto t = project.integer("threads")) {
    if (*t < 0 || *t > 4096) throw project.error("threads", "must be 0..4096 (0 = all cores)");
    cfg.threads = static_cast<unsigned>(*t);
  }

  const Section inc = top.sub("incidents");
  if (!inc.present()) throw Error(ErrorKind::config, "missing [incidents] section").at_file(cfg.config_path);
  inc.allow({"path", "layer", "id", "x", "y", "crs", "date", "time", "date_format", "category",
             "street", "delimiter", "time_from", "time_to", "encoding", "max_record_bytes",
             "max_record_lines"});
  cfg.incidents.path = resolve(base, inc.required("path"));
  cfg.incidents.layer = inc.str_or("layer", "");
  cfg.incidents.id_field = inc.str_or("id", "");
  cfg.incidents.x_field = inc.str_or("x", "");
  cfg.incidents.y_field = inc.str_or("y", "");
  cfg.incidents.crs = inc.str_or("crs", cfg.analysis_crs);
  cfg.incidents.date_field = inc.required("date");
  cfg.incidents.time_field = inc.str_or("time", "");
  cfg.incidents.time_from_field = inc.str_or("time_from", "");
  cfg.incidents.time_to_field = inc.str_or("time_to", "");
  cfg.incidents.date_format = inc.str_or("date_format", "auto");
  static const std::set<std::string> formats{"auto", "iso", "dmy", "mdy"};
  if (!formats.count(cfg.incidents.date_format))
    throw inc.error("date_format", "must be one of auto, iso, dmy, mdy");
  cfg.incidents.category_field = inc.required("category");
  cfg.incidents.street_field = inc.str_or("street", "");
  const std::string delim = inc.str_or("delimiter", "");
  if (delim.size() > 1) throw inc.error("delimiter", "must be a single character");
  if (delim == "\"" || delim == "\n" || delim == "\r" || (delim.size() == 1 && delim[0] == '\0'))
    throw inc.error("delimiter", "cannot be a quote or a line break");
  cfg.incidents.delimiter = delim.empty() ? 0 : delim[0];
  cfg.incidents.encoding = inc.str_or("encoding", "");
  if (!io::is_known_encoding(cfg.incidents.encoding))
    throw inc.error("encoding", "unknown encoding (e.g. UTF-8, latin1, cp1252, UTF-16)");
  if (auto v = inc.integer("max_record_bytes")) {
    if (*v < 64 || *v > (int64_t{1} << 30)) throw inc.error("max_record_bytes", "must be 64..1073741824 (bytes)");
    cfg.incidents.max_record_bytes = static_cast<size_t>(*v);
  }
  if (auto v = inc.integer("max_record_lines")) {
    if (*v < 1 || *v > 1000000) throw inc.error("max_record_lines", "must be 1..1000000");
    cfg.incidents.max_record_lines = *v;
  }
  if (cfg.incidents.x_field.empty() != cfg.incidents.y_field.empty())
    throw inc.error("x", "give both 'x' and 'y', or neither (point geometry)");

  const Section tax = top.sub("taxonomy");
  tax.allow({"codes", "unmapped"});
  cfg.unmapped_codes = tax.str_or("unmapped", cfg.unmapped_codes);
  if (cfg.unmapped_codes != "reject" && cfg.unmapped_codes != "overig")
    throw tax.error("unmapped", "must be \"reject\" (rows with an unknown code are rejected) or \"overig\" "
                                "(counted under overig until mapped)");
  const Section codes = tax.sub("codes");
  if (codes.present()) {
    const Taxonomy base = Taxonomy::dutch_default();
    const std::vector<std::string> subs = base.sub_keys();
    for (const auto& [k, v] : *codes.table()) {
      auto sub = v.value<std::string>();
      if (!sub) throw codes.error(std::string(k.str()), "must map a source code to a sub category key");
      if (!base.sub_index(*sub))
        throw codes.error(std::string(k.str()),
                          unknown_name_message("sub category", *sub, subs, "`brandpunt codes` lists them with their codes"));
      cfg.extra_codes[std::string(k.str())] = *sub;
    }
  }

  const Section areas = top.sub("areas");
  if (!areas.present()) throw Error(ErrorKind::config, "missing [areas] section").at_file(cfg.config_path);
  areas.allow({"buurt", "wijk", "stadsdeel", "gemeente"});
  const Section buurt = areas.sub("buurt");
  if (!buurt.present()) throw Error(ErrorKind::config, "missing [areas.buurt] section").at_file(cfg.config_path);
  cfg.buurt = read_level(buurt, base, "buurt", "");
  if (cfg.buurt.areas.path.empty()) throw buurt.error("path", "the buurt level must be a polygon layer");
  // Levels above buurt are optional: without [areas.wijk] the buurten roll up to the gemeente
  // directly (levels.hpp), without [areas.stadsdeel] the wijken serve as stadsdelen.
  const Section wijk = areas.sub("wijk");
  if (wijk.present()) {
    if (cfg.buurt.areas.parent_field.empty())
      throw buurt.error("parent", "the buurt layer needs its wijk code field ('parent') when [areas.wijk] is given");
    cfg.wijk = read_level(wijk, base, "wijk", "");
    if (!cfg.wijk.same_as.empty() || !cfg.wijk.table_path.empty())
      throw wijk.error("path", "the wijk level must be a polygon layer");
  }
  const Section sd = areas.sub("stadsdeel");
  if (sd.present()) {
    if (!wijk.present()) throw sd.error("path", "a stadsdeel level needs a wijk level ([areas.wijk])");
    cfg.stadsdeel = read_level(sd, base, "stadsdeel", "");
    if (!cfg.stadsdeel.same_as.empty() && cfg.stadsdeel.same_as != "wijk")
      throw sd.error("same_as", "only 'wijk' is supported");
    if (!cfg.stadsdeel.areas.path.empty() && cfg.wijk.areas.parent_field.empty() &&
        cfg.stadsdeel.table_path.empty())
      throw wijk.error("parent", "with a stadsdeel layer, the wijk layer needs its stadsdeel code field ('parent')");
  } else if (wijk.present()) {
    cfg.stadsdeel.same_as = "wijk";
  }
  const Section gm = areas.sub("gemeente");
  gm.allow({"code", "name"});
  cfg.gemeente_code = gm.str_or("code", "GM");
  cfg.gemeente_name = gm.str_or("name", cfg.name);

  const Section pop = top.sub("population");
  pop.allow({"path", "code", "value"});
  if (pop.present()) {
    cfg.population.path = resolve(base, pop.required("path"));
    cfg.population.code_field = pop.required("code");
    cfg.population.value_field = pop.required("value");
  }

  const Section streets = top.sub("streets");
  streets.allow({"path", "layer", "name", "snap_distance_m"});
  if (streets.present()) {
    cfg.streets.path = resolve(base, streets.required("path"));
    cfg.streets.layer = streets.str_or("layer", "");
    cfg.streets.name_field = streets.required("name");
  }
  if (auto d = streets.number("snap_distance_m")) {
    if (!(*d > 0)) throw streets.error("snap_distance_m", "must be > 0 (metres)");
    cfg.streets.snap_distance_m = *d;
  }

  const Section period = top.sub("period");
  period.allow({"end", "months", "series_months"});
  cfg.period.end_month = period.str_or("end", "");
  if (!cfg.period.end_month.empty() && !is_month(cfg.period.end_month))
    throw period.error("end", "must be a month 'YYYY-MM' (e.g. \"2024-06\"), not '" + cfg.period.end_month + "'");
  if (auto m = period.integer("months")) {
    if (*m < 1 || *m > 60) throw period.error("months", "must be 1..60");
    cfg.period.months = static_cast<int>(*m);
  }
  if (auto m = period.integer("series_months")) {
    if (*m < 0 || *m > 600) throw period.error("series_months", "must be 0..600");
    cfg.period.series_months = static_cast<int>(*m);
  }

  const Section checks = top.sub("checks");
  checks.allow({"min_assigned_share", "max_reject_share", "max_date_reject_share", "outlier_gap_months",
                "outlier_date_share"});
  for (auto [key, value] : {std::pair{"min_assigned_share", &cfg.checks.min_assigned_share},
                            std::pair{"max_reject_share", &cfg.checks.max_reject_share},
                            std::pair{"max_date_reject_share", &cfg.checks.max_date_reject_share},
                            std::pair{"outlier_date_share", &cfg.checks.outlier_date_share}})
    if (auto v = checks.number(key)) {
      if (!(*v >= 0 && *v <= 1)) throw checks.error(key, "must be a share from 0 to 1");
      *value = *v;
    }
  if (auto m = checks.integer("outlier_gap_months")) {
    if (*m < 1 || *m > 120) throw checks.error("outlier_gap_months", "must be 1..120");
    cfg.checks.outlier_gap_months = static_cast<int>(*m);
  }

  const Section privacy = top.sub("privacy");
  privacy.allow({"profile", "rho", "delta", "split", "threshold"});
  const std::string profile = privacy.str_or("profile", "public");
  if (profile == "public") cfg.privacy.profile = Profile::public_;
  else if (profile == "restricted") cfg.privacy.profile = Profile::restricted;
  else throw privacy.error("profile", "must be 'public' or 'restricted'");
  if (auto v = privacy.number("rho")) {
    // Above 100 the noise is below a tenth of an incident: no protection left to speak of.
    if (!(*v > 0) || *v > 100) throw privacy.error("rho", "the privacy budget must be > 0 and at most 100 (default 1)");
    cfg.privacy.rho = *v;
  }
  if (auto v = privacy.number("delta")) {
    if (!(*v > 0) || *v > 1e-3) throw privacy.error("delta", "must be > 0 and at most 0.001 (default 1e-9)");
    cfg.privacy.delta = *v;
  }
  if (const Section split = privacy.sub("split"); split.present()) {
    split.allow({"areas", "straten", "grid", "weeks", "accounting"});
    const std::pair<const char*, double*> shares[] = {{"areas", &cfg.privacy.share_areas},
                                                      {"straten", &cfg.privacy.share_straten},
                                                      {"grid", &cfg.privacy.share_grid},
                                                      {"weeks", &cfg.privacy.share_weeks}};
    for (const auto& [key, target] : shares)
      if (auto v = split.number(key)) {
        if (!(*v > 0) || *v > 1000) throw split.error(key, "a share of the budget must be > 0");
        *target = *v;
      }
    if (cfg.privacy.share_weeks >= 1 && split.number("weeks"))
      throw split.error("weeks", "the weekly series' share is a fraction of the whole budget, below 1");
    if (auto v = split.number("accounting")) {
      if (!(*v > 0) || *v >= 0.5)
        throw split.error("accounting", "the accounting's share is a fraction of the whole budget, above 0 and below 0.5 (default 0.01)");
      cfg.privacy.share_accounting = *v;
    }
  }
  if (auto t = privacy.integer("threshold")) {
    if (*t < 1 || *t > 1000) throw privacy.error("threshold", "must be 1..1000 (omit it for the default from delta)");
    cfg.privacy.threshold = *t;
  }

  const Section hs = top.sub("hotspots");
  hs.allow({"permutations", "seed", "correction", "inference", "contiguity_snap_m", "straat_knn",
            "global_permutations"});
  if (auto v = hs.integer("global_permutations")) {
    if (*v < 0 || *v > 99999) throw hs.error("global_permutations", "must be 0..99999 (0 = analytic p only)");
    cfg.hotspots.global_permutations = static_cast<unsigned>(*v);
  }
  cfg.hotspots.inference = hs.str_or("inference", cfg.hotspots.inference);
  if (cfg.hotspots.inference != "analytic" && cfg.hotspots.inference != "permutation")
    throw hs.error("inference", "must be analytic or permutation");
  if (auto v = hs.integer("permutations")) {
    if (*v < 0 || *v > 99999) throw hs.error("permutations", "must be 0..99999 (0 = analytic p-values)");
    cfg.hotspots.permutations = static_cast<unsigned>(*v);
  }
  if (auto v = hs.integer("seed")) {
    if (*v < 0) throw hs.error("seed", "must be >= 0");
    cfg.hotspots.seed = static_cast<uint64_t>(*v);
  }
  cfg.hotspots.correction = hs.str_or("correction", cfg.hotspots.correction);
  if (cfg.hotspots.correction != "fdr_bh" && cfg.hotspots.correction != "bonferroni" &&
      cfg.hotspots.correction != "none")
    throw hs.error("correction", "must be fdr_bh, bonferroni or none");
  if (auto v = hs.number("contiguity_snap_m")) {
    if (!(*v >= 0)) throw hs.error("contiguity_snap_m", "must be >= 0 (metres)");
    cfg.hotspots.contiguity_snap_m = *v;
  }
  if (auto v = hs.integer("straat_knn")) {
    if (*v < 1 || *v > 100) throw hs.error("straat_knn", "must be 1..100");
    cfg.hotspots.straat_knn = static_cast<unsigned>(*v);
  }

  const Section weights_section = top.sub("weights");
  weights_section.allow({"straat", "buurt", "wijk"});
  for (const char* level : {"straat", "buurt", "wijk"}) {
    LevelAnalysis& la = std::string(level) == "straat" ? cfg.straat_analysis
                        : std::string(level) == "buurt" ? cfg.buurt_analysis
                                                         : cfg.wijk_analysis;
    la = read_level_analysis(weights_section.sub(level), level, cfg.hotspots);
  }

  const Section grid = top.sub("grid");
  grid.allow({"shape", "cell_m", "distance_band_m"});
  cfg.grid.shape = grid.str_or("shape", cfg.grid.shape);
  if (cfg.grid.shape != "hexagon" && cfg.grid.shape != "square")
    throw grid.error("shape", "must be hexagon or square");
  if (auto v = grid.number("cell_m")) {
    if (!(*v >= 0)) throw grid.error("cell_m", "must be >= 0 (metres; 0 = default)");
    cfg.grid.cell_m = *v;
  }
  if (auto v = grid.number("distance_band_m")) {
    if (!(*v >= 0)) throw grid.error("distance_band_m", "must be >= 0 (metres; 0 = automatic)");
    cfg.grid.distance_band_m = *v;
  }

  const Section kde = top.sub("kde");
  kde.allow({"kernel", "bandwidth_m", "cell_m", "min_bandwidth_m"});
  cfg.kde.kernel = kde.str_or("kernel", cfg.kde.kernel);
  if (cfg.kde.kernel != "quartic" && cfg.kde.kernel != "gaussian")
    throw kde.error("kernel", "must be quartic or gaussian");
  for (const char* key : {"bandwidth_m", "cell_m", "min_bandwidth_m"})
    if (auto v = kde.number(key)) {
      if (!(*v >= 0)) throw kde.error(key, "must be >= 0 (metres)");
      (std::string(key) == "bandwidth_m" ? cfg.kde.bandwidth_m
       : std::string(key) == "cell_m"    ? cfg.kde.cell_m
                                         : cfg.kde.min_bandwidth_m) = *v;
    }

  const Section tm = top.sub("time");
  tm.allow({"step", "time_lags", "alpha", "trend_alpha", "change_alpha", "min_trend_length", "fdr",
            "min_hot_count"});
  cfg.time.step = tm.str_or("step", cfg.time.step);
  if (cfg.time.step != "month" && cfg.time.step != "week" && cfg.time.step != "quarter")
    throw tm.error("step", "must be month, week or quarter");
  if (const toml::node* n = tm.table() ? tm.table()->get("fdr") : nullptr) {
    if (!n->is_boolean()) throw tm.error("fdr", "must be true or false");
    cfg.time.fdr = n->value_or(true);
  }
  if (auto v = tm.integer("time_lags")) {
    if (*v < 0 || *v > 24) throw tm.error("time_lags", "must be 0..24 (steps)");
    cfg.time.time_lags = static_cast<int>(*v);
  }
  for (const char* key : {"alpha", "trend_alpha", "change_alpha"})
    if (auto v = tm.number(key)) {
      if (!(*v > 0 && *v < 1)) throw tm.error(key, "must be between 0 and 1");
      (std::string(key) == "alpha" ? cfg.time.alpha
       : std::string(key) == "trend_alpha" ? cfg.time.trend_alpha : cfg.time.change_alpha) = *v;
    }
  if (auto v = tm.integer("min_trend_length")) {
    if (*v < 3 || *v > 120) throw tm.error("min_trend_length", "must be 3..120 (steps)");
    cfg.time.min_trend_length = static_cast<int>(*v);
  }
  if (auto v = tm.integer("min_hot_count")) {
    if (*v < 0 || *v > 1000) throw tm.error("min_hot_count", "must be 0..1000 (incidents in a bin)");
    cfg.time.min_hot_count = static_cast<double>(*v);
  }

  // Focus policy and indicators: category keys are those of the taxonomy plus "totaal".
  const Taxonomy taxonomy = Taxonomy::dutch_default();
  auto category_exists = [&](const std::string& key) {
    return key == "totaal" || taxonomy.main_index(key).has_value() || taxonomy.sub_index(key).has_value();
  };
  if (const toml::node* f = root.get("focus"); f && !f->is_table())
    throw top.error("focus", "must be a table");
  check_category_names(cfg.config_path, root, taxonomy);
  cfg.focus = focus::parse_policy(root["focus"].as_table(), cfg.config_path, category_exists);
  if (const toml::node* ind = root.get("indicator")) {
    if (!ind->is_array_of_tables()) throw top.error("indicator", "must be [[indicator]] tables");
    cfg.indicators = focus::parse_indicators(ind->as_array(), cfg.config_path, category_exists);
  }
  const Section analysis = top.sub("analysis");
  analysis.allow({"hotspots", "trends", "surfaces", "focus", "evaluation"});
  cfg.analysis.evaluation = analysis.boolean("evaluation").value_or(true);
  parse_evaluation_config(root, cfg.config_path, cfg);
  cfg.analysis.hotspots = analysis.boolean("hotspots").value_or(true);
  cfg.analysis.trends = analysis.boolean("trends").value_or(true);
  cfg.analysis.surfaces = analysis.boolean("surfaces").value_or(true);
  // Focus lists score hot spots and trends: on by default only when both are computed.
  const bool focus_possible = cfg.analysis.hotspots && cfg.analysis.trends;
  cfg.analysis.focus = analysis.boolean("focus").value_or(focus_possible);
  if (cfg.analysis.focus && !focus_possible)
    throw analysis.error("focus", "needs hotspots = true and trends = true (the focus score uses both)");

  const Section monitoring = top.sub("monitoring");
  monitoring.allow({"reference"});
  cfg.reference_path = resolve(base, monitoring.str_or("reference", ""));

  const Section output = top.sub("output");
  output.allow({"formats", "coordinate_precision", "packs", "series_property", "maps"});
  cfg.output.series_property = output.boolean("series_property").value_or(false);
  cfg.packs = output.boolean("packs").value_or(cfg.packs);
  cfg.output.maps = output.boolean("maps").value_or(cfg.output.maps);
  cfg.output.formats = output.strings("formats", cfg.output.formats);
  for (const auto& f : cfg.output.formats)
    if (f != "geojson" && f != "gpkg" && f != "fgb" && f != "csv")
      throw output.error("formats", "unknown format '" + f + "' (geojson, gpkg, fgb, csv)");
  if (auto p = output.integer("coordinate_precision")) {
    if (*p < 1 || *p > 15) throw output.error("coordinate_precision", "must be 1..15");
    cfg.output.coordinate_precision = static_cast<int>(*p);
  }
  return cfg;
}

Taxonomy taxonomy_of(const PipelineConfig& cfg) {
  Taxonomy t = Taxonomy::dutch_default();
  for (const auto& [code, sub] : cfg.extra_codes) {
    const auto s = t.sub_index(sub);
    if (!s)
      throw Error(ErrorKind::config, unknown_name_message("sub category", sub, t.sub_keys(),
                                                          "`brandpunt codes` lists them with their codes"))
          .at_file(cfg.config_path)
          .at_field("taxonomy.codes." + code);
    t.add_code(code, *s);
  }
  if (cfg.unmapped_codes == "overig") t.add_unmapped_sub();
  return t;
}

const LevelAnalysis& level_analysis(const PipelineConfig& cfg, const std::string& level) {
  if (level == "straat") return cfg.straat_analysis;
  if (level == "wijk") return cfg.wijk_analysis;
  return cfg.buurt_analysis;
}

}  // namespace brandpunt::pipeline
