// Checks a reader of focus.md would make: every number in every reason agrees with the
// numbers the row was built from (focus.json), no sentence contradicts another, and the list
// headers say what the lists hold. Both languages.
//
//   check_focus_texts(out_dir, "nl");   // fails the running test on any contradiction
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../pipeline/test_util.hpp"

namespace brandpunt::testing {

// A number as the language writes it ("1.234,5" in Dutch, "1,234.5" in English).
inline double read_number(std::string s, const std::string& lang) {
  std::string clean;
  for (char ch : s) {
    if (lang == "nl" && ch == '.') continue;
    if (lang == "en" && ch == ',') continue;
    clean += (lang == "nl" && ch == ',') ? '.' : ch;
  }
  return std::stod(clean);
}

// |shown - value| within half a unit of the shown precision (plus a hair for binary values).
inline bool shows(const std::string& text, double value, const std::string& lang) {
  const double v = read_number(text, lang);
  const size_t mark = text.find(lang == "nl" ? ',' : '.');
  const int decimals = mark == std::string::npos ? 0 : static_cast<int>(text.size() - mark - 1);
  return std::fabs(v - value) <= 0.5 * std::pow(10.0, -decimals) + 1e-9;
}

inline double num(const nlohmann::json& j) { return j.is_number() ? j.get<double>() : NAN; }

// One reason sentence against its row; returns a description of the problem or "".
inline std::string check_sentence(const std::string& s, const nlohmann::json& row, const std::string& lang) {
  const bool nl = lang == "nl";
  const std::string N = "([0-9][0-9.,]*)";
  std::smatch m;
  // "3,1× verwacht (45 tegen 14,6 op basis van ...)" / "3.1× expected (45 against 14.6 from ...)"
  if (std::regex_search(s, m, std::regex(N + (nl ? "× verwacht \\(" : "× expected \\(") + N + (nl ? " tegen " : " against ") + N))) {
    if (!row["excess_significant"].get<bool>()) return "excess sentence without a significant excess";
    if (!row["count"].is_number() || read_number(m[2], lang) != row["count"].get<double>()) return "excess count differs";
    if (!shows(m[3], num(row["expected"]), lang)) return "expected differs";
    if (!shows(m[1], num(row["sir"]), lang)) return "ratio differs from count / expected";
  }
  if (std::regex_search(s, m, std::regex(nl ? ", buren " + N + "×" : ", neighbours " + N + "×")))
    if (!shows(m[1], num(row["neighbour_ratio"]), lang)) return "neighbours' ratio differs";
  if (std::regex_search(s, m, std::regex("^Gi\\* hot ?spot[^0-9]*(99|95|90) %")))
    if (row["gi_class"] != "hot_" + m[1].str()) return "Gi* class differs";
  // "45 incidenten, +56 % t.o.v. ..." / "45 incidents, ..."
  if (std::regex_search(s, m, std::regex("^" + N + (nl ? " incident(en)?" : " incidents?") + "(, ([-+]?[0-9]+) %)?"))) {
    if (!row["count"].is_number() || read_number(m[1], lang) != row["count"].get<double>()) return "count differs";
    if (m[4].matched) {
      if (!row["change_ly_pct"].is_number() || std::fabs(std::stod(m[4]) - row["change_ly_pct"].get<double>()) > 0.5 + 1e-9)
        return "change against last year differs";
      const bool said_sig = s.find("(significant)") != std::string::npos;
      if (said_sig != row["change_ly_significant"].get<bool>()) return "significance of the change differs";
    }
    if (s.find(nl ? "geen gegevens over dezelfde periode" : "no data for the same period") != std::string::npos &&
        row["ly_has_data"].get<bool>())
      return "says no data but the period has data";
    if (s.find(nl ? "geen in dezelfde periode" : "none in the same period") != std::string::npos &&
        (!row["ly_has_data"].get<bool>() || row["count_ly"] != 0))
      return "says none but last year's count is not 0 or has no data";
  }
  // "hotspot in 28 van 36 maanden" / "hot in 28 of 36 months"
  if (std::regex_search(s, m, std::regex(std::string(nl ? "hotspot in " : "hot in ") + "([0-9]+)" + (nl ? " van " : " of ") + "([0-9]+)"))) {
    const int k = std::stoi(m[1]), n = std::stoi(m[2]);
    if (k != row["n_hot"].get<int>() || n != row["n_steps"].get<int>()) return "hot steps differ";
    const std::string e = row["emerging"];
    const bool ninety = 10 * k >= 9 * n;
    for (const char* p : {"persistent_hot_spot", "intensifying_hot_spot", "diminishing_hot_spot", "historical_hot_spot"})
      if (e == p && !ninety) return "a 90 % pattern below 90 % of the steps";
    for (const char* p : {"consecutive_hot_spot", "sporadic_hot_spot", "oscillating_hot_spot"})
      if (e == p && ninety) return "a below-90 % pattern at 90 % of the steps";
  }
  if (std::regex_search(s, m, std::regex(std::string(nl ? "hoge uitschieter in " : "hot outlier in ") + "([0-9]+)")))
    if (std::stoi(m[1]) != row["n_high_low"].get<int>()) return "hot outlier steps differ";
  if (s.find(nl ? "stijgende trend" : "rising trend") != std::string::npos && row["trend"] != "increasing")
    return "rising trend without an increasing trend";
  if (s.find(nl ? "dalende trend" : "falling trend") != std::string::npos && row["trend"] != "decreasing")
    return "falling trend without a decreasing trend";
  if (s.find("Mann-Kendall") != std::string::npos) {
    const double slope = num(row["sen_slope"]);
    if (s.find("≈ 0") != std::string::npos) {
      if (!(std::fabs(slope) < 0.005)) return "≈ 0 for a slope that shows";
    } else if (std::regex_search(s, m, std::regex("; ([-+][0-9][0-9.,]*) per "))) {
      if (!shows(m[1].str().substr(1), std::fabs(slope), lang) || ((m[1].str()[0] == '-') != (slope < 0)))
        return "slope differs";
    }
    if (std::regex_search(s, m, std::regex("p = ([0-9][0-9.,]*)")) && !shows(m[1], num(row["trend_p"]), lang))
      return "trend p differs";
  }
  // "laatste 12 maanden -82 % t.o.v. de 12 daarvoor (12 tegen 66; significant)"
  if (std::regex_search(s, m, std::regex(std::string(nl ? "laatste 12 maanden " : "last 12 months ") + "([-+]?[0-9]+) %.*\\(" + N + (nl ? " tegen " : " against ") + N))) {
    if (read_number(m[2], lang) != num(row["rolling_current"]) || read_number(m[3], lang) != num(row["rolling_previous"]))
      return "rolling counts differ";
    if (std::fabs(std::stod(m[1]) - num(row["rolling_pct"])) > 0.5 + 1e-9) return "rolling change differs";
  }
  return "";
}

// Checks every row of focus.json and every table row of focus.md in `out`.
inline void check_focus_texts(const std::filesystem::path& out, const std::string& lang) {
  const bool nl = lang == "nl";
  const auto focus = nlohmann::json::parse(slurp(out / "focus.json"));
  const std::string md = slurp(out / "focus.md");
  int sentences = 0;
  for (const auto& list : focus["lists"]) {
    const double cut = list["listed"].empty() ? NAN : list["listed"].back()["score"].get<double>();
    for (const char* section : {"listed", "near_misses", "fading"}) {
      for (const auto& row : list[section]) {
        SCOPED_TRACE(list["scope"].get<std::string>() + "/" + list["level"].get<std::string>() + "/" +
                     list["category"].get<std::string>() + " " + section + " " + row["code"].get<std::string>());
        bool hot = false, over = false;
        for (const auto& r : row["reasons"]) {
          const std::string s = r;
          ++sentences;
          EXPECT_EQ(check_sentence(s, row, lang), "") << s;
          hot = hot || s.rfind("Gi* hot", 0) == 0;
          over = over || s.find(nl ? "niet meer" : "no longer") != std::string::npos;
          // Every reason is in the report's language.
          EXPECT_EQ(s.find(nl ? " incidents" : "incidenten"), std::string::npos) << s;
        }
        EXPECT_FALSE(hot && over) << "a hot spot that is no longer one in the same row";
        // The row is in focus.md with the same reasons.
        std::string joined;
        for (const auto& r : row["reasons"]) joined += (joined.empty() ? "" : "; ") + r.get<std::string>();
        std::string escaped;
        for (char ch : joined) escaped += ch == '|' ? std::string("\\|") : std::string(1, ch);
        EXPECT_NE(md.find("| " + escaped + " |"), std::string::npos) << joined;
        for (const auto& h : row["held_back"]) {
          const std::string s = h;
          std::smatch m;
          if (std::regex_search(s, m, std::regex(std::string("^score ([0-9][0-9.,]*), ") + (nl ? "onder de grens " : "below the cut-off ") + "([0-9][0-9.,]*)"))) {
            EXPECT_NE(m[1].str(), m[2].str()) << s;
            EXPECT_LT(read_number(m[1], lang), read_number(m[2], lang)) << s;
            EXPECT_LT(row["score"].get<double>(), cut + 1e-4) << s;
          }
          if (s.rfind(nl ? "alleen volume" : "volume only", 0) == 0) {
            EXPECT_EQ(row["count"].get<double>(), read_number(s.substr(s.find(':') + 2, s.find(' ', s.find(':') + 2) - s.find(':') - 2), lang)) << s;
          }
        }
      }
    }
    // The header: how many qualify, how long the list is, in the right grammar.
    const int64_t eligible = list["eligible"], listed = static_cast<int64_t>(list["listed"].size());
    EXPECT_LE(listed, list["rows"].get<int64_t>());
    EXPECT_LE(listed, eligible);
    if (eligible > 0 && eligible <= list["rows"].get<int64_t>()) {
      const std::string want = nl ? "de lijst telt " + std::to_string(listed) + (listed == 1 ? " gebied " : " gebieden ")
                                  : "the list holds " + std::to_string(listed) + (listed == 1 ? " area " : " areas ");
      EXPECT_NE(md.find(want), std::string::npos) << want;
    }
  }
  EXPECT_EQ(md.find(nl ? "1 van 1 gebieden" : "1 of 1 areas"), std::string::npos);
  EXPECT_EQ(md.find(nl ? " 1 gebieden " : " 1 areas "), std::string::npos);
  EXPECT_GT(sentences, 20) << "too few reasons to check anything";
}

}  // namespace brandpunt::testing
