// The demo office: the city's leaders, the general office's sections, departments and districts,
// users for every role, and leader-assigned matters in every state, with real-looking history.
// Deterministic for a given seed.
#pragma once

#include <string>
#include <vector>

#include "app/app_context.h"

namespace zb::app {

struct DemoLogin {
  std::string username, display_name, role_label, unit_name;
};

struct DemoOptions {
  int assignments = 300;
  int hotline_years = 0;  // > 0: that many years of generated hotline history (demo_hotline.h)
  unsigned seed = 2026;
  std::string password = "zhengban2026";
  std::string data_dir = "data";  // the real messages and category tree (--data)
};

// Fills an empty database. Fails (kConflict) if it already has users.
Result<std::vector<DemoLogin>> CreateDemoOffice(AppContext& ctx, const DemoOptions& options);
// The demo office's logins still active in the database (none if it holds no demo office).
Result<std::vector<DemoLogin>> ListDemoLogins(AppContext& ctx);

}  // namespace zb::app
