#include "io/table_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <string_view>
#include <vector>

#include "core/areas.hpp"
#include "core/error.hpp"
#include "io/csv.hpp"

namespace brandpunt::io {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls `use(key, value, row)` for each row with a non-empty key; duplicate keys throw.
void for_each_pair(const std::string& path, const std::string& key_field,
                   const std::string& value_field,
                   const std::function<void(const std::string&, std::string_view, int64_t)>& use,
                   const std::function<bool(const std::string&)>& seen) {
  CsvReader csv(path);
  const size_t k = csv.column(key_field, key_field);
  const size_t v = csv.column(value_field, value_field);
  std::vector<std::string_view> f;
  while (csv.next(f)) {
    const std::string key(trim(f[k]));
    if (key.empty()) continue;
    if (seen(key))
      throw Error(ErrorKind::format, "duplicate key '" + key + "'")
          .at_file(path)
          .at_row(csv.row())
          .at_field(key_field);
    use(key, trim(f[v]), csv.row());
  }
}

}  // namespace

std::map<std::string, std::string> read_mapping_csv(const std::string& path,
                                                    const std::string& key_field,
                                                    const std::string& value_field) {
  std::map<std::string, std::string> out;
  for_each_pair(
      path, key_field, value_field,
      [&](const std::string& key, std::string_view value, int64_t row) {
        if (value.empty())
          throw Error(ErrorKind::format, "no value for '" + key + "'")
              .at_file(path)
              .at_row(row)
              .at_field(value_field);
        out.emplace(key, std::string(value));
      },
      [&](const std::string& key) { return out.count(key) > 0; });
  return out;
}

std::map<std::string, double> read_population_csv(const std::string& path,
                                                  const std::string& code_field,
                                                  const std::string& population_field) {
  std::map<std::string, double> out;
  for_each_pair(
      path, code_field, population_field,
      [&](const std::string& key, std::string_view value, int64_t row) {
        if (value.empty()) {
          out.emplace(key, kNoData);
          return;
        }
        std::string s(value);
        if (s.find('.') == std::string::npos) std::replace(s.begin(), s.end(), ',', '.');
        double v = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v))
          throw Error(ErrorKind::format, "population '" + s + "' is not a number")
              .at_file(path)
              .at_row(row)
              .at_field(population_field);
        out.emplace(key, v < 0 ? kNoData : v);
      },
      [&](const std::string& key) { return out.count(key) > 0; });
  return out;
}

}  // namespace brandpunt::io
