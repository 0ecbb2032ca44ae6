// WorkingHours: the periods of a working day during which time limits run.
//
// The default is 08:30–12:00 and 13:30–17:30 China time (7.5 working hours a day). A value type;
// immutable after construction, so it may be shared freely across threads.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace zb::calendar {

// One period [start, end) as offsets from local midnight.
struct WorkingPeriod {
  std::chrono::seconds start;
  std::chrono::seconds end;
};

class WorkingHours {
 public:
  // 08:30–12:00, 13:30–17:30.
  WorkingHours();

  // Periods must be non-empty, each start < end, sorted, non-overlapping and within 00:00–24:00.
  static Result<WorkingHours> FromPeriods(std::vector<WorkingPeriod> periods);
  // "08:30-12:00,13:30-17:30" (also accepts "–", "～" or "~" as the dash and ";"/"，" as
  // separator).
  static Result<WorkingHours> Parse(std::string_view text);

  // The canonical "08:30-12:00,13:30-17:30".
  std::string ToString() const;

  const std::vector<WorkingPeriod>& periods() const { return periods_; }
  // Start of the first period (e.g. 08:30) and end of the last (e.g. 17:30).
  std::chrono::seconds day_start() const { return periods_.front().start; }
  std::chrono::seconds day_end() const { return periods_.back().end; }
  // Working time in one working day (450 minutes by default).
  std::chrono::seconds per_day() const { return per_day_; }

  // Working time between local midnight and `time_of_day` on a working day.
  std::chrono::seconds WorkedBy(std::chrono::seconds time_of_day) const;
  // The earliest time of day at which `worked` (0 < worked <= per_day) working time has passed.
  std::chrono::seconds EarliestWhenWorked(std::chrono::seconds worked) const;
  // The latest time of day at which exactly `worked` (0 <= worked < per_day) has passed.
  std::chrono::seconds LatestWhenWorked(std::chrono::seconds worked) const;

 private:
  explicit WorkingHours(std::vector<WorkingPeriod> periods);

  std::vector<WorkingPeriod> periods_;
  std::vector<std::chrono::seconds> worked_before_;  // working time before each period starts
  std::chrono::seconds per_day_{0};
};

}  // namespace zb::calendar
