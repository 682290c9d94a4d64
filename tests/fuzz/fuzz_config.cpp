// libFuzzer target: the config loader (pipeline/config.hpp) on arbitrary text. A bad config
// must be a brandpunt::Error; any other exception escaping (std::invalid_argument from stoi, a
// toml++ internal error) or undefined behaviour is a bug.
#include <cstdint>
#include <string_view>

#include "core/error.hpp"
#include "pipeline/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    brandpunt::pipeline::load_config_text(text, "/fuzz/config.toml");
  } catch (const brandpunt::Error&) {
  }
  return 0;
}
