// SHA-256 (libsodium). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace zb {

// Lower-case hex of the SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);
// `n` random bytes from the system's CSPRNG, as lower-case hex (2n characters).
std::string RandomHex(size_t n);

}  // namespace zb
