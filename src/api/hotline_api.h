// /api/hotline: what the hotline screens need beyond /api/cases — the category tree, a caller's
// history, similar open tickets, a ticket with its callers (masked for confidential callers),
// merging a repeat call, importing historical tickets (with a dry run) and the KPIs.
#pragma once

#include <filesystem>

#include "api/api.h"
#include "hotline/category_tree.h"

namespace zb::api {

void RegisterHotlineRoutes(http::Router& router, ApiContext& ctx);

// The category tree file used by /api/hotline and /open311, read once at first use. Default:
// data/tipdm2020-sample/attachment1.csv relative to the working directory. Call before serving.
void SetHotlineCategoryFile(std::filesystem::path file);
// The loaded tree, or the error from loading it. Thread-safe.
Result<const hotline::CategoryTree*> HotlineCategories();

// Whether `actor` sees confidential callers (the hotline office, operators, administrators).
bool SeesCallers(ApiContext& ctx, const cases::Actor& actor);
// CaseJson with the caller masked for a viewer who may not see confidential callers.
nlohmann::json TicketJson(ApiContext& ctx, const store::CaseRecord& c, bool sees_callers);

}  // namespace zb::api
