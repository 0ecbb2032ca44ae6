// Open311 GeoReport v2 at /open311/v2/ (data/open311/georeport-v2.md) and Service Discovery at
// /open311/discovery.{json,xml} (data/open311/service-discovery.md), each in .json and .xml.
//
// Services are the leaves of the hotline category tree (service_code = the category's code).
// POST requests needs an api_key: an API token (store.FindApiToken on its SHA-256) with the scope
// "open311"; the request becomes a hotline ticket created through the case engine as the
// token's user. Reading requests needs no key and shows only tickets that came in through
// Open311 and whose caller did not ask for confidentiality; callers are never shown. Errors use
// the spec's shape ([{"code","description"}] / <errors><error>…) with 403 for a missing or bad
// api_key, 404 for unknown services and requests, 400 for everything else. Dates are W3C with the
// China offset. Empty parameters count as absent. jurisdiction_id is accepted and ignored (one
// jurisdiction).
#pragma once

#include "api/api.h"

namespace zb::api {

void RegisterOpen311Routes(http::Router& router, ApiContext& ctx);

}  // namespace zb::api
