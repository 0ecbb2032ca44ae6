// The API's error shape and the one mapping from zb::ErrorCode to an HTTP status.
//
//   { "error": { "code": "not_found", "message": "案件不存在", "message_en": "no such case",
//                "details": null } }
//
// `code` is ErrorCodeName() of the status, or one of the few HTTP-level codes that have no
// ErrorCode ("method_not_allowed", "bad_request" for unparseable HTTP).
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace zb::http {

// invalid_argument 400, unauthenticated 401, permission_denied 403, not_found 404,
// conflict 409, too_large 413, too_many_requests 429, unavailable 503, internal 500 (and ok 200).
int HttpStatusFor(zb::ErrorCode code);

// {"error": {...}} with the given fields; `details` may be null.
nlohmann::json ErrorJson(std::string_view code, std::string_view message,
                         std::string_view message_en, const nlohmann::json& details);

}  // namespace zb::http
