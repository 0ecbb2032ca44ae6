// Hotline insight over the API (docs/insight.md, docs/openapi.yaml), for the office's own staff
// and leaders: stored runs, the current findings with their evidence, a run on demand over any
// period, a finding turned with one action into a leader's instruction or an assigned matter, and
// the leaders' weekly or monthly report as .docx or .pdf.
#pragma once

#include "api/api.h"
#include "calendar/working_calendar.h"

namespace zb::api {

void RegisterInsightRoutes(http::Router& router, ApiContext& ctx);

// The working calendar the engine's time limits use (weekends only when none is configured).
const calendar::WorkingCalendar& InsightCalendar(const cases::CaseEngine& engine);

}  // namespace zb::api
