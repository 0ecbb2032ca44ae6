#include "calendar/light.h"

#include <gtest/gtest.h>

#include "calendar/due.h"
#include "calendar/test_support.h"

namespace zb::calendar {
namespace {

using namespace std::chrono;
using testing::At;
using testing::RealCalendar;

TEST(Light, Names) {
  EXPECT_STREQ(LightName(Light::kGreen), "green");
  EXPECT_STREQ(LightName(Light::kYellow), "yellow");
  EXPECT_STREQ(LightName(Light::kRed), "red");
}

TEST(Light, LessThanOneWorkingDayLeft) {
  const WorkingCalendar& cal = RealCalendar();
  LightPolicy policy;
  Instant start = At("2025-10-09 10:00");
  Instant due = DueAt(cal, TimeLimit::WorkingDays(3), start);
  ASSERT_EQ(FormatChinaMinute(due), "2025-10-13 17:30");
  // 20% of 1710 working minutes is 342 < 450, so one working day decides: the light turns yellow
  // when the last working day begins, not on the Saturday evening before.
  Instant yellow = YellowAt(cal, start, due, policy);
  EXPECT_EQ(FormatChinaMinute(yellow), "2025-10-13 08:30");
  EXPECT_EQ(ComputeLight(cal, start, due, At("2025-10-09 10:00"), policy), Light::kGreen);
  EXPECT_EQ(ComputeLight(cal, start, due, At("2025-10-12 20:00"), policy), Light::kGreen);
  EXPECT_EQ(ComputeLight(cal, start, due, yellow - seconds{1}, policy), Light::kGreen);
  EXPECT_EQ(ComputeLight(cal, start, due, yellow, policy), Light::kYellow);
  EXPECT_EQ(ComputeLight(cal, start, due, At("2025-10-13 17:29"), policy), Light::kYellow);
  EXPECT_EQ(ComputeLight(cal, start, due, due, policy), Light::kRed);
  EXPECT_EQ(ComputeLight(cal, start, due, At("2025-10-20 09:00"), policy), Light::kRed);
}

TEST(Light, LessThanTwentyPercentLeft) {
  const WorkingCalendar& cal = RealCalendar();
  LightPolicy policy;
  Instant start = At("2025-06-03 09:00");
  Instant due = DueAt(cal, TimeLimit::WorkingDays(13), start);
  ASSERT_EQ(FormatChinaMinute(due), "2025-06-20 17:30");
  // Total: 420 on the first day + 13 * 450 = 6270 minutes; 20% is 1254 = 2 days and 354 minutes,
  // so yellow 354 working minutes before 06-18 17:30: 06-18 10:06.
  EXPECT_EQ(FormatChinaMinute(YellowAt(cal, start, due, policy)), "2025-06-18 10:06");
}

TEST(Light, ShortLimitsUseTheFraction) {
  const WorkingCalendar& cal = RealCalendar();
  LightPolicy policy;
  Instant start = At("2025-10-09 09:00");
  Instant due = DueAt(cal, TimeLimit::WorkingHours(2), start);
  ASSERT_EQ(FormatChinaMinute(due), "2025-10-09 11:00");
  EXPECT_EQ(FormatChinaMinute(YellowAt(cal, start, due, policy)), "2025-10-09 10:36");
  EXPECT_EQ(ComputeLight(cal, start, due, At("2025-10-09 09:00"), policy), Light::kGreen);
}

TEST(Light, OvernightUsesCalendarTime) {
  const WorkingCalendar& cal = RealCalendar();
  LightPolicy policy;
  Instant start = At("2025-09-29 20:00");
  Instant due = DueAt(cal, TimeLimit::Overnight(), start);
  ASSERT_EQ(FormatChinaMinute(due), "2025-09-30 08:30");
  // No working time between: 20% of the 12.5 calendar hours.
  EXPECT_EQ(FormatChinaMinute(YellowAt(cal, start, due, policy)), "2025-09-30 06:00");
}

TEST(Light, PolicyIsConfigurable) {
  const WorkingCalendar& cal = RealCalendar();
  LightPolicy policy{0.5, minutes{0}};
  Instant start = At("2025-10-09 08:30");
  Instant due = At("2025-10-09 17:30");
  EXPECT_EQ(FormatChinaMinute(YellowAt(cal, start, due, policy)), "2025-10-09 13:45");
  EXPECT_EQ(YellowAt(cal, due, start, policy), start);  // due before start: at once
}

}  // namespace
}  // namespace zb::calendar
