// /api/hotline: what the hotline screens need beyond /api/cases — the category tree, a caller's
// history, a ticket with its callers (masked for confidential callers),
// merging a repeat call, importing historical tickets (with a dry run) and the KPIs.
#pragma once

#include <filesystem>

#include "api/api.h"
#include "hotline/category_tree.h"

namespace zb::api {

void RegisterHotlineRoutes(http::Router& router, ApiContext& ctx);

// The category tree file: the default tree, seeded into the database when its tree is empty
// (hotline_admin_api.h), and read at first use when no tree was installed. Default:
// data/tipdm2020-sample/attachment1.csv relative to the working directory. Call before serving.
void SetHotlineCategoryFile(std::filesystem::path file);
std::filesystem::path HotlineCategoryFile();
// Replaces the tree every screen, suggestion and Open311 request uses (the office's edited tree).
void InstallHotlineCategories(std::shared_ptr<const hotline::CategoryTree> tree);
// The tree offered for new tickets (without disabled categories), or the error from loading it.
// Thread-safe; the tree stays valid while held.
Result<std::shared_ptr<const hotline::CategoryTree>> HotlineCategories();
// The whole tree, disabled categories included (the admin screen).
Result<std::shared_ptr<const hotline::CategoryTree>> AllHotlineCategories();
// A category as JSON with its children; `admin` adds id and disabled.
nlohmann::json CategoryJson(const hotline::Category& c, bool admin);

// Whether `actor` sees confidential callers (the hotline office, operators, administrators).
bool SeesCallers(ApiContext& ctx, const cases::Actor& actor);
// CaseJson with the caller masked for a viewer who may not see confidential callers.
nlohmann::json TicketJson(ApiContext& ctx, const store::CaseRecord& c, bool sees_callers);

}  // namespace zb::api
