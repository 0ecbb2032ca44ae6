#include "api/api.h"

#include "api/auth.h"
#include "api/calendar_api.h"
#include "api/cases_api.h"
#include "api/dashboard_api.h"
#include "api/export_api.h"
#include "api/hotline_admin_api.h"
#include "api/hotline_api.h"
#include "api/inbox_api.h"
#include "api/insight_api.h"
#include "api/open311_api.h"
#include "api/org_api.h"
#include "api/supervision_api.h"
#include "api/text_admin_api.h"

namespace zb::api {

void RegisterApi(http::Router& router, ApiContext& ctx) {
  if (!ctx.cache) ctx.cache = std::make_shared<OrgCache>(ctx.store);
  router.Use([&ctx](http::Request& r) { return Authenticate(ctx, r); });
  RegisterAuthRoutes(router, ctx);
  RegisterCaseRoutes(router, ctx);
  RegisterExportRoutes(router, ctx);
  RegisterDashboardRoutes(router, ctx);
  RegisterOrgRoutes(router, ctx);
  RegisterInboxRoutes(router, ctx);
  RegisterCalendarRoutes(router, ctx);
  RegisterHotlineRoutes(router, ctx);
  RegisterHotlineAdminRoutes(router, ctx);
  RegisterTextAdminRoutes(router, ctx);
  RegisterOpen311Routes(router, ctx);
  RegisterSupervisionRoutes(router, ctx);
  RegisterInsightRoutes(router, ctx);
}

}  // namespace zb::api
