#include "api/handler_support.h"

#include <charconv>

#include "store/records.h"

namespace zb::api {

const UserPrincipal& Me(const http::Request& r) {
  return *r.principal_as<UserPrincipal>();
}

Result<store::Id> IdParam(const http::Request& r, std::string_view name) {
  std::string_view v = r.PathParam(name);
  store::Id id = 0;
  auto res = std::from_chars(v.data(), v.data() + v.size(), id);
  if (res.ec != std::errc() || res.ptr != v.data() + v.size() || id <= 0) {
    return Invalid("编号无效：" + std::string(v), "invalid id: " + std::string(v));
  }
  return id;
}

void Audit(ApiContext& ctx, const http::Request& r, const std::string& action,
           const std::string& target, nlohmann::json detail) {
  store::AuditEntry e;
  e.at = ctx.clock.Now();
  if (auto* p = r.principal_as<UserPrincipal>()) e.actor_id = p->actor.user.id;
  e.action = action;
  e.target = target;
  e.request_id = r.request_id;
  e.detail = std::move(detail);
  (void)ctx.store.AppendAudit(e);
}

bool IsAdmin(const http::Request& r) {
  return Me(r).actor.user.role == "admin";
}

bool InOffice(const cases::Actor& a) {
  return a.in_office || a.sees_all;
}

http::Response Forbidden() {
  return http::Response::Error(Denied("您没有权限执行此操作", "you are not allowed to do this"));
}

}  // namespace zb::api
