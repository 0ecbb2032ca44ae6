// zhengban demo: creates the demo office in an empty database and prints the logins.
#include <iostream>

#include "app/demo_office.h"
#include "cases/deadline_monitor.h"

namespace zb::app {
namespace {

void Setup(CLI::App& app, GlobalOptions& options) {
  auto opts = std::make_shared<DemoOptions>();
  auto* demo = app.add_subcommand("demo", "创建演示数据 (create the demo office)");
  demo->add_option("--assignments", opts->assignments, "领导交办事项数量")->capture_default_str();
  demo->add_option("--hotline-years", opts->hotline_years,
                   "热线历史年数（生成的来电流，含预置的苗头、趋势、周期与热点信号）; "
                   "years of generated hotline history with planted signals (0: 120 days)")
      ->check(CLI::Range(0, 10));
  demo->add_option("--seed", opts->seed)->capture_default_str();
  demo->callback([&options, opts] {
    auto ctx = OpenContext(options);
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
              << " 条催办提醒 reminders\n\n"
              << "演示账号 demo logins（密码 password: " << opts->password << "）\n";
    for (const auto& l : *logins) {
      std::cout << "  " << l.username
                << std::string(12 - std::min<size_t>(11, l.username.size()), ' ') << l.display_name
                << "  " << l.role_label << "  " << l.unit_name << "\n";
    }
  });
}

const CommandRegistrar registrar(&Setup);

}  // namespace
}  // namespace zb::app
