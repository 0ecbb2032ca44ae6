#include "cases/calendar_deadlines.h"

#include "calendar/due.h"
#include "calendar/light.h"
#include "calendar/time_limit.h"
#include "calendar/working_time.h"

namespace zb::cases {

Result<std::unique_ptr<CalendarDeadlines>> CalendarDeadlines::Load(
    const std::filesystem::path& holidays_dir, const std::filesystem::path& policy_file) {
  ZB_ASSIGN_OR_RETURN(calendar::PolicySet policies, calendar::PolicySet::LoadFile(policy_file));
  ZB_ASSIGN_OR_RETURN(calendar::WorkingCalendar cal, calendar::WorkingCalendar::LoadDirectory(
                                                         holidays_dir, policies.working_hours()));
  return std::make_unique<CalendarDeadlines>(std::move(cal), std::move(policies));
}

std::string CalendarDeadlines::PolicyExpression(std::string_view kind, std::string_view urgency,
                                                std::string_view request_type) const {
  auto limit = policies_.Resolve(kind, urgency, request_type);
  return limit.ok() ? limit->ToString() : std::string();
}

Result<Instant> CalendarDeadlines::DueAt(const std::string& expression, Instant start) const {
  ZB_ASSIGN_OR_RETURN(calendar::TimeLimit limit, calendar::TimeLimit::Parse(expression));
  return calendar::DueAt(calendar_, limit, start);
}

Instant CalendarDeadlines::YellowAt(Instant start, Instant due) const {
  return calendar::YellowAt(calendar_, start, due, policies_.light_policy());
}

Instant CalendarDeadlines::AfterPause(Instant due, Instant paused_at, Instant resumed_at) const {
  // Office time limits run on working time: the pause gives back the working time it took.
  if (resumed_at <= paused_at) return due;
  return calendar::AddWorkingTime(calendar_, due,
                                  calendar::WorkingTimeBetween(calendar_, paused_at, resumed_at));
}

std::string CalendarDeadlines::CalendarWarning(Instant start, Instant due) const {
  int first = int(ChinaDate(start).year()), last = int(ChinaDate(due).year());
  for (int y = first; y <= last; ++y) {
    if (!calendar_.HasDataFor(y)) {
      return std::to_string(y) + " 年的节假日安排尚未导入，时限按周末计算，请导入后核对（" +
             std::to_string(y) + " holiday data missing: computed on weekends only）";
    }
  }
  return "";
}

Status CheckTimeLimitExpression(const std::string& expression) {
  return calendar::TimeLimit::Parse(expression).status();
}

}  // namespace zb::cases
