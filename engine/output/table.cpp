#include "output/table.hpp"

#include <cctype>
#include <cmath>
#include <set>

#include "core/error.hpp"

namespace brandpunt::output {

const char* to_string(FieldType type) {
  switch (type) {
    case FieldType::integer:
      return "integer";
    case FieldType::real:
      return "real";
    case FieldType::string:
      return "string";
  }
  return "?";
}

size_t Column::size() const {
  switch (type) {
    case FieldType::integer:
      return ints.size();
    case FieldType::real:
      return reals.size();
    case FieldType::string:
      return strings.size();
  }
  return 0;
}

bool Column::is_null(size_t i) const {
  if (!null.empty() && null[i] != 0) return true;
  return type == FieldType::real && !std::isfinite(reals[i]);
}

size_t Table::rows() const { return columns.empty() ? 0 : columns.front().size(); }

namespace {
Column& add(Table& t, std::string name, FieldType type, std::string description) {
  Column c;
  c.name = std::move(name);
  c.type = type;
  c.description = std::move(description);
  t.columns.push_back(std::move(c));
  return t.columns.back();
}

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 63) return false;
  if (!std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  for (char ch : name) {
    auto u = static_cast<unsigned char>(ch);
    if (u >= 0x80 || !(std::isalnum(u) || ch == '_')) return false;
  }
  return true;
}
}  // namespace

Column& Table::add_integer(std::string name, std::string description) {
  return add(*this, std::move(name), FieldType::integer, std::move(description));
}
Column& Table::add_real(std::string name, std::string description) {
  return add(*this, std::move(name), FieldType::real, std::move(description));
}
Column& Table::add_string(std::string name, std::string description) {
  return add(*this, std::move(name), FieldType::string, std::move(description));
}

const Column* Table::find(const std::string& name) const {
  for (const auto& c : columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

void Table::validate() const {
  const size_t n = rows();
  std::set<std::string> seen;
  for (const auto& c : columns) {
    auto fail = [&](const std::string& msg) {
      return Error(ErrorKind::internal, "output table: " + msg).at_field(c.name);
    };
    if (!valid_name(c.name)) {
      throw fail(
          "invalid column name (use ASCII letters, digits and '_', start with a letter, "
          "at most 63 characters)");
    }
    std::string lower;
    for (char ch : c.name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (!seen.insert(lower).second) throw fail("column name repeated (names ignore case)");
    if (c.size() != n) {
      throw fail("column has " + std::to_string(c.size()) + " rows, first column has " +
                 std::to_string(n));
    }
    const size_t filled = c.ints.size() + c.reals.size() + c.strings.size();
    if (filled != c.size())
      throw fail(std::string("values stored outside the ") + to_string(c.type) + " vector");
    if (!c.null.empty() && c.null.size() != n) {
      throw fail("null flags have " + std::to_string(c.null.size()) + " rows, table has " +
                 std::to_string(n));
    }
  }
}

}  // namespace brandpunt::output
