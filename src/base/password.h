// Password hashing with Argon2id (libsodium crypto_pwhash_str, INTERACTIVE limits). Thread-safe.
#pragma once

#include <string>

#include "base/status.h"

namespace zb {

// A self-describing hash string ($argon2id$…) with its own random salt.
Result<std::string> HashPassword(const std::string& password);
// Constant-time check of `password` against a stored hash; false for an empty or invalid hash.
bool VerifyPassword(const std::string& hash, const std::string& password);
// At least 8 characters; a clear message otherwise.
Status CheckPasswordStrength(const std::string& password);

}  // namespace zb
