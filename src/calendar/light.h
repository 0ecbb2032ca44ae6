// Lights (红/黄/绿灯): how close a case or step is to its time limit.
//
//   red     now >= due (overdue)
//   yellow  from YellowAt(): the remaining working time has fallen to the threshold
//   green   before that
// The threshold is the larger of `yellow_fraction` of the limit's working time and
// `yellow_working_minutes`, except that the absolute part applies only to limits longer than it
// (a 2-working-hour ticket turns yellow with 24 minutes left, not at once). A limit holding no
// working time at all (overnight, arriving after hours) uses `yellow_fraction` of calendar time.
//
// Pure functions; thread-safe as long as the calendar is not being changed.
#pragma once

#include <chrono>

#include "base/time.h"
#include "calendar/working_calendar.h"

namespace zb::calendar {

enum class Light { kGreen, kYellow, kRed };

// "green", "yellow", "red".
const char* LightName(Light light);

struct LightPolicy {
  double yellow_fraction = 0.2;  // yellow when less than 20% of the time is left...
  // ...or less than one working day (7.5 h with the default working hours).
  std::chrono::minutes yellow_working_minutes{450};
};

// The instant the light turns yellow, in [start, due]: a scheduler can wake exactly then. When it
// falls outside working hours it is the start of the next working period (the remaining time only
// shrinks while the office works).
Instant YellowAt(const WorkingCalendar& calendar, Instant start, Instant due,
                 const LightPolicy& policy);

Light ComputeLight(const WorkingCalendar& calendar, Instant start, Instant due, Instant now,
                   const LightPolicy& policy);

}  // namespace zb::calendar
