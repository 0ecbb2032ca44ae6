// Routes for the organisation, configuration and administration.
#pragma once

#include "api/api.h"

namespace zb::api {

void RegisterOrgRoutes(http::Router& router, ApiContext& ctx);

}  // namespace zb::api
