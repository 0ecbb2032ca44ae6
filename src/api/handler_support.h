// Small helpers shared by the API's handler files.
#pragma once

#include <optional>
#include <string>

#include "api/api.h"
#include "api/user_principal.h"
#include "http/request.h"
#include "http/response.h"

namespace zb::api {

// The principal the middleware attached (every /api route but sign-in requires one).
const UserPrincipal& Me(const http::Request& r);
// A path parameter as an id, or an InvalidArgument status naming it.
Result<store::Id> IdParam(const http::Request& r, std::string_view name);
// Appends an audit record for a request that changed something outside a case.
void Audit(ApiContext& ctx, const http::Request& r, const std::string& action,
           const std::string& target, nlohmann::json detail = nlohmann::json::object());
// True if the signed-in user is an administrator.
bool IsAdmin(const http::Request& r);
// True for the general office's own staff and leaders (and roles that see every case).
bool InOffice(const cases::Actor& a);
http::Response Forbidden();

}  // namespace zb::api
