#include "privacy/random_stream.hpp"

#include <openssl/evp.h>
#include <sys/random.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/error.hpp"

namespace brandpunt::privacy {

struct RandomStream::Cipher {
  EVP_CIPHER_CTX* ctx = nullptr;
  ~Cipher() { EVP_CIPHER_CTX_free(ctx); }
};

NoiseKey NoiseKey::from_os() {
  NoiseKey k;
  size_t got = 0;
  while (got < k.bytes.size()) {
    const ssize_t n = getrandom(k.bytes.data() + got, k.bytes.size() - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw Error(ErrorKind::internal, std::string("cannot read random bytes from the operating system: ") + std::strerror(errno));
    got += static_cast<size_t>(n);
  }
  return k;
}

NoiseKey NoiseKey::from_seed(std::string_view seed) {
  static constexpr char kDomain[] = "brandpunt noise key";  // with its terminating NUL
  NoiseKey k;
  unsigned len = 0;
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  const bool ok = md && EVP_DigestInit_ex(md, EVP_sha256(), nullptr) == 1 &&
                  EVP_DigestUpdate(md, kDomain, sizeof kDomain) == 1 &&
                  EVP_DigestUpdate(md, seed.data(), seed.size()) == 1 &&
                  EVP_DigestFinal_ex(md, k.bytes.data(), &len) == 1 && len == k.bytes.size();
  EVP_MD_CTX_free(md);
  if (!ok) throw Error(ErrorKind::internal, "SHA-256 of the noise seed failed");
  return k;
}

RandomStream::RandomStream(const NoiseKey& key, uint64_t id) : cipher_(std::make_unique<Cipher>()) {
  // OpenSSL's ChaCha20 IV: a 32-bit little-endian block counter, then the 96-bit nonce; the
  // nonce carries the stream id, so every stream is a distinct keystream of the same key.
  uint8_t iv[16] = {};
  for (int i = 0; i < 8; ++i) iv[4 + i] = static_cast<uint8_t>(id >> (8 * i));
  cipher_->ctx = EVP_CIPHER_CTX_new();
  if (!cipher_->ctx || EVP_EncryptInit_ex(cipher_->ctx, EVP_chacha20(), nullptr, key.bytes.data(), iv) != 1)
    throw Error(ErrorKind::internal, "cannot start the ChaCha20 noise stream (OpenSSL)");
}

RandomStream::~RandomStream() = default;
RandomStream::RandomStream(RandomStream&&) noexcept = default;
RandomStream& RandomStream::operator=(RandomStream&&) noexcept = default;

void RandomStream::refill() {
  // The keystream is the encryption of zeros.
  static const uint8_t zeros[kBuffer] = {};
  int out = 0;
  if (EVP_EncryptUpdate(cipher_->ctx, buffer_, &out, zeros, static_cast<int>(kBuffer)) != 1 || out != static_cast<int>(kBuffer))
    throw Error(ErrorKind::internal, "the ChaCha20 noise stream failed (OpenSSL)");
  pos_ = 0;
}

}  // namespace brandpunt::privacy
