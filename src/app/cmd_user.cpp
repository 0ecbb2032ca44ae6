// zhengban user add|passwd|list
#include <iostream>

#include "app/app_context.h"
#include "base/password.h"
#include "cases/role.h"

namespace zb::app {
namespace {

std::string ReadPasswordFromStdin() {
  std::string pw;
  std::getline(std::cin, pw);
  if (!pw.empty() && pw.back() == '\r') pw.pop_back();
  return pw;
}

void Setup(CLI::App& app, GlobalOptions& options) {
  auto* user = app.add_subcommand("user", "用户管理 (manage users)");
  user->require_subcommand(1);

  struct AddArgs {
    std::string username, role, unit, name;
    bool password_stdin = false;
  };
  auto add_args = std::make_shared<AddArgs>();
  auto* add = user->add_subcommand("add", "新增用户 (add a user)");
  add->add_option("username", add_args->username)->required();
  add->add_option("--role", add_args->role, "角色 role")->required();
  add->add_option("--unit", add_args->unit, "单位代码 unit code")->required();
  add->add_option("--name", add_args->name, "姓名 display name");
  add->add_flag("--password-stdin", add_args->password_stdin, "从标准输入读取密码");
  add->callback([&options, add_args] {
    if (!cases::IsKnownRole(add_args->role)) {
      std::string known;
      for (auto& r : cases::AllRoles()) known += std::string(" ") + r.id;
      Fail("未知的角色 unknown role: " + add_args->role + "（可用:" + known + "）", 2);
    }
    auto ctx = OpenContext(options);
    auto unit = ctx->store->FindUnitByCode(add_args->unit);
    if (!unit.ok()) Fail(unit.status().ToString(), 2);
    store::User u;
    u.username = add_args->username;
    u.display_name = add_args->name.empty() ? add_args->username : add_args->name;
    u.role = add_args->role;
    u.unit_id = unit->id;
    u.created_at = ctx->clock->Now();
    if (add_args->password_stdin) {
      std::string pw = ReadPasswordFromStdin();
      Status strong = CheckPasswordStrength(pw);
      if (!strong.ok()) Fail(strong.ToString(), 2);
      auto hash = HashPassword(pw);
      if (!hash.ok()) Fail(hash.status().ToString());
      u.password_hash = *hash;
    }
    auto id = ctx->store->AddUser(u);
    if (!id.ok()) Fail(id.status().ToString(), 2);
    std::cout << "用户已创建 user created: " << u.username << " (id " << *id << ")\n";
  });

  auto passwd_user = std::make_shared<std::string>();
  auto* passwd =
      user->add_subcommand("passwd", "设置密码，从标准输入读取 (set a password from stdin)");
  passwd->add_option("username", *passwd_user)->required();
  passwd->callback([&options, passwd_user] {
    auto ctx = OpenContext(options);
    auto u = ctx->store->FindUserByName(*passwd_user);
    if (!u.ok()) Fail(u.status().ToString(), 2);
    std::string pw = ReadPasswordFromStdin();
    Status strong = CheckPasswordStrength(pw);
    if (!strong.ok()) Fail(strong.ToString(), 2);
    auto hash = HashPassword(pw);
    if (!hash.ok()) Fail(hash.status().ToString());
    u->password_hash = *hash;
    Status s = ctx->store->UpdateUser(*u);
    if (!s.ok()) Fail(s.ToString());
    std::cout << "密码已更新 password updated: " << u->username << "\n";
  });

  auto* list = user->add_subcommand("list", "列出用户 (list users)");
  list->callback([&options] {
    auto ctx = OpenContext(options);
    auto users = ctx->store->ListUsers();
    if (!users.ok()) Fail(users.status().ToString());
    for (const auto& u : *users) {
      auto unit = ctx->store->GetUnit(u.unit_id);
      std::cout << u.id << "\t" << u.username << "\t" << u.display_name << "\t"
                << cases::RoleLabel(u.role) << "\t" << (unit.ok() ? unit->name : "?") << "\n";
    }
  });
}

const CommandRegistrar registrar(&Setup);

}  // namespace
}  // namespace zb::app
