#include "calendar/working_calendar.h"

#include <gtest/gtest.h>

#include "calendar/test_support.h"

namespace zb::calendar {
namespace {

using namespace std::chrono;
using testing::At;
using testing::D;
using testing::RealCalendar;

TEST(WorkingCalendar, KnownDays) {
  const WorkingCalendar& cal = RealCalendar();
  struct Case {
    const char* date;
    bool working;
  } cases[] = {
      {"2025-09-28", true},   // Sunday worked for National Day
      {"2025-09-30", true},   // Tuesday
      {"2025-10-01", false},  // National Day
      {"2025-10-08", false},  // last day of the holiday
      {"2025-10-09", true},   // Thursday
      {"2025-10-11", true},   // Saturday worked
      {"2025-10-12", false},  // Sunday
      {"2024-02-04", true},   // Sunday worked for Spring Festival
      {"2024-02-09", true},   // Spring Festival eve, a working Friday in 2024
      {"2024-02-12", false},  // Spring Festival
      {"2024-02-18", true},   // Sunday worked
      {"2025-01-01", false},  // New Year's Day
      {"2025-03-08", false},  // an ordinary Saturday
  };
  for (const Case& c : cases) EXPECT_EQ(cal.IsWorkingDay(D(c.date)), c.working) << c.date;
}

TEST(WorkingCalendar, YearWithoutDataFallsBackToWeekends) {
  const WorkingCalendar& cal = RealCalendar();
  EXPECT_TRUE(cal.HasDataFor(2025));
  EXPECT_FALSE(cal.HasDataFor(2035));
  EXPECT_TRUE(cal.IsWorkingDay(D("2035-10-01")));   // a Monday: no data, so working
  EXPECT_FALSE(cal.IsWorkingDay(D("2035-10-06")));  // a Saturday
  WorkingCalendar weekends_only;
  EXPECT_FALSE(weekends_only.HasDataFor(2025));
  EXPECT_TRUE(weekends_only.IsWorkingDay(D("2025-10-01")));
}

TEST(WorkingCalendar, LocalOverridesWin) {
  WorkingCalendar cal = RealCalendar();
  ASSERT_TRUE(cal.SetLocalDay(D("2025-10-09"), false, "本地调休").ok());
  ASSERT_TRUE(cal.SetLocalDay(D("2025-10-12"), true).ok());
  EXPECT_FALSE(cal.IsWorkingDay(D("2025-10-09")));
  EXPECT_TRUE(cal.IsWorkingDay(D("2025-10-12")));
  EXPECT_EQ(cal.FirstWorkingDayFrom(D("2025-10-01")), D("2025-10-10"));
  EXPECT_FALSE(cal.SetLocalDay(D("1800-01-01"), false).ok());
  EXPECT_TRUE(RealCalendar().IsWorkingDay(D("2025-10-09")));  // the copy is independent
}

TEST(WorkingCalendar, AddYearRefusesADuplicateYear) {
  WorkingCalendar cal;
  HolidayYear year{2025, {}, {{D("2025-10-01"), "国庆节", true}}};
  ASSERT_TRUE(cal.AddYear(year).ok());
  EXPECT_FALSE(cal.IsWorkingDay(D("2025-10-01")));
  EXPECT_EQ(cal.AddYear(year).code(), ErrorCode::kConflict);
}

// The table answers must equal a plain walk over the days, including across the edges of the
// table (2000, 2070) where the closed-form weekend rule takes over.
TEST(WorkingCalendar, DayArithmeticMatchesAWalkOverDays) {
  const WorkingCalendar& cal = RealCalendar();
  auto next = [](Date d) { return Date{sys_days{d} + days{1}}; };
  for (Date start : {D("1999-12-20"), D("2006-12-25"), D("2024-02-05"), D("2025-09-25"),
                     D("2026-12-20"), D("2070-12-20"), D("1969-12-25")}) {
    for (int offset = 0; offset < 30; ++offset) {
      Date d{sys_days{start} + days{offset}};
      Date walk = d;
      while (!cal.IsWorkingDay(walk)) walk = next(walk);
      EXPECT_EQ(cal.FirstWorkingDayFrom(d), walk) << FormatDate(d);
      walk = d;
      for (int n = 1; n <= 12; ++n) {
        walk = next(walk);
        while (!cal.IsWorkingDay(walk)) walk = next(walk);
        ASSERT_EQ(cal.NthWorkingDayAfter(d, n), walk) << FormatDate(d) << " + " << n;
      }
    }
  }
}

TEST(WorkingCalendar, WorkingHoursBoundaries) {
  const WorkingCalendar& cal = RealCalendar();
  EXPECT_EQ(FormatChinaMinute(cal.StartOfWorkingHours(D("2025-10-09"))), "2025-10-09 08:30");
  EXPECT_EQ(FormatChinaMinute(cal.EndOfWorkingHours(D("2025-10-09"))), "2025-10-09 17:30");
  // The working clock stands still over lunch, nights and holidays.
  EXPECT_EQ(cal.WorkingClock(At("2025-09-30 12:00")), cal.WorkingClock(At("2025-09-30 13:30")));
  EXPECT_EQ(cal.WorkingClock(At("2025-09-30 17:30")), cal.WorkingClock(At("2025-10-09 08:30")));
  EXPECT_EQ(cal.WorkingClock(At("2025-10-09 08:31")) - cal.WorkingClock(At("2025-09-30 17:29")),
            minutes{2});
  EXPECT_EQ(FormatChinaMinute(cal.EarliestAtWorkingClock(cal.WorkingClock(At("2025-10-05 10:00")))),
            "2025-09-30 17:30");
  EXPECT_EQ(FormatChinaMinute(cal.LatestAtWorkingClock(cal.WorkingClock(At("2025-10-05 10:00")))),
            "2025-10-09 08:30");
}

TEST(WorkingHours, ParsesAndPrints) {
  WorkingHours standard;
  EXPECT_EQ(standard.ToString(), "08:30-12:00,13:30-17:30");
  EXPECT_EQ(standard.per_day(), minutes{450});
  auto summer = WorkingHours::Parse("08:00-12:00， 14:30–18:00");
  ASSERT_TRUE(summer.ok()) << summer.status().ToString();
  EXPECT_EQ(summer->ToString(), "08:00-12:00,14:30-18:00");
  EXPECT_EQ(summer->per_day(), minutes{450});
  for (const char* bad : {"", "8:30-12:00", "12:00-08:30", "08:30-12:00,11:00-13:00", "25:00-26:00",
                          "08:30-12:00 13:30-17:30"}) {
    EXPECT_FALSE(WorkingHours::Parse(bad).ok()) << bad;
  }
}

TEST(WorkingCalendar, CustomWorkingHours) {
  WorkingCalendar cal = RealCalendar();
  cal.SetWorkingHours(*WorkingHours::Parse("09:00-12:00,14:00-18:00"));
  EXPECT_EQ(FormatChinaMinute(cal.EndOfWorkingHours(D("2025-10-09"))), "2025-10-09 18:00");
  EXPECT_EQ(FormatChinaMinute(cal.StartOfWorkingHours(D("2025-10-09"))), "2025-10-09 09:00");
}

}  // namespace
}  // namespace zb::calendar
