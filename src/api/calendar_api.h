// Routes for the working-day calendar (工作日历): GET /api/calendar?year=YYYY lists every day of a
// year as a working day, weekend, holiday or adjusted working day (调休), from the same calendar
// the time limits are computed on. Read-only; any signed-in user.
#pragma once

#include "api/api.h"

namespace zb::api {

void RegisterCalendarRoutes(http::Router& router, ApiContext& ctx);

}  // namespace zb::api
