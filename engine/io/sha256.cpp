#include "io/sha256.hpp"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "core/error.hpp"

namespace brandpunt::io {

std::string sha256_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file)
    throw Error(ErrorKind::io, std::string("cannot open: ") + std::strerror(errno)).at_file(path);
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    throw Error(ErrorKind::internal, "cannot initialise SHA-256");
  std::vector<unsigned char> buffer(size_t{1} << 20);
  for (;;) {
    const size_t got = std::fread(buffer.data(), 1, buffer.size(), file.get());
    if (got > 0 && EVP_DigestUpdate(ctx.get(), buffer.data(), got) != 1)
      throw Error(ErrorKind::internal, "SHA-256 update failed").at_file(path);
    if (got < buffer.size()) {
      if (std::ferror(file.get()))
        throw Error(ErrorKind::io, std::string("read failed: ") + std::strerror(errno))
            .at_file(path);
      break;
    }
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1)
    throw Error(ErrorKind::internal, "SHA-256 final failed").at_file(path);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace brandpunt::io
