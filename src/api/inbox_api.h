// Routes for the user's inbox (消息): reminders, escalations and other notifications.
#pragma once

#include "api/api.h"

namespace zb::api {

void RegisterInboxRoutes(http::Router& router, ApiContext& ctx);

}  // namespace zb::api
