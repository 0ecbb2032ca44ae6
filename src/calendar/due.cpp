#include "calendar/due.h"

#include "calendar/working_time.h"

namespace zb::calendar {

using namespace std::chrono;
using Unit = TimeLimit::Unit;

namespace {

// End of working hours on `last`, moved to the first working day from it when it is off.
Instant EndOfPeriod(const WorkingCalendar& calendar, Date last) {
  return calendar.EndOfWorkingHours(calendar.FirstWorkingDayFrom(last));
}

Date AddMonthsClamped(Date d, int n) {
  Date out = d + months{n};
  if (!out.ok()) out = year_month_day_last{out.year(), month_day_last{out.month()}};
  return out;
}

}  // namespace

Instant DueAt(const WorkingCalendar& calendar, const TimeLimit& limit, Instant start) {
  Date today = ChinaDate(start);
  switch (limit.unit()) {
    case Unit::kWorkingDays:
      return calendar.EndOfWorkingHours(calendar.NthWorkingDayAfter(today, limit.count()));
    case Unit::kWorkingHours:
      return AddWorkingTime(calendar, start, hours{limit.count()});
    case Unit::kSameWorkingDay:
      if (calendar.IsWorkingDay(today) && start < calendar.EndOfWorkingHours(today)) {
        return calendar.EndOfWorkingHours(today);
      }
      return calendar.EndOfWorkingHours(calendar.NthWorkingDayAfter(today, 1));
    case Unit::kOvernight:
      return calendar.StartOfWorkingHours(calendar.NthWorkingDayAfter(today, 1));
    case Unit::kCalendarDays:
      return EndOfPeriod(calendar, Date{sys_days{today} + days{limit.count()}});
    case Unit::kMonths:
      return EndOfPeriod(calendar, AddMonthsClamped(today, limit.count()));
    case Unit::kFixedDate: {
      auto on = [&](year y) {
        Date d{y, month{limit.month()}, day{limit.day()}};
        return d.ok() ? d : Date{year_month_day_last{y, month_day_last{month{limit.month()}}}};
      };
      Date target = on(today.year());
      if (target < today) target = on(today.year() + years{1});
      return calendar.EndOfWorkingHours(target);
    }
  }
  return start;
}

Result<Instant> DueAfterPause(const WorkingCalendar& calendar, const TimeLimit& limit, Instant due,
                              Instant pause_start, Instant resume) {
  if (resume < pause_start) {
    return Invalid("恢复计时的时间 " + FormatChinaMinute(resume) + " 早于暂停时间 " +
                       FormatChinaMinute(pause_start),
                   "resume " + FormatChinaMinute(resume) + " is before pause start " +
                       FormatChinaMinute(pause_start));
  }
  if (limit.basis() == TimeLimit::Basis::kCalendarTime) return due + (resume - pause_start);
  return AddWorkingTime(calendar, due, WorkingTimeBetween(calendar, pause_start, resume));
}

}  // namespace zb::calendar
