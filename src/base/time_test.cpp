#include "base/time.h"

#include <date/tz.h>
#include <gtest/gtest.h>

namespace zb {
namespace {

using namespace std::chrono;

TEST(Time, FixedOffsetMatchesTzDatabase) {
  const date::time_zone* shanghai = date::locate_zone("Asia/Shanghai");
  for (Instant t = ChinaMidnight(Date{year{1992}, January, day{1}});
       t < ChinaMidnight(Date{year{2040}, January, day{1}}); t += hours{24 * 7 + 1}) {
    auto info = shanghai->get_info(t);
    ASSERT_EQ(info.offset, kChinaOffset) << FormatIso(t);
  }
}

TEST(Time, FormatsChinaTime) {
  Instant t = sys_days{2025y / September / 30d} + hours{9} + minutes{45};  // 09:45 UTC
  EXPECT_EQ(FormatChinaMinute(t), "2025-09-30 17:45");
  EXPECT_EQ(FormatIso(t), "2025-09-30T17:45:00+08:00");
  // Around midnight: 16:30 UTC is 00:30 the next day in China.
  Instant late = sys_days{2025y / December / 31d} + hours{16} + minutes{30};
  EXPECT_EQ(ChinaDate(late), 2026y / January / 1d);
  EXPECT_EQ(FormatDate(ChinaDate(late)), "2026-01-01");
  EXPECT_EQ(FormatIso(late + seconds{7}), "2026-01-01T00:30:07+08:00");
  EXPECT_EQ(FormatIso(sys_days{1999y / December / 31d} + hours{15} + minutes{59} + seconds{59}),
            "1999-12-31T23:59:59+08:00");
  EXPECT_EQ(FormatIso(sys_days{1969y / December / 31d}), "1969-12-31T08:00:00+08:00");
  // Years beyond four digits still format (not as a truncated or garbled year).
  EXPECT_EQ(FormatIso(sys_days{year{12000} / January / 1d}), "12000-01-01T08:00:00+08:00");
}

TEST(Time, ParsesInstants) {
  auto a = ParseInstant("2025-09-30 17:45");
  ASSERT_TRUE(a);
  EXPECT_EQ(FormatChinaMinute(*a), "2025-09-30 17:45");
  auto b = ParseInstant("2025-09-30T09:45:00Z");
  ASSERT_TRUE(b);
  EXPECT_EQ(*a, *b);
  auto c = ParseInstant("2025-09-30T17:45:00.123+08:00");
  ASSERT_TRUE(c);
  EXPECT_EQ(*a, *c);
  EXPECT_EQ(FormatChinaMinute(*ParseInstant("2026-02-01")), "2026-02-01 00:00");
  for (const char* bad : {"", "2025-13-01", "2025-02-30", "2025-09-30 25:00", "2025-09-30X",
                          "2025-09-30T17:45+8", "abc", "2025-9-1"}) {
    EXPECT_FALSE(ParseInstant(bad)) << bad;
  }
}

TEST(Time, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(FromUnixSeconds(1000));
  EXPECT_EQ(ToUnixSeconds(clock.Now()), 1000);
  clock.Advance(seconds{60});
  EXPECT_EQ(ToUnixSeconds(clock.Now()), 1060);
}

}  // namespace
}  // namespace zb
