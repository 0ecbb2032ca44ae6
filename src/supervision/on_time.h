// On-time and early completion (按时办结率 / 提前完成) of cases by lead unit: the statistics of
// leader-assigned matters ("立交立办，提前完成并反馈结果") and the bulletin's ranking of units.
//
//   closed          cases closed in [from, to)
//   closed_on_time  of those, closed by their time limit (or with none)
//   closed_early    of those, closed on a calendar day before the time limit's day
//   open            still open at `to`; overdue: open past the limit at `to`
//   on_time_rate    closed_on_time / closed; early_rate closed_early / closed (null when closed=0)
//
// Pure over the records given; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/status.h"
#include "store/records.h"

namespace zb::supervision {

struct OnTimeStats {
  std::optional<store::Id> unit_id;  // nullopt: all units
  int closed = 0, closed_on_time = 0, closed_early = 0, open = 0, overdue = 0;
  std::optional<double> on_time_rate, early_rate;
};

// Totals over every case; cases without a lead unit count in the totals only.
OnTimeStats ComputeOnTime(const std::vector<store::CaseRecord>& cases, Instant from, Instant to,
                          std::optional<store::Id> unit = std::nullopt);
// One row per lead unit that has a closed or open case, ranked by on-time rate (highest first,
// units with nothing closed last), then by closed count, then unit id.
std::vector<OnTimeStats> RankUnitsByOnTime(const std::vector<store::CaseRecord>& cases,
                                           Instant from, Instant to);
nlohmann::json OnTimeJson(const OnTimeStats& s);

}  // namespace zb::supervision
