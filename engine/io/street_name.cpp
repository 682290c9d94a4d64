#include "io/street_name.hpp"

#include <array>
#include <cctype>
#include <vector>

namespace brandpunt::io {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Words after which a registration's text is no longer the street name.
bool starts_free_text(std::string_view lowered_word) {
  static constexpr std::array<std::string_view, 8> kWords = {"bij", "nabij", "t.o.", "t.o", "tegenover",
                                                             "thv", "t.h.v.", "hoek"};
  for (std::string_view w : kWords)
    if (lowered_word == w) return true;
  return false;
}

}  // namespace

std::string normalise_street(std::string_view text) {
  // Cut at brackets and separators first.
  const size_t cut = text.find_first_of("([{,;/");
  if (cut != std::string_view::npos) text = text.substr(0, cut);
  std::vector<std::string_view> words;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && is_space(text[i])) ++i;
    size_t j = i;
    while (j < text.size() && !is_space(text[j])) ++j;
    if (j > i) words.push_back(text.substr(i, j - i));
    i = j;
  }
  std::string out;
  for (size_t w = 0; w < words.size(); ++w) {
    const bool digit = std::isdigit(static_cast<unsigned char>(words[w][0])) != 0;
    const std::string lw = lower_ascii(words[w]);
    const bool ter_hoogte = lw == "ter" && w + 1 < words.size() && lower_ascii(words[w + 1]) == "hoogte";
    if (w > 0 && (digit || starts_free_text(lw) || ter_hoogte)) break;
    if (!out.empty()) out += ' ';
    out += words[w];
  }
  // Trailing punctuation left by a cut ("Kerkstraat -").
  while (!out.empty() && (out.back() == '-' || out.back() == '.' || out.back() == ':')) {
    out.pop_back();
    while (!out.empty() && out.back() == ' ') out.pop_back();
  }
  return out;
}

std::string street_key(std::string_view name) { return lower_ascii(name); }

}  // namespace brandpunt::io
