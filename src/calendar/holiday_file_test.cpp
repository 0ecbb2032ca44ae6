#include "calendar/holiday_file.h"

#include <gtest/gtest.h>

#include "calendar/test_support.h"
#include "calendar/working_calendar.h"

namespace zb::calendar {
namespace {

using testing::TempDir;

std::string YearFile(int year, const std::string& days) {
  return R"({"year": )" + std::to_string(year) + R"(, "papers": [], "days": [)" + days + "]}";
}

std::string Day(const std::string& date, bool off) {
  return R"({"name": "测试", "date": ")" + date + R"(", "isOffDay": )" + (off ? "true" : "false") +
         "}";
}

TEST(HolidayFile, ParsesAndSortsEntries) {
  auto year =
      ParseHolidayYear(YearFile(2025, Day("2025-10-02", true) + "," + Day("2025-10-01", true) +
                                          "," + Day("2025-10-11", false)),
                       "2025.json");
  ASSERT_TRUE(year.ok()) << year.status().ToString();
  EXPECT_EQ(year->year, 2025);
  ASSERT_EQ(year->entries.size(), 3u);
  EXPECT_EQ(FormatDate(year->entries[0].date), "2025-10-01");
  EXPECT_FALSE(year->entries[2].off);
}

struct BadCase {
  const char* label;
  std::string json;
  const char* expected_in_message;
};

TEST(HolidayFile, RefusesBadFilesWithTheFileAndTheProblem) {
  std::vector<BadCase> cases = {
      {"bad json", "{\"year\": 2025, \"days\": [", "not valid JSON"},
      {"not an object", "[1, 2]", "top level"},
      {"no year", R"({"days": []})", "\"year\""},
      {"no days", R"({"year": 2025})", "\"days\""},
      {"bad date", YearFile(2025, Day("2025-02-30", true)), "bad date '2025-02-30'"},
      {"malformed date", YearFile(2025, Day("2025/10/01", true)), "bad date '2025/10/01'"},
      {"wrong year", YearFile(2025, Day("2024-10-01", true)), "not in the year 2025"},
      {"next year", YearFile(2025, Day("2026-01-01", true)), "not in the year 2025"},
      {"duplicate", YearFile(2025, Day("2025-10-01", true) + "," + Day("2025-10-01", false)),
       "duplicate date 2025-10-01"},
      {"missing field", YearFile(2025, R"({"name": "x", "date": "2025-10-01"})"), "isOffDay"},
  };
  for (const BadCase& c : cases) {
    auto year = ParseHolidayYear(c.json, "2025.json");
    ASSERT_FALSE(year.ok()) << c.label;
    EXPECT_EQ(year.status().code(), ErrorCode::kInvalidArgument) << c.label;
    EXPECT_NE(year.status().message_en().find("2025.json"), std::string::npos) << c.label;
    EXPECT_NE(year.status().message_en().find(c.expected_in_message), std::string::npos)
        << c.label << ": " << year.status().message_en();
    EXPECT_NE(year.status().message().find("2025.json"), std::string::npos) << c.label;
  }
}

TEST(HolidayFile, NewYearArrangementMayStartInThePreviousDecember) {
  // As in the official 2007.json: the New Year's Day notice moves 2006-12-30/31 too.
  auto year = ParseHolidayYear(
      YearFile(2007, Day("2006-12-30", false) + "," + Day("2007-01-01", true)), "2007.json");
  ASSERT_TRUE(year.ok()) << year.status().ToString();
  EXPECT_EQ(FormatDate(year->entries[0].date), "2006-12-30");
}

TEST(HolidayFile, ADateListedByTwoYearsIsRefused) {
  TempDir dir;
  dir.Write("2018.json", YearFile(2018, Day("2018-12-29", false)));
  dir.Write("2019.json", YearFile(2019, Day("2018-12-29", true)));
  auto cal = WorkingCalendar::LoadDirectory(dir.path());
  ASSERT_FALSE(cal.ok());
  EXPECT_NE(cal.status().message_en().find("2019.json"), std::string::npos)
      << cal.status().ToString();
  EXPECT_NE(cal.status().message_en().find("date 2018-12-29 is listed by both"), std::string::npos);
}

TEST(HolidayFile, FileNameMustMatchTheYear) {
  TempDir dir;
  auto path = dir.Write("2024.json", YearFile(2025, Day("2025-10-01", true)));
  auto year = ReadHolidayYearFile(path);
  ASSERT_FALSE(year.ok());
  EXPECT_NE(year.status().message_en().find("does not match"), std::string::npos);
  // Any other name is accepted (an import from a download folder).
  auto other = ReadHolidayYearFile(dir.Write("download.json", YearFile(2025, "")));
  EXPECT_TRUE(other.ok()) << other.status().ToString();
}

TEST(HolidayFile, LoadDirectoryNamesTheBadFile) {
  TempDir dir;
  dir.Write("2025.json", YearFile(2025, Day("2025-10-01", true)));
  dir.Write("2026.json", YearFile(2026, Day("2026-01-01", true) + "," + Day("2026-01-01", true)));
  auto cal = WorkingCalendar::LoadDirectory(dir.path());
  ASSERT_FALSE(cal.ok());
  EXPECT_NE(cal.status().message_en().find("2026.json"), std::string::npos)
      << cal.status().ToString();
  EXPECT_NE(cal.status().message_en().find("duplicate date 2026-01-01"), std::string::npos);
}

TEST(HolidayFile, EmptyOrMissingFolderIsNotFound) {
  TempDir dir;
  dir.Write("README.txt", "no data here");
  auto empty = WorkingCalendar::LoadDirectory(dir.path());
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(empty.status().message_en().find("no YYYY.json"), std::string::npos);
  auto missing = WorkingCalendar::LoadDirectory(dir.path() / "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
}

TEST(HolidayFile, LocalOverridesFromTheFolder) {
  TempDir dir;
  dir.Write("2025.json", YearFile(2025, Day("2025-10-01", true)));
  dir.Write("local.json", R"({"days": [)" + Day("2025-10-09", true) + "," +
                              Day("2025-10-12", false) + "," + Day("2026-03-02", true) + "]}");
  auto cal = WorkingCalendar::LoadDirectory(dir.path());
  ASSERT_TRUE(cal.ok()) << cal.status().ToString();
  EXPECT_FALSE(cal->IsWorkingDay(testing::D("2025-10-09")));  // a Thursday given off locally
  EXPECT_TRUE(cal->IsWorkingDay(testing::D("2025-10-12")));   // a Sunday worked locally
  EXPECT_FALSE(cal->IsWorkingDay(testing::D("2026-03-02")));  // a year without official data
  EXPECT_FALSE(cal->HasDataFor(2026));
  auto special = cal->SpecialDays(2025);
  ASSERT_EQ(special.size(), 3u);
  EXPECT_FALSE(special[0].local);
  EXPECT_TRUE(special[1].local);

  dir.Write("local.json", R"({"days": [)" + Day("2025-13-01", true) + "]}");
  auto bad = WorkingCalendar::LoadDirectory(dir.path());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message_en().find("local.json"), std::string::npos);
}

}  // namespace
}  // namespace zb::calendar
