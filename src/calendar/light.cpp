#include "calendar/light.h"

#include <algorithm>
#include <cmath>

namespace zb::calendar {

using std::chrono::seconds;

const char* LightName(Light light) {
  switch (light) {
    case Light::kGreen:
      return "green";
    case Light::kYellow:
      return "yellow";
    case Light::kRed:
      return "red";
  }
  return "green";
}

Instant YellowAt(const WorkingCalendar& calendar, Instant start, Instant due,
                 const LightPolicy& policy) {
  if (due <= start) return due;
  double fraction = std::clamp(policy.yellow_fraction, 0.0, 1.0);
  seconds due_clock = calendar.WorkingClock(due);
  seconds total = due_clock - calendar.WorkingClock(start);
  if (total <= seconds{0}) {
    auto span = (due - start).count();
    return due - seconds{std::llround(double(span) * fraction)};
  }
  seconds threshold{std::llround(double(total.count()) * fraction)};
  seconds absolute = policy.yellow_working_minutes;
  if (absolute < total) threshold = std::max(threshold, absolute);
  Instant at = calendar.LatestAtWorkingClock(due_clock - threshold);
  return std::clamp(at, start, due);
}

Light ComputeLight(const WorkingCalendar& calendar, Instant start, Instant due, Instant now,
                   const LightPolicy& policy) {
  if (now >= due) return Light::kRed;
  if (now >= YellowAt(calendar, start, due, policy)) return Light::kYellow;
  return Light::kGreen;
}

}  // namespace zb::calendar
