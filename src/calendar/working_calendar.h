// WorkingCalendar: which China days are working days, and working-time arithmetic over them.
//
// A day is a working day when it is Monday–Friday, unless the official holiday data marks it off;
// a weekend day is a working day when the data marks it as an adjusted working day (调休). Local
// overrides set by the office's admin (extra days off or on) take precedence over both. For a
// year without holiday data only weekends are off; callers check HasDataFor() and show a warning.
//
// Every lookup is a table index: a per-day table covers 2000–2070 (widened to any loaded year),
// and outside it the weekend rule is applied in closed form. No query loops over days.
//
// Thread-safety: const member functions may be called concurrently from any number of threads.
// The mutators (AddYear, SetLocalDay, SetWorkingHours) need exclusive access; configure the
// calendar first, then share it read-only (e.g. as `std::shared_ptr<const WorkingCalendar>`).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"
#include "base/time.h"
#include "calendar/holiday_file.h"
#include "calendar/working_hours.h"

namespace zb::calendar {

// A day that differs from the weekend rule or was named by the data, for listings.
struct SpecialDay {
  Date date;
  std::string name;
  bool working = false;  // false: day off; true: working day
  bool local = false;    // set by the admin rather than the official data
};

class WorkingCalendar {
 public:
  // Weekends only, default working hours, no holiday data.
  WorkingCalendar();

  // Loads every YYYY.json in `dir` (other files are ignored) and, when present, local.json (the
  // admin's overrides; see holiday_file.h). Errors name the file and the problem; a folder with no
  // year file is NotFound.
  static Result<WorkingCalendar> LoadDirectory(const std::filesystem::path& dir,
                                               WorkingHours hours = WorkingHours());

  // Adds one year's official data. Conflict if that year is already loaded or one of its dates is
  // already listed by another year's data (nothing is changed then).
  Status AddYear(const HolidayYear& year);
  // Drops one year's official data (no-op when absent).
  void RemoveYear(int year);
  // A local extra day off (working = false) or on (working = true); replaces an earlier override.
  // InvalidArgument for a date outside 1900–2200.
  Status SetLocalDay(Date date, bool working, std::string name = "");
  void SetWorkingHours(WorkingHours hours);

  bool IsWorkingDay(Date date) const { return IsWorkingDayNumber(DayNumber(date)); }
  // True when official holiday data for `year` is loaded.
  bool HasDataFor(int year) const { return years_.count(year) > 0; }
  const std::set<int>& years() const { return years_; }
  const WorkingHours& hours() const { return hours_; }
  // Named and overridden days of `year` in date order (weekends are not listed).
  std::vector<SpecialDay> SpecialDays(int year) const;

  // The first working day on or after `date`.
  Date FirstWorkingDayFrom(Date date) const;
  // The n-th working day strictly after `date` (n >= 1).
  Date NthWorkingDayAfter(Date date, int n) const;
  // Start of the first / end of the last working period of `date` (whether or not it works).
  Instant StartOfWorkingHours(Date date) const;
  Instant EndOfWorkingHours(Date date) const;

  // The working clock: working time elapsed from a fixed origin to `t`. It stands still outside
  // working hours, so the working time between a and b is WorkingClock(b) - WorkingClock(a).
  std::chrono::seconds WorkingClock(Instant t) const;
  // The earliest instant whose working clock reads `clock` (a period's end rather than the next
  // period's start), and the latest (the next period's start rather than the previous end).
  Instant EarliestAtWorkingClock(std::chrono::seconds clock) const;
  Instant LatestAtWorkingClock(std::chrono::seconds clock) const;

 private:
  struct Override {
    bool working;
    std::string name;
  };

  static int64_t DayNumber(Date d) { return std::chrono::sys_days(d).time_since_epoch().count(); }
  bool IsWorkingDayNumber(int64_t day) const {
    int64_t i = day - first_day_;
    if (i >= 0 && i < int64_t(working_.size())) return working_[i] != 0;
    return IsWeekday(day);
  }
  static bool IsWeekday(int64_t day);
  int64_t RankOf(int64_t day) const;      // working days in [first_day_, day), may be negative
  int64_t DayOfRank(int64_t rank) const;  // the working day with that rank
  Instant MidnightOf(int64_t day) const;
  void Rebuild();

  WorkingHours hours_;
  std::set<int> years_;
  struct Official {
    HolidayEntry entry;
    int file_year;  // the year whose data lists it
  };

  Status Merge(const HolidayYear& year);  // AddYear without rebuilding the tables

  std::map<int64_t, Official> official_;  // day number -> entry
  std::map<int64_t, Override> local_;     // day number -> override
  // Tables over [first_day_, first_day_ + working_.size()).
  int64_t first_day_ = 0;
  std::vector<uint8_t> working_;
  std::vector<int32_t> rank_;          // rank_[i]: working days in [first_day_, first_day_ + i)
  std::vector<int32_t> working_days_;  // offsets of the working days, in order
};

}  // namespace zb::calendar
