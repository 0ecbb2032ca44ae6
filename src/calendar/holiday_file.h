// Holiday files: one year of official holidays and adjusted working days (调休), in the format of
// data/holidays-cn/YYYY.json:
//   {"year": 2025, "papers": [...], "days": [{"name": "元旦", "date": "2025-01-01",
//    "isOffDay": true}, ...]}
// `isOffDay: true` is a day off (a holiday, or a weekend day inside one); `false` is a working day
// that would otherwise be off (a weekend day worked in exchange, 调休).
//
// The same entry format, without "year", is used by the folder's optional local.json for the
// admin's local extra days off or on, which may fall in any year.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "base/time.h"

namespace zb::calendar {

struct HolidayEntry {
  Date date;
  std::string name;  // e.g. "国庆节、中秋节"
  bool off = true;   // isOffDay
};

struct HolidayYear {
  int year = 0;
  std::vector<std::string> papers;  // the State Council notices the data comes from
  // Sorted by date, no duplicates, all within `year` or, for the New Year's Day arrangement that
  // the State Council publishes with the year (e.g. 2006-12-30 in 2007.json), the previous
  // December.
  std::vector<HolidayEntry> entries;
};

// Parses and validates one year's file. `source` names the file in error messages. Errors: bad
// JSON, a missing or mistyped field, a bad date, a date outside `year` (and its previous
// December), a duplicate date.
Result<HolidayYear> ParseHolidayYear(std::string_view json, const std::string& source);
// Reads and parses `path`; additionally the file name must be "<year>.json" when it is a year.
Result<HolidayYear> ReadHolidayYearFile(const std::filesystem::path& path);

// Parses a local overrides file: {"days": [entries]} with dates in any year, no duplicates.
Result<std::vector<HolidayEntry>> ParseLocalOverrides(std::string_view json,
                                                      const std::string& source);

// Reads a whole file into `out`. NotFound when it does not exist, Internal on I/O failure.
Status ReadTextFile(const std::filesystem::path& path, std::string& out);

}  // namespace zb::calendar
