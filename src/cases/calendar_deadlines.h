// Deadlines on the working-day calendar and the time-limit policies (src/calendar/).
#pragma once

#include <filesystem>
#include <memory>

#include "calendar/policy.h"
#include "calendar/working_calendar.h"
#include "cases/deadlines.h"

namespace zb::cases {

class CalendarDeadlines final : public Deadlines {
 public:
  CalendarDeadlines(calendar::WorkingCalendar calendar, calendar::PolicySet policies)
      : calendar_(std::move(calendar)), policies_(std::move(policies)) {}

  // Loads the holiday files in `holidays_dir` and the policies in `policy_file`; the policy file's
  // working hours apply to the calendar.
  static Result<std::unique_ptr<CalendarDeadlines>> Load(const std::filesystem::path& holidays_dir,
                                                         const std::filesystem::path& policy_file);

  std::string PolicyExpression(std::string_view kind, std::string_view urgency,
                               std::string_view request_type) const override;
  Result<Instant> DueAt(const std::string& expression, Instant start) const override;
  Instant YellowAt(Instant start, Instant due) const override;
  Instant AfterPause(Instant due, Instant paused_at, Instant resumed_at) const override;
  std::string CalendarWarning(Instant start, Instant due) const override;

  const calendar::WorkingCalendar& calendar() const { return calendar_; }
  const calendar::PolicySet& policies() const { return policies_; }

 private:
  calendar::WorkingCalendar calendar_;
  calendar::PolicySet policies_;
};

// A TimeLimitChecker for workflow loading: is `expression` a valid time limit?
Status CheckTimeLimitExpression(const std::string& expression);

}  // namespace zb::cases
