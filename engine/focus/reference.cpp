#include "focus/reference.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/error.hpp"
#include "focus/report.hpp"
#include "focus/text.hpp"

namespace brandpunt::focus {

namespace {

// RFC 4180 records of a small file; quoted fields may hold separators, quotes and newlines.
std::vector<std::vector<std::string>> parse_csv(const std::string& text, char sep,
                                                const std::string& path) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        field += ch;
      }
      continue;
    }
    if (ch == '"') {
      quoted = true;
      any = true;
    } else if (ch == sep) {
      record.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (ch == '\n' || ch == '\r') {
      if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        record.push_back(std::move(field));
        records.push_back(std::move(record));
      }
      record.clear();
      field.clear();
      any = false;
    } else {
      field += ch;
      any = true;
    }
  }
  if (quoted)
    throw Error(ErrorKind::format, "unterminated quoted field")
        .at_file(path)
        .at_row(static_cast<int64_t>(records.size()));
  if (any || !field.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

std::string lower_trim(std::string s) {
  const size_t a = s.find_first_not_of(" \t");
  s = a == std::string::npos ? "" : s.substr(a, s.find_last_not_of(" \t") - a + 1);
  for (char& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return s;
}

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

}  // namespace

std::vector<ReferenceRow> read_reference_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::io, "cannot open reference CSV").at_file(path);
  std::stringstream buf;
  buf << in.rdbuf();
  std::string text = buf.str();
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);

  const std::string first_line = text.substr(0, text.find_first_of("\r\n"));
  const char sep =
      (first_line.find(';') != std::string::npos && first_line.find(',') == std::string::npos)
          ? ';'
          : ',';
  const auto records = parse_csv(text, sep, path);
  if (records.empty())
    throw Error(ErrorKind::format, "empty file, expected a header").at_file(path);

  int col[3] = {-1, -1, -1};
  const char* names[3] = {"gemeente", "indicator", "value"};
  for (size_t i = 0; i < records[0].size(); ++i)
    for (int k = 0; k < 3; ++k)
      if (lower_trim(records[0][i]) == names[k] && col[k] < 0) col[k] = static_cast<int>(i);
  for (int k = 0; k < 3; ++k)
    if (col[k] < 0)
      throw Error(ErrorKind::format, std::string("missing column '") + names[k] + "'")
          .at_file(path)
          .at_field(names[k]);
  const size_t need = static_cast<size_t>(std::max({col[0], col[1], col[2]})) + 1;

  std::vector<ReferenceRow> out;
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    const int64_t row = static_cast<int64_t>(r);
    if (rec.size() < need)
      throw Error(ErrorKind::format,
                  "row has " + std::to_string(rec.size()) + " fields, need " + std::to_string(need))
          .at_file(path)
          .at_row(row);
    ReferenceRow ref;
    ref.gemeente = trim(rec[static_cast<size_t>(col[0])]);
    ref.indicator = trim(rec[static_cast<size_t>(col[1])]);
    const std::string value = trim(rec[static_cast<size_t>(col[2])]);
    if (ref.gemeente.empty())
      throw Error(ErrorKind::format, "empty gemeente")
          .at_file(path)
          .at_row(row)
          .at_field("gemeente");
    if (ref.indicator.empty())
      throw Error(ErrorKind::format, "empty indicator")
          .at_file(path)
          .at_row(row)
          .at_field("indicator");
    if (!value.empty()) {
      // A decimal comma is only unambiguous when ';' separates the fields.
      auto v = (sep == ',' && value.find(',') != std::string::npos) ? std::nullopt
                                                                    : parse_decimal(value);
      if (!v)
        throw Error(ErrorKind::format, "cannot read value '" + value + "'")
            .at_file(path)
            .at_row(row)
            .at_field("value");
      ref.value = *v;
    }
    if (!seen.insert({ref.gemeente, ref.indicator}).second)
      throw Error(ErrorKind::format,
                  "gemeente '" + ref.gemeente + "' has indicator '" + ref.indicator + "' twice")
          .at_file(path)
          .at_row(row)
          .at_field("indicator");
    out.push_back(std::move(ref));
  }
  return out;
}

std::string reference_markdown(const std::vector<IndicatorResult>& own,
                               const std::vector<ReferenceRow>& refs, const std::string& lang) {
  const bool nl = lang == "nl";
  const std::string none = "–";
  std::vector<std::string> gemeenten;
  std::map<std::pair<std::string, std::string>, double> value;  // (indicator, gemeente)
  for (const ReferenceRow& r : refs) {
    if (std::find(gemeenten.begin(), gemeenten.end(), r.gemeente) == gemeenten.end())
      gemeenten.push_back(r.gemeente);
    value[{r.indicator, r.gemeente}] = r.value;
  }
  std::vector<const IndicatorResult*> rows;
  for (const IndicatorResult& r : own)
    if (r.level == "gemeente") rows.push_back(&r);

  std::string md = nl ? "# Vergelijking met referentiegemeenten\n\n"
                      : "# Comparison with reference municipalities\n\n";
  if (rows.empty()) {
    md += nl ? "_Geen indicatoren op gemeenteniveau._\n" : "_No gemeente-level indicators._\n";
  } else {
    const std::string own_name = rows[0]->name.empty() ? rows[0]->code : rows[0]->name;
    md += nl ? "| Indicator | Doel | " : "| Indicator | Target | ";
    md += md_cell(own_name) + " |";
    for (const std::string& g : gemeenten) md += " " + md_cell(g) + " |";
    md += nl ? " Positie |\n" : " Place |\n";
    md += "|---|---|---:|";
    for (size_t i = 0; i < gemeenten.size(); ++i) md += "---:|";
    md += "---|\n";
    for (const IndicatorResult* r : rows) {
      const int dec = report_decimals(r->measure);
      std::string target = format_plain(r->target);
      if (nl) std::replace(target.begin(), target.end(), '.', ',');
      md += "| " + md_cell(r->indicator) + " | " + symbol(r->direction) + " " + target + " | ";
      const std::string v = format_number(r->value, dec, lang);
      md += (v.empty() ? none : v) + " |";
      // Place: 1 + the number of municipalities strictly better in the target's direction.
      const bool lower_better = r->direction == Direction::lt || r->direction == Direction::le;
      int64_t better = 0, with_value = std::isfinite(r->value) ? 1 : 0;
      for (const std::string& g : gemeenten) {
        auto it = value.find({r->indicator, g});
        const double x = it == value.end() ? kNaN : it->second;
        const std::string s = format_number(x, dec, lang);
        md += " " + (s.empty() ? none : s) + " |";
        if (!std::isfinite(x)) continue;
        ++with_value;
        if (std::isfinite(r->value) && (lower_better ? x < r->value : x > r->value)) ++better;
      }
      if (!std::isfinite(r->value))
        md += nl ? " geen gegevens |\n" : " no data |\n";
      else
        md += " " + std::to_string(better + 1) + (nl ? " van " : " of ") +
              std::to_string(with_value) + " |\n";
    }
  }
  std::set<std::string> configured, unknown;
  for (const IndicatorResult* r : rows) configured.insert(r->indicator);
  for (const ReferenceRow& r : refs)
    if (!configured.count(r.indicator)) unknown.insert(r.indicator);
  if (!unknown.empty()) {
    md += nl ? "\nIn het referentiebestand maar niet als indicator op gemeenteniveau "
               "ingesteld: "
             : "\nIn the reference file but not configured as a gemeente-level indicator: ";
    std::string list;
    for (const std::string& u : unknown) list += (list.empty() ? "" : ", ") + md_cell(u);
    md += list + ".\n";
  }
  return md;
}

}  // namespace brandpunt::focus
