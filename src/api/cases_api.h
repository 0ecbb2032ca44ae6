// Routes for cases and live updates.
#pragma once

#include "api/api.h"

namespace zb::api {

void RegisterCaseRoutes(http::Router& router, ApiContext& ctx);

}  // namespace zb::api
