// brandpunt codes: the category taxonomy, every source code with its sub and main category and
// their Dutch and English names, as an aligned table or as CSV.
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "pipeline/config.hpp"

namespace brandpunt::cli {

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Columns padded to their widest cell (UTF-8 aware: continuation bytes take no width).
void print_table(const std::vector<std::vector<std::string>>& rows) {
  auto width = [](const std::string& s) {
    size_t w = 0;
    for (unsigned char c : s) w += (c & 0xC0) != 0x80;
    return w;
  };
  std::vector<size_t> widths;
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size(); ++c) {
      if (widths.size() <= c) widths.push_back(0);
      widths[c] = std::max(widths[c], width(r[c]));
    }
  for (const auto& r : rows) {
    std::string line;
    for (size_t c = 0; c < r.size(); ++c) {
      line += r[c];
      if (c + 1 < r.size()) line += std::string(widths[c] - width(r[c]) + 2, ' ');
    }
    std::cout << line << "\n";
  }
}

}  // namespace

int codes_command(const CodesArgs& a) {
  Taxonomy t = Taxonomy::dutch_default();
  if (!a.config.empty()) t = pipeline::taxonomy_of(pipeline::load_config(a.config));
  if (a.csv) {
    std::cout << "code,code_nl,code_en,sub,sub_nl,sub_en,main,main_nl,main_en,source\n";
    for (const auto& c : t.codes) {
      const auto& s = t.subs[c.sub];
      const auto& m = t.mains[s.main];
      const std::string source = c.from_config ? "config" : c.code.find('.') != std::string::npos ? "cbs"
                                                          : c.code.rfind("overlast-", 0) == 0  ? "placeholder"
                                                                                                : "police";
      for (const std::string& f : {c.code, c.label_nl, c.label_en, s.key, s.label_nl, s.label_en, m.key,
                                   m.label_nl, m.label_en})
        std::cout << csv_field(f) << ",";
      std::cout << source << "\n";
    }
    return 0;
  }
  std::cout << "Categories: main > sub (key, Dutch name, English name). Use the keys in [focus] categories,\n"
               "[[indicator]] and [taxonomy.codes]; field names use the main keys (n_hic, rate_geweld, ...).\n\n";
  std::vector<std::vector<std::string>> cats = {{"main", "sub", "nl", "en"}};
  for (size_t m = 0; m < t.mains.size(); ++m) {
    cats.push_back({t.mains[m].key, "", t.mains[m].label_nl, t.mains[m].label_en});
    for (const auto& s : t.subs)
      if (s.main == m) cats.push_back({"", s.key, s.label_nl, s.label_en});
  }
  print_table(cats);
  std::cout << "\nSource codes (CBS soort misdrijf, police codes, placeholders" << (a.config.empty() ? "" : ", the config's")
            << "): code -> sub -> main\n\n";
  std::vector<std::vector<std::string>> rows = {{"code", "sub", "main", "name (nl)", "name (en)"}};
  for (const auto& c : t.codes) {
    const auto& s = t.subs[c.sub];
    rows.push_back({c.code, s.key, t.mains[s.main].key, c.from_config ? "(from the config)" : c.label_nl, c.label_en});
  }
  print_table(rows);
  std::cout << "\n" << t.codes.size() << " codes. Map other codes in the config: [taxonomy.codes] A72 = \"fietsendiefstal\";\n"
               "codes left unmapped are rejected (unknown_category) unless [taxonomy] unmapped = \"overig\".\n";
  return 0;
}

}  // namespace brandpunt::cli
