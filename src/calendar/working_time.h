// Working-time arithmetic: durations that count only working hours on working days.
//
// Pure functions of a WorkingCalendar; thread-safe as long as the calendar is not being changed.
#pragma once

#include <chrono>

#include "base/time.h"
#include "calendar/working_calendar.h"

namespace zb::calendar {

// Working time in [a, b), truncated to whole minutes; zero when b <= a.
std::chrono::minutes WorkingMinutesBetween(const WorkingCalendar& calendar, Instant a, Instant b);
std::chrono::seconds WorkingTimeBetween(const WorkingCalendar& calendar, Instant a, Instant b);

// The earliest instant by which `amount` working time has passed since `start`. Outside working
// hours the clock waits for the next working period; a result that falls exactly on the end of a
// period is that end (12:00, 17:30), not the next start. Returns `start` when amount <= 0.
Instant AddWorkingMinutes(const WorkingCalendar& calendar, Instant start,
                          std::chrono::minutes amount);
Instant AddWorkingTime(const WorkingCalendar& calendar, Instant start, std::chrono::seconds amount);

}  // namespace zb::calendar
