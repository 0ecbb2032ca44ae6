// Routes for cases and live updates.
#pragma once

#include "api/api.h"

namespace zb::api {

void RegisterCaseRoutes(http::Router& router, ApiContext& ctx);

// Publishes a case's current state on the live stream ("case.created" or "case.updated") to those
// who may see it, for changes made outside a request: another node's, or a time-limit alert.
void PublishCaseChange(ApiContext& ctx, store::Id case_id, bool created = false);

}  // namespace zb::api
