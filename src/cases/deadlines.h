// What the case engine needs to know about time limits. The implementation (CalendarDeadlines)
// evaluates expressions on the working-day calendar and the configured policies.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "base/time.h"

namespace zb::cases {

class Deadlines {
 public:
  virtual ~Deadlines() = default;
  // The expression the policies give for a case of this kind, urgency and request type, or ""
  // if none applies (the workflow's own default is then used).
  virtual std::string PolicyExpression(std::string_view kind, std::string_view urgency,
                                       std::string_view request_type) const = 0;
  // The instant a limit given by `expression` falls due when its clock starts at `start`.
  virtual Result<Instant> DueAt(const std::string& expression, Instant start) const = 0;
  // When the light of a case running from `start` to `due` turns yellow.
  virtual Instant YellowAt(Instant start, Instant due) const = 0;
  // A warning when the working-day calendar has no holiday data for a year in [start, due]: the
  // limit was then computed on weekends only. Empty when all is known.
  virtual std::string CalendarWarning(Instant start, Instant due) const = 0;
  // The new due instant after the clock was paused over [paused_at, resumed_at).
  virtual Instant AfterPause(Instant due, Instant paused_at, Instant resumed_at) const = 0;
};

}  // namespace zb::cases
