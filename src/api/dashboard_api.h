// GET /api/dashboard: the leaders' dashboard (领导驾驶舱) over the cases the signed-in user may
// see: counts by kind and state, lights, close and on-time rates per lead unit (ranked), the
// overdue cases, and new vs closed cases per week.
#pragma once

#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/api.h"

namespace zb::api {

// Feeds every case to aggregate to the visitor it is given.
using CaseVisitor = std::function<void(const store::CaseRecord&)>;
using CaseSource = std::function<Status(const CaseVisitor&)>;

// The aggregates over the cases `each` yields at `now`, as the endpoint returns them; one pass,
// keeping only counts and the (due time, id) of overdue cases, so a million cases cost no more
// memory than their tallies. Unit and workflow names and the shown overdue cases are read
// through `ctx`.
//   close_rate   = closed / total                 (per lead unit)
//   on_time_rate = closed by the time limit / closed (a case without a limit counts as on time)
// Units are ranked by on_time_rate, then close_rate, then number of cases. Weeks start on Monday
// (China time); the last 12 weeks, the current one last.
Result<nlohmann::json> DashboardJson(ApiContext& ctx, const CaseSource& each, Instant now);

void RegisterDashboardRoutes(http::Router& router, ApiContext& ctx);

}  // namespace zb::api
