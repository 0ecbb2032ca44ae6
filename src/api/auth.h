// Authentication (session cookie or API token) and CSRF checking for /api requests.
#pragma once

#include <optional>

#include "api/api.h"
#include "http/request.h"
#include "http/response.h"

namespace zb::api {

// Middleware: attaches a UserPrincipal, or answers 401 (no or expired session, bad token) or 403
// (a state-changing request without the session's CSRF token). /metrics answers only loopback
// clients; other non-/api paths pass untouched.
std::optional<http::Response> Authenticate(ApiContext& ctx, http::Request& r);

// POST/GET/DELETE /api/session, POST /api/password.
void RegisterAuthRoutes(http::Router& router, ApiContext& ctx);

}  // namespace zb::api
