#include "base/sha256.h"

#include <sodium.h>

#include <vector>

namespace zb {

namespace {
std::string Hex(const unsigned char* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}
}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  return Hex(digest, sizeof digest);
}

std::string RandomHex(size_t n) {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  std::vector<unsigned char> buf(n);
  randombytes_buf(buf.data(), n);
  return Hex(buf.data(), n);
}

}  // namespace zb
