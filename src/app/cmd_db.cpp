// zhengban init | migrate | backup FILE | restore FILE
#include <filesystem>
#include <iostream>

#include "app/app_context.h"

namespace zb::app {
namespace {

std::string SqlitePath(const std::string& db) {
  if (db.rfind("postgres", 0) == 0) Fail("此命令只适用于 SQLite 数据库 (SQLite only)", 2);
  return db.rfind("sqlite:", 0) == 0 ? db.substr(7) : db;
}

void Setup(CLI::App& app, GlobalOptions& options) {
  auto* init = app.add_subcommand("init", "创建并迁移数据库 (create and migrate the database)");
  init->callback([&options] {
    auto ctx = OpenContext(options);
    auto units = ctx->store->ListUnits();
    if (units.ok() && units->empty()) {
      (void)ctx->store->AddUnit({0, "leadership", "市政府领导", "leadership", std::nullopt, 0});
      (void)ctx->store->AddUnit({0, "office", "市政府办公室", "office", std::nullopt, 1});
    }
    std::cout << "数据库已就绪 database ready: " << ctx->store->Describe() << "\n";
  });

  auto* migrate = app.add_subcommand("migrate", "迁移数据库结构 (apply schema migrations)");
  migrate->callback([&options] {
    auto ctx = OpenContext(options);
    std::cout << "已迁移到最新版本 migrated: " << ctx->store->Describe() << "\n";
  });

  auto backup_file = std::make_shared<std::string>();
  auto* backup = app.add_subcommand("backup", "在线备份数据库 (online backup to a file)");
  backup->add_option("file", *backup_file)->required();
  backup->callback([&options, backup_file] {
    if (std::filesystem::exists(*backup_file))
      Fail("目标文件已存在 file exists: " + *backup_file, 2);
    auto ctx = OpenContext(options);
    Status s = ctx->store->Backup(*backup_file);
    if (!s.ok()) Fail(s.ToString());
    std::cout << "已备份到 backed up to " << *backup_file << "\n";
  });

  auto restore_file = std::make_shared<std::string>();
  auto* restore = app.add_subcommand(
      "restore", "从备份恢复（服务须已停止）(restore from a backup; stop the server first)");
  restore->add_option("file", *restore_file)->required()->check(CLI::ExistingFile);
  restore->callback([&options, restore_file] {
    std::string target = SqlitePath(options.db);
    {
      // The backup must itself be a zhengban database before anything is replaced.
      auto check = store::OpenStore(*restore_file);
      if (!check.ok()) Fail("备份文件无效 invalid backup: " + check.status().ToString(), 2);
      EnsureDatabaseFolder(target);
      std::string staging = target + ".restoring";
      std::filesystem::remove(staging);
      Status s = (*check)->Backup(staging);
      if (!s.ok()) Fail(s.ToString());
      for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(target + suffix);
      std::filesystem::rename(staging, target);
    }
    std::cout << "已恢复 restored " << target << " from " << *restore_file << "\n";
  });
}

const CommandRegistrar registrar(&Setup);

}  // namespace
}  // namespace zb::app
