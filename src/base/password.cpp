#include "base/password.h"

#include <sodium.h>

namespace zb {

namespace {
bool Init() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}
}  // namespace

Result<std::string> HashPassword(const std::string& password) {
  if (!Init()) return Internal("加密库初始化失败", "libsodium failed to initialise");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Internal("内存不足，无法计算密码摘要", "out of memory while hashing the password");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  if (!Init() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

Status CheckPasswordStrength(const std::string& password) {
  if (password.size() < 8) {
    return Invalid("密码至少需要 8 个字符", "the password must have at least 8 characters");
  }
  if (password.size() > 256) return Invalid("密码过长", "the password is too long");
  return Status();
}

}  // namespace zb
