// /api/hotline/admin: the office edits its hotline category tree (administrators): add, rename,
// move, disable or re-enable a category, set its default lead unit, delete one no ticket uses.
// The tree lives in the database, seeded from the category file when empty; every change is
// audited with its actor and installed at once for the operator screen, the suggestions and
// Open311 (hotline_api.h).
#pragma once

#include "api/api.h"

namespace zb::api {

// Reads the stored tree (seeding it from HotlineCategoryFile() when the database has none) and
// installs it. Called by RegisterHotlineAdminRoutes; a failure leaves the file's tree in use.
Status LoadHotlineCategories(ApiContext& ctx);

void RegisterHotlineAdminRoutes(http::Router& router, ApiContext& ctx);

}  // namespace zb::api
