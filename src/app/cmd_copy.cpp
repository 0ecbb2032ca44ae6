// zhengban copy --from sqlite:PATH --to postgresql://…: moves an office to PostgreSQL.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/command.h"
#include "store/postgres/pg_copy.h"

namespace zb::app {
namespace {

struct CopyArgs {
  std::string from;
  std::string to;
};

void Setup(CLI::App& app, GlobalOptions&) {
  auto args = std::make_shared<CopyArgs>();
  auto* copy = app.add_subcommand(
      "copy",
      "把 SQLite 中的办公室复制到空的 PostgreSQL 数据库并核对 (copy an office from SQLite "
      "to an empty PostgreSQL database and verify it)");
  copy->add_option("--from", args->from, "sqlite:PATH or PATH")->required();
  copy->add_option("--to", args->to, "postgresql://…")->required();
  copy->callback([args] {
    std::string from = args->from.rfind("sqlite:", 0) == 0 ? args->from.substr(7) : args->from;
    if (from.rfind("postgres", 0) == 0)
      Fail("--from 应为 SQLite 数据库 (--from must be SQLite)", 2);
    if (args->to.rfind("postgres", 0) != 0) {
      Fail("--to 应为 postgresql:// 地址 (--to must be a postgresql:// URL)", 2);
    }
    if (!std::filesystem::exists(from)) Fail("数据库文件不存在 no such database: " + from, 2);
    auto checks = store::postgres::CopySqliteToPostgres(from, args->to);
    if (!checks.ok()) Fail(checks.status().ToString());
    bool all_ok = true;
    std::printf("%-24s %10s %10s  %-16s %s\n", "table", "sqlite", "postgres", "sha256", "");
    for (const auto& c : *checks) {
      all_ok = all_ok && c.ok();
      std::printf("%-24s %10lld %10lld  %-16s %s\n", c.table.c_str(),
                  static_cast<long long>(c.source_rows), static_cast<long long>(c.target_rows),
                  c.target_sum.substr(0, 16).c_str(), c.ok() ? "ok" : "DIFFERENT");
    }
    if (!all_ok) Fail("复制后核对不一致 the copy differs from the source (see above)");
    std::cout << "已复制并核对 copied and verified: " << from << " -> postgresql\n";
  });
}

const CommandRegistrar registrar(&Setup);

}  // namespace
}  // namespace zb::app
