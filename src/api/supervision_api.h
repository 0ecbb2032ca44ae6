// /api/supervision (督查督办): what the supervision screens need beyond /api/cases — splitting a
// leader's instruction between units and its roll-up; on-time and early completion of assigned
// matters and instructions by unit; the batch import of a session's proposals (with a dry run) and
// the session's progress board; the key-programme tree, progress reports and missing reports; the
// monthly bulletin (generated as a draft, edited, issued to the units, downloaded as .docx); the
// ledgers as .xlsx. The office sees everything; a unit sees only its own cases and rows.
//
// Registering the routes also adds the supervision rules to the case engine
// (supervision/action_rules.h), so the generic actions route obeys them too.
#pragma once

#include "api/api.h"

namespace zb::api {

void RegisterSupervisionRoutes(http::Router& router, ApiContext& ctx);
// The bulletin routes (supervision_bulletin_api.cpp), registered by the above.
void RegisterBulletinRoutes(http::Router& router, ApiContext& ctx);

}  // namespace zb::api
