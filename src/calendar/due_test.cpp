#include "calendar/due.h"

#include <gtest/gtest.h>

#include "calendar/test_support.h"

namespace zb::calendar {
namespace {

using namespace std::chrono;
using testing::At;
using testing::RealCalendar;

struct DueCase {
  const char* start;  // China time
  const char* expression;
  const char* due;  // China time
  const char* why;
};

// Real dates against the real holiday files.
const DueCase kCases[] = {
    // The example: a circulation item (传阅件, "same working day") arriving after hours
    // on the eve of National Day + Mid-Autumn 2025 (10-01..10-08 off) is due at the end of 10-09.
    {"2025-09-30 17:45", "same working day", "2025-10-09 17:30", "after hours before the holiday"},
    {"2025-09-30 17:45", "当日", "2025-10-09 17:30", "the Chinese form"},
    {"2025-09-30 10:00", "same working day", "2025-09-30 17:30", "during working hours"},
    {"2025-09-30 07:00", "same working day", "2025-09-30 17:30", "before working hours"},
    {"2025-09-30 12:30", "same working day", "2025-09-30 17:30", "over lunch"},
    {"2025-09-30 17:30", "same working day", "2025-10-09 17:30", "exactly at the end"},
    {"2025-10-03 09:00", "same working day", "2025-10-09 17:30", "on a holiday"},
    {"2025-10-11 09:00", "same working day", "2025-10-11 17:30", "a worked Saturday"},
    {"2025-10-12 09:00", "same working day", "2025-10-13 17:30", "a Sunday"},
    // N working days: the arrival day never counts.
    {"2025-09-30 09:00", "1 working day", "2025-10-09 17:30", "holiday skipped"},
    {"2025-09-30 17:45", "2 working days", "2025-10-10 17:30", ""},
    {"2025-09-30 17:45", "3 working days", "2025-10-11 17:30", "10-11 is a working Saturday"},
    {"2025-09-30 17:45", "4 working days", "2025-10-13 17:30", "10-12 is an ordinary Sunday"},
    {"2025-09-27 10:00", "1 working day", "2025-09-28 17:30", "Saturday -> worked Sunday"},
    {"2025-10-05 10:00", "1 working day", "2025-10-09 17:30", "arrival on a holiday"},
    // "3 working days" across Spring Festival 2024 (02-10..02-17 off; 02-04, 02-18 worked).
    {"2024-02-08 10:00", "3 working days", "2024-02-19 17:30", "02-09, 02-18, 02-19"},
    {"2024-02-09 15:00", "3个工作日", "2024-02-20 17:30", "02-18, 02-19, 02-20"},
    {"2024-02-02 10:00", "3 working days", "2024-02-06 17:30", "02-04 is a worked Sunday"},
    {"2025-06-03 09:00", "13 working days", "2025-06-20 17:30", "a hotline complaint"},
    // N working hours: the clock runs only in working periods.
    {"2025-09-30 09:00", "2 working hours", "2025-09-30 11:00", ""},
    {"2025-09-30 10:00", "2 working hours", "2025-09-30 12:00", "ends exactly at noon"},
    {"2025-09-30 11:00", "2 working hours", "2025-09-30 14:30", "across lunch"},
    {"2025-09-30 16:45", "2 working hours", "2025-10-09 09:45", "across the holiday"},
    {"2025-09-30 20:00", "2 working hours", "2025-10-09 10:30", "after hours"},
    {"2025-09-30 09:00", "8 working hours", "2025-10-09 09:30", "more than a working day"},
    // Overnight: by the start of the next working day.
    {"2025-09-29 20:00", "overnight", "2025-09-30 08:30", ""},
    {"2025-09-29 10:00", "连夜", "2025-09-30 08:30", "arriving in the day"},
    {"2025-09-30 20:00", "overnight", "2025-10-09 08:30", "before a holiday"},
    // Calendar days: the arrival day does not count; an off last day moves to the next working day.
    {"2025-03-03 09:00", "3 days", "2025-03-06 17:30", ""},
    {"2025-03-03 09:00", "5 days", "2025-03-10 17:30", "Saturday -> Monday"},
    {"2025-09-26 09:00", "5天", "2025-10-09 17:30", "10-01 is National Day"},
    // Months, with the end-of-month rule.
    {"2025-01-31 09:00", "1 month", "2025-02-28 17:30", "no Feb 31"},
    {"2024-01-31 09:00", "1 month", "2024-02-29 17:30", "leap year"},
    {"2025-03-31 09:00", "1 month", "2025-04-30 17:30", ""},
    {"2025-07-01 09:00", "3 months", "2025-10-09 17:30", "10-01 off -> 10-09"},
    {"2025-03-15 09:00", "3个月", "2025-06-16 17:30", "06-15 is a Sunday"},
    // Fixed dates: this year, or next year if already past; never moved.
    {"2025-03-01 09:00", "by 06-30", "2025-06-30 17:30", ""},
    {"2025-07-01 09:00", "by 06-30", "2026-06-30 17:30", "passed: next year"},
    {"2025-06-30 20:00", "by 06-30", "2025-06-30 17:30", "same day: already overdue"},
    {"2025-01-10 09:00", "by 02-29", "2025-02-28 17:30", "common year"},
    {"2025-03-01 09:00", "by 10-01", "2025-10-01 17:30", "a holiday is not moved"},
    // Years without data: weekends only.
    {"2035-09-28 10:00", "3 working days", "2035-10-03 17:30", "2035: no holiday data"},
};

TEST(DueAt, RealDates) {
  const WorkingCalendar& cal = RealCalendar();
  for (const DueCase& c : kCases) {
    auto limit = TimeLimit::Parse(c.expression);
    ASSERT_TRUE(limit.ok()) << c.expression;
    EXPECT_EQ(FormatChinaMinute(DueAt(cal, *limit, At(c.start))), c.due)
        << c.start << " + " << c.expression << " (" << c.why << ")";
  }
}

TEST(DueAt, ChinaTimeAroundMidnight) {
  const WorkingCalendar& cal = RealCalendar();
  TimeLimit one = TimeLimit::WorkingDays(1);
  // 15:59 UTC on 10-08 is 23:59 in China, still the holiday; 16:00 UTC is 10-09 00:00.
  Instant before = sys_days{2025y / October / 8d} + hours{15} + minutes{59};
  Instant after = sys_days{2025y / October / 8d} + hours{16};
  EXPECT_EQ(FormatChinaMinute(DueAt(cal, one, before)), "2025-10-09 17:30");
  EXPECT_EQ(FormatChinaMinute(DueAt(cal, one, after)), "2025-10-10 17:30");
  // "Same working day" just after midnight China time on a working day is that day.
  Instant early = sys_days{2025y / October / 8d} + hours{16} + minutes{30};
  EXPECT_EQ(FormatChinaMinute(DueAt(cal, TimeLimit::SameWorkingDay(), early)), "2025-10-09 17:30");
  // The result is an exact UTC instant: 17:30 China is 09:30 UTC.
  EXPECT_EQ(DueAt(cal, one, before), sys_days{2025y / October / 9d} + hours{9} + minutes{30});
}

TEST(DueAt, CustomWorkingHours) {
  WorkingCalendar cal = RealCalendar();
  cal.SetWorkingHours(*WorkingHours::Parse("09:00-12:00,14:00-18:00"));
  EXPECT_EQ(FormatChinaMinute(DueAt(cal, TimeLimit::SameWorkingDay(), At("2025-09-30 17:45"))),
            "2025-09-30 18:00");
  EXPECT_EQ(FormatChinaMinute(DueAt(cal, TimeLimit::Overnight(), At("2025-09-30 20:00"))),
            "2025-10-09 09:00");
}

TEST(DueAfterPause, WorkingTimeLimitsMoveByTheWorkingTimeLost) {
  const WorkingCalendar& cal = RealCalendar();
  TimeLimit limit = TimeLimit::WorkingDays(2);
  Instant due = At("2025-10-10 17:30");
  // Paused 10-09 16:00 to 10-10 10:00: 90 + 90 working minutes lost, so the due moves 3 working
  // hours past 10-10 17:30, into the working Saturday.
  auto moved = DueAfterPause(cal, limit, due, At("2025-10-09 16:00"), At("2025-10-10 10:00"));
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(FormatChinaMinute(*moved), "2025-10-11 11:30");
  // A pause over the holiday loses no working time.
  auto same = DueAfterPause(cal, limit, due, At("2025-09-30 17:30"), At("2025-10-09 08:30"));
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, due);
  // A pause of exactly one working day moves the due by one working day.
  auto day = DueAfterPause(cal, limit, due, At("2025-10-09 08:30"), At("2025-10-09 17:30"));
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(FormatChinaMinute(*day), "2025-10-11 17:30");
}

TEST(DueAfterPause, CalendarLimitsMoveByTheCalendarTimeLost) {
  const WorkingCalendar& cal = RealCalendar();
  Instant due = At("2025-10-20 17:30");
  auto moved = DueAfterPause(cal, TimeLimit::CalendarDays(20), due, At("2025-10-01 10:00"),
                             At("2025-10-03 13:00"));
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(FormatChinaMinute(*moved), "2025-10-22 20:30");
}

TEST(DueAfterPause, RefusesAResumeBeforeThePause) {
  auto moved = DueAfterPause(RealCalendar(), TimeLimit::WorkingDays(1), At("2025-10-10 17:30"),
                             At("2025-10-09 16:00"), At("2025-10-09 15:00"));
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.status().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace zb::calendar
