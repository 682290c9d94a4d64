#include "core/text.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace std::string_literals;
using brandpunt::core::clean_name;
using brandpunt::core::escaped;
using brandpunt::core::invalid_utf8_at;
using brandpunt::core::is_clean;
using brandpunt::core::is_utf8;
using brandpunt::core::kValidUtf8;
using brandpunt::core::TextRepair;
using brandpunt::core::utf8_prefix;

TEST(Utf8, accepts_well_formed_text_of_every_length) {
  EXPECT_TRUE(is_utf8(""));
  EXPECT_TRUE(is_utf8("Vrijthof 12, Maastricht"));
  EXPECT_TRUE(is_utf8("Caf\xC3\xA9 's-Hertogenbosch \xE2\x82\xAC 5"));  // é, €
  EXPECT_TRUE(is_utf8("\xF0\x9F\x9A\xB2"));                             // U+1F6B2 bicycle
  EXPECT_TRUE(is_utf8("\xF4\x8F\xBF\xBF"));                             // U+10FFFF
  EXPECT_TRUE(is_utf8("a\0b"s));                                        // NUL is valid UTF-8
}

TEST(Utf8, finds_the_first_malformed_byte) {
  EXPECT_EQ(invalid_utf8_at("Caf\xE9 Noord"), 3u);         // Latin-1 é
  EXPECT_EQ(invalid_utf8_at("abcdefghij\x80"), 10u);        // lone continuation after the 8-byte path
  EXPECT_EQ(invalid_utf8_at("\xC0\xAF"), 0u);               // overlong '/'
  EXPECT_EQ(invalid_utf8_at("\xE0\x80\xAF"), 0u);           // overlong
  EXPECT_EQ(invalid_utf8_at("x\xED\xA0\x80"), 1u);          // surrogate U+D800
  EXPECT_EQ(invalid_utf8_at("\xF4\x90\x80\x80"), 0u);       // above U+10FFFF
  EXPECT_EQ(invalid_utf8_at("ok\xE2\x82"), 2u);             // truncated at the end
  EXPECT_EQ(invalid_utf8_at("\xFF"), 0u);
  EXPECT_EQ(invalid_utf8_at("plain ascii text!"), kValidUtf8);
}

TEST(CleanName, replaces_control_characters_and_malformed_bytes_and_counts_them) {
  TextRepair r;
  EXPECT_EQ(clean_name("Kerk\0straat"s, r), "Kerk straat");
  EXPECT_EQ(r.control, 1);
  EXPECT_EQ(clean_name("\tMarkt\r\n", r), "Markt");  // trimmed after replacing
  EXPECT_EQ(r.control, 4);
  EXPECT_EQ(clean_name("Caf\xE9", r), "Caf\xEF\xBF\xBD");  // U+FFFD
  EXPECT_EQ(r.invalid, 1);
  EXPECT_EQ(clean_name("a\xC2\x85z", r), "a z");  // C1 control NEL
  EXPECT_EQ(r.control, 5);
  TextRepair none;
  EXPECT_EQ(clean_name("Caf\xC3\xA9 Noord", none), "Caf\xC3\xA9 Noord");
  EXPECT_FALSE(none.changed());
  // Two names that differ only in what follows a NUL stay different (a C API would cut both
  // at the NUL and make them equal).
  TextRepair t;
  EXPECT_NE(clean_name("Kerk\0A"s, t), clean_name("Kerk\0B"s, t));
}

TEST(CleanName, is_clean_agrees_with_clean_name) {
  for (const std::string& s : {"Markt"s, "Kerk\0straat"s, "Caf\xE9"s, "\x7F"s, "Caf\xC3\xA9"s}) {
    TextRepair r;
    clean_name(s, r);
    EXPECT_EQ(is_clean(s), !r.changed()) << escaped(s);
  }
}

TEST(Escaped, writes_bad_bytes_as_hex_and_cuts_at_a_character_boundary) {
  EXPECT_EQ(escaped("Caf\xE9\0"s), "Caf\\xE9\\x00");
  EXPECT_EQ(escaped("\xC3\xA9\xC3\xA9\xC3\xA9", 5), "\xC3\xA9\xC3\xA9...");
  EXPECT_TRUE(is_utf8(escaped("\xFF\xFE garbage \x80")));
  EXPECT_EQ(utf8_prefix("\xC3\xA9\xC3\xA9", 3), "\xC3\xA9");
  EXPECT_EQ(utf8_prefix("abc", 10), "abc");
}
