#include "base/password.h"

#include <gtest/gtest.h>

namespace zb {
namespace {

TEST(Password, HashAndVerify) {
  auto h = HashPassword("正确的密码123");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*h, "正确的密码123"));
  EXPECT_FALSE(VerifyPassword(*h, "错误的密码123"));
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("garbage", "x"));
  EXPECT_NE(*HashPassword("same"), *HashPassword("same"));  // salted
  EXPECT_FALSE(CheckPasswordStrength("short").ok());
  EXPECT_TRUE(CheckPasswordStrength("long enough").ok());
}

}  // namespace
}  // namespace zb
