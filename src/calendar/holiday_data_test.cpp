// Every entry of every year's official file agrees with the calendar's answer.
#include <gtest/gtest.h>

#include <algorithm>

#include "calendar/holiday_file.h"
#include "calendar/test_support.h"
#include "calendar/working_calendar.h"

namespace zb::calendar {
namespace {

using testing::RealCalendar;
using testing::SourceDir;

TEST(HolidayData, EveryEntryOfEveryYearMatchesTheCalendar) {
  const WorkingCalendar& cal = RealCalendar();
  int files = 0;
  int entries = 0;
  for (const auto& item :
       std::filesystem::directory_iterator(SourceDir() / "data" / "holidays-cn")) {
    std::string stem = item.path().stem().string();
    if (item.path().extension() != ".json" || stem.size() != 4 ||
        !std::all_of(stem.begin(), stem.end(), ::isdigit)) {
      continue;
    }
    auto year = ReadHolidayYearFile(item.path());
    ASSERT_TRUE(year.ok()) << year.status().ToString();
    EXPECT_TRUE(cal.HasDataFor(year->year));
    ++files;
    for (const HolidayEntry& e : year->entries) {
      EXPECT_EQ(cal.IsWorkingDay(e.date), !e.off) << FormatDate(e.date) << " " << e.name;
      ++entries;
    }
  }
  EXPECT_GE(files, 20);  // 2007–2026
  EXPECT_GT(entries, 500);
}

}  // namespace
}  // namespace zb::calendar
