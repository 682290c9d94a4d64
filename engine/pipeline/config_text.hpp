// The config file's bytes checked before the TOML parser sees them.
//
// toml++ expects valid UTF-8 and misbehaves on some malformed input (a non-ASCII byte where a
// bare key or value is expected reached undefined behaviour inside the parser), so the text is
// checked here first and every problem is an Error(config) naming the file, line and column:
// malformed UTF-8, control characters TOML does not allow (anything below U+0020 but tab, line
// feed and carriage return; DEL), and non-ASCII characters outside quoted strings and comments
// (TOML's bare keys and values are ASCII: write `naam = "Café"`, not `naam = Café`).
//
//   const std::string text = read_config_text("city.toml");  // Error(io) when unreadable
//   check_config_text(text, "city.toml");                     // throws Error(config)
#pragma once

#include <string>
#include <string_view>

namespace brandpunt::pipeline {

// The whole file; Error(io) naming it when it is missing or cannot be read.
std::string read_config_text(const std::string& path);

void check_config_text(std::string_view text, const std::string& path);

}  // namespace brandpunt::pipeline
