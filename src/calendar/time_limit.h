// TimeLimit (时限): a time-limit expression as written in workflow definitions and policies.
//
// Accepted forms (case-insensitive, surrounding spaces ignored; digits may be ASCII, full-width or
// Chinese numerals such as 三, 十三, 两):
//   "N days", "N calendar days", "N天", "N日", "N个自然日"          calendar days
//   "N working days", "N个工作日"                                 working days
//   "N working hours", "N个工作小时"                              working hours
//   "same working day", "当日", "当天"                           by the end of working hours today
//   "overnight", "连夜"                                           by the next working day's start
//   "N months", "N个月"                                           calendar months
//   "by MM-DD", "MM-DD前", "M月D日前"                              a fixed date
// An optional "within " or "内" is allowed ("3个工作日内"). The rules for each form are in
// docs/time-limits.md and in DueAt() (due.h). A TimeLimit is a small value type.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace zb::calendar {

class TimeLimit {
 public:
  enum class Unit {
    kCalendarDays,
    kWorkingDays,
    kWorkingHours,
    kSameWorkingDay,
    kOvernight,
    kMonths,
    kFixedDate,
  };
  // What a pause (e.g. waiting for the citizen) takes off the clock.
  enum class Basis { kWorkingTime, kCalendarTime };

  // InvalidArgument, naming the expression, for anything not listed above or a count out of range
  // (days 1–3650, working days 1–2000, working hours 1–10000, months 1–120).
  static Result<TimeLimit> Parse(std::string_view expression);

  static TimeLimit CalendarDays(int n) { return TimeLimit(Unit::kCalendarDays, n); }
  static TimeLimit WorkingDays(int n) { return TimeLimit(Unit::kWorkingDays, n); }
  static TimeLimit WorkingHours(int n) { return TimeLimit(Unit::kWorkingHours, n); }
  static TimeLimit SameWorkingDay() { return TimeLimit(Unit::kSameWorkingDay, 0); }
  static TimeLimit Overnight() { return TimeLimit(Unit::kOvernight, 0); }
  static TimeLimit Months(int n) { return TimeLimit(Unit::kMonths, n); }
  // `month`/`day` must form a valid date in a leap year (02-29 is allowed).
  static TimeLimit FixedDate(unsigned month, unsigned day);

  // The canonical English form, which Parse() accepts: "3 working days", "1 month", "by 06-30".
  std::string ToString() const;
  // The Chinese form shown to staff: "3个工作日", "1个月", "6月30日前".
  std::string ToChinese() const;

  Unit unit() const { return unit_; }
  // N for the counted forms; 0 otherwise.
  int count() const { return count_; }
  // For kFixedDate.
  unsigned month() const { return month_; }
  unsigned day() const { return day_; }
  // Working days, working hours and "same working day" run on working time; calendar days,
  // months, fixed dates and "overnight" (which spans the night by design) on calendar time.
  Basis basis() const;

  friend bool operator==(const TimeLimit&, const TimeLimit&) = default;

 private:
  TimeLimit(Unit unit, int count) : unit_(unit), count_(count) {}

  Unit unit_;
  int count_ = 0;
  unsigned month_ = 0;
  unsigned day_ = 0;
};

}  // namespace zb::calendar
