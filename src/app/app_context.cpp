#include "app/app_context.h"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

namespace zb::app {

void EnsureDatabaseFolder(const std::string& db) {
  if (db.rfind("postgres", 0) == 0) return;
  std::string path = db.rfind("sqlite:", 0) == 0 ? db.substr(7) : db;
  auto parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
}

Result<std::unique_ptr<store::Store>> OpenDatabase(const GlobalOptions& options) {
  store::OpenOptions open;
  open.retry_for = std::chrono::seconds(options.db_wait_seconds);
  open.on_retry = [](const Status& why, int attempt, std::chrono::milliseconds wait) {
    std::string secs = fmt::format("{:.1f}", wait.count() / 1000.0);
    std::cerr << fmt::format("第 {} 次连接失败，{} 秒后重试：{}\n", attempt, secs, why.message())
              << fmt::format("attempt {} failed, retrying in {} s: {}\n", attempt, secs,
                             why.message_en());
  };
  return store::OpenStore(options.db, open);
}

std::unique_ptr<AppContext> OpenContext(const GlobalOptions& options,
                                        std::unique_ptr<Clock> clock) {
  auto ctx = std::make_unique<AppContext>();
  auto workflows = cases::WorkflowRegistry::LoadDirectory(
      std::filesystem::path(options.config_dir) / "workflows", &cases::CheckTimeLimitExpression);
  if (!workflows.ok()) Fail("流程定义有误：" + workflows.status().ToString());
  ctx->workflows = std::move(workflows).value();
  auto deadlines = cases::CalendarDeadlines::Load(
      std::filesystem::path(options.data_dir) / "holidays-cn",
      std::filesystem::path(options.config_dir) / "time_limits.toml");
  if (!deadlines.ok()) Fail("时限配置有误：" + deadlines.status().ToString());
  ctx->deadlines = std::move(deadlines).value();
  EnsureDatabaseFolder(options.db);
  auto store = OpenDatabase(options);
  if (!store.ok()) Fail("无法打开数据库 " + options.db + "：" + store.status().ToString());
  ctx->store = std::move(store).value();
  ctx->clock = clock ? std::move(clock) : std::make_unique<SystemClock>();
  ctx->engine = std::make_unique<cases::CaseEngine>(*ctx->store, ctx->workflows, *ctx->deadlines,
                                                    *ctx->clock);
  ctx->attachments = std::make_unique<cases::AttachmentStore>(
      std::filesystem::path(options.var_dir) / "attachments");
  return ctx;
}

}  // namespace zb::app
