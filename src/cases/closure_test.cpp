#include "cases/closure.h"

#include <gtest/gtest.h>

namespace zb::cases {
namespace {

TEST(Closure, AgainstTheTimeLimit) {
  Instant due = *ParseInstant("2026-03-02 17:30");
  EXPECT_EQ(ClosureOf(due, due), Closure::kOnTime);  // the limit's own instant is in time
  EXPECT_EQ(ClosureOf(due - std::chrono::hours(30), due), Closure::kOnTime);
  EXPECT_EQ(ClosureOf(due + std::chrono::seconds(1), due), Closure::kLate);
  EXPECT_EQ(ClosureOf(due, std::nullopt), Closure::kNoLimit);
  EXPECT_TRUE(CountsOnTime(Closure::kOnTime));
  EXPECT_TRUE(CountsOnTime(Closure::kNoLimit));
  EXPECT_FALSE(CountsOnTime(Closure::kLate));
  EXPECT_STREQ(ClosureName(Closure::kOnTime), "on_time");
  EXPECT_STREQ(ClosureName(Closure::kLate), "late");
  EXPECT_STREQ(ClosureName(Closure::kNoLimit), "closed");
}

}  // namespace
}  // namespace zb::cases
