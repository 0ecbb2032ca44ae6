// DueAt: when a time limit ends, and how a pause moves it.
//
// The rules (docs/time-limits.md has the full text and worked examples). D is the China date of
// `start`, "end of working hours" is the end of the day's last working period (17:30 by default):
//   N working days     end of working hours on the N-th working day after D (D itself never
//                      counts, whatever the hour: the clock starts the next working day).
//   N working hours    `start` plus N hours of working time (AddWorkingTime).
//   same working day   end of working hours on D if D is a working day and `start` is before
//                      that end; otherwise the end of the first working day after D.
//   overnight          start of working hours (08:30) on the first working day after D.
//   N days             the N-th calendar day after D; if that day is off, the first working day
//                      after it (民法典 art. 201, 203); due at the end of its working hours.
//   N months           the same day N months after D, or the month's last day if it has none
//                      (Jan 31 + 1 month = Feb 28/29); then as for N days.
//   by MM-DD           end of working hours on MM-DD of D's year, or of the next year when that
//                      date is before D; 02-29 in a common year is 02-28. Not moved off holidays.
//
// All functions are pure and thread-safe as long as the calendar is not being changed.
#pragma once

#include "base/status.h"
#include "base/time.h"
#include "calendar/time_limit.h"
#include "calendar/working_calendar.h"

namespace zb::calendar {

// The instant the limit ends for a case whose clock starts at `start` (arrival or acceptance,
// as the workflow says).
Instant DueAt(const WorkingCalendar& calendar, const TimeLimit& limit, Instant start);

// The due instant after the clock was paused over [pause_start, resume) (waiting for the citizen,
// an approved suspension). A working-time limit moves by the working time inside the pause, a
// calendar-time limit by the whole pause (TimeLimit::basis()). InvalidArgument if resume is
// before pause_start.
Result<Instant> DueAfterPause(const WorkingCalendar& calendar, const TimeLimit& limit, Instant due,
                              Instant pause_start, Instant resume);

}  // namespace zb::calendar
