// zhengban demo: creates the demo office in an empty database and prints the logins; --logins
// lists those of the demo office already there.
#include <filesystem>
#include <iostream>

#include "app/demo_office.h"
#include "cases/deadline_monitor.h"

namespace zb::app {
namespace {

void PrintLogins(const std::vector<DemoLogin>& logins, const std::string& password) {
  std::cout << "演示账号 demo logins（密码 password: " << password << "）\n";
  for (const auto& l : logins) {
    std::cout << "  " << l.username
              << std::string(12 - std::min<size_t>(11, l.username.size()), ' ') << l.display_name
              << "  " << l.role_label << "  " << l.unit_name << "\n";
  }
}

void Setup(CLI::App& app, GlobalOptions& options) {
  auto opts = std::make_shared<DemoOptions>();
  auto list_only = std::make_shared<bool>(false);
  auto* demo = app.add_subcommand("demo", "创建演示数据 (create the demo office)");
  demo->add_option("--assignments", opts->assignments, "领导交办事项数量")->capture_default_str();
  demo->add_option("--hotline-years", opts->hotline_years,
                   "热线历史年数（生成的来电流，含预置的苗头、趋势、周期与热点信号）; "
                   "years of generated hotline history with planted signals (0: 120 days)")
      ->check(CLI::Range(0, 10));
  demo->add_option("--seed", opts->seed)->capture_default_str();
  demo->add_flag("--logins", *list_only,
                 "只列出已有演示单位的账号 (list the logins of the demo office already there)");
  demo->callback([&options, opts, list_only] {
    // Listing opens no database that is not there (it would leave an empty one behind).
    if (*list_only && options.db.rfind("postgres", 0) != 0 &&
        !std::filesystem::exists(options.db)) {
      Fail("这里没有演示单位 (no database at " + options.db + ")", 2);
    }
    auto ctx = OpenContext(options);
    if (*list_only) {
      auto logins = ListDemoLogins(*ctx);
      if (!logins.ok()) Fail(logins.status().ToString(), 2);
      if (logins->empty()) Fail("这里没有演示单位的账号 (no demo office logins here)", 2);
      PrintLogins(*logins, opts->password + "，如未修改 unless changed");
      return;
    }
    opts->data_dir = options.data_dir;
    auto logins = CreateDemoOffice(*ctx, *opts);
    if (!logins.ok()) Fail(logins.status().ToString(), 2);
    // The reminders and escalations that are due by now, as the server would have sent them.
    cases::DeadlineMonitor monitor(*ctx->store, ctx->workflows);
    auto alerts = monitor.RaiseDueAlerts(ctx->clock->Now());
    if (!alerts.ok()) Fail(alerts.status().ToString());
    auto count = ctx->store->CountCases();
    std::cout << "演示单位已创建 demo office created: " << ctx->store->Describe() << ", "
              << (count.ok() ? *count : 0) << " 件事项 cases, " << *alerts
              << " 条催办提醒 reminders\n\n";
    PrintLogins(*logins, opts->password);
  });
}

const CommandRegistrar registrar(&Setup);

}  // namespace
}  // namespace zb::app
