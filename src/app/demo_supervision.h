// The demo office's supervision (督查督办): leaders' instructions (some split between units and
// rolled up), a session of deputies' suggestions and one of CPPCC proposals imported in a batch,
// the key programme "421 工程" with its projects, tasks and monthly reports, and the monthly
// bulletins (last month's issued, this month's draft). Every case lives its own timeline through
// the workflows up to now, so every state is present (returned, sent back, overdue, dissatisfied,
// merged, missing reports…). Deterministic for a given seed. Leader-assigned matters are made by
// demo_office.cpp.
#pragma once

#include "app/app_context.h"

namespace zb::app {

struct DemoSupervisionOptions {
  unsigned seed = 2026;
};

// Needs the demo office's units and users (mayor, sec_zhou, chief_sup, clerk_sun, liaisons).
Status CreateDemoSupervision(AppContext& ctx, const DemoSupervisionOptions& options);

}  // namespace zb::app
