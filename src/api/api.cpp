#include "api/api.h"

#include "api/auth.h"
#include "api/cases_api.h"
#include "api/inbox_api.h"
#include "api/org_api.h"

namespace zb::api {

void RegisterApi(http::Router& router, ApiContext& ctx) {
  if (!ctx.cache) ctx.cache = std::make_shared<OrgCache>(ctx.store);
  router.Use([&ctx](http::Request& r) { return Authenticate(ctx, r); });
  RegisterAuthRoutes(router, ctx);
  RegisterCaseRoutes(router, ctx);
  RegisterOrgRoutes(router, ctx);
  RegisterInboxRoutes(router, ctx);
}

}  // namespace zb::api
