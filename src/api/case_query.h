// The filters of GET /api/cases, shared by the list and its Excel export.
#pragma once

#include "api/api.h"
#include "http/request.h"

namespace zb::api {

// kind, state, unit, light, due_from, due_to, q, open, scope, sort, cursor, limit as a store
// query, restricted to the cases the signed-in user may see. InvalidArgument names a bad one.
Result<store::CaseQuery> CaseQueryFromRequest(ApiContext& ctx, const http::Request& r);

}  // namespace zb::api
