// SHA-256 of a file, for recording exactly which inputs a run used (run.json).
//
//   std::string h = io::sha256_file("incidents.csv");  // 64 lowercase hex digits
#pragma once

#include <string>

namespace brandpunt::io {

// Streams the file through OpenSSL's EVP SHA-256. Throws Error(io) naming the file when it
// cannot be opened or read.
std::string sha256_file(const std::string& path);

}  // namespace brandpunt::io
