#include "base/status.h"

#include <gtest/gtest.h>

namespace zb {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return Invalid("不是偶数", "not even");
  return x / 2;
}

Result<int> Quarter(int x) {
  ZB_ASSIGN_OR_RETURN(int h, Half(x));
  return Half(h);
}

TEST(Status, OkAndError) {
  EXPECT_TRUE(Status().ok());
  Status s = NotFound("没有此件", "no such case");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kNotFound);
  EXPECT_EQ(s.ToString(), "not_found: 没有此件 (no such case)");
  EXPECT_EQ(s.WithContext("a.toml:3", "a.toml:3").message_en(), "a.toml:3: no such case");
}

TEST(Result, PropagatesErrors) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);  // 6/2 = 3 is odd
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message_en(), "not even");
}

}  // namespace
}  // namespace zb
