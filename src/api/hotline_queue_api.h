// The hotline's queues that the generic case list cannot express, and the KPIs:
//
//   GET /api/hotline/callbacks    replied tickets awaiting the callback (回访), oldest reply first,
//                                 with the reply, every caller (merged repeats too) and the
//                                 failed attempts so far — the hotline office only
//   GET /api/hotline/returned     tickets units returned (退单), with who returned them, when
//                                 and why, for re-dispatch — the office only
//   GET /api/hotline/kpis         KPIs for a period (?from=&to=), overall and per unit (?unit=)
//   GET /api/hotline/kpis.xlsx    the same as an Excel report
#pragma once

#include "api/api.h"

namespace zb::api {

void RegisterHotlineQueueRoutes(http::Router& router, ApiContext& ctx);

}  // namespace zb::api
