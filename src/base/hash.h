// FNV-1a, 64 bits: a small, stable hash of bytes (the same on every machine and run), for keys
// and fingerprints that are stored or compared across processes. Not for security (base/sha256.h).
#pragma once

#include <cstdint>
#include <string_view>

namespace zb {

inline constexpr uint64_t kFnv1aOffset = 14695981039346656037ull;

// `h` continues a hash over several pieces (pass the previous result).
inline uint64_t Fnv1a64(std::string_view bytes, uint64_t h = kFnv1aOffset) {
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  return h;
}

}  // namespace zb
