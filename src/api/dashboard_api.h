// GET /api/dashboard: the leaders' dashboard (领导驾驶舱) over the cases the signed-in user may
// see: counts by kind and state, lights, close and on-time rates per lead unit (ranked), the
// overdue cases, and new vs closed cases per week.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "api/api.h"

namespace zb::api {

// The aggregates over `cases` at `now`, as the endpoint returns them. Pure but for unit and
// workflow names, read through `ctx`.
//   close_rate   = closed / total                 (per lead unit)
//   on_time_rate = closed by the time limit / closed (a case without a limit counts as on time)
// Units are ranked by on_time_rate, then close_rate, then number of cases. Weeks start on Monday
// (China time); the last 12 weeks, the current one last.
nlohmann::json DashboardJson(ApiContext& ctx, const std::vector<store::CaseRecord>& cases,
                             Instant now);

void RegisterDashboardRoutes(http::Router& router, ApiContext& ctx);

}  // namespace zb::api
