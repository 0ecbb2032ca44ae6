// The period a leaders' report covers (docs/insight.md, "Report by period"): a week is the 7 days
// up to the chosen run's last day, a month the month up to it (2026-02-02 … 2026-03-01), each
// compared with the period of the same length before it. The report takes the findings of every
// run of the chosen run's kind whose last day falls in the period (each matter as the latest of
// them has it) and of those in the previous period, and says what is new, continuing and
// subsided; ticket counts (total, by category, by district) come from the stored features of the
// analysed tickets (insight_ticket_features).
#pragma once

#include <string>

#include "api/insight_report.h"
#include "store/insight_store.h"

namespace zb::api {

// [from, to] of a report of `period` ("week" | "month") ending on `to`.
Date PeriodStart(const std::string& period, Date to);

// The report of `period` ending on `reference`'s last day. `report.date` is left to the caller.
Result<InsightReport> BuildPeriodReport(store::Store& store, const std::string& period,
                                        const store::InsightRun& reference);

}  // namespace zb::api
