// zhengban audit verify: walks the audit trail's hash chain and reports the first broken link.
#include <iostream>

#include "app/app_context.h"
#include "store/audit.h"

namespace zb::app {
namespace {

void Setup(CLI::App& app, GlobalOptions& options) {
  auto* audit = app.add_subcommand("audit", "审计记录 (the audit trail)");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "校验审计链 (verify the hash chain)");
  verify->callback([&options] {
    EnsureDatabaseFolder(options.db);
    auto store = OpenDatabase(options);
    if (!store.ok()) Fail(store.status().ToString());
    auto v = store::VerifyAuditChain(**store);
    if (!v.ok()) Fail(v.status().ToString());
    if (v->first_broken) {
      std::cout << "审计链在第 " << *v->first_broken << " 条断开 broken at record "
                << *v->first_broken << ": " << v->problem << "\n";
      Fail("", 1);
    }
    std::cout << "审计链完整 audit chain verified: " << v->records << " records\n";
  });
}

const CommandRegistrar registrar(&Setup);

}  // namespace
}  // namespace zb::app
