#include "calendar/working_time.h"

#include <gtest/gtest.h>

#include "calendar/test_support.h"

namespace zb::calendar {
namespace {

using namespace std::chrono;
using testing::At;
using testing::RealCalendar;

TEST(WorkingTime, MinutesBetween) {
  const WorkingCalendar& cal = RealCalendar();
  struct Case {
    const char* a;
    const char* b;
    int minutes;
  } cases[] = {
      {"2025-09-30 09:00", "2025-09-30 10:00", 60},
      {"2025-09-30 11:00", "2025-09-30 14:00", 90},    // lunch does not count
      {"2025-09-30 08:30", "2025-09-30 17:30", 450},   // one working day
      {"2025-09-30 17:00", "2025-10-09 09:00", 60},    // across National Day
      {"2025-10-01 00:00", "2025-10-08 23:59", 0},     // all holiday
      {"2025-10-10 17:00", "2025-10-11 09:00", 60},    // into the working Saturday
      {"2025-09-30 10:00", "2025-09-30 09:00", 0},     // reversed
      {"2025-09-30 09:00", "2025-09-30 09:00:59", 0},  // truncated to whole minutes
  };
  for (const Case& c : cases) {
    EXPECT_EQ(WorkingMinutesBetween(cal, At(c.a), At(c.b)), minutes{c.minutes})
        << c.a << " .. " << c.b;
  }
}

TEST(WorkingTime, AddWorkingMinutes) {
  const WorkingCalendar& cal = RealCalendar();
  EXPECT_EQ(FormatChinaMinute(AddWorkingMinutes(cal, At("2025-09-30 17:00"), minutes{30})),
            "2025-09-30 17:30");
  EXPECT_EQ(FormatChinaMinute(AddWorkingMinutes(cal, At("2025-09-30 17:00"), minutes{31})),
            "2025-10-09 08:31");
  EXPECT_EQ(FormatChinaMinute(AddWorkingMinutes(cal, At("2025-10-03 03:00"), minutes{210})),
            "2025-10-09 12:00");
  EXPECT_EQ(AddWorkingMinutes(cal, At("2025-10-03 03:00"), minutes{0}), At("2025-10-03 03:00"));
}

// Adding then measuring gives back the amount, from starts in and out of working hours, across
// holidays and years, before and after the table's range.
TEST(WorkingTime, AddAndMeasureAreInverse) {
  const WorkingCalendar& cal = RealCalendar();
  for (const char* first :
       {"2024-02-01 00:00", "2025-09-25 00:00", "1999-12-25 00:00", "2070-12-25 00:00"}) {
    for (int step = 0; step < 24 * 12; ++step) {
      Instant start = At(first) + minutes{step * 47};
      for (int amount : {1, 59, 210, 449, 450, 451, 900, 3000}) {
        Instant end = AddWorkingMinutes(cal, start, minutes{amount});
        ASSERT_EQ(WorkingMinutesBetween(cal, start, end), minutes{amount})
            << FormatChinaMinute(start) << " + " << amount;
        // The earliest such instant: a minute earlier is short.
        ASSERT_EQ(WorkingMinutesBetween(cal, start, end - minutes{1}), minutes{amount - 1});
      }
    }
  }
}

}  // namespace
}  // namespace zb::calendar
