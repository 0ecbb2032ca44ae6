#include "calendar/working_time.h"

namespace zb::calendar {

using std::chrono::minutes;
using std::chrono::seconds;

seconds WorkingTimeBetween(const WorkingCalendar& calendar, Instant a, Instant b) {
  if (b <= a) return seconds{0};
  return calendar.WorkingClock(b) - calendar.WorkingClock(a);
}

minutes WorkingMinutesBetween(const WorkingCalendar& calendar, Instant a, Instant b) {
  return std::chrono::duration_cast<minutes>(WorkingTimeBetween(calendar, a, b));
}

Instant AddWorkingTime(const WorkingCalendar& calendar, Instant start, seconds amount) {
  if (amount <= seconds{0}) return start;
  return calendar.EarliestAtWorkingClock(calendar.WorkingClock(start) + amount);
}

Instant AddWorkingMinutes(const WorkingCalendar& calendar, Instant start, minutes amount) {
  return AddWorkingTime(calendar, start, amount);
}

}  // namespace zb::calendar
